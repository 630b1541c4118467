"""Filling a store: meta, effect rows with their stored JSON, search terms and phrases.

Two halves that do not need each other: the effect rows with the meta rows of the records
(fill_records) and the search index's rows (fill_index: its terms and its phrases). fill writes
both in one connection; parallel.py compiles most of the index in a forked process meanwhile:
the same rows either way."""

from __future__ import annotations

import marshal
import sqlite3
import zlib
from typing import Any

from anastro_cli.model.dataset import Dataset
from anastro_cli.store.codec import CORE_FIELDS, encode, seal
from anastro_cli.store.effect_json import effect_jsons
from anastro_cli.store.indexing import CompiledIndex, compile_index
from anastro_cli.store.schema import (
    INDEXES_SQL,
    PLATFORM,
    SCHEMA,
    SCHEMA_SQL,
    term_crc,
)


def fill(db: sqlite3.Connection, dataset: Dataset, key: str) -> None:
    """Write dataset (already validated) into an empty database under key."""
    db.executescript(SCHEMA_SQL)
    fill_records(db, dataset, key)
    fill_index(db, compile_index(dataset))
    db.executescript(INDEXES_SQL)
    db.commit()


def fill_records(db: sqlite3.Connection, dataset: Dataset, key: str) -> None:
    """The meta rows of the records and the effect rows, each with its record (marshal) and
    its stored JSON (not committed)."""
    counts: dict[str, int] = {}
    for effect in dataset.effects:
        counts[effect.system] = counts.get(effect.system, 0) + 1
    meta = {
        "schema": SCHEMA,
        "key": key,
        "platform": PLATFORM,
        # The names of the parts, then each part apart: a search reads no trial figures.
        "core": seal(marshal.dumps(list(CORE_FIELDS))),
        **{
            f"core:{name}": seal(marshal.dumps(encode(getattr(dataset, name))))
            for name in CORE_FIELDS
        },
        "counts": seal(marshal.dumps(counts)),
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
                seal(marshal.dumps(encode(effect))),
                plain,
                zlib.crc32(plain.encode("ascii")),
            )
            for (position, effect), plain in zip(
                enumerate(dataset.effects), effect_jsons(dataset), strict=True
            )
        ),
    )


def fill_index(db: sqlite3.Connection, index: CompiledIndex) -> None:
    """The search index's rows: its meta rows, terms and phrases (not committed; the phrase
    index is made afterwards, once they are all in)."""
    fill_terms(db, index)
    fill_phrases(db, index.phrases, index.checksums)


def fill_terms(db: sqlite3.Connection, index: CompiledIndex) -> None:
    """The search index's meta rows and its terms (not committed)."""
    meta = {
        "entries": seal(marshal.dumps((index.frequencies, index.names, index.populations))),
        "vocabulary": seal(marshal.dumps(index.vocabulary)),
        "suggestions": seal(marshal.dumps(index.suggestions)),
        "longest": index.longest,
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.executemany(
        "INSERT INTO term VALUES (?, ?, ?, ?, ?, ?)",
        (
            (*row, term_crc(*row))
            for stem, (entries, codes) in index.postings.items()
            for row in [
                (stem, index.idf.get(stem), stem in index.named, entries.tobytes(), bytes(codes))
            ]
        ),
    )


def fill_phrases(db: sqlite3.Connection, phrases: list[Any], checksums: list[int]) -> None:
    """Phrase rows (phrase, entry, position, kind, text, scope) with their checksums, in
    order (not committed)."""
    db.executemany(
        "INSERT INTO phrase VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((*row, checksum) for row, checksum in zip(phrases, checksums, strict=True)),
    )
