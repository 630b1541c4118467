"""The start-up fast paths behave exactly as the paths they replace (issue 16): records
without dataclass machinery, a stored dataset decoded part by part, only the invoked command
built, search JSON from the store's shapes, the piped search list without Rich."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anastro_cli.cli import app as cli_app
from anastro_cli.cli.app import COMMANDS, app, main
from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import FrozenInstanceError, fields_of, replace
from anastro_cli.model.records import Arm, Source, Trial
from anastro_cli.output.json import JsonWriter
from anastro_cli.output.shapes import plain
from anastro_cli.output.views import SearchView
from anastro_cli.search.rank import search
from anastro_cli.table.lines import PlainTableWriter, search_lines
from anastro_cli.table.writer import TableWriter

SRC = str(Path(__file__).resolve().parents[1] / "src")


def test_records_compare_hash_and_print_as_frozen_dataclasses() -> None:
    arm = Arm("anastrozole", 3092)
    assert arm == Arm(drug="anastrozole", n=3092)
    assert hash(arm) == hash(Arm("anastrozole", 3092))
    assert arm != Arm("anastrozole", 3094)
    assert arm != ("anastrozole", 3092)  # type: ignore[comparison-overlap]
    assert Arm("letrozole") == Arm("letrozole", None)
    assert repr(arm) == "Arm(drug='anastrozole', n=3092)"
    assert len({arm, Arm("anastrozole", 3092), Arm("tamoxifen", 3094)}) == 2
    assert fields_of(Trial)[:3] == ("id", "name", "source")


def test_records_are_immutable_and_check_their_arguments() -> None:
    source = Source("nhs", "NHS anastrozole", "patient-info", "high")
    with pytest.raises(FrozenInstanceError):
        source.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del source.id
    assert replace(source, year=2024) == Source(
        "nhs", "NHS anastrozole", "patient-info", "high", 2024
    )
    assert source.year is None

    def no_arguments() -> object:
        return Arm()  # type: ignore[call-arg]

    for bad in (
        no_arguments,
        lambda: Arm("a", 1, 2),  # type: ignore[call-arg]
        lambda: Arm("a", drug="b"),  # type: ignore[misc]
        lambda: Arm("a", size=1),  # type: ignore[call-arg]
    ):
        with pytest.raises(TypeError):
            bad()


def test_a_stored_dataset_decodes_each_part_when_first_used() -> None:
    stored = load()
    assert stored.store is not None
    assert not {"figures", "trials", "sources"} & set(vars(stored))
    assert stored.figures_for("hot-flashes")
    assert "figures" in vars(stored)
    built = load(use_cache=False)
    assert stored == built  # every part decoded, and equal to the compiled one's
    copy = replace(stored, effects=tuple(stored.effects))
    assert copy.store is None
    assert copy == stored
    assert isinstance(copy, Dataset)


@pytest.mark.parametrize(
    "words",
    [
        ["search", "fatigue", "--json"],
        ["--json", "search", "hot", "flush"],
        ["--data-mode", "merge", "show", "fatigue", "--format", "csv"],
        ["help", "search"],
        ["help"],
        ["--help"],
        ["search", "--help"],
        ["search"],
        ["frobnicate", "it"],
        [],
    ],
)
def test_building_only_the_invoked_command_changes_nothing(
    words: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signal, "signal", lambda *_: None)  # main() would keep its handlers
    monkeypatch.setattr(sys, "argv", ["anastro", *words])

    def run() -> tuple[object, str, str]:
        with pytest.raises(SystemExit) as ended:
            main()
        captured = capsys.readouterr()
        return ended.value.code or 0, captured.out, captured.err

    only_the_invoked = run()
    assert app.registered_commands == list(COMMANDS)  # every command again after the run
    monkeypatch.setattr(cli_app, "only_the_invoked_command", lambda _: contextlib.nullcontext())
    assert only_the_invoked == run()


def test_the_search_json_of_a_store_is_the_shape_byte_for_byte() -> None:
    stored = load()
    queries = ("fatigue", "hot flush", "estradiol", "driving", "aching knees", "zzzz")
    views = [SearchView(stored, query, tuple(search(stored, query, 10))) for query in queries]
    written = []
    for view in views:
        out = io.StringIO()
        JsonWriter().write(view, out)
        written.append(out.getvalue())
    assert "figures" not in vars(stored)  # the stored JSON, not the trial figures
    for view, text in zip(views, written, strict=True):
        items = [json.dumps(item, ensure_ascii=True) for item in plain(view)]
        assert text == ("[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n")


QUERIES = (
    "fatigue",
    "hot flush",
    "aching knees in the morning",
    "estradiol",
    "driving",
    "tiredniss",
    "bone",
    "pain",
    "caf\u00e9 na\u00efve fatigue",
    "fatigue " * 30,
)


@pytest.mark.parametrize("ascii_only", [False, True])
def test_the_plain_search_list_is_the_rich_one_byte_for_byte(ascii_only: bool) -> None:
    stored = load()
    views = [SearchView(stored, q, tuple(search(stored, q, 10))) for q in QUERIES]
    # The common case skips Rich, and reads how common each effect is from the stored JSON.
    assert search_lines(views[0], 100, ascii_only) is not None
    assert "figures" not in vars(stored)
    for view in views:
        for width in (20, 45, 50, 64, 80, 100, 133, 240):
            plain_out, rich_out = io.StringIO(), io.StringIO()
            PlainTableWriter(width=width, ascii_only=ascii_only).write(view, plain_out)
            TableWriter(color=False, width=width, ascii_only=ascii_only).write(view, rich_out)
            assert plain_out.getvalue() == rich_out.getvalue(), (view.query, width)


@pytest.mark.parametrize(
    ("argv", "plain"),
    [
        (["search", "fatigue", "--json"], (["fatigue"], "json")),
        (["search", "hot", "flushes", "--format", "json"], (["hot", "flushes"], "json")),
        (["search", "--format=csv", "aching knees"], (["aching knees"], "csv")),
        (["search", "-f", "json", "json"], (["json"], "json")),
        (["search", "-f", "markdown", "yaml"], (["yaml"], "markdown")),
        (["search", "", "--json"], ([""], "json")),
        (["search", "fatigue"], (["fatigue"], "table")),
        (["search", "--json"], None),  # no words: Typer's usage error
        (["search", "fatigue", "--json", "--json"], None),
        (["search", "fatigue", "--json", "--format", "json"], None),
        (["search", "fatigue", "--format", "JSON"], None),  # case folding is Typer's
        (["search", "fatigue", "--format", "html"], None),
        (["search", "fatigue", "--format=", "json"], None),
        (["search", "fatigue", "--json", "-n", "3"], None),
        (["search", "fatigue", "--json", "--help"], None),
        (["search", "--", "-fatigue", "--json"], None),
        (["search", "fatigue", "--format"], None),
        (["--json", "search", "fatigue"], None),
        (["show", "fatigue", "--json"], None),
        ([], None),
    ],
)
def test_only_the_plainest_search_is_taken_before_typer(
    argv: list[str], plain: tuple[list[str], str] | None
) -> None:
    from anastro_cli.cli.quick import plain_search

    assert plain_search(argv, {}) == plain
    if plain is not None:
        assert plain_search(argv, {"ANASTRO_DATA": "x.yaml"}) is None
        assert plain_search(argv, {"_ANASTRO_COMPLETE": "bash_complete"}) is None


def _entry_run(argv: list[str], *, typer_path: bool) -> tuple[object, str, str]:
    """(exit code, stdout, stderr) of the console entry, or of the Typer app it hands on to."""
    from anastro_cli.__main__ import run

    def through_typer() -> None:
        raise AssertionError("the plain search went through Typer")

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["anastro", *argv]
    code: object = 0
    if not typer_path:  # the entry must not hand this argv on to the app
        cli_app.main = through_typer
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            (main if typer_path else run)()
    except SystemExit as exc:
        code = exc.code
    finally:
        cli_app.main = main
        sys.argv = saved
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return code, out.getvalue(), err.getvalue()


_WORDS = st.sampled_from(
    ["fatigue", "hot", "flushes", "tiredniss", "xqzzy", "can", "i", "take", "hrt", "took",
     "2", "tablets", "paracetamol", "", " ", "prostate", "cancer", "she", "men", "jonts", "é"]
)  # fmt: skip
_FORMAT = st.sampled_from(
    [[], ["--json"], ["--format", "json"], ["--format=yaml"], ["-f", "csv"], ["-f", "markdown"],
     ["--format", "table"]]
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=6), _FORMAT, st.integers(0, 6))
def test_the_search_before_typer_is_the_apps_byte_for_byte(
    words: list[str], flag: list[str], at: int
) -> None:
    """Whatever the words (found, fuzzy, nothing found, out of scope, a medicine, blank) and
    wherever the format flag stands, the entry's own search prints what the app prints,
    on both streams, with the same exit code, in every format."""
    from anastro_cli.cli.quick import plain_search

    at = min(at, len(words))
    argv = ["search", *words[:at], *flag, *words[at:]]
    assert plain_search(argv, {}) is not None
    assert _entry_run(argv, typer_path=False) == _entry_run(argv, typer_path=True)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "fatigue"],
        ["search", "aching", "knees", "and", "hips"],
        ["search", "can", "she", "take", "hrt"],
        ["search", "xqzzy"],
        ["search", "hot", "flushes", "-f", "markdown"],
    ],
)
@pytest.mark.parametrize("cols", [80, 60])
def test_the_search_before_typer_is_the_apps_on_a_terminal(
    tmp_path: Path, args: list[str], cols: int
) -> None:
    """On a terminal too (colour, width, the table writer): the same bytes and exit code."""
    from helpers import run_in_pty

    env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_CACHE_DIR": str(tmp_path), "PAGER": "cat"}
    env.pop("NO_COLOR", None)
    fast = run_in_pty(args, env, cols)
    assert fast == run_in_pty(args, env, cols, through_typer=True)
    assert fast[1].strip()


def test_a_failing_command_returns_its_code_when_not_standalone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """fail() raises SystemExit; the app turns it back into the code it returns to a caller
    that asked for no exit (standalone_mode=False), as typer.Exit did."""
    assert app(["show", "nosuchthing"], standalone_mode=False) == 1
    assert app(["search", ""], standalone_mode=False) == 2
    assert capsys.readouterr().err.startswith("anastro: nothing here is called")
