"""Writing a large store in two processes (Linux), the search index shared between them.

A forked child, sharing the built records copy-on-write (nothing is pickled), compiles the
index's part of the last SHARE of the effects (with the markers and topics) into two files
beside the store's own temporary file: its phrase rows as they will be stored (a database) and
the rest of its part (marshal). Meanwhile this process writes the records' rows, compiles the
index of the first effects and writes their phrases; then it copies the child's phrase rows in
(INSERT ... SELECT, at C speed), joins the two parts and writes the terms. The rows are fill's,
table for table, row for row and value for value (a meta blob's bytes may differ: marshal
writes a value held elsewhere too as a reference). Should the child fail, or no fork be
possible, this process compiles the child's part itself. On any exception or signal here the
child is killed and reaped before the exception goes on, and the child's files removed: no
process and no file outlives the write.

The fork happens before this process opens any connection to the new store, and the child
never returns into the caller's code: it ends with os._exit, whatever happens."""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from anastro_cli.model.dataset import Dataset
from anastro_cli.store.indexing import Part, compile_part, finish
from anastro_cli.store.schema import INDEXES_SQL, SCHEMA_SQL
from anastro_cli.store.write import fill, fill_phrases, fill_records, fill_terms

# From this many effects a store file is written in two processes (below it a fork costs more
# than it saves); tests lower it.
PARALLEL_FROM = 20_000
# The share of the effects whose part of the index the child compiles: this process has the
# records' rows to write meanwhile (at 100,000 effects about half the time the index takes).
SHARE = 0.72
SIGNALS = {signal.SIGINT, signal.SIGTERM}


def part_paths(path: Path) -> tuple[Path, Path]:
    """The child's files, its phrase rows and the rest of its part: beside path, named so the
    cache's cleanup of a write's temporary files (`{prefix}*.tmp`, and a dead process's
    leftovers) takes them too."""
    return path.with_name(f"{path.stem}_index.tmp"), path.with_name(f"{path.stem}_part.tmp")


def can_fork(dataset: Dataset) -> bool:
    """Worth forking and safe to: a large dataset of records (not one read through a store:
    the child would read it through this process's connection), on Linux, with no other
    thread running, and children not reaped by the system (SIGCHLD ignored, as some
    supervisors leave it, would leave no exit code to wait for)."""
    threading = sys.modules.get("threading")
    return (
        len(dataset.effects) >= PARALLEL_FROM
        and dataset.store is None
        and isinstance(dataset.effects, tuple)
        and sys.platform == "linux"
        and hasattr(os, "fork")
        and (threading is None or threading.active_count() == 1)
        and signal.getsignal(signal.SIGCHLD) is not signal.SIG_IGN
    )


def write_file(dataset: Dataset, path: Path, key: str) -> None:
    """Write dataset (already validated) as a new store at path, committed and closed (not
    synced: Store.write does that)."""
    parts = part_paths(path)
    child: list[int] = []  # the running child's id, until it is reaped
    split = len(dataset.effects) - round(len(dataset.effects) * SHARE)
    try:
        if can_fork(dataset):
            _fork_index(dataset, parts, split, child)
        db = _new_database(path)
        try:
            if not child:
                fill(db, dataset, key)  # no fork: all in this process
                return
            db.executescript(SCHEMA_SQL)
            fill_records(db, dataset, key)
            first = compile_part(dataset, 0, split)
            fill_phrases(db, first.phrases, first.checksums)
            del first.phrases[:], first.checksums[:]  # written (finish has no need of them)
            rest = _rest(db, child, parts)
            if rest is None:  # the child failed: its part made here
                rest = compile_part(dataset, split, None)
                fill_phrases(db, rest.phrases, rest.checksums)
            fill_terms(db, finish([first, rest]))
            db.executescript(INDEXES_SQL)
            db.commit()
        finally:
            db.close()
    except BaseException:
        _stop(child)
        raise
    finally:
        _remove(parts)


