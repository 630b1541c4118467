"""The stat stamp (dataset/stamp.py): a warm run trusts the key it recorded only while every
data and code file stats the same, never a stamp of files changed in the racy window, never a
damaged one, and falls back to reading and hashing when the stamped store is gone."""

from __future__ import annotations

import os
import shutil
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset import cache as cache_module
from anastro_cli.dataset import stamp as stamp_module
from anastro_cli.dataset import yamlsafe
from anastro_cli.dataset.cache import Cache, stores_dir
from anastro_cli.dataset.files import data_files
from anastro_cli.dataset.load import load

FIRST = "systems:\n  - id: first\n    name: First\n"
OTHER = "systems:\n  - id: fresh\n    name: Fresh\n"  # as long as FIRST


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled: the stamping clock runs 10 s ahead."""
    monkeypatch.setattr(stamp_module, "_now", lambda: time.time_ns() + 10 * 10**9)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every data file read for a key or a parse, in order."""
    seen: list[Path] = []
    real = yamlsafe.read_bounded

    def counted(path: Path, opened: list[os.stat_result] | None = None) -> bytes:
        seen.append(path)
        return real(path, opened)

    monkeypatch.setattr(yamlsafe, "read_bounded", counted)
    return seen


def _paths(extra: Path) -> list[Path]:
    return [*data_files(bundled_data_dir()), extra]


def _stamps() -> list[Path]:
    return sorted(p for p in stores_dir().glob("stamp-*") if not p.name.endswith(".tmp"))


def _forge(extra: Path, key: str, taken: int | None = None) -> Path:
    """A whole stamp (right checksum) of extra's current stat, naming key."""
    paths = _paths(extra)
    now = stamp_module.Snapshot(paths)
    body = stamp_module._body(now.taken if taken is None else taken, key, now.code, now.files)
    path = stamp_module.stamp_path(stores_dir(), paths)
    path.write_text(f"{body}crc {zlib.crc32(body.encode())}\n", encoding="ascii")
    return path


def _bundled_key() -> str:
    """The key of the bundled dataset alone, with its store in the cache."""
    load()
    return Cache(data_files(bundled_data_dir())).key


def test_a_stamp_spares_a_warm_run_reading_and_hashing(
    tmp_path: Path, settled: None, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    assert load(extra).system("first") is not None
    assert len(_stamps()) == 1
    reads.clear()
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: pytest.fail("code hashed"))
    assert load(extra).system("first") is not None
    assert reads == []


