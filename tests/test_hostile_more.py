"""The second hostile battery: a cache that lies, a shared cache folder, killed runs, signals,
full disks, failing pagers, YAML 1.1 surprises, invisible controls, spreadsheet cells, ids that
collide with aliases. Each case through the process boundary where the behaviour lives there."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anastro_cli
from anastro_cli import status
from anastro_cli.dataset import files as files_module
from anastro_cli.dataset.cache import Cache, cache_dir, stores_dir
from anastro_cli.dataset.load import check, load
from anastro_cli.output.csv import defuse
from helpers import EFFECT, run, run_in_pty

SRC = str(Path(anastro_cli.__file__).resolve().parents[1])


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "anastro_cli", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
        check=False,
    )


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return [f"{p.line}: {p.field}: {p.message}" for p in check(path)]


@pytest.mark.parametrize("written", ["012", "1:30", "0b11", "0x1F", "1_000", ".inf"])
def test_a_percentage_read_by_yaml_1_1_rules_is_a_problem_with_its_line(
    tmp_path: Path, written: str
) -> None:
    problems = _problems(tmp_path, EFFECT.format(name="Mine", low=written))
    assert any("low" in p and "must be a number" in p and p.startswith("8:") for p in problems)


@pytest.mark.parametrize("written", ["1.10", "2026", "true"])
def test_text_fields_reject_what_is_not_text(tmp_path: Path, written: str) -> None:
    problems = _problems(tmp_path, EFFECT.format(name=written, low=1))
    assert any(".name: must be text" in p and p.startswith("3:") for p in problems), problems


def test_text_that_yaml_1_1_would_read_as_a_number_stays_as_written(tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(EFFECT.format(name="0x1F", low=1), encoding="utf-8")
    assert _problems(tmp_path, EFFECT.format(name="0x1F", low=1)) == []
    assert load(data).effect("mine").name == "0x1F"  # type: ignore[union-attr]


def test_an_empty_data_option_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "list", "--data", "")
    assert result.exit_code == status.USAGE
    assert "--data is empty" in result.stderr


def test_a_data_path_that_is_not_utf8_is_one_line() -> None:
    result = _run("list", "--data", os.fsdecode(b"not-\xff-here.yaml"))
    assert result.returncode == status.USAGE
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("control", ["\u061c", "\u200b", "\u202e", "\u2066", "\u2060", "\ufeff"])
@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "yaml"])
def test_invisible_controls_never_reach_the_output(
    runner: CliRunner, tmp_path: Path, control: str, fmt: str
) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(
        EFFECT.format(name=f"Sneaky{control}name", low=1).replace("seed-organ", "seed-organ"),
        encoding="utf-8",
    )
    result = run(runner, "list", "--data", str(data), "-f", fmt)
    assert result.exit_code == status.OK, result.stderr
    assert control not in result.stdout
    assert "Sneakyname" in result.stdout


@pytest.mark.parametrize("cell", ["-inf", "-nan", "+inf", "-Infinity", "-1e999", "=1+1", "@x"])
def test_csv_guards_every_cell_a_spreadsheet_would_evaluate(cell: str) -> None:
    assert defuse(cell).startswith("'")


def test_csv_keeps_plain_numbers() -> None:
    assert [defuse(c) for c in ("-5.2", "+3", "0", "1e3")] == ["-5.2", "+3", "0", "1e3"]


def test_an_id_wins_over_another_effects_alias(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(
        "effects:\n  - id: aaa-first\n    name: First\n    aliases: [fatigue]\n"
        "    system: general\n    seriousness: common\n    mechanism: Not known.\n",
        encoding="utf-8",
    )
    shown = json.loads(run(runner, "show", "fatigue", "--data", str(data), "--json").stdout)
    assert shown["id"] == "fatigue"


def test_stdout_on_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "anastro_cli", "list"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": SRC},
            timeout=60,
            check=False,
        )
    assert result.returncode == status.OUTPUT
    assert result.stderr.strip() == "anastro: cannot write the output: No space left on device"


def _pty(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    full = {**os.environ, "PYTHONPATH": SRC, "COLUMNS": "80", "LINES": "24", **env}
    return run_in_pty(args, full)


@pytest.mark.parametrize("pager", ["false", "'unbalanced", "no-such-pager-anywhere"])
def test_a_pager_that_fails_never_loses_the_output(pager: str) -> None:
    code, out = _pty(["list", "--pager"], {"PAGER": pager})
    assert code == status.OK
    assert "Hot flashes" in out
    assert "Traceback" not in out


def test_an_interrupt_as_output_ends_exits_130_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "anastro_cli", "list"], env=env, capture_output=True, check=False
    )
    for lines_first in (1, 20, 60):
        process = subprocess.Popen(
            [sys.executable, "-m", "anastro_cli", "compare", "tamoxifen", "--full"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert process.stdout is not None
        for _ in range(lines_first):  # the program is writing: interrupt it mid-output
            process.stdout.readline()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        # 130, or (when the signal lands as the interpreter itself ends) death by SIGINT as
        # the shell expects it; 0 when the output was already complete.
        assert process.returncode in (status.OK, status.INTERRUPTED, -signal.SIGINT), err
        assert b"Exception ignored" not in err
        assert b"Traceback" not in err


def test_terminate_mid_compile_exits_143_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "anastro_cli", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        if list(cache.rglob("*.tmp")):  # the compile is writing its temporary store
            process.send_signal(signal.SIGTERM)
            break
        time.sleep(0.002)
    _, err = process.communicate(timeout=30)
    assert process.returncode in (status.OK, status.TERMINATED), err
    assert b"Traceback" not in err
    assert not list(cache.rglob("*.tmp"))


def test_cache_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    old = os.umask(0)
    try:
        result = _run("list", env={"ANASTRO_CACHE_DIR": str(cache)})
    finally:
        os.umask(old)
    assert result.returncode == status.OK
    assert (cache / "stores-v1").stat().st_mode & 0o777 == 0o700
    assert cache.stat().st_mode & 0o077 == 0


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANASTRO_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_dir().is_absolute()
    assert cache_dir() == Path.home() / ".cache" / "anastro"


def test_a_shared_cache_folder_keeps_everyone_elses_files(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    theirs = [shared / "dataset-notes.tmp", shared / f"dataset-{'a' * 32}.json"]
    for path in theirs:
        path.write_text("mine", encoding="utf-8")
    os.utime(theirs[0], (1, 1))  # old, as a leftover would be
    extra = tmp_path / "extra.yaml"
    for index in range(3):
        extra.write_text(f"systems:\n  - id: x{index}\n    name: X\n", encoding="utf-8")
        assert (
            _run("list", "--data", str(extra), env={"ANASTRO_CACHE_DIR": str(shared)}).returncode
            == 0
        )
    assert all(path.read_text(encoding="utf-8") == "mine" for path in theirs)


def test_a_killed_runs_temporary_file_is_cleared_by_the_next(tmp_path: Path) -> None:
    stores = tmp_path / "cache" / "stores-v1"
    stores.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    leftover = stores / f"dataset-{dead.stdout.strip()}-abc123.tmp"
    leftover.write_bytes(b"half a store")
    assert _run("list", env={"ANASTRO_CACHE_DIR": str(tmp_path / "cache")}).returncode == 0
    assert not leftover.exists()


def test_a_fifo_where_the_store_should_be_does_not_hang(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"ANASTRO_CACHE_DIR": str(cache)}
    assert _run("list", env=env).returncode == 0
    (stored,) = (cache / "stores-v1").glob("dataset-*.db")
    stored.unlink()
    os.mkfifo(stored)
    result = _run("search", "fatigue", env=env)
    assert result.returncode == 0
    assert "fatigue" in result.stdout


def _store(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    cache = tmp_path / "cache"
    env = {"ANASTRO_CACHE_DIR": str(cache)}
    assert _run("show", "hot-flashes", "--json", env=env).returncode == 0
    (stored,) = (cache / "stores-v1").glob("dataset-*.db")
    return stored, env


def test_a_changed_figure_in_a_stored_effect_is_never_printed(tmp_path: Path) -> None:
    stored, env = _store(tmp_path)
    with sqlite3.connect(stored) as db:
        (record,) = db.execute("SELECT record FROM effect WHERE id = 'hot-flashes'").fetchone()
        changed = record.replace(b"\x00\x00\x00\x00\x00\x00B@", b"\x00\x00\x00\x00\x00\x80O@")
        assert changed != record  # 36.0 -> 63.0 in the marshalled float
        db.execute("UPDATE effect SET record = ? WHERE id = 'hot-flashes'", (changed,))
    db.close()
    result = _run("show", "hot-flashes", "--full", "--json", env=env)
    assert result.returncode == 0
    assert "damaged" in result.stderr
    figures = {f["low"] for f in json.loads(result.stdout)["frequencies"]}
    assert 36.0 in figures
    assert 63.0 not in figures


def test_random_bit_flips_in_the_store_never_print_changed_text(tmp_path: Path) -> None:
    stored, env = _store(tmp_path)
    truth = _run("show", "hot-flashes", "--full", "--json", env={"ANASTRO_NO_CACHE": "1"}).stdout
    original = stored.read_bytes()
    generator = random.Random(20261130)
    for _ in range(20):
        flipped = bytearray(original)
        position = generator.randrange(len(flipped))
        flipped[position] ^= 1 << generator.randrange(8)
        stored.write_bytes(bytes(flipped))
        os.chmod(stored, 0o600)
        result = _run("show", "hot-flashes", "--full", "--json", env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout == truth
        assert "Traceback" not in result.stderr
        if stored.exists():
            stored.unlink()
        _run("list", env=env)  # a fresh store for the next flip
        (stored,) = (tmp_path / "cache" / "stores-v1").glob("dataset-*.db")
        original = stored.read_bytes()


def test_the_bytes_parsed_are_the_bytes_the_key_was_made_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text("systems:\n  - id: first\n    name: First\n", encoding="utf-8")
    cache = Cache([data])
    data.write_text("systems:\n  - id: second\n    name: Second\n", encoding="utf-8")

    def refuse(path: Path) -> bytes:
        raise AssertionError("read again")

    from anastro_cli.dataset import yamlsafe

    monkeypatch.setattr(yamlsafe, "read_bounded", refuse)
    documents = files_module.read_documents([data], cache.contents)
    assert documents[0].data["systems"][0]["id"] == "first"


def test_a_huge_single_line_name_is_refused_quickly(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "huge.yaml"
    data.write_text(EFFECT.format(name="x" * (5 * 2**20), low=1), encoding="utf-8")
    started = time.perf_counter()
    result = run(runner, "list", "--data", str(data))
    assert time.perf_counter() - started < 10
    assert result.exit_code == status.USAGE
    assert "too long" in result.stderr


def test_show_with_nothing_found_prints_the_documented_empty_result(runner: CliRunner) -> None:
    assert run(runner, "show", "zzqqxx", "--json").stdout == "[]\n"
    assert run(runner, "show", "zzqqxx", "-f", "yaml").stdout == "[]\n"
    assert run(runner, "show", "zzqqxx", "-f", "csv").stdout.startswith("effect,frequency,")
    assert run(runner, "show", "zzqqxx", "-f", "markdown").stdout.startswith("| effect |")


def test_loading_twice_from_the_same_bytes_is_one_store(tmp_path: Path) -> None:
    load()
    load()
    assert len(list(stores_dir().glob("dataset-*.db"))) == 1
    assert not list(stores_dir().glob("*.tmp"))


def test_processes_compiling_and_reading_at_once_all_print_the_same(tmp_path: Path) -> None:
    """Four processes start together on an empty cache (two compile-and-list, two
    compile-and-search), while a fifth compiles a different, larger dataset into the same
    cache: every one exits 0, each command prints what a quiet rerun prints, and the cache
    ends with one store per dataset and no temporary file."""
    cache = tmp_path / "cache"
    other = tmp_path / "other"
    generator = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_dataset.py"
    subprocess.run(
        [sys.executable, str(generator), "2000", str(other)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(cache)}
    commands = [
        ["list", "--json"],
        ["search", "fatigue", "--json"],
        ["list", "--json"],
        ["search", "fatigue", "--json"],
        ["--data", str(other), "--data-mode", "replace", "list", "--json"],
    ]
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "anastro_cli", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for command in commands
    ]
    outputs = [process.communicate(timeout=120) for process in started]
    for process, (_, err) in zip(started, outputs, strict=True):
        assert process.returncode == status.OK, err
        assert err == b""  # no reader ever met a half-written store ("damaged ... rebuilt")
    for command, (out, _) in zip(commands, outputs, strict=True):
        again = subprocess.run(
            [sys.executable, "-m", "anastro_cli", *command],
            capture_output=True,
            env=env,
            timeout=120,
            check=True,
        )
        assert out == again.stdout, command
    stores = list(cache.rglob("dataset-*.db"))
    assert len(stores) == 2
    assert not list(cache.rglob("*.tmp"))


def test_a_number_too_long_to_read_is_a_problem_with_its_line(tmp_path: Path) -> None:
    """Python refuses to read an integer of more than 4,300 digits (ValueError): such a run of
    digits stays text, and a figure written that way is a short problem with its line."""
    problems = _problems(tmp_path, EFFECT.format(name="Mine", low="9" * 5000))
    assert len(problems) == 1
    assert problems[0].startswith("8: ")
    assert "must be a number" in problems[0]
    assert len(problems[0]) < 200


SLOW_SITE = """
import os, time
import anastro_cli.cli.common as common

