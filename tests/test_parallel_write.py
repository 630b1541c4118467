"""A large store written in two processes (store/parallel.py): the same rows as one process
writes, the same output through the CLI, a failed child made good here, and a terminated run
that leaves neither a process nor a file behind. The threshold is lowered so a few hundred
generated effects take the parallel path; a spy on os.fork shows that they did. The index's
parts themselves (compiled apart and joined) are tests/test_index_parts.py's."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import anastro_cli
from anastro_cli import status
from anastro_cli.dataset.files import data_files
from anastro_cli.dataset.load import load, read_and_build
from anastro_cli.model.dataset import Dataset
from anastro_cli.store import parallel
from anastro_cli.store.codec import load_blob
from anastro_cli.store.indexing import Part
from anastro_cli.store.indexing import compile_part as compile_part_here
from anastro_cli.store.store import Store
from anastro_cli.store.write import fill_phrases as fill_phrases_here
from helpers import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate_dataset import write

SRC = str(Path(anastro_cli.__file__).resolve().parents[1])
TABLES = ("meta", "effect", "term", "phrase")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(400, tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def built(folder: Path) -> Dataset:
    """The dataset as a cold run builds it before writing its store: records, no store."""
    return read_and_build(data_files(folder))


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids os.fork returned in this process (a child returns into no test)."""
    made: list[int] = []
    real = os.fork

    def spy() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", spy)
    return made


def _rows(path: Path) -> dict[str, list[Any]]:
    """Every row of every table, with its rowid, and the schema; a meta row's blob as the
    value it holds (marshal writes an object met twice once only when something else holds
    it too, so the same value can take other bytes when its strings were read back from the
    child's part)."""
    db = sqlite3.connect(path)
    try:
        found = {
            t: db.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in TABLES
        }
        found["sqlite_master"] = db.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
    finally:
        db.close()
    found["meta"] = [
        (rowid, name, load_blob(value) if isinstance(value, bytes) else value)
        for rowid, name, value in found["meta"]
    ]
    return found


def _written(dataset: Dataset, folder: Path, threshold: int) -> dict[str, list[Any]]:
    """The rows of a store written with this threshold into a temporary file as the cache
    names one; nothing else may be left in folder."""
    folder.mkdir()
    path = folder / f"dataset-{os.getpid()}-abc_1.tmp"
    saved = parallel.PARALLEL_FROM
    parallel.PARALLEL_FROM = threshold
    try:
        Store.write(dataset, path, "key")
    finally:
        parallel.PARALLEL_FROM = saved
    assert sorted(folder.iterdir()) == [path]
    return _rows(path)


def test_a_store_written_in_two_processes_holds_the_same_rows(
    built: Dataset, tmp_path: Path, forks: list[int]
) -> None:
    alone = _written(built, tmp_path / "one", threshold=10**9)
    assert forks == []
    both = _written(built, tmp_path / "two", threshold=1)
    assert len(forks) == 1
    assert [len(both[t]) for t in TABLES] == [22, 400, len(alone["term"]), 1600]
    assert both == alone


