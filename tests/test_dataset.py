"""Loading and validating datasets: broken fixtures name the right line; the cache is safe."""

from __future__ import annotations

import marshal
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset import cache as cache_module
from anastro_cli.dataset import files as files_module
from anastro_cli.dataset import load as load_module
from anastro_cli.dataset import stamp as stamp_module
from anastro_cli.dataset.cache import cache_dir, stores_dir
from anastro_cli.dataset.load import check, load
from anastro_cli.dataset.problems import DataError
from conftest import FIXTURES

BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def _expectation(path: Path) -> tuple[int, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    _, _, line, field = first.split(" ", 3)
    return int(line), field


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_broken_fixture_names_the_right_line_and_field(path: Path) -> None:
    line, field = _expectation(path)
    problems = check(path)
    assert problems, f"{path.name} passed validation"
    assert any(p.line == line and p.field == field and p.file == str(path) for p in problems), (
        f"expected {path.name}:{line} {field}; got {[str(p) for p in problems]}"
    )


def test_problem_text_is_file_line_column_field_message() -> None:
    problem = check(FIXTURES / "broken" / "unknown_system.yaml")[0]
    text = str(problem)
    assert text.startswith(f"{FIXTURES / 'broken' / 'unknown_system.yaml'}:5:")
    assert ": effects[clinic-test].system: unknown system 'plumbing'" in text


def test_a_clean_extension_merges_over_the_bundled_data(tmp_path: Path) -> None:
    extra = tmp_path / "clinic.yaml"
    extra.write_text(
        "effects:\n"
        "  - id: clinic-cramps\n"
        "    name: Leg cramps (clinic note)\n"
        "    system: musculoskeletal\n"
        "    seriousness: common\n"
        "    mechanism: Not established; recorded by our clinic.\n"
        "    lay_terms: [charley horse]\n",
        encoding="utf-8",
    )
    assert check(extra) == []
    merged = load(extra, "merge", use_cache=False)
    assert merged.effect("clinic-cramps") is not None
    assert merged.effect("arthralgia") is not None
    with pytest.raises(DataError) as excinfo:
        load(extra, "replace", use_cache=False)
    assert any("missing" in p.message for p in excinfo.value.problems)


def test_an_override_replaces_the_bundled_entry_with_the_same_id(tmp_path: Path) -> None:
    extra = tmp_path / "override.yaml"
    extra.write_text(
        "systems:\n  - id: eye\n    name: Eyes and vision\n    description: Our wording.\n",
        encoding="utf-8",
    )
    merged = load(extra, "merge", use_cache=False)
    eye = merged.system("eye")
    assert eye is not None
    assert eye.name == "Eyes and vision"
    assert [s.id for s in merged.systems].count("eye") == 1


def test_missing_path_is_reported(tmp_path: Path) -> None:
    problems = check(tmp_path / "nope.yaml")
    assert problems
    assert "no such file" in problems[0].message


def test_cache_is_written_reused_and_rebuilt_when_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load()
    files = list(stores_dir().glob("dataset-*.db"))
    assert len(files) == 1

    def no_yaml(paths: object) -> None:
        raise AssertionError("the cache should have been used")

    with monkeypatch.context() as patch:
        patch.setattr(load_module, "read_documents", no_yaml)
        assert load() == first
    files[0].write_bytes(b"not a database at all")
    assert load() == first
    # A store of the right shape whose contents were replaced is not believed either.
    with sqlite3.connect(files[0]) as db:
        db.execute("UPDATE meta SET value = ? WHERE name = 'core'", (marshal.dumps(["x"]),))
    db.close()
    assert load() == first
    with sqlite3.connect(files[0]) as db:
        db.execute("UPDATE meta SET value = 'another' WHERE name = 'key'")
    db.close()
    assert load() == first
    with sqlite3.connect(files[0]) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()[0] != "another"
    db.close()


def test_a_store_damaged_mid_command_is_removed_with_one_line(tmp_path: Path) -> None:
    load()
    (stored,) = stores_dir().glob("dataset-*.db")
    with sqlite3.connect(stored) as db:
        db.execute("UPDATE effect SET record = x'00' WHERE id = 'fatigue'")
    db.close()
    # The same modules as this process: the cache key follows the code that wrote the store.
    source = str(Path(cache_module.__file__).resolve().parents[2])
    env = {**os.environ, "ANASTRO_CACHE_DIR": str(cache_dir()), "PYTHONPATH": source}
    result = subprocess.run(
        [sys.executable, "-m", "anastro_cli", "show", "fatigue"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    # Never an internal error: the damaged file goes, and this answer comes from the data.
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert "damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Fatigue" in result.stdout
    assert not stored.exists()
    again = subprocess.run(
        [sys.executable, "-m", "anastro_cli", "show", "fatigue", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert again.returncode == 0
    assert '"id": "fatigue"' in again.stdout


def test_cache_key_follows_the_data(tmp_path: Path) -> None:
    extra = tmp_path / "clinic.yaml"
    extra.write_text(
        "sources:\n  - id: clinic\n    title: Our clinic notes\n    kind: secondary\n"
        "    quality: secondary_summary\n",
        encoding="utf-8",
    )
    load(extra)
    extra.write_text(
        "sources:\n  - id: clinic2\n    title: Our clinic notes\n    kind: secondary\n"
        "    quality: secondary_summary\n",
        encoding="utf-8",
    )
    assert load(extra).source("clinic2") is not None


def test_edited_code_does_not_meet_an_old_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fingerprint = cache_module.code_fingerprint()
    assert fingerprint == cache_module.code_fingerprint()  # stable for the same code
    load()
    (first,) = stores_dir().glob("dataset-*.db")
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "edited " + fingerprint)
    # An edit changes the code files' stat too, which a stat stamp (stamp.py) compares.
    files = stamp_module.code_files()
    monkeypatch.setattr(stamp_module, "code_files", lambda: [*files, ("/nowhere", "new.py")])
    load()
    second = set(stores_dir().glob("dataset-*.db")) - {first}
    assert len(second) == 1  # compiled again for the edited code


def test_read_only_cache_directory_does_not_stop_a_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores directory permissions, so refuse the writes themselves.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(Path, "write_text", refuse)
    monkeypatch.setattr(Path, "mkdir", refuse)
    assert load().effect("fatigue") is not None
    assert not cache_dir().exists()


def test_old_cache_files_are_pruned(tmp_path: Path) -> None:
    folder = stores_dir()
    folder.mkdir(parents=True)
    for index in range(12):
        old = folder / f"dataset-{index:032d}.db"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (index, index))
    # A file in the cache folder itself is never anastro's to remove (a shared folder).
    outside = cache_dir() / f"dataset-{99:032d}.json"
    outside.write_text("{}", encoding="utf-8")
    load()
    remaining = sorted(folder.glob("dataset-*.db"))
    assert len(remaining) == cache_module.CACHE_KEEP
    assert not (folder / f"dataset-{0:032d}.db").exists()
    assert outside.exists()


def test_pruning_keeps_the_cache_within_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = stores_dir()
    folder.mkdir(parents=True)
    load()  # the bundled dataset's store: the newest, always kept
    (bundled,) = folder.glob("dataset-*.db")
    size = bundled.stat().st_size
    monkeypatch.setattr(cache_module, "CACHE_MAX_BYTES", 3 * size)
    for index in range(5):
        old = folder / f"dataset-{index:032d}.db"
        old.write_bytes(b"x" * size)
        os.utime(old, (index + 10, index + 10))
    os.utime(bundled)
    extra = tmp_path / "extra.yaml"
    extra.write_text("systems:\n  - id: extra\n    name: Extra\n", encoding="utf-8")
    load(extra)  # writes one more store (a little larger) and prunes to fit
    remaining = {p.name for p in folder.glob("dataset-*.db")}
    assert bundled.name in remaining
    assert f"dataset-{4:032d}.db" in remaining
    assert f"dataset-{3:032d}.db" not in remaining
    assert len(remaining) == 3


def test_unwritable_cache_location_does_not_stop_a_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ANASTRO_CACHE_DIR", str(blocker / "cache"))
    assert load().effect("fatigue") is not None


def test_bundled_data_dir_is_inside_the_package_or_the_checkout() -> None:
    folder = bundled_data_dir()
    assert (folder / "effects.yaml").is_file()
    assert files_module.data_files(folder)


def test_pruning_spares_foreign_files_and_the_cache_in_use(tmp_path: Path) -> None:
    folder = stores_dir()
    folder.mkdir(parents=True)
    foreign = folder / "dataset-mine-1.json"
    foreign.write_text("{}", encoding="utf-8")
    load()  # the bundled dataset's cache
    bundled = next(p for p in folder.glob("dataset-*.db") if p != foreign)
    for index in range(cache_module.CACHE_KEEP + 2):
        extra = tmp_path / f"extra{index}.yaml"
        extra.write_text(f"systems:\n  - id: extra{index}\n    name: Extra\n", encoding="utf-8")
        load(extra)
        load()  # used between edits: stays
    assert foreign.exists()
    assert bundled.exists()


@pytest.mark.parametrize(
    "relative", ["search/rank.py", "store/write.py", "text/lexicon/stop_words.txt"]
)
def test_editing_a_sub_package_module_or_a_word_list_rebuilds_the_store(
    tmp_path: Path, relative: str
) -> None:
    """The cache key covers every module of every sub-package and every word list: a copy of
    the package with one of them edited compiles a new store instead of reading the old one."""
    import shutil

    package = Path(cache_module.__file__).resolve().parents[1]
    copy = tmp_path / "src" / "anastro_cli"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    if not (copy / "data").exists():
        shutil.copytree(package.parents[1] / "data", copy / "data")
    cache = tmp_path / "shared-cache"
    env = {**os.environ, "ANASTRO_CACHE_DIR": str(cache), "PYTHONPATH": str(copy.parent)}
    probe = ["-m", "anastro_cli", "search", "fatigue", "--json"]

    def stores() -> set[Path]:
        return set((cache / "stores-v1").glob("dataset-*.db"))

    subprocess.run([sys.executable, *probe], env=env, check=True, capture_output=True)
    first = stores()
    assert len(first) == 1
    subprocess.run([sys.executable, *probe], env=env, check=True, capture_output=True)
    assert stores() == first  # unchanged code reads the same store
    edited = copy / relative
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    subprocess.run([sys.executable, *probe], env=env, check=True, capture_output=True)
    assert len(stores() - first) == 1  # compiled again for the edited code