_open = common.open_dataset


def _slow(*args, **kwargs):
    dataset = _open(*args, **kwargs)
    os.write(2, b"READY\\n")
    time.sleep(20)
    return dataset


common.open_dataset = _slow
"""


@pytest.mark.parametrize(
    "args",
    [
        ["search", "fatigue", "--json"],  # answered before Typer loads
        ["search", "fatigue", "--limit", "3", "--json"],  # through Typer
        ["show", "fatigue"],
    ],
)
def test_ctrl_c_mid_command_is_one_line_and_130_with_or_without_typer(
    tmp_path: Path, args: list[str]
) -> None:
    """Typer turns a KeyboardInterrupt into a silent exit 130; the guard raises its own
    interrupt, so every command ends the same way: one line, 130, nothing on stdout."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SLOW_SITE)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), SRC]),
        "ANASTRO_CACHE_DIR": str(tmp_path / "cache"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "anastro_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == b"READY\n"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == status.INTERRUPTED
    assert err == b"anastro: interrupted\n"
    assert out == b""


def test_a_closed_stderr_keeps_the_exit_code(tmp_path: Path) -> None:
    """The one line cannot be written to a stderr nobody reads; the code is still the one
    the line came with (it was 0 through the plain search, 1 through Typer)."""
    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(tmp_path)}
    for args, code in (
        (["search", "xqzzy", "--json"], status.NOT_FOUND),
        (["search", "xqzzy", "--limit", "2"], status.NOT_FOUND),
        (["search", "", "--json"], status.USAGE),
        (["show", "nosuchthing"], status.NOT_FOUND),
        (["nosuchcommand", "--x"], status.USAGE),
    ):
        read, write = os.pipe()
        os.close(read)
        result = subprocess.run(
            [sys.executable, "-m", "anastro_cli", *args],
            stdout=subprocess.PIPE,
            stderr=write,
            env=env,
            check=False,
            timeout=60,
        )
        os.close(write)
        assert result.returncode == code, args
