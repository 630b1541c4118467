"""Filling a store: meta, effect rows with their stored JSON, search terms and phrases.

Two independent halves: the effect rows (fill_effects) and the search index with the meta rows
(fill_index). fill writes both in one connection; parallel.py may write the index half in a
forked process and copy its rows in: the same rows either way."""

from __future__ import annotations

import marshal
import sqlite3
import zlib

from anastro_cli.model.dataset import Dataset
from anastro_cli.store.codec import CORE_FIELDS, encode, seal
from anastro_cli.store.effect_json import effect_jsons
from anastro_cli.store.indexing import compile_index
from anastro_cli.store.schema import (
    INDEXES_SQL,
    PLATFORM,
    SCHEMA,
    SCHEMA_SQL,
    phrase_crc,
    term_crc,
)


def fill(db: sqlite3.Connection, dataset: Dataset, key: str) -> None:
    """Write dataset (already validated) into an empty database under key."""
    db.executescript(SCHEMA_SQL)
    fill_effects(db, dataset)
    fill_index(db, dataset, key)
    db.executescript(INDEXES_SQL)
    db.commit()


def fill_effects(db: sqlite3.Connection, dataset: Dataset) -> None:
    """The effect rows, each with its record (marshal) and its stored JSON (not committed)."""
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


def fill_index(db: sqlite3.Connection, dataset: Dataset, key: str) -> None:
    """The meta, term and phrase rows: the search index and everything but the effects (not
    committed; the phrase index is made afterwards, once they are all in)."""
    index = compile_index(dataset)
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
        "entries": seal(marshal.dumps((index.frequencies, index.names, index.populations))),
        "vocabulary": seal(marshal.dumps(index.vocabulary)),
        "suggestions": seal(marshal.dumps(index.suggestions)),
        "counts": seal(marshal.dumps(counts)),
        "longest": max((len(p[0].split()) for p in index.phrases if p[5]), default=0),
        "size": len(dataset.effects),
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
    db.executemany(
        "INSERT INTO phrase VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((*row, phrase_crc(*row)) for row in index.phrases),
    )
