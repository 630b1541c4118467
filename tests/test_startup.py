"""What start-up loads: each import on the hot path must earn its place (no timing here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import anastro_cli

SRC = str(Path(anastro_cli.__file__).resolve().parents[1])
PROBE = """
import json, sys
entry = sys.argv[2]
sys.argv = ["anastro", *json.loads(sys.argv[1])]
try:
    if entry == "app":  # the Typer app itself, as for any argv the entry passes on
        from anastro_cli.cli.app import main
    else:  # the console script's entry
        from anastro_cli.__main__ import run as main
    main()
    code = 0
except SystemExit as exc:
    code = exc.code or 0
finally:
    names = sorted(sys.modules)
    print("\\nMODULES " + json.dumps(names), file=sys.stderr)
    print("EXIT " + str(code), file=sys.stderr)
"""
HEAVY = {"rich", "yaml", "rapidfuzz"}


def loaded(args: list[str], tmp_path: Path, entry: str = "app") -> set[str]:
    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run(
        [sys.executable, "-m", "anastro_cli", "list"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )  # warm the cache first
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), entry],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stderr.rstrip().endswith("EXIT 0"), result.stderr[-300:]
    line = result.stderr.rsplit("MODULES ", 1)[1].split("\n", 1)[0]
    return {
        name.split(".")[0] if not name.startswith("anastro_cli") else name
        for name in json.loads(line)
    }


def test_version_loads_no_dataset_code(tmp_path: Path) -> None:
    modules = loaded(["--version"], tmp_path)
    assert not modules & HEAVY
    assert not {"anastro_cli.dataset", "anastro_cli.model", "anastro_cli.output.views"} & modules


@pytest.mark.parametrize(
    "args",
    [["search", "fatigue", "--json"], ["list", "--json"], ["show", "fractures", "--format", "csv"]],
)
def test_machine_formats_on_a_cached_dataset_skip_rich_and_yaml(
    tmp_path: Path, args: list[str]
) -> None:
    modules = loaded(args, tmp_path)
    assert not modules & {"rich", "yaml"}, modules & HEAVY


def test_a_search_builds_no_dataclass_and_loads_no_openssl(tmp_path: Path) -> None:
    """Records are model.frozen records (a dataclass compiles five methods per class) and the
    cache key's SHA-256 is CPython's own (hashlib loads OpenSSL)."""
    for args in (["search", "fatigue", "--json"], ["search", "fatigue"]):
        assert not {"dataclasses", "hashlib", "_hashlib"} & loaded(args, tmp_path)


def test_an_exact_search_never_loads_rapidfuzz(tmp_path: Path) -> None:
    assert "rapidfuzz" not in loaded(["search", "fatigue", "--json"], tmp_path)
    assert "rapidfuzz" in loaded(["search", "tiredniss", "--json"], tmp_path)


def test_list_json_does_not_load_search_or_compare(tmp_path: Path) -> None:
    modules = loaded(["list", "--json"], tmp_path)
    assert not {"anastro_cli.search", "anastro_cli.compare", "anastro_cli.table"} & modules


def test_tables_load_rich(tmp_path: Path) -> None:
    assert "rich" in loaded(["show", "fatigue"], tmp_path)


def test_a_piped_search_list_is_written_without_rich(tmp_path: Path) -> None:
    """One plain line per hit (table/lines.py): neither Rich nor the table writer loads for
    a search that is not coloured, whichever format."""
    modules = loaded(["search", "fatigue"], tmp_path)
    assert not {"rich", "yaml", "anastro_cli.table.writer", "anastro_cli.table.lists"} & modules
    assert not {"anastro_cli.table", "rich"} & loaded(["search", "fatigue", "--json"], tmp_path)


@pytest.mark.parametrize(
    "args", [["search", "fatigue", "--json"], ["search", "hot", "flushes", "--format", "json"]]
)
def test_the_console_entry_answers_a_json_search_before_typer_loads(
    tmp_path: Path, args: list[str]
) -> None:
    """Typer and click are most of a run: the plain search (cli/quick.py) never loads
    them, nor any command module; any other command still goes through the app."""
    modules = loaded(args, tmp_path, entry="run")
    assert "anastro_cli.cli.searching" in modules
    assert not {"typer", "click", "rich", "yaml", "anastro_cli.cli.app"} & modules
    assert not {"anastro_cli.cli.effect_commands", "anastro_cli.cli.options"} & modules
    assert "typer" in loaded(["search", "fatigue", "--limit", "3", "--json"], tmp_path, "run")
    assert "typer" in loaded(["search", "fatigue", "--color", "never"], tmp_path, "run")
    assert "typer" not in loaded(["search", "fatigue"], tmp_path, "run")
