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
import zlib
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
SCHEMA = 4
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
FIELD_KINDS = ("name", "alias", "lay", "text")  # search.FIELD_CODES; one byte each
CHUNK = 500  # host parameters per query (SQLite before 3.32 allowed at most 999)


class StoreError(Exception):
    """A stored dataset that cannot be read (damaged, foreign or from another version)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.identity: tuple[int, int, int] | None = None  # the file as it was opened


def encode(value: Any) -> Any:
    """A model value as marshal-able data: a dataclass becomes [type name, *fields]; tuples
    stay tuples (model sequences are tuples, so a list always marks a dataclass)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return [type(value).__name__, *(encode(getattr(value, f.name)) for f in fields)]
    if isinstance(value, tuple):
        return tuple(encode(item) for item in value)
    return value


def _checker(hint: Any) -> Callable[[Any], bool]:
    """A test that a decoded value has the type a model field declares."""
    import types
    import typing

    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_checker(option) for option in typing.get_args(hint)]
        return lambda value: any(check(value) for check in options)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _checker(args[0])
            return lambda value: isinstance(value, tuple) and all(item(v) for v in value)
        items = [_checker(arg) for arg in args]
        return lambda value: (
            isinstance(value, tuple)
            and len(value) == len(items)
            and all(check(v) for check, v in zip(items, value, strict=True))
        )
    if hint is type(None):
        return lambda value: value is None
    if hint is float:
        return lambda value: type(value) in (float, int)
    if hint is int:
        return lambda value: type(value) is int
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True  # no model field has another kind of type


@functools.cache
def _field_checks(kind: type) -> tuple[tuple[str, Callable[[Any], bool]], ...]:
    import typing

    hints = typing.get_type_hints(kind, vars(model))
    return tuple((f.name, _checker(hints[f.name])) for f in dataclasses.fields(kind))


# What damaged or foreign data makes go wrong while it is read. Anything else (a bug, no
# memory) is not the cache's fault and is reported as itself.
DAMAGE = (
    sqlite3.Error,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
    EOFError,
    OverflowError,
)


def decode(value: Any) -> Any:
    """The model value encode() made, each field checked against the type the model declares.
    A shared reference decodes once, so the work is bounded by the blob itself; anything
    wrong raises StoreError."""
    memo: dict[int, Any] = {}

    def walk(item: Any) -> Any:
        key = id(item)
        if key in memo:
            return memo[key]
        if isinstance(item, list):
            kind = TYPES[item[0]]
            checks = _field_checks(kind)
            parts = [walk(part) for part in item[1:]]
            if len(parts) != len(checks) or not all(
                check(part) for (_, check), part in zip(checks, parts, strict=True)
            ):
                raise StoreError(f"a stored {kind.__name__} is damaged")
            result: Any = kind(*parts)
        elif isinstance(item, tuple):
            result = tuple(walk(part) for part in item)
        elif item is None or type(item) in (str, int, float, bool):
            result = item
        else:
            raise StoreError("a stored value is damaged")
        memo[key] = result
        return result

    try:
        return walk(value)
    except StoreError:
        raise
    except DAMAGE as exc:
        raise StoreError(f"damaged stored value: {type(exc).__name__}") from exc


def _load(blob: Any) -> Any:
    if not isinstance(blob, bytes):
        raise StoreError("a stored value is missing")
    try:
        return marshal.loads(blob)
    except DAMAGE as exc:
        raise StoreError(f"damaged stored value: {type(exc).__name__}") from exc


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """A read that fails on damaged data raises StoreError naming the store's file, with the
    store closed, so the file can be removed and rebuilt (see cli.main)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (StoreError, *DAMAGE) as exc:
            raise _damaged(args[0], exc) from exc

    return wrapper


def _damaged(store: Any, exc: Exception) -> StoreError:
    """exc as a StoreError naming store's file, after closing the store (so the file can be
    removed, on Windows too)."""
    message = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
    if not isinstance(store, Store):
        return exc if isinstance(exc, StoreError) else StoreError(message)
    store.close()
    error = StoreError(message, store.path)
    error.identity = store.identity
    return error


SCHEMA_SQL = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE effect (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, system TEXT NOT NULL,
    populations TEXT NOT NULL, seriousness TEXT NOT NULL, record BLOB NOT NULL,
    plain TEXT NOT NULL, plain_crc INTEGER NOT NULL
);
CREATE TABLE term (
    stem TEXT PRIMARY KEY, idf REAL, named INTEGER NOT NULL, entries BLOB NOT NULL,
    codes BLOB NOT NULL
);
CREATE TABLE phrase (
    phrase TEXT NOT NULL, entry INTEGER NOT NULL, position INTEGER NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, inside INTEGER NOT NULL
);
CREATE INDEX phrase_text ON phrase (phrase);
"""


@functools.cache
def _expected_schema() -> list[tuple[Any, ...]]:
    """sqlite_master as SCHEMA_SQL makes it: a store must match it exactly (no views,
    triggers, generated columns or other surprises in a file someone else wrote)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA_SQL)
        return _schema_of(db)
    finally:
        db.close()


def _schema_of(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open path read-only (never creating it, never writing a journal); a path SQLite will
    not take as a URI (a Windows share) is opened plainly, with query_only set by open()."""
    try:
        return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError, OSError):
        pass
    try:
        if not path.is_file():
            raise StoreError("no store", path)
        return sqlite3.connect(path)
    except (sqlite3.Error, ValueError, OSError) as exc:
        raise StoreError(str(exc), path) from exc


