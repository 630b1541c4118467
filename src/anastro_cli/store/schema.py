"""The store's file format: the SQLite schema, what a store must say about itself, its errors,
and opening one read-only. Nothing here knows the model."""

from __future__ import annotations

import functools
import marshal
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

SCHEMA = 7  # 6: every blob, term and phrase carries its checksum; 7: each core part its own blob
ENTRIES = "i"  # array typecode of entry numbers in postings
# Packed arrays are in this machine's byte order; a store says which it was written in.
PLATFORM = f"{sys.byteorder}:{ENTRIES}{array(ENTRIES).itemsize}:marshal{marshal.version}"
P = ParamSpec("P")
R = TypeVar("R")
CHUNK = 500  # host parameters per query (SQLite before 3.32 allowed at most 999)


class StoreError(Exception):
    """A stored dataset that cannot be read (damaged, foreign or from another version)."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.identity: tuple[int, int, int] | None = None  # the file as it was opened


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


SCHEMA_SQL = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE effect (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, system TEXT NOT NULL,
    populations TEXT NOT NULL, seriousness TEXT NOT NULL, record BLOB NOT NULL,
    plain TEXT NOT NULL, plain_crc INTEGER NOT NULL
);
CREATE TABLE term (
    stem TEXT PRIMARY KEY, idf REAL, named INTEGER NOT NULL, entries BLOB NOT NULL,
    codes BLOB NOT NULL, crc INTEGER NOT NULL
);
CREATE TABLE phrase (
    phrase TEXT NOT NULL, entry INTEGER NOT NULL, position INTEGER NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, inside INTEGER NOT NULL, crc INTEGER NOT NULL
);
"""
# Made once the phrases are in (sorting them once is about twice as fast as keeping the
# index in order row by row); sqlite_master holds the same statement either way.
INDEXES_SQL = """
CREATE INDEX phrase_text ON phrase (phrase);
"""


@functools.cache
def expected_schema() -> list[tuple[Any, ...]]:
    """sqlite_master as SCHEMA_SQL and INDEXES_SQL make it: a store must match it exactly
    (no views, triggers, generated columns or other surprises in a file someone else
    wrote)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA_SQL + INDEXES_SQL)
        return schema_of(db)
    finally:
        db.close()


def schema_of(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())


def connect_read_only(path: Path) -> sqlite3.Connection:
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


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """A read that fails on damaged data raises StoreError naming the store's file, with the
    store closed, so the file can be removed and rebuilt (see cli.main)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (StoreError, *DAMAGE) as exc:
            raise damaged(args[0], exc) from exc

    return wrapper


def damaged(store: Any, exc: Exception) -> StoreError:
    """exc as a StoreError naming store's file, after closing the store (so the file can be
    removed, on Windows too)."""
    message = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
    if not hasattr(store, "close"):  # not a store: nothing to close or name
        return exc if isinstance(exc, StoreError) else StoreError(message)
    store.close()
    error = StoreError(message, store.path)
    error.identity = store.identity
    return error


def term_crc(stem: str, idf: float | None, named: bool, entries: bytes, codes: bytes) -> int:
    """The checksum of one term row, over every column search reads."""
    return zlib.crc32(f"{stem}\0{idf!r}\0{int(named)}\0".encode() + entries + b"\0" + codes)


def phrase_crc(phrase: str, entry: int, position: int, kind: str, text: str, inside: int) -> int:
    """The checksum of one phrase row, over every column."""
    return zlib.crc32(f"{phrase}\0{entry}\0{position}\0{kind}\0{text}\0{inside}".encode())
