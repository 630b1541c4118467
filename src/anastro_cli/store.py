"""The compiled dataset: validated once, written to SQLite, then read only as far as needed.

A lookup should not pay for the whole dataset. After the YAML has been parsed and validated, the
dataset is written to a SQLite file in the user's cache (keyed by a hash of the data files):

- ``meta``: everything but the effects (sources, systems, trials, figures ...), the search
  index's per-entry ranking data and its vocabulary, each as one marshal blob (never pickle);
- ``effect``: one row per effect with the columns filters need, the effect itself (marshal) and
  its JSON shape, rendered once by the same function ``--format json`` uses;
- ``term``: the search postings, one row per stem: which entries hold it and in which field;
- ``phrase``: every name, alias and lay term as a phrase, indexed, for whole-phrase matches.

So ``search`` reads the postings of the query's words and the few effects it shows, and
``list --format json`` streams stored JSON; neither builds every effect. When no cache can be
written the same store is built in memory: there is one way to read a dataset.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import marshal
import os
import sqlite3
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, overload

from anastro_cli import model
from anastro_cli.model import Dataset, EffectRow, Marker, SideEffect

if TYPE_CHECKING:
    from anastro_cli.search import Doc

P = ParamSpec("P")
R = TypeVar("R")
SCHEMA = 3
# Every dataclass a dataset is made of, by name, for decoding.
TYPES: dict[str, type] = {
    name: value
    for name, value in vars(model).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value is not Dataset
}
CORE_FIELDS = tuple(
    f.name for f in dataclasses.fields(Dataset) if f.name not in ("effects", "store")
)
ENTRIES = "i"  # array typecode of entry numbers in postings
# Packed arrays are in this machine's byte order; a store says which it was written in.
PLATFORM = f"{sys.byteorder}:{ENTRIES}{array(ENTRIES).itemsize}:marshal{marshal.version}"
TABLES = {"meta", "effect", "term", "phrase"}
FIELD_KINDS = ("name", "alias", "lay", "text")  # search.FIELD_CODES; one byte each
CHUNK = 500  # host parameters per query (SQLite before 3.32 allowed at most 999)


class StoreError(Exception):
    """A stored dataset that cannot be read (damaged, foreign or from another version)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def encode(value: Any) -> Any:
    """A model value as marshal-able data: a dataclass becomes [type name, *fields]; tuples
    stay tuples (model sequences are tuples, so a list always marks a dataclass)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(encode(getattr(value, f.name)) for f in fields)]
    if isinstance(value, tuple):
        return tuple(encode(item) for item in value)
    return value


DECODE_BUDGET = 5_000_000  # distinct stored objects one decode may visit


def decode(value: Any) -> Any:
    """The model value encode() made. Shared references decode once and a budget bounds the
    work, so a crafted blob cannot expand into billions of objects; anything else that is
    wrong raises StoreError."""
    memo: dict[int, Any] = {}
    budget = [DECODE_BUDGET]

    def walk(item: Any) -> Any:
        key = id(item)
        if key in memo:
            return memo[key]
        budget[0] -= 1
        if budget[0] < 0:
            raise StoreError("a stored value is too large")
        if isinstance(item, list):
            kind = TYPES[item[0]]
            result: Any = kind(*(walk(part) for part in item[1:]))
        elif isinstance(item, tuple):
            result = tuple(walk(part) for part in item)
        else:
            result = item
        memo[key] = result
        return result

    try:
        return walk(value)
    except StoreError:
        raise
    except Exception as exc:  # the cache is the trust boundary
        raise StoreError(f"damaged stored value: {type(exc).__name__}") from None


def _load(blob: Any) -> Any:
    if not isinstance(blob, bytes):
        raise StoreError("a stored value is missing")
    try:
        return marshal.loads(blob)
    except Exception as exc:  # the cache is the trust boundary
        raise StoreError(f"damaged stored value: {type(exc).__name__}") from None


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Any failure reading a store is a StoreError naming its file: a damaged cache is then
    removed and rebuilt, never a traceback or an error on every later run."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except StoreError as exc:
            exc.path = exc.path or getattr(args[0], "path", None)
            raise
        except Exception as exc:  # the cache is the trust boundary
            path = getattr(args[0], "path", None)
            raise StoreError(f"damaged store: {type(exc).__name__}: {exc}", path) from None

    return wrapper


def _iter_guarded(
    method: Callable[P, Iterator[str]],
) -> Callable[P, Iterator[str]]:
    """_guarded for a generator: failures while iterating are StoreErrors too."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Iterator[str]:
        try:
            yield from method(*args, **kwargs)
        except StoreError as exc:
            exc.path = exc.path or getattr(args[0], "path", None)
            raise
        except Exception as exc:  # the cache is the trust boundary
            path = getattr(args[0], "path", None)
            raise StoreError(f"damaged store: {type(exc).__name__}: {exc}", path) from None

    return wrapper