def test_an_edit_keeping_size_and_mtime_is_still_seen(tmp_path: Path, settled: None) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    assert load(extra).system("first") is not None
    assert len(_stamps()) == 1
    before = extra.stat()
    extra.write_text(OTHER, encoding="utf-8")  # same inode, same size
    os.utime(extra, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = extra.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    edited = load(extra)  # the ctime moved: the stamp no longer matches
    assert edited.system("fresh") is not None
    assert edited.system("first") is None


def test_a_stamp_of_files_changed_in_the_racy_window_is_neither_written_nor_trusted(
    tmp_path: Path, reads: list[Path]
) -> None:
    other_key = _bundled_key()
    stamped = _stamps()  # the bundled data files are settled: stamped
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")  # changed just now
    assert load(extra).system("first") is not None
    assert _stamps() == stamped  # not written
    reads.clear()
    assert load(extra).system("first") is not None
    assert extra in reads  # read and hashed again
    # A whole stamp of these very stats, taken within RACY_NS of the file's change (another
    # version's or a forged one), naming another dataset's store: not trusted.
    _forge(extra, other_key)
    assert load(extra).system("first") is not None


@pytest.mark.parametrize(
    "damage", ["key swapped", "truncated", "not ascii", "empty", "a folder", "others can write"]
)
def test_a_damaged_stamp_is_ignored_and_replaced(
    tmp_path: Path, settled: None, damage: str
) -> None:
    other_key = _bundled_key()
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    load(extra)
    stamp = next(p for p in _stamps() if other_key not in p.read_text(encoding="ascii"))
    whole = stamp.read_text(encoding="ascii")
    key = whole.split("\nkey ")[1][:64]
    if damage == "key swapped":  # the checksum no longer matches: another store is not read
        stamp.write_text(whole.replace(key, other_key), encoding="ascii")
    elif damage == "truncated":
        stamp.write_text(whole[: len(whole) // 2], encoding="ascii")
    elif damage == "not ascii":
        stamp.write_bytes(whole.encode("ascii").replace(b"anastro", b"\xffnastro"))
    elif damage == "empty":
        stamp.write_bytes(b"")
    elif damage == "a folder":
        stamp.unlink()
        stamp.mkdir()
    else:  # whole, but someone else could have written it
        body = whole.replace(key, other_key).rsplit("crc ", 1)[0]
        stamp.write_text(f"{body}crc {zlib.crc32(body.encode())}\n", encoding="ascii")
        stamp.chmod(0o666)
    assert load(extra).system("first") is not None
    if damage != "a folder":  # written again, whole, this user's only
        assert stamp_module.key_of(stamp) == key
        assert stamp.stat().st_mode & 0o077 == 0


def test_a_stamp_whose_store_is_gone_falls_back_to_reading_and_hashing(
    tmp_path: Path, settled: None
) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    load(extra)
    (store,) = stores_dir().glob("dataset-*.db")
    # A whole, settled stamp of these stats naming a key that has no store: the files are
    # read and hashed after all, and the store found under the key of their bytes.
    stamp = _forge(extra, "0" * 64, taken=time.time_ns() + 5 * 10**9)
    assert load(extra).system("first") is not None
    assert {p.name for p in stores_dir().glob("dataset-*.db")} == {store.name}
    assert store.name.removeprefix("dataset-")[:32] in stamp.read_text(encoding="ascii")
    store.unlink()  # gone: compiled again, under the same key
    assert load(extra).system("first") is not None
    assert store.exists()


def test_pruning_removes_stamps_whose_store_is_gone(tmp_path: Path, settled: None) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    load(extra)
    (stamp,) = _stamps()
    for store in stores_dir().glob("dataset-*.db"):
        store.unlink()
    junk = stores_dir() / f"stamp-{'a' * 32}"
    junk.write_text("not a stamp", encoding="ascii")
    leftover = stores_dir() / "stamp-999999999-abcdef.tmp"  # of a process long gone
    leftover.write_text("", encoding="ascii")
    foreign = stores_dir() / "stamp-mine"
    foreign.write_text("", encoding="ascii")
    load()  # writes the bundled store: prunes
    assert not stamp.exists()
    assert not junk.exists()
    assert not leftover.exists()
    assert foreign.exists()
    assert len(_stamps()) == 2  # the bundled dataset's, and the foreign file


def test_edited_package_code_is_still_seen(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install: a module edited in place (same size, mtime put back) must not meet
    the store the old code wrote, though the stamp of the data still matches."""
    copy = tmp_path / "anastro_cli"
    shutil.copytree(
        stamp_module.package_dir(), copy, ignore=shutil.ignore_patterns("__pycache__", "data")
    )
    monkeypatch.setattr(stamp_module, "package_dir", lambda: str(copy))
    load()
    first = set(stores_dir().glob("dataset-*.db"))
    assert len(first) == 1
    assert len(_stamps()) == 1
    module = copy / "search" / "rank.py"
    before = module.stat()
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("Ranking:", "Rankings", 1), encoding="utf-8")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (module.stat().st_size, module.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    load()
    assert len(set(stores_dir().glob("dataset-*.db")) - first) == 1  # compiled again


def test_a_symlink_switched_and_back_while_read_is_never_stamped(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stats before and after the read are the first file's, the bytes the other's: the
    handle's own stat says which file was read, so no stamp pairs them."""
    first, other, link = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "data.yaml"
    first.write_text(FIRST, encoding="utf-8")
    other.write_text(OTHER, encoding="utf-8")
    link.symlink_to(first)
    real = yamlsafe.read_bounded

    def switched(path: Path, opened: list[os.stat_result] | None = None) -> bytes:
        if path != link:
            return real(path, opened)
        link.unlink()
        link.symlink_to(other)
        try:
            return real(path, opened)
        finally:
            link.unlink()
            link.symlink_to(first)

    monkeypatch.setattr(yamlsafe, "read_bounded", switched)
    assert load(link).system("fresh") is not None  # what was read: the other file
    assert _stamps() == []
    monkeypatch.setattr(yamlsafe, "read_bounded", real)
    assert load(link).system("first") is not None  # the link's file now, never "fresh"
    assert load(link).system("fresh") is None


def test_a_stamp_from_the_future_is_removed(tmp_path: Path, settled: None) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    load(extra)
    (stamp,) = _stamps()
    _forge(extra, Cache(_paths(extra)).key, taken=time.time_ns() + 3600 * 10**9)
    assert Cache(_paths(extra)).stamped is False
    assert not stamp.exists()


def test_another_python_never_meets_this_pythons_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its Unicode tables fold text and its marshal writes the blobs: key and stamp differ."""
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    first = Cache(_paths(extra))
    stamp = stamp_module.stamp_path(stores_dir(), _paths(extra))
    monkeypatch.setattr(cache_module, "interpreter", lambda: "cpython-399")
    monkeypatch.setattr(stamp_module, "interpreter", lambda: "cpython-399")
    assert Cache(_paths(extra)).key != first.key
    assert stamp_module.stamp_path(stores_dir(), _paths(extra)) != stamp


def test_where_no_stamp_is_trusted_no_stat_walk_is_made(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    monkeypatch.setattr(cache_module, "TRUSTED_CTIME", False)
    monkeypatch.setattr(stamp_module, "TRUSTED_CTIME", False)

    def walked(paths: list[Path]) -> None:
        pytest.fail("a snapshot was taken")

    monkeypatch.setattr(cache_module, "Snapshot", walked)
    assert load(extra).system("first") is not None
    assert load(extra).system("first") is not None
    assert _stamps() == []


def test_the_key_of_bulk_data_is_the_same_sha_256(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Megabytes of data are hashed by OpenSSL (hashlib), a little by CPython's own module:
    # the same digest, so the same key whichever did it.
    assert stamp_module.sha256(b"anastro", bulk=True).hexdigest() == (
        stamp_module.sha256(b"anastro").hexdigest()
    )
    extra = tmp_path / "extra.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    asked: list[bool] = []
    real = stamp_module.sha256

    def sha256(data: bytes = b"", *, bulk: bool = False) -> Any:
        asked.append(bulk)
        return real(data, bulk=bulk)

    monkeypatch.setattr(cache_module, "_sha256", sha256)
    monkeypatch.setattr(cache_module, "TRUSTED_CTIME", False)  # hashed each time
    keys = []
    for bulk in (0, 2**62):  # every size bulk, then none
        monkeypatch.setattr(cache_module, "BULK", bulk)
        keys.append(Cache(_paths(extra)).key)
    assert True in asked
    assert asked[-1] is False
    assert len(keys[0]) == 64
    assert keys[0] == keys[1]


def test_the_key_covers_every_file_named_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "TRUSTED_CTIME", False)  # hashed each time
    extra = tmp_path / "extra.yaml"
    extra.write_text(FIRST, encoding="utf-8")
    paths = _paths(extra)
    keys = {
        Cache(paths).key,
        Cache([*paths, paths[0]]).key,  # a file given twice (--data of a bundled file)
        Cache([paths[-1], *paths[:-1]]).key,
    }
    assert len(keys) == 3
