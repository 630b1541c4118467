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
import marshal
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, overload

from anastro_cli import model
from anastro_cli.model import Dataset, EffectRow, Marker, SideEffect

SCHEMA = 2
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


class StoreError(Exception):
    """A stored dataset that cannot be read (damaged, foreign or from another version)."""


def encode(value: Any) -> Any:
    """A model value as marshal-able data: a dataclass becomes [type name, *fields]; tuples
    stay tuples (model sequences are tuples, so a list always marks a dataclass)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *(encode(getattr(value, f.name)) for f in _fields(value))]
    if isinstance(value, tuple):
        return tuple(encode(item) for item in value)
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        kind = TYPES[value[0]]
        return kind(*(decode(item) for item in value[1:]))
    if isinstance(value, tuple):
        return tuple(decode(item) for item in value)
    return value


def _fields(value: Any) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(value)


def _dump(value: Any) -> bytes:
    return marshal.dumps(value)


def _load(blob: Any) -> Any:
    if not isinstance(blob, bytes):
        raise StoreError("a stored value is missing")
    try:
        return marshal.loads(blob)
    except (EOFError, ValueError, TypeError) as exc:
        raise StoreError(str(exc)) from None


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
    """A compiled dataset in SQLite (a file in the cache, or memory when there is none)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    # ------------------------------------------------------------------ writing

    @classmethod
    def compile(cls, dataset: Dataset, path: Path | None, key: str = "") -> Store:
        """Write dataset (already validated) to a new store at path, or in memory."""
        import json

        from anastro_cli.search import FIELD_CODES, compile_index
        from anastro_cli.views import effect_plain

        if path is None:
            db = sqlite3.connect(":memory:")
        else:
            db = sqlite3.connect(path)
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
        db.executescript(SCHEMA_SQL)
        index = compile_index(dataset)
        counts: dict[str, int] = {}
        for effect in dataset.effects:
            counts[effect.system] = counts.get(effect.system, 0) + 1
        meta = {
            "schema": SCHEMA,
            "key": key,
            "core": _dump({name: encode(getattr(dataset, name)) for name in CORE_FIELDS}),
            "entries": _dump((index.frequencies, index.names, index.populations)),
            "vocabulary": _dump(index.vocabulary),
            "suggestions": _dump(index.suggestions),
            "counts": _dump(counts),
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
                    _dump(encode(effect)),
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
        assert len(FIELD_CODES) < 256  # codes are stored one byte each
        return cls(db)

    # ------------------------------------------------------------------ reading

    @classmethod
    def open(cls, path: Path, key: str) -> Store:
        """The store at path, if it holds the dataset with this key; StoreError otherwise."""
        try:
            uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True)
            store = cls(db)
            if store._meta("schema") != SCHEMA or store._meta("key") != key:
                db.close()
                raise StoreError("a store of other data or another version")
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise StoreError(str(exc)) from None
        return store

    def _meta(self, name: str) -> Any:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from None
        if row is None:
            raise StoreError(f"no {name} in the store")
        return row[0]

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from None

    def dataset(self) -> Dataset:
        """The dataset, its effects read lazily (StoreError if the store is damaged)."""
        try:
            core = {name: decode(value) for name, value in _load(self._meta("core")).items()}
            dataset = Dataset(**core, effects=LazyEffects(self))
        except (KeyError, TypeError, IndexError, ValueError, AttributeError) as exc:
            raise StoreError(f"damaged store: {exc}") from None
        object.__setattr__(dataset, "store", self)  # frozen: the one place it is set
        return dataset

    @cached_property
    def size(self) -> int:
        return int(self._meta("size"))

    def _effect(self, record: bytes) -> SideEffect:
        try:
            effect = decode(_load(record))
        except (KeyError, TypeError, IndexError, ValueError) as exc:
            raise StoreError(f"damaged effect: {exc}") from None
        if not isinstance(effect, SideEffect):
            raise StoreError("damaged effect")
        return effect

    def all_effects(self) -> tuple[SideEffect, ...]:
        rows = self._rows("SELECT record FROM effect ORDER BY position")
        return tuple(self._effect(record) for (record,) in rows)

    def effect(self, effect_id: str) -> SideEffect | None:
        rows = self._rows("SELECT record FROM effect WHERE id = ?", (effect_id,))
        return self._effect(rows[0][0]) if rows else None

    def effects_at(self, positions: Sequence[int]) -> list[SideEffect]:
        records = self._by_position("record", positions)
        return [self._effect(records[p]) for p in positions]

    def plain_json(self, positions: Sequence[int]) -> Iterator[str]:
        """Each effect's JSON shape as stored, in this order."""
        for start in range(0, len(positions), CHUNK):
            part = positions[start : start + CHUNK]
            texts = self._by_position("plain", part)
            for position in part:
                yield texts[position]

    def _by_position(self, column: str, positions: Sequence[int]) -> dict[int, Any]:
        found: dict[int, Any] = {}
        wanted = sorted(set(positions))
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            marks = ",".join("?" * len(part))
            sql = f"SELECT position, {column} FROM effect WHERE position IN ({marks})"
            found.update(self._rows(sql, part))
        if len(found) != len(wanted):
            raise StoreError("an effect is missing from the store")
        return found

    def counts(self) -> dict[str, int]:
        counts = _load(self._meta("counts"))
        if not isinstance(counts, dict):
            raise StoreError("damaged counts")
        return counts

    def rows(self) -> list[EffectRow]:
        rows = self._rows(
            "SELECT position, system, populations, seriousness FROM effect ORDER BY position"
        )
        return [EffectRow(p, s, tuple(pops.split()), serious) for p, s, pops, serious in rows]

    def selection(self, positions: list[int]) -> Sequence[SideEffect]:
        return Selection(self, positions)

    def effects_named(self, folded: str) -> Sequence[SideEffect]:
        """Effects with a name, alias, lay term or id that folds to folded, in data order."""
        rows = self._rows(
            "SELECT DISTINCT entry FROM phrase WHERE phrase = ? AND entry < ? ORDER BY entry",
            (folded, self.size),
        )
        return self.effects_at([entry for (entry,) in rows])

    # ------------------------------------------------------------------ search

    def stem_info(self, stems: list[str]) -> dict[str, tuple[float | None, bool]]:
        wanted = list(dict.fromkeys(stems))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._rows(f"SELECT stem, idf, named FROM term WHERE stem IN ({marks})", wanted)
        return {stem: (idf, bool(named)) for stem, idf, named in rows}

    def postings(self, word_stem: str) -> Iterable[tuple[int, int]]:
        rows = self._rows("SELECT entries, codes FROM term WHERE stem = ?", (word_stem,))
        if not rows:
            return ()
        entries = array(ENTRIES)
        entries.frombytes(rows[0][0])
        return zip(entries, rows[0][1], strict=True)

    @cached_property
    def _vocabulary(self) -> dict[str, list[str]]:
        vocabulary = _load(self._meta("vocabulary"))
        if not isinstance(vocabulary, dict):
            raise StoreError("damaged vocabulary")
        return vocabulary

    def vocabulary(self) -> dict[str, list[str]]:
        return self._vocabulary

    def phrases(self, candidates: list[str]) -> list[tuple[str, int, int, str, int]]:
        found: list[tuple[str, int, int, str, int]] = []
        for start in range(0, len(candidates), CHUNK):
            part = candidates[start : start + CHUNK]
            marks = ",".join("?" * len(part))
            sql = (
                "SELECT phrase, entry, position, kind, inside FROM phrase "
                f"WHERE phrase IN ({marks}) ORDER BY entry, position"
            )
            found.extend(self._rows(sql, part))
        return found

    def longest_phrase(self) -> int:
        return int(self._meta("longest"))

    @cached_property
    def _entries(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        frequencies, names, populations = _load(self._meta("entries"))
        return frequencies, names, populations

    def entry_meta(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        return self._entries

    def doc(self, entry: int) -> Any:
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

    def suggestion_texts(self) -> list[str]:
        texts = _load(self._meta("suggestions"))
        if not isinstance(texts, list):
            raise StoreError("damaged suggestions")
        return texts

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()


CHUNK = 500  # SQLite host parameters per query (its limit is far higher; this keeps it cheap)


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