SCHEMA_SQL = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE effect (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, system TEXT NOT NULL,
    populations TEXT NOT NULL, seriousness TEXT NOT NULL, record BLOB NOT NULL,
    plain TEXT NOT NULL
);
CREATE TABLE term (
    stem TEXT PRIMARY KEY, idf REAL, named INTEGER NOT NULL, entries BLOB NOT NULL,
    codes BLOB NOT NULL
);
CREATE TABLE phrase (
    phrase TEXT NOT NULL, entry INTEGER NOT NULL, position INTEGER NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, inside INTEGER NOT NULL
);
"""


class Store:
    """A compiled dataset in SQLite (a file in the cache, or memory when there is none).

    Every read is guarded: whatever a damaged or crafted file makes go wrong surfaces as a
    StoreError naming the file (see _guarded), checked again where search relies on it."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None) -> None:
        self._db = connection
        self.path = path

    # ------------------------------------------------------------------ writing

    @classmethod
    def compile(cls, dataset: Dataset) -> Store:
        """dataset (already validated) as a store in memory, for when no cache can be used."""
        db = sqlite3.connect(":memory:")
        try:
            _fill(db, dataset, "")
        except BaseException:
            db.close()
            raise
        return cls(db)

    @staticmethod
    def write(dataset: Dataset, path: Path, key: str) -> None:
        """Write dataset (already validated) as a new store file at path: written, committed,
        closed and synced to disk before this returns, so it can be moved into place."""
        db = sqlite3.connect(path)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            _fill(db, dataset, key)
        finally:
            db.close()
        with open(path, "r+b") as handle:  # writable: Windows cannot sync a read-only one
            os.fsync(handle.fileno())

    # ------------------------------------------------------------------ reading

    @classmethod
    def open(cls, path: Path, key: str) -> Store:
        """The store at path, if it holds the dataset with this key; StoreError otherwise."""
        if not path.is_file():
            raise StoreError("no store", path)
        try:
            db = sqlite3.connect(path)
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise StoreError(str(exc), path) from None
        store = cls(db, path)
        try:
            db.execute("PRAGMA query_only = ON")
            kinds = db.execute("SELECT type, name FROM sqlite_master").fetchall()
            tables = {name for kind, name in kinds if kind == "table"}
            if tables != TABLES or any(kind in ("view", "trigger") for kind, _ in kinds):
                raise StoreError("not an anastro store", path)
            if (store._meta("schema"), store._meta("key"), store._meta("platform")) != (
                SCHEMA,
                key,
                PLATFORM,
            ):
                raise StoreError("a store of other data or another version", path)
        except BaseException as exc:
            db.close()
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, Exception):
                raise StoreError(f"{type(exc).__name__}: {exc}", path) from None
            raise
        return store

    def _meta(self, name: str) -> Any:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(str(exc), self.path) from None
        if row is None:
            raise StoreError(f"no {name} in the store", self.path)
        return row[0]

    def _number(self, name: str) -> int:
        value = self._meta(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise StoreError(f"damaged {name}", self.path)
        return value

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(str(exc), self.path) from None

    @_guarded
    def dataset(self) -> Dataset:
        """The dataset, its effects read lazily (StoreError if the store is damaged)."""
        stored = _load(self._meta("core"))
        if not isinstance(stored, dict) or set(stored) != set(CORE_FIELDS):
            raise StoreError("damaged store", self.path)
        core = {name: decode(value) for name, value in stored.items()}
        dataset = Dataset(**core, effects=LazyEffects(self))
        object.__setattr__(dataset, "store", self)  # frozen: the one place it is set
        return dataset

    @cached_property
    def size(self) -> int:
        return self._number("size")

    def _effect(self, record: Any) -> SideEffect:
        effect = decode(_load(record))
        if not isinstance(effect, SideEffect):
            raise StoreError("damaged effect", self.path)
        return effect

    @_guarded
    def all_effects(self) -> tuple[SideEffect, ...]:
        rows = self._rows("SELECT record FROM effect ORDER BY position")
        if len(rows) != self.size:
            raise StoreError("effects are missing from the store", self.path)
        return tuple(self._effect(record) for (record,) in rows)

    @_guarded
    def effect(self, effect_id: str) -> SideEffect | None:
        rows = self._rows("SELECT record FROM effect WHERE id = ?", (effect_id,))
        return self._effect(rows[0][0]) if rows else None

    @_guarded
    def effects_at(self, positions: Sequence[int]) -> list[SideEffect]:
        records = self._by_position("record", positions)
        return [self._effect(records[p]) for p in positions]

    @_iter_guarded
    def plain_json(self, positions: Sequence[int]) -> Iterator[str]:
        """Each effect's JSON shape as stored, in this order; checked to be one printable
        ASCII object, so damage can never reach the output as bytes or control codes."""
        for start in range(0, len(positions), CHUNK):
            part = positions[start : start + CHUNK]
            texts = self._by_position("plain", part)
            for position in part:
                text = texts[position]
                if not (
                    isinstance(text, str)
                    and text.isascii()
                    and text.isprintable()
                    and text.startswith("{")
                    and text.endswith("}")
                ):
                    raise StoreError("damaged stored JSON", self.path)
                yield text

    def _by_position(self, column: str, positions: Sequence[int]) -> dict[int, Any]:
        found: dict[int, Any] = {}
        wanted = sorted(set(positions))
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            marks = ",".join("?" * len(part))
            sql = f"SELECT position, {column} FROM effect WHERE position IN ({marks})"
            found.update(self._rows(sql, part))
        if len(found) != len(wanted):
            raise StoreError("an effect is missing from the store", self.path)
        return found

    @_guarded
    def counts(self) -> dict[str, int]:
        counts = _load(self._meta("counts"))
        if not isinstance(counts, dict) or not all(
            isinstance(k, str) and isinstance(v, int) for k, v in counts.items()
        ):
            raise StoreError("damaged counts", self.path)
        return counts

    @_guarded
    def rows(self) -> list[EffectRow]:
        rows = self._rows(
            "SELECT position, system, populations, seriousness FROM effect ORDER BY position"
        )
        if len(rows) != self.size:
            raise StoreError("effects are missing from the store", self.path)
        return [EffectRow(p, s, tuple(pops.split()), serious) for p, s, pops, serious in rows]

    def selection(self, positions: list[int]) -> Sequence[SideEffect]:
        return Selection(self, positions)

    @_guarded
    def effects_named(self, folded: str) -> Sequence[SideEffect]:
        """Effects with a name, alias, lay term or id that folds to folded, in data order."""
        rows = self._rows(
            "SELECT DISTINCT entry FROM phrase WHERE phrase = ? AND entry < ? ORDER BY entry",
            (folded, self.size),
        )
        return self.effects_at([entry for (entry,) in rows])

    # ------------------------------------------------------------------ search

    @_guarded
    def stem_info(self, stems: list[str]) -> dict[str, tuple[float | None, bool]]:
        wanted = list(dict.fromkeys(stems))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._rows(f"SELECT stem, idf, named FROM term WHERE stem IN ({marks})", wanted)
        info: dict[str, tuple[float | None, bool]] = {}
        for stem, idf, named in rows:
            if idf is not None and not isinstance(idf, float):
                raise StoreError("damaged term", self.path)
            info[stem] = (idf, bool(named))
        return info

    @_guarded
    def postings(self, word_stem: str) -> Iterable[tuple[int, int]]:
        """(entry, field code) of every entry holding word_stem; checked, since search
        indexes lists with both."""
        rows = self._rows("SELECT entries, codes FROM term WHERE stem = ?", (word_stem,))
        if not rows:
            return ()
        packed, codes = rows[0]
        entries = array(ENTRIES)
        entries.frombytes(packed)
        if (
            not isinstance(codes, bytes)
            or len(codes) != len(entries)
            or (codes and max(codes) >= len(FIELD_KINDS))
            or (entries and (min(entries) < 0 or max(entries) >= self.entry_count))
        ):
            raise StoreError("damaged postings", self.path)
        return zip(entries, codes, strict=True)

    @cached_property
    def _vocabulary(self) -> dict[str, list[str]]:
        vocabulary = _load(self._meta("vocabulary"))
        if not isinstance(vocabulary, dict):
            raise StoreError("damaged vocabulary", self.path)
        return vocabulary

    @_guarded
    def vocabulary(self) -> dict[str, list[str]]:
        return self._vocabulary

    @_guarded
    def phrases(self, candidates: list[str]) -> list[tuple[str, int, int, str, int]]:
        found: list[tuple[str, int, int, str, int]] = []
        for start in range(0, len(candidates), CHUNK):
            part = candidates[start : start + CHUNK]
            marks = ",".join("?" * len(part))
            sql = (
                "SELECT phrase, entry, position, kind, inside FROM phrase "
                f"WHERE phrase IN ({marks}) ORDER BY entry, position"
            )
            for phrase, entry, order, kind, scope in self._rows(sql, part):
                if (
                    not isinstance(entry, int)
                    or not 0 <= entry < self.entry_count
                    or kind not in FIELD_KINDS[:3]
                    or scope not in (0, 1, 2)
                    or not isinstance(order, int)
                ):
                    raise StoreError("damaged phrase", self.path)
                found.append((phrase, entry, order, kind, scope))
        return found

    @_guarded
    def longest_phrase(self) -> int:
        return min(self._number("longest"), 64)

    @cached_property
    def _entries(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        stored = _load(self._meta("entries"))
        if not (isinstance(stored, tuple) and len(stored) == 3):
            raise StoreError("damaged entries", self.path)
        frequencies, names, populations = stored
        if not all(isinstance(part, list) for part in stored) or not (
            len(frequencies) == len(names) == len(populations) >= self.size
        ):
            raise StoreError("damaged entries", self.path)
        return frequencies, names, populations

    @property
    def entry_count(self) -> int:
        return len(self._entries[0])

    @_guarded
    def entry_meta(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        return self._entries

    @_guarded
    def doc(self, entry: int) -> Doc:
        """The search entry numbered entry (an effect, then markers), ready to explain."""
        from anastro_cli.search import effect_doc, marker_doc

        frequencies = self._entries[0]
        if entry < self.size:
            (effect,) = self.effects_at([entry])
            return effect_doc(effect, frequencies[entry])
        marker: Marker = self._markers[entry - self.size]
        return marker_doc(marker)

    @cached_property
    def _markers(self) -> tuple[Marker, ...]:
        return self.dataset().markers

    @_guarded
    def suggestion_texts(self) -> list[tuple[str, str]]:
        texts = _load(self._meta("suggestions"))
        if not isinstance(texts, list) or not all(
            isinstance(t, tuple) and len(t) == 2 and all(isinstance(x, str) for x in t)
            for t in texts
        ):
            raise StoreError("damaged suggestions", self.path)
        return texts

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()


def _fill(db: sqlite3.Connection, dataset: Dataset, key: str) -> None:
    import json

    from anastro_cli.search import FIELD_CODES, compile_index
    from anastro_cli.views import effect_plain

    assert FIELD_CODES == FIELD_KINDS
    db.executescript(SCHEMA_SQL)
    index = compile_index(dataset)
    counts: dict[str, int] = {}
    for effect in dataset.effects:
        counts[effect.system] = counts.get(effect.system, 0) + 1
    meta = {
        "schema": SCHEMA,
        "key": key,
        "platform": PLATFORM,
        "core": marshal.dumps({name: encode(getattr(dataset, name)) for name in CORE_FIELDS}),
        "entries": marshal.dumps((index.frequencies, index.names, index.populations)),
        "vocabulary": marshal.dumps(index.vocabulary),
        "suggestions": marshal.dumps(index.suggestions),
        "counts": marshal.dumps(counts),
        "longest": max((len(p[0].split()) for p in index.phrases if p[5]), default=0),
        "size": len(dataset.effects),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.executemany(
        "INSERT INTO effect VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                position,
                effect.id,
                effect.system,
                " ".join(effect.populations),
                effect.seriousness,
                marshal.dumps(encode(effect)),
                json.dumps(effect_plain(dataset, effect), ensure_ascii=True),
            )
            for position, effect in enumerate(dataset.effects)
        ),
    )
    db.executemany(
        "INSERT INTO term VALUES (?, ?, ?, ?, ?)",
        (
            (
                stem,
                index.idf.get(stem),
                stem in index.named,
                array(ENTRIES, postings).tobytes(),
                bytes(postings.values()),
            )
            for stem, postings in index.postings.items()
        ),
    )
    db.executemany("INSERT INTO phrase VALUES (?, ?, ?, ?, ?, ?)", index.phrases)
    db.execute("CREATE INDEX phrase_text ON phrase (phrase)")
    db.commit()


class LazyEffects(Sequence[SideEffect]):
    """A stored dataset's effects in data order, read from the store on first full use."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @cached_property
    def _all(self) -> tuple[SideEffect, ...]:
        return self._store.all_effects()

    def __len__(self) -> int:
        return self._store.size

    @overload
    def __getitem__(self, index: int) -> SideEffect: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[SideEffect]: ...

    def __getitem__(self, index: int | slice) -> SideEffect | Sequence[SideEffect]:
        if isinstance(index, int) and "_all" not in vars(self):
            position = index + len(self) if index < 0 else index
            if not 0 <= position < len(self):
                raise IndexError(index)
            return self._store.effects_at([position])[0]  # one effect, not all of them
        return self._all[index]

    def __iter__(self) -> Iterator[SideEffect]:
        return iter(self._all)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyEffects({len(self)} effects)"


class Selection(Sequence[SideEffect]):
    """Some effects of a store by position (a filtered list), read only when used; the JSON
    writer takes their stored JSON instead."""

    def __init__(self, store: Store, positions: list[int]) -> None:
        self._store = store
        self.positions = positions

    @cached_property
    def _effects(self) -> list[SideEffect]:
        return self._store.effects_at(self.positions)

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> SideEffect: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[SideEffect]: ...

    def __getitem__(self, index: int | slice) -> SideEffect | Sequence[SideEffect]:
        return self._effects[index]

    def __iter__(self) -> Iterator[SideEffect]:
        return iter(self._effects)

    def json_items(self) -> Iterator[str]:
        return self._store.plain_json(self.positions)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
