"""What a person sees: each command's first screen, measured in a real pseudo-terminal at 80x24
(and 60 columns), as the terminal would wrap it. The answer must not scroll away."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import pytest

import anastro_cli
from helpers import run_in_pty

SRC = str(Path(anastro_cli.__file__).resolve().parents[1])
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*(\x07|\x1b\\)")


def screen(args: list[str], tmp_path: Path, cols: int = 80, rows: int = 24) -> list[str]:
    """The lines a terminal of cols x rows shows for `anastro ARGS` (colour on, no pager)."""
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(cols),
        "LINES": str(rows),
        "PAGER": "cat",
        "PYTHONPATH": SRC,
        "ANASTRO_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("NO_COLOR", None)
    _, written = run_in_pty(args, env, cols, rows)
    text = ANSI.sub("", written).replace("\r", "")
    return text.rstrip("\n").split("\n")


def rows_of(lines: list[str], cols: int) -> int:
    return sum(max(1, math.ceil(len(line.rstrip()) / cols)) for line in lines)


@pytest.mark.parametrize(
    ("args", "limit"),
    [
        (["show", "arthralgia"], 24),
        (["show", "hot-flashes"], 24),
        (["show", "blood-clots"], 24),
        (["compare", "tamoxifen"], 30),
        (["compare", "letrozole"], 30),
        (["compare", "exemestane"], 30),
        (["about"], 30),
        (["search", "my", "knees", "and", "hands", "ache", "in", "the", "morning"], 24),
        (["check", "chest pain", "hot flushes", "one leg swollen and painful"], 24),
    ],
)
def test_the_answer_fits_the_first_screen(tmp_path: Path, args: list[str], limit: int) -> None:
    lines = screen(args, tmp_path)
    assert rows_of(lines, 80) <= limit, "\n".join(lines)


def test_warnings_first_screen_is_emergencies_each_whole(tmp_path: Path) -> None:
    """The emergency route, then the emergency signs, none cut short (the rest scrolls)."""
    first = screen(["warnings"], tmp_path)[:23]
    assert first[0].startswith("EMERGENCY: call 999")
    assert not any(line.rstrip().endswith("...") for line in first)
    assert "thoughts of harming yourself" in " ".join(first)


def test_show_first_screen_holds_figure_warning_and_help(tmp_path: Path) -> None:
    first = "\n".join(screen(["show", "arthralgia"], tmp_path)[:24])
    assert "35.6%" in first
    assert "about 1 in 3" in first
    assert "NEXT VISIT" in first  # its first warning sign, marked
    assert "TRIAL" in first  # its best-backed help
    # when it starts and fades, whole: its end says whether it gets better
    assert "eases after stopping" in " ".join(first.split())
    assert "--full" in first


@pytest.mark.parametrize("cols", [60, 80, 160])
def test_search_never_breaks_the_id_a_person_types_next(tmp_path: Path, cols: int) -> None:
    lines = screen(["search", "joint pain"], tmp_path, cols=cols)
    assert lines[1].startswith("arthralgia ")
    assert all(len(line) <= cols for line in lines)


def test_a_question_that_is_not_a_command_gets_a_search_hint(tmp_path: Path) -> None:
    lines = screen(["my", "knees", "hurt"], tmp_path)
    assert lines == [
        "anastro: 'my' is not a command: to look it up, try anastro search \"my knees hurt\""
    ]


def test_emergency_marks_survive_no_colour(tmp_path: Path) -> None:
    master_env = os.environ.get("NO_COLOR")
    os.environ["NO_COLOR"] = "1"
    try:
        lines = screen(["show", "stroke"], tmp_path)
    finally:
        if master_env is None:
            del os.environ["NO_COLOR"]
        else:
            os.environ["NO_COLOR"] = master_env
    assert any("EMERGENCY" in line for line in lines)
