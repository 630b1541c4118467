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
import stat
import zlib
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from anastro_cli.model.dataset import Dataset, EffectColumns
from anastro_cli.model.records import SideEffect
from anastro_cli.store.codec import CORE_FIELDS, core_check, decode, load_blob
from anastro_cli.store.index_reads import IndexReads
from anastro_cli.store.lazy import Selection, StoredDataset
from anastro_cli.store.schema import (
    CHUNK,
    DAMAGE,
    PLATFORM,
    SCHEMA,
    StoreError,
    connect_read_only,
    expected_schema,
    guarded,
    schema_of,
)

# Every printable ASCII character: what a stored JSON object is made of (deleted, none is left).
PRINTABLE = bytes(range(0x20, 0x7F))

JOINED = 1000  # stored objects joined into one part of an array


def _joined(items: list[bytes]) -> Iterator[bytes]:
    """A JSON array of items (checked), one a line, in parts of JOINED: each part joined as it
    is written and its items let go, so the array is never held twice."""
    yield b"[\n"
    for start in range(0, len(items), JOINED):
        part = items[start : start + JOINED]
        items[start : start + JOINED] = [b""] * len(part)
        yield b",\n".join([b""] * (start > 0) + part)
    yield b"\n]\n"


class Store(IndexReads):
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
        from anastro_cli.store.parallel import write_file

        write_file(dataset, path, key)  # in two processes when that pays (parallel.py)
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
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would hang or mislead a read
            raise StoreError("not a regular file", path)
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
        if not self._core:  # loaded and checked now: a damaged store is found on opening
            raise StoreError("damaged store", self.path)
        return StoredDataset.from_store(self)

    @cached_property
    def _core(self) -> dict[str, bytes]:
        """The parts beside the effects, each in its own blob, every blob's checksum checked
        on opening (cheap; decoding waits for first use): damage is found before any output
        starts, never half-way through a card."""
        if load_blob(self._meta("core")) != list(CORE_FIELDS):
            raise StoreError("damaged store", self.path)
        blobs: dict[str, bytes] = {}
        for name in CORE_FIELDS:
            blob = self._meta(f"core:{name}")
            if not (
                isinstance(blob, bytes)
                and len(blob) >= 4
                and int.from_bytes(blob[:4], "big") == zlib.crc32(blob[4:])
            ):
                raise StoreError(f"damaged {name}", self.path)
            blobs[name] = blob
        return blobs

    @guarded
    def core_value(self, name: str) -> Any:
        """One part of the dataset (its sources, trials, figures ...), decoded and checked
        against the type the Dataset declares for it; read only when first used."""
        value = decode(load_blob(self._core[name]))
        if not core_check(name)(value):
            raise StoreError(f"damaged {name}", self.path)
        return value

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
    def json_array(self, positions: Sequence[int]) -> Iterator[bytes]:
        """The JSON array of these effects as `output.json.write_items` writes it (one stored
        object a line), in parts, every row checked before the first part (its CRC, and one
        printable ASCII object): damage never reaches the output, not even half an array.
        The texts are fetched as bytes and each check maps over all rows at C speed."""
        if not positions:
            return iter([b"[]\n"])
        self._db.text_factory = bytes  # the stored ASCII as is: no decoding, no encoding
        try:
            if len(positions) * 4 < self.size:  # a few: looked up by position
                found = self._by_position("plain, plain_crc", positions)
                chosen = [found[p][0] for p in positions]
                crcs = [found[p][1] for p in positions]
                del found
            else:  # most: one scan in data order
                rows = self._rows("SELECT position, plain, plain_crc FROM effect ORDER BY position")
                if list(map(itemgetter(0), rows)) != list(range(self.size)):
                    raise StoreError("effects are missing from the store", self.path)
                chosen = list(map(list(map(itemgetter(1), rows)).__getitem__, positions))
                crcs = list(map(list(map(itemgetter(2), rows)).__getitem__, positions))
                del rows
        finally:
            self._db.text_factory = str
        if not (
            list(map(zlib.crc32, chosen)) == crcs
            and not any(map(bytes.translate, chosen, repeat(None), repeat(PRINTABLE)))
            and all(map(bytes.startswith, chosen, repeat(b"{")))
            and all(map(bytes.endswith, chosen, repeat(b"}")))
        ):
            raise StoreError("damaged stored JSON", self.path)
        return _joined(chosen)

    @guarded
    def effect_json(self, effect_id: str) -> str | None:
        """One effect's JSON shape as stored (checked as json_array checks each), and parsed to
        check what a search reads from it and splices into its own output: an object of this
        effect with a headline that is null or has text, band and confirmed."""
        import json

        rows = self._rows("SELECT plain, plain_crc FROM effect WHERE id = ?", (effect_id,))
        if not rows:
            return None
        text = self._checked_json(*rows[0])
        try:
            shape = json.loads(text)
        except ValueError:
            raise StoreError("damaged stored JSON", self.path) from None
        lead = shape.get("headline", ()) if isinstance(shape, dict) else ()
        if not (
            isinstance(shape, dict)
            and shape.get("id") == effect_id
            and (
                lead is None
                or (
                    isinstance(lead, dict)
                    and isinstance(lead.get("text"), str)
                    and isinstance(lead.get("band"), str)
                    and isinstance(lead.get("confirmed"), bool)
                )
            )
        ):
            raise StoreError("damaged stored JSON", self.path)
        return text

    def _checked_json(self, text: Any, crc: Any) -> str:
        if not (
            isinstance(text, str)
            and text.isascii()
            and text.isprintable()
            and text.startswith("{")
            and text.endswith("}")
            and zlib.crc32(text.encode("ascii")) == crc
        ):
            raise StoreError("damaged stored JSON", self.path)
        return text

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
    def columns(self) -> EffectColumns:
        rows = self._rows(
            "SELECT position, system, populations, seriousness FROM effect ORDER BY position"
        )
        if len(rows) != self.size:
            raise StoreError("effects are missing from the store", self.path)
        positions, *texts = (list(map(itemgetter(column), rows)) for column in range(4))
        if not all(set(map(type, column)) <= {str} for column in texts):
            raise StoreError("damaged effect rows", self.path)
        systems, populations, seriousness = texts
        return positions, systems, populations, seriousness

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

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