def _new_database(path: Path) -> sqlite3.Connection:
    """A connection to a new store file, written without a journal or syncs (a failed write
    is thrown away whole, and Store.write syncs the finished file)."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    return db


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _fork_index(dataset: Dataset, parts: tuple[Path, Path], split: int, child: list[int]) -> None:
    """Fork a child writing the index's part of the entries from split on to parts, its id put
    in child (nothing if no fork could be made).

    SIGINT and SIGTERM are blocked across the fork and until the id is kept, so no handler of
    the caller's runs in the child and none can leave a child unrecorded here; the child takes
    the default actions (a signal ends it) before unblocking them."""
    _remove(parts)  # a killed process's leftovers, if it had this id
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            _child(dataset, parts, split, mask)
        child.append(pid)
    except OSError:
        pass  # no fork: this process compiles the whole index
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _child(dataset: Dataset, parts: tuple[Path, Path], split: int, mask: Iterable[int]) -> NoReturn:
    """The index's part of the entries from split on into parts, then os._exit: 0 once both
    are written, 1 on any failure."""
    code = 1
    try:
        for number in SIGNALS:
            if callable(signal.getsignal(number)):  # ignored stays ignored
                signal.signal(number, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        rows, blob = parts
        db = _new_database(rows)
        try:
            db.executescript(SCHEMA_SQL)
            rest = compile_part(dataset, split, None)
            fill_phrases(db, rest.phrases, rest.checksums)
            db.commit()
        finally:
            db.close()
        count = len(rest.phrases)
        del rest.phrases[:], rest.checksums[:]  # written: their memory goes before the rest's
        with open(blob, "xb") as handle:  # a file, not a blob row: SQLite would copy it
            handle.write(marshal.dumps((count, rest.to_bytes())))
        code = 0
    except BaseException:
        if os.environ.get("ANASTRO_DEBUG"):
            with contextlib.suppress(BaseException):
                import traceback

                traceback.print_exc()
    finally:
        os._exit(code)


def _rest(db: sqlite3.Connection, child: list[int], parts: tuple[Path, Path]) -> Part | None:
    """Once the child has ended: its part, its phrase rows copied into db; None, with nothing
    copied, if it failed or either of its files is not what it wrote (the marshal file holds
    the number of phrase rows, counted before they are copied)."""
    rows, blob = parts
    if _reaped(child) != 0:
        return None
    try:
        count, data = marshal.loads(blob.read_bytes())
        rest = Part.from_bytes(data)
    except Exception:  # unreadable in any way: this process compiles the part
        return None
    db.commit()  # ATTACH is refused inside a transaction
    try:
        db.execute("ATTACH DATABASE ? AS part", (str(rows),))
    except sqlite3.Error:  # not a database
        return None
    try:
        try:
            (found,) = db.execute("SELECT count(*) FROM part.phrase").fetchone()
        except sqlite3.Error:  # not the child's
            return None
        if found != count:
            return None
        db.execute("INSERT INTO main.phrase SELECT * FROM part.phrase")  # errors go on
        db.commit()  # and DETACH
    finally:
        with contextlib.suppress(sqlite3.Error):  # a failed copy leaves it locked: that goes on
            db.execute("DETACH DATABASE part")
    return rest


def _reaped(child: list[int]) -> int:
    """Wait for the child to end (a signal may interrupt the wait: the child is still ours),
    then reap it with signals blocked, so its id leaves child as it is reaped: its exit code
    (-1 if the system reaped it first, which counts as a failure)."""
    try:
        os.waitid(os.P_PID, child[0], os.WEXITED | os.WNOWAIT)
    except ChildProcessError:
        child.clear()
        return -1
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        _, status = os.waitpid(child.pop(), 0)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    return os.waitstatus_to_exitcode(status)


def _stop(child: list[int]) -> None:
    """Kill and reap the child, if it is still ours (signals blocked meanwhile)."""
    if not child:
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child[0], signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child[0], 0)
        child.clear()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
