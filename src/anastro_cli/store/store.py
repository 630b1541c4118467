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
import os
import sqlite3
import zlib
from array import array
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from anastro_cli.index import FIELD_CODES, Doc, effect_doc, marker_doc, topic_doc
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import EffectRow, Marker, SideEffect
from anastro_cli.store.codec import CORE_FIELDS, decode, load_blob
from anastro_cli.store.lazy import LazyEffects, Selection
from anastro_cli.store.schema import (
    CHUNK,
    DAMAGE,
    ENTRIES,
    PLATFORM,
    SCHEMA,
    StoreError,
    connect_read_only,
    expected_schema,
    guarded,
    schema_of,
)


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
        for a dataset made without one (store.reads.index_of)."""
        db = sqlite3.connect(":memory:")
        try:
            from anastro_cli.store.write import fill

            fill(db, dataset, "")
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
            from anastro_cli.store.write import fill

            fill(db, dataset, key)
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
        db = connect_read_only(path)
        store = cls(db, path)
        store.identity = (info.st_dev, info.st_ino, info.st_mtime_ns)
        try:
            db.execute("PRAGMA query_only = ON")
            if schema_of(db) != expected_schema():
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

    @guarded
    def dataset(self) -> Dataset:
        """The dataset, its effects read lazily (StoreError if the store is damaged)."""
        return self._dataset

    @cached_property
    def _dataset(self) -> Dataset:
        stored = load_blob(self._meta("core"))
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
        effect = decode(load_blob(record))
        if not isinstance(effect, SideEffect):
            raise StoreError("damaged effect", self.path)
        return effect

    @guarded
    def all_effects(self) -> tuple[SideEffect, ...]:
        rows = self._rows("SELECT record FROM effect ORDER BY position")
        if len(rows) != self.size:
            raise StoreError("effects are missing from the store", self.path)
        return tuple(self._effect(record) for (record,) in rows)

    @guarded
    def effect(self, effect_id: str) -> SideEffect | None:
        rows = self._rows("SELECT record FROM effect WHERE id = ?", (effect_id,))
        return self._effect(rows[0][0]) if rows else None

    @guarded
    def effects_at(self, positions: Sequence[int]) -> list[SideEffect]:
        records = self._by_position("record", positions)
        return [self._effect(records[p]) for p in positions]

    @guarded
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

    @guarded
    def counts(self) -> dict[str, int]:
        counts = load_blob(self._meta("counts"))
        if not isinstance(counts, dict) or not all(
            isinstance(k, str) and isinstance(v, int) for k, v in counts.items()
        ):
            raise StoreError("damaged counts", self.path)
        return counts

    @guarded
    def rows(self) -> list[EffectRow]:
        rows = self._rows(
            "SELECT position, system, populations, seriousness FROM effect ORDER BY position"
        )
        if len(rows) != self.size:
            raise StoreError("effects are missing from the store", self.path)
        return [EffectRow(p, s, tuple(pops.split()), serious) for p, s, pops, serious in rows]

    def selection(self, positions: list[int]) -> Sequence[SideEffect]:
        return Selection(self, positions)

    @guarded
    def effects_named(self, folded: str) -> Sequence[SideEffect]:
        """Effects with a name, alias, lay term or id that folds to folded, in data order."""
        rows = self._rows(
            "SELECT DISTINCT entry FROM phrase WHERE phrase = ? AND entry < ? ORDER BY entry",
            (folded, self.size),
        )
        return self.effects_at([entry for (entry,) in rows])

    # ------------------------------------------------------------------ search

    @guarded
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

    @guarded
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
            or (codes and max(codes) >= len(FIELD_CODES))
            or (entries and (min(entries) < 0 or max(entries) >= self.entry_count))
        ):
            raise StoreError("damaged postings", self.path)
        return zip(entries, codes, strict=True)

    @cached_property
    def _vocabulary(self) -> dict[str, list[str]]:
        vocabulary = load_blob(self._meta("vocabulary"))
        if not isinstance(vocabulary, dict) or not all(
            isinstance(word, str)
            and isinstance(stems, list)
            and all(isinstance(stem, str) for stem in stems)
            for word, stems in vocabulary.items()
        ):
            raise StoreError("damaged vocabulary", self.path)
        return vocabulary

    @guarded
    def vocabulary(self) -> dict[str, list[str]]:
        return self._vocabulary

    @guarded
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
                    or kind not in FIELD_CODES[:3]
                    or scope not in (0, 1, 2)
                    or not isinstance(order, int)
                ):
                    raise StoreError("damaged phrase", self.path)
                found.append((phrase, entry, order, kind, scope))
        return found

    @guarded
    def longest_phrase(self) -> int:
        return min(self._number("longest"), 64)

    @cached_property
    def _entries(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        stored = load_blob(self._meta("entries"))
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

    @guarded
    def entry_meta(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]:
        return self._entries

    @guarded
    def doc(self, entry: int) -> Doc:
        """The search entry numbered entry (effects, then markers, then topics), ready to
        explain."""
        frequencies = self._entries[0]
        if entry < self.size:
            (effect,) = self.effects_at([entry])
            return effect_doc(effect, frequencies[entry])
        markers = self._markers
        if entry < self.size + len(markers):
            marker: Marker = markers[entry - self.size]
            return marker_doc(marker)
        return topic_doc(self._dataset.topics[entry - self.size - len(markers)])

    @cached_property
    def _markers(self) -> tuple[Marker, ...]:
        return self._dataset.markers

    @guarded
    def suggestion_texts(self) -> list[tuple[str, str]]:
        texts = load_blob(self._meta("suggestions"))
        if not isinstance(texts, list) or not all(
            isinstance(t, tuple) and len(t) == 2 and all(isinstance(x, str) for x in t)
            for t in texts
        ):
            raise StoreError("damaged suggestions", self.path)
        return texts

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