def test_below_the_threshold_or_without_a_fork_one_process_writes_it(
    folder: Path, built: Dataset, tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _written(built, tmp_path / "one", threshold=401)
    assert forks == []

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    # A dataset read through a store: a child would read it through this process's connection.
    _written(load(folder, "replace", use_cache=False), tmp_path / "stored", threshold=1)
    assert forks == []
    monkeypatch.setattr(os, "fork", no_fork)
    assert _written(built, tmp_path / "two", threshold=1) == alone


def _in_the_child(action: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """compile_part does action first in a forked child; returns the parts it compiled in
    this process (their first entries)."""
    here = os.getpid()
    ran: list[int] = []

    def compile_part(dataset: Dataset, start: int, stop: int | None) -> Part:
        if os.getpid() != here:
            action()
        ran.append(start)
        return compile_part_here(dataset, start, stop)

    monkeypatch.setattr(parallel, "compile_part", compile_part)
    return ran


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _raises() -> None:
    raise RuntimeError("the child fails")


def test_a_part_that_cannot_be_read_is_made_good_by_the_parent(
    built: Dataset, tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _written(built, tmp_path / "one", threshold=10**9)
    ran = _in_the_child(lambda: None, monkeypatch)
    monkeypatch.setattr(Part, "to_bytes", lambda self: b"\xffnot marshal")  # only the child's
    assert _written(built, tmp_path / "two", threshold=1) == alone
    assert len(forks) == 1
    assert ran == [0, 400 - round(400 * parallel.SHARE)]


def _no_rows(db: sqlite3.Connection, phrases: list[Any], checksums: list[int]) -> None:
    """The child's phrase rows never written."""


def _no_table(db: sqlite3.Connection, phrases: list[Any], checksums: list[int]) -> None:
    """The child's phrase file without its table."""
    db.execute("DROP TABLE phrase")


def _not_a_database(db: sqlite3.Connection, phrases: list[Any], checksums: list[int]) -> None:
    """The child's phrase file overwritten (nothing is left for its connection to write)."""
    _, _, path = db.execute("PRAGMA database_list").fetchone()
    Path(path).write_bytes(b"not a database " * 100)


@pytest.mark.parametrize(
    "damage",
    [_no_rows, _no_table, _not_a_database],
    ids=["no rows", "no table", "not a database"],
)
def test_a_phrase_file_that_is_not_the_childs_is_made_good_by_the_parent(
    built: Dataset,
    tmp_path: Path,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[sqlite3.Connection, list[Any], list[int]], None],
) -> None:
    alone = _written(built, tmp_path / "one", threshold=10**9)
    here = os.getpid()

    def fill_phrases(db: sqlite3.Connection, phrases: list[Any], checksums: list[int]) -> None:
        (damage if os.getpid() != here else fill_phrases_here)(db, phrases, checksums)

    monkeypatch.setattr(parallel, "fill_phrases", fill_phrases)
    ran = _in_the_child(lambda: None, monkeypatch)
    assert _written(built, tmp_path / "two", threshold=1) == alone  # nothing copied twice
    assert len(forks) == 1
    assert ran == [0, 400 - round(400 * parallel.SHARE)]


def test_with_children_reaped_by_the_system_one_process_writes_it(
    built: Dataset, tmp_path: Path, forks: list[int]
) -> None:
    # SIGCHLD ignored (some supervisors start programs so) leaves no exit code to wait for.
    alone = _written(built, tmp_path / "one", threshold=10**9)
    saved = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert _written(built, tmp_path / "two", threshold=1) == alone
    finally:
        signal.signal(signal.SIGCHLD, saved)
    assert forks == []


def test_a_child_the_system_reaped_first_is_made_good_by_the_parent(
    built: Dataset, tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _written(built, tmp_path / "one", threshold=10**9)

    def waitid(kind: int, pid: int, options: int) -> None:
        os.waitpid(pid, 0)  # reaped before this process could look
        raise ChildProcessError(10, "No child processes")

    monkeypatch.setattr(os, "waitid", waitid)
    ran = _in_the_child(lambda: None, monkeypatch)
    assert _written(built, tmp_path / "two", threshold=1) == alone
    assert len(forks) == 1
    assert ran == [0, 400 - round(400 * parallel.SHARE)]


@pytest.mark.parametrize("failure", [_raises, _killed], ids=["raises", "killed"])
def test_a_failed_child_is_made_good_by_the_parent(
    built: Dataset,
    tmp_path: Path,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
    failure: Callable[[], None],
) -> None:
    alone = _written(built, tmp_path / "one", threshold=10**9)
    ran = _in_the_child(failure, monkeypatch)
    assert _written(built, tmp_path / "two", threshold=1) == alone  # and no part file left
    assert len(forks) == 1
    split = 400 - round(400 * parallel.SHARE)
    assert ran == [0, split]  # the child failed; this process compiled its part too


@pytest.mark.parametrize(
    "args",
    [
        ("search", "joint", "pain", "--json"),
        ("search", "hot", "flushes"),
        ("list", "--format", "json"),
        ("list",),
        ("show", "synthetic-7"),
    ],
)
def test_the_cli_prints_the_same_from_either_store(
    folder: Path,
    tmp_path: Path,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    runner = CliRunner()
    printed = []
    for threshold in (10**9, 1):
        monkeypatch.setattr(parallel, "PARALLEL_FROM", threshold)
        env = {"ANASTRO_CACHE_DIR": str(tmp_path / f"cache-{threshold}")}
        every = [*args, "--data", str(folder), "--data-mode", "replace"]
        result = run(runner, *every, env=env)
        assert result.exit_code == 0, result.output
        printed.append(result.output)
        warm = run(runner, *every, env=env)  # read from the store just written
        assert warm.output == result.output
        assert not list((tmp_path / f"cache-{threshold}").rglob("*.tmp"))
    assert len(forks) == 1
    assert printed[0] == printed[1]


# The CLI with the threshold lowered and a child that waits a minute before writing its half.
SLOW_CHILD = """
import os, sys, time
from anastro_cli.store import parallel
parallel.PARALLEL_FROM = 1
here, real = os.getpid(), parallel.compile_part
def compile_part(dataset, start, stop):
    if os.getpid() != here:
        time.sleep(60)
    return real(dataset, start, stop)
parallel.compile_part = compile_part
sys.argv = ["anastro", *sys.argv[1:]]
from anastro_cli.__main__ import run
run()
"""


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="the parallel write is Linux's")
def test_terminate_during_a_parallel_compile_leaves_no_child_and_no_file(
    folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(cache)}
    data = ["--data", str(folder), "--data-mode", "replace"]
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CHILD, "search", "joint", "pain", "--json", *data],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    children: list[int] = []
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        children = _children(process.pid)
        if children and any(cache.rglob("*_index.tmp")):  # the child is writing its half
            process.send_signal(signal.SIGTERM)
            break
        time.sleep(0.005)
    _, err = process.communicate(timeout=30)
    assert len(children) == 1, err
    assert process.returncode == status.TERMINATED, err
    assert b"Traceback" not in err
    assert not _alive(children[0])
    assert not list(cache.rglob("*.tmp"))
