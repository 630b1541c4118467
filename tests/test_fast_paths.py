"""The start-up fast paths behave exactly as the paths they replace (issue 16): records
without dataclass machinery, a stored dataset decoded part by part, only the invoked command
built, search JSON from the store's shapes, the piped search list without Rich."""

from __future__ import annotations

import contextlib
import io
import json
import signal
import sys

import pytest

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