class Store:
    """A compiled dataset in SQLite (a file in the cache, or memory when there is none).

    Every read is guarded: whatever a damaged or crafted file makes go wrong surfaces as a
    StoreError naming the file (see _guarded), checked again where search relies on it."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None) -> None:
        self._db = connection
        self.path = path
        self.identity: tuple[int, int, int] | None = None  # device, inode, mtime when opened

    # ------------------------------------------------------------------ writing

    @classmethod
    def compile(cls, dataset: Dataset) -> Store:
        """dataset (already validated) as a store in memory: when no cache can be used, and
        for a dataset made without one (search.index_for)."""
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
        """The store at path, if it holds the dataset with this key; StoreError otherwise.

        The file must be this user's and not writable by others (POSIX): the cache is
        trusted once written, so a file someone else could have written is not read."""
        try:
            info = path.stat()
        except OSError as exc:
            raise StoreError(f"no store: {exc.strerror}", path) from None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            raise StoreError("a store someone else could have written", path)
        db = _connect_read_only(path)
        store = cls(db, path)
        store.identity = (info.st_dev, info.st_ino, info.st_mtime_ns)
        try:
            db.execute("PRAGMA query_only = ON")
            if _schema_of(db) != _expected_schema():
                raise StoreError("not an anastro store", path)
            if (store._meta("schema"), store._meta("key"), store._meta("platform")) != (
                SCHEMA,
                key,
                PLATFORM,
            ):
                raise StoreError("a store of other data or another version", path)
        except (StoreError, *DAMAGE) as exc:
            db.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{type(exc).__name__}: {exc}", path) from exc
        except BaseException:
            db.close()
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
        return self._dataset

    @cached_property
    def _dataset(self) -> Dataset:
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

    @_guarded
    def plain_json(self, positions: Sequence[int]) -> list[str]:
        """Each effect's JSON shape as stored, in this order, every row checked (its CRC, and
        one printable ASCII object) before any is returned: damage never reaches the output,
        not even half an array."""
        texts: list[str] = []
        for start in range(0, len(positions), CHUNK):
            part = positions[start : start + CHUNK]
            rows = self._by_position("plain, plain_crc", part)
            for position in part:
                text, crc = rows[position]
                if not (
                    isinstance(text, str)
                    and text.isascii()
                    and text.isprintable()
                    and text.startswith("{")
                    and text.endswith("}")
                    and zlib.crc32(text.encode("ascii")) == crc
                ):
                    raise StoreError("damaged stored JSON", self.path)
                texts.append(text)
        return texts

    def _by_position(self, columns: str, positions: Sequence[int]) -> dict[int, Any]:
        """Column values by position (one value, or a tuple when columns names several)."""
        found: dict[int, Any] = {}
        wanted = sorted(set(positions))
        several = "," in columns
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            marks = ",".join("?" * len(part))
            sql = f"SELECT position, {columns} FROM effect WHERE position IN ({marks})"
            for position, *values in self._rows(sql, part):
                found[position] = tuple(values) if several else values[0]
        if set(found) != set(wanted):
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
            if stem not in wanted or (idf is not None and not isinstance(idf, float)):
                raise StoreError("damaged term", self.path)
            info[stem] = (idf, bool(named))
        return info

    @_guarded
    def postings(self, word_stem: str) -> Iterable[tuple[int, int]]:
        """(entry, field code) of every entry holding word_stem; checked, since search
        indexes lists with both."""
        rows = self._rows("SELECT stem, entries, codes FROM term WHERE stem = ?", (word_stem,))
        if not rows:
            return ()
        found, packed, codes = rows[0]
        if found != word_stem:
            raise StoreError("damaged postings", self.path)
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
        if not isinstance(vocabulary, dict) or not all(
            isinstance(word, str)
            and isinstance(stems, list)
            and all(isinstance(stem, str) for stem in stems)
            for word, stems in vocabulary.items()
        ):
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
            asked = set(part)
            for phrase, entry, order, kind, scope in self._rows(sql, part):
                if (
                    phrase not in asked
                    or not isinstance(entry, int)
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
        if (
            not all(isinstance(part, list) for part in stored)
            or not len(frequencies) == len(names) == len(populations) >= self.size
            or not all(type(value) in (float, int) for value in frequencies)
            or not all(isinstance(name, str) for name in names)
            or not all(
                group is None
                or (isinstance(group, tuple) and all(isinstance(p, str) for p in group))
                for group in populations
            )
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
        return self._dataset.markers

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
        "INSERT INTO effect VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                position,
                effect.id,
                effect.system,
                " ".join(effect.populations),
                effect.seriousness,
                marshal.dumps(encode(effect)),
                plain,
                zlib.crc32(plain.encode("ascii")),
            )
            for position, effect in enumerate(dataset.effects)
            for plain in [json.dumps(effect_plain(dataset, effect), ensure_ascii=True)]
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

    def json_items(self) -> list[str]:
        return self._store.plain_json(self.positions)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
