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
sys.argv = ["anastro", *json.loads(sys.argv[1])]
try:
    from anastro_cli.cli.app import main
    main()
except SystemExit:
    pass
finally:
    names = sorted(sys.modules)
    print("\\nMODULES " + json.dumps(names), file=sys.stderr)
"""
HEAVY = {"rich", "yaml", "rapidfuzz"}


def loaded(args: list[str], tmp_path: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run(
        [sys.executable, "-m", "anastro_cli", "list"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )  # warm the cache first
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    line = result.stderr.rsplit("MODULES ", 1)[1]
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
