"""Tests that guard the project: commands documented, help with examples, README commands real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from anastro_cli import status
from anastro_cli.cli.app import app
from helpers import run

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_app_has_the_expected_commands() -> None:
    assert set(COMMANDS) == {
        "list",
        "search",
        "show",
        "compare",
        "systems",
        "sources",
        "about",
        "validate",
        "check",
        "warnings",
        "report",
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"anastro {command}\b", README), f"README never shows `anastro {command}`"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_has_a_summary_and_an_example(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == status.OK
    assert "Example" in result.stdout
    assert f"anastro {command}" in result.stdout


def test_readme_first_code_block_is_install_and_test() -> None:
    block = re.search(r"```[a-z]*\n(.*?)```", README, re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2
    assert "pip install" in lines[0]
    assert "anastro search fatigue" in lines[0]
    assert "[test]" in lines[1]
    assert "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1] in ci


def test_readme_documents_exit_codes_and_json_fields() -> None:
    for text in (
        "0",
        "1",
        "2",
        "difference_pct",
        "comparator_pct",
        "frequencies",
        "score",
        "matched",
        "NO_COLOR",
    ):
        assert text in README


EXAMPLE = re.compile(r"^\$ (anastro [^\n|>]+)$", re.M)


@pytest.mark.parametrize("line", EXAMPLE.findall(README))
def test_readme_examples_really_run(runner: CliRunner, line: str) -> None:
    import shlex

    args = shlex.split(line)[1:]
    result = run(runner, *args)
    assert result.exit_code == status.OK, (line, result.stderr)
    assert result.stdout.strip()


def test_changelog_mentions_the_current_version() -> None:
    from anastro_cli import __version__

    assert f"[{__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
