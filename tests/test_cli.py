"""Every command through CliRunner: exit codes, streams and content."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from anastro_cli import __version__, status
from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset
from anastro_cli.output.csv import CsvWriter
from anastro_cli.output.csv import defuse as _defuse
from anastro_cli.output.formats import WRITERS, Format
from anastro_cli.output.views import SystemsView
from conftest import FIXTURES
from helpers import ANSI, run

DATA_COMMANDS = [
    ["list"],
    ["search", "fatigue"],
    ["show", "arthralgia"],
    ["compare", "tamoxifen"],
    ["compare"],
    ["systems"],
    ["sources"],
    ["about"],
]


def test_no_arguments_shows_an_overview(runner: CliRunner) -> None:
    result = run(runner)
    assert result.exit_code == status.OK
    assert "anastro search fatigue" in result.stdout
    assert "not medical advice" in result.stdout


def test_version_names_tool_and_dataset(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == status.OK
    assert f"anastro {__version__}" in result.stdout
    assert "dataset 2026.12.2 (2026-12-01)" in result.stdout


def test_list_system_groups_musculoskeletal(runner: CliRunner) -> None:
    result = run(runner, "list", "--system", "musculoskeletal")
    assert result.exit_code == status.OK
    assert "MUSCULOSKELETAL" in result.stdout
    assert "Joint pain" in result.stdout
    assert "Hot flash" not in result.stdout
    assert "very common" in result.stdout


@pytest.mark.parametrize("spelling", ["musculoskeletal", "MUSC", "Musculo", "Musculoskeletal"])
def test_list_system_accepts_id_name_and_prefix(runner: CliRunner, spelling: str) -> None:
    result = run(runner, "list", "--system", spelling, "--json")
    assert result.exit_code == status.OK
    systems = {effect["system"] for effect in json.loads(result.stdout)}
    assert systems == {"musculoskeletal"}


def test_list_unknown_system_exits_2_and_lists_valid_ones(runner: CliRunner) -> None:
    result = run(runner, "list", "--system", "nonsense")
    assert result.exit_code == status.USAGE
    assert result.stdout == ""
    assert "unknown system 'nonsense'" in result.stderr
    assert "musculoskeletal" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_list_ambiguous_prefix_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "list", "--system", "re")
    assert result.exit_code == status.USAGE
    assert "ambiguous" in result.stderr


def test_list_population_and_serious_filters(runner: CliRunner) -> None:
    men = json.loads(run(runner, "list", "--population", "men", "--json").stdout)
    assert all("men" in e["populations"] or "all" in e["populations"] for e in men)
    assert "erectile-dysfunction" in {e["id"] for e in men}
    assert "vaginal-dryness" not in {e["id"] for e in men}
    serious = json.loads(run(runner, "list", "--serious", "--json").stdout)
    assert serious
    assert {e["seriousness"] for e in serious} == {"rare-serious"}
    assert "fractures" in {e["id"] for e in serious}


def test_list_json_shape(runner: CliRunner) -> None:
    effects = json.loads(run(runner, "list", "--format", "json").stdout)
    assert len(effects) >= 50
    for effect in effects:
        assert {"id", "name", "aliases", "system", "frequencies"} <= set(effect)
        for figure in effect["frequencies"]:
            assert {"low", "high", "band", "source"} <= set(figure)
            assert figure["source"]


def test_search_fatigue_table(runner: CliRunner) -> None:
    result = run(runner, "search", "fatigue")
    assert result.exit_code == status.OK
    assert "Fatigue" in result.stdout
    assert result.stderr == ""


def test_search_json_is_ranked_with_score_and_matched(runner: CliRunner) -> None:
    hits = json.loads(run(runner, "search", "fatigue", "--json").stdout)
    assert hits[0]["id"] == "fatigue"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0]["matched"][0]["words"] == ["fatigue"]


def test_search_nothing_found_exits_1_with_one_line(runner: CliRunner) -> None:
    result = run(runner, "search", "zzzzqqq")
    assert result.exit_code == status.NOT_FOUND
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "is not listed among" in result.stderr


def test_search_typo_gets_a_did_you_mean_or_a_result(runner: CliRunner) -> None:
    result = run(runner, "search", "hedache")
    assert result.exit_code == status.OK
    assert "Headache" in result.stdout


def test_search_limit(runner: CliRunner) -> None:
    hits = json.loads(run(runner, "search", "pain", "--limit", "2", "--json").stdout)
    assert len(hits) == 2
    assert run(runner, "search", "pain", "--limit", "0").exit_code == status.USAGE


def test_search_empty_query_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "search", "   ")
    assert result.exit_code == status.USAGE
    assert "empty" in result.stderr


def test_show_card_has_every_section(runner: CliRunner) -> None:
    result = run(runner, "show", "arthralgia", "--full")
    assert result.exit_code == status.OK
    for heading in ("Why it happens", "How often", "What helps", "When to get help"):
        assert heading in result.stdout
    # Sources in plain words (short title in the table, full title below); ids only in JSON.
    assert "Breast Cancer Research" in result.stdout
    assert "bcr3636_t3" not in result.stdout
    assert "* not confirmed in a primary source" in result.stdout
    assert "ATAC" in result.stdout


def test_show_by_alias_and_by_typo(runner: CliRunner) -> None:
    by_alias = json.loads(run(runner, "show", "joint", "pain", "--json").stdout)
    assert by_alias["id"] == "arthralgia"
    typo = run(runner, "show", "arthralgya", "--json")
    assert typo.exit_code == status.OK
    assert json.loads(typo.stdout)["id"] == "arthralgia"
    assert "best match" in typo.stderr


def test_show_unknown_exits_1(runner: CliRunner) -> None:
    result = run(runner, "show", "qqqqzzzz")
    assert result.exit_code == status.NOT_FOUND
    assert result.stdout == ""


def test_compare_tamoxifen_table(runner: CliRunner) -> None:
    result = run(runner, "compare", "tamoxifen")
    assert result.exit_code == status.OK
    assert "ATAC" in result.stdout
    assert "Hot flashes" in result.stdout
    assert "35.7%" in result.stdout
    assert "40.9%" in result.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nolvadex", "tamoxifen"),
        ("FEMARA", "letrozole"),
        ("aromasin", "exemestane"),
        ("tamox", "tamoxifen"),
        ("Letrozole", "letrozole"),
    ],
)
def test_compare_accepts_brands_and_prefixes(runner: CliRunner, name: str, expected: str) -> None:
    result = run(runner, "compare", name, "--json")
    assert result.exit_code == status.OK
    assert json.loads(result.stdout)["comparator"] == expected


def test_compare_unknown_drug_exits_2_with_the_known_list(runner: CliRunner) -> None:
    result = run(runner, "compare", "aspirin")
    assert result.exit_code == status.USAGE
    assert result.stdout == ""
    for known in ("tamoxifen", "letrozole", "exemestane"):
        assert known in result.stderr
    assert "Traceback" not in result.stderr


def test_compare_without_drug_lists_comparators_and_trials(runner: CliRunner) -> None:
    result = run(runner, "compare", "--json")
    listed = {c["id"]: c for c in json.loads(result.stdout)}
    assert set(listed) == {"tamoxifen", "letrozole", "exemestane"}
    assert any(t.startswith("ATAC") for t in listed["tamoxifen"]["head_to_head_trials"])
    assert any(t.startswith("FACE") for t in listed["letrozole"]["head_to_head_trials"])


def test_systems_sources_about(runner: CliRunner) -> None:
    systems = json.loads(run(runner, "systems", "--json").stdout)
    assert {s["id"] for s in systems} >= {"musculoskeletal", "vasomotor", "reproductive"}
    sources = json.loads(run(runner, "sources", "--json").stdout)
    assert {"bcr3636_t3", "seed-organ"} <= {s["id"] for s in sources}
    trial_only = json.loads(run(runner, "sources", "--kind", "trial", "--json").stdout)
    assert {s["kind"] for s in trial_only} == {"trial"}
    assert run(runner, "sources", "--kind", "gossip").exit_code == status.USAGE
    about = run(runner, "about")
    assert about.exit_code == status.OK
    assert "missed-dose" in about.stdout  # the topics to read next
    assert "not medical advice" in about.stdout.lower()
    full = run(runner, "about", "--full")
    assert "CYP19" in full.stdout
    assert "anastro show men" in full.stdout


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=lambda c: " ".join(c) or "root")
@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_every_format_works_for_every_command(
    runner: CliRunner, command: list[str], fmt: str
) -> None:
    result = run(runner, *command, "--format", fmt)
    assert result.exit_code == status.OK, result.stderr
    out = result.stdout
    assert out.strip()
    assert not ANSI.search(out)
    if fmt == "json":
        json.loads(out)
    elif fmt == "yaml":
        assert yaml.safe_load(out) is not None
    elif fmt == "csv":
        table = list(csv.reader(io.StringIO(out, newline="")))
        assert len(table) >= 2
        assert len({len(row) for row in table}) == 1
    elif fmt == "markdown":
        assert out.startswith("## " if command[0] == "show" else "| ")
        # show's default is a note ready to paste; --full adds the table of every figure
        assert ("**How common:**" in out) if command[0] == "show" else ("|---|" in out)


def test_csv_uses_crlf_and_quotes_fields(dataset: Dataset) -> None:
    out = io.StringIO(newline="")
    CsvWriter().write(SystemsView(dataset), out)
    text = out.getvalue()
    assert text.startswith("id,name,effects,description\r\n")
    assert '"' in text  # descriptions with commas are quoted


def test_csv_defuses_spreadsheet_formulas() -> None:
    assert _defuse("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _defuse("-5.2") == "-5.2"
    assert _defuse("+7") == "+7"  # a signed number is a number, whichever the sign
    assert _defuse("+SUM(A1)") == "'+SUM(A1)"
    assert _defuse("-2+3") == "'-2+3"
    assert _defuse("@cmd") == "'@cmd"
    assert _defuse("") == ""  # empty cells stay empty
    assert _defuse("\tx") == "'\tx"


def test_every_format_has_a_writer() -> None:
    assert set(WRITERS) | {Format.table} == set(Format)


def test_json_shorthand_equals_format_json(runner: CliRunner) -> None:
    assert run(runner, "list", "--json").stdout == run(runner, "list", "-f", "json").stdout


def test_piped_output_has_no_ansi_or_box_lines(runner: CliRunner) -> None:
    out = run(runner, "list").stdout
    assert not ANSI.search(out)
    assert not any(ch in out for ch in "\u256d\u2500\u2502")


def test_color_always_forces_ansi_and_never_wins_over_force_color(runner: CliRunner) -> None:
    assert ANSI.search(run(runner, "search", "fatigue", "--color", "always").stdout)
    forced = run(runner, "search", "fatigue", env={"FORCE_COLOR": "1"}).stdout
    assert ANSI.search(forced)
    never = run(runner, "search", "fatigue", "--color", "never", env={"FORCE_COLOR": "1"})
    assert not ANSI.search(never.stdout)
    no_color = run(runner, "search", "fatigue", env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert not ANSI.search(no_color.stdout)


@pytest.mark.parametrize("columns", ["60", "200"])
@pytest.mark.parametrize(
    "command", [["list"], ["compare", "tamoxifen"], ["show", "fractures"], ["search", "joint pain"]]
)
def test_tables_fit_the_terminal_width(runner: CliRunner, columns: str, command: list[str]) -> None:
    result = run(runner, *command, env={"COLUMNS": columns})
    assert result.exit_code == status.OK
    widest = max(len(line) for line in result.stdout.splitlines())
    assert widest <= int(columns)


def test_bad_option_is_a_usage_error_without_traceback(runner: CliRunner) -> None:
    result = run(runner, "list", "--format", "xml")
    assert result.exit_code == status.USAGE
    assert "Traceback" not in result.stdout + result.stderr


EFFECT_FIELDS = {
    "kind",
    "id",
    "name",
    "aliases",
    "lay_terms",
    "system",
    "system_name",
    "populations",
    "seriousness",
    "mechanism",
    "notes",
    "monitoring",
    "helps",
    "seek_care",
    "related",
    "sources",
    "frequencies",
    "urgency",
    "time_course",
    "label_frequency",
    "headline",
}
FREQUENCY_FIELDS = {
    "low",
    "high",
    "qualifier",
    "text",
    "band",
    "population",
    "timeframe",
    "event",
    "trial",
    "arm_size",
    "source",
    "confirmed",
    "note",
    "contradicted_by",
}
ROW_FIELDS = {
    "event",
    "effect",
    "section",
    "head_to_head",
    "trial",
    "trial_id",
    "drug",
    "drug_pct",
    "drug_n",
    "drug_events",
    "comparator",
    "comparator_pct",
    "comparator_n",
    "comparator_events",
    "verdict",
    "difference_pct",
    "difference",
    "difference_unit",
    "higher",
    "measure",
    "source",
    "sources",
    "confirmed",
    "direction",
    "pooled_pct",
    "ratio",
    "p_value",
    "follow_up",
    "note",
}


def test_documented_json_field_names_are_stable(runner: CliRunner) -> None:
    """The README documents these names; renaming one is a breaking change."""
    effect = json.loads(run(runner, "show", "hot-flashes", "--json").stdout)
    assert set(effect) == EFFECT_FIELDS | {"trial_findings"}
    assert set(effect["frequencies"][0]) == FREQUENCY_FIELDS
    hit = json.loads(run(runner, "search", "hot flushes", "--json").stdout)[0]
    assert set(hit) == EFFECT_FIELDS | {"score", "matched"}
    assert set(hit["matched"][0]) == {"field", "text", "words", "kind"}
    comparison = json.loads(run(runner, "compare", "tamoxifen", "--json").stdout)
    assert set(comparison) == {
        "drug",
        "comparator",
        "comparator_name",
        "trial",
        "trials",
        "rows",
        "contrasts",
        "points",
        "notes",
    }
    assert set(comparison["rows"][0]) == ROW_FIELDS


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "xml"],
        ["search"],
        ["nosuch"],
        ["list", "--limit", "3"],
        ["compare", "tamoxifen", "--trial", "nope"],
        ["list", "--json", "-f", "csv"],
    ],
)
def test_usage_errors_are_one_line_with_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = run(runner, *args)
    assert result.exit_code == status.USAGE
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("anastro: ")
    if args[0] in ("list", "search") and "--json" not in args:  # the parser's own errors
        assert f"(see: anastro {args[0]} --help)" in lines[0]


@pytest.mark.parametrize("query", ["weight loss", "low blood pressure"])
def test_show_never_swaps_in_the_opposite_effect(runner: CliRunner, query: str) -> None:
    result = run(runner, "show", query)
    assert result.exit_code == status.NOT_FOUND
    assert result.stdout == ""
    assert "Did you mean" in result.stderr


def test_show_increased_appetite_is_not_its_opposite(runner: CliRunner) -> None:
    """The label lists increased appetite (second-line table): it has its own entry now."""
    shown = json.loads(run(runner, "show", "increased appetite", "--json").stdout)
    assert shown["id"] == "increased-appetite"


def test_compare_trial_option_and_all_events(runner: CliRunner) -> None:
    main = json.loads(run(runner, "compare", "tamoxifen", "--json").stdout)
    assert {r["trial_id"] for r in main["rows"]} <= {
        "atac",
        "atac-bone",
        "atac-endometrial",
        "atac-joint",
    }
    every = json.loads(run(runner, "compare", "tamoxifen", "--trial", "all", "--json").stdout)
    assert "ibis-ii-dcis" in {r["trial_id"] for r in every["rows"]}
    only = json.loads(run(runner, "compare", "tamoxifen", "--trial", "IBIS", "--json").stdout)
    assert {r["trial_id"] for r in only["rows"]} == {"ibis-ii-dcis"}
    unlinked = json.loads(run(runner, "compare", "tamoxifen", "--all", "--json").stdout)
    assert any(r["effect"] is None for r in unlinked["rows"])
    assert all(r["effect"] is not None for r in main["rows"])


def test_compare_exemestane_shows_its_substudy_by_default(runner: CliRunner) -> None:
    rows = json.loads(run(runner, "compare", "exemestane", "--json").stdout)["rows"]
    assert "ma27b" in {r["trial_id"] for r in rows}


def test_compare_system_filter_drops_unrelated_contrasts(runner: CliRunner) -> None:
    everything = json.loads(run(runner, "compare", "exemestane", "--json").stdout)
    assert any(c["effect"] is None for c in everything["contrasts"])  # e.g. menopause rows
    bones = json.loads(run(runner, "compare", "exemestane", "--system", "musc", "--json").stdout)
    assert bones["contrasts"] == [] or all(c["effect"] for c in bones["contrasts"])
    assert {r["effect"] for r in bones["rows"]} <= {
        "arthralgia",
        "osteoporosis",
        "fractures",
        "carpal-tunnel",
        "bone-pain",
        "back-pain",
        "myalgia",
    }


def test_bone_density_rows_name_the_arm_that_fell_more(runner: CliRunner) -> None:
    out = run(runner, "compare", "tamoxifen", "--full", env={"COLUMNS": "200"}).stdout
    bmd = [line for line in out.splitlines() if "BMD change, lumbar spine" in line]
    assert bmd
    assert "more bone lost on anastrozole" in bmd[0]
    short = run(runner, "compare", "tamoxifen", env={"COLUMNS": "200"}).stdout
    assert "more bone lost on anastrozole" in short
    rates = json.loads(run(runner, "compare", "tamoxifen", "--json").stdout)["rows"]
    per_1000 = [r for r in rates if r["measure"] == "rate_per_1000_patient_years"]
    assert per_1000
    assert all(r["difference_pct"] is None and r["difference_unit"] for r in per_1000)


def test_list_chart_draws_bars(runner: CliRunner) -> None:
    out = run(runner, "list", "--chart", "--system", "vasomotor").stdout
    assert "Chart" in out
    assert "#" in out


@pytest.mark.parametrize("columns", ["40", "60", "80", "120"])
@pytest.mark.parametrize(
    "command", [["list"], ["compare", "tamoxifen", "--full"], ["compare", "letrozole", "--full"]]
)
def test_no_source_or_unconfirmed_mark_is_lost_at_any_width(
    runner: CliRunner, columns: str, command: list[str]
) -> None:
    """Every source the table cites is whole, by its short title (ids stay in JSON), and every
    unconfirmed row carries the '*' the legend explains."""
    table = run(runner, *command, env={"COLUMNS": columns}).stdout
    assert "\u2026" not in table
    data = json.loads(run(runner, *command, "--json").stdout)
    dataset = load()
    if command[0] == "list":
        leads = [lead for lead in (_headline(e) for e in data) if lead is not None]
        cited, unconfirmed = {s for s, _ in leads}, sum(1 for _, ok in leads if not ok)
    else:
        cited = {s for r in data["rows"] for s in r["sources"]} - {""}
        unconfirmed = sum(1 for r in data["rows"] if not r["confirmed"])
    assert "* not confirmed in a primary source" in table
    for source_id in cited:
        source = dataset.source(source_id)
        assert source is not None
        for word in source.short.split():  # wrapped in a narrow table, but never cut
            assert word in table, source.short
        if source_id not in source.short:
            assert not re.search(rf"(?<![\w-]){re.escape(source_id)}(?![\w-])", table), source_id
    assert table.count(" *") >= unconfirmed


def _headline(effect: dict[str, Any]) -> tuple[str, bool] | None:
    """The source and confirmation of the figure `list` leads with (as lookup.headline picks)."""
    from anastro_cli.dataset.load import load
    from anastro_cli.model.figures import frequencies, headline

    dataset = load()
    chosen = dataset.effect(effect["id"])
    assert chosen is not None
    lead = headline(dataset, frequencies(dataset, chosen))
    return (lead.source, lead.confirmed) if lead else None


def test_colour_choice_follows_flag_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from anastro_cli.cli import choices, terminal

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert terminal.use_color(choices.Color.auto) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert terminal.use_color(choices.Color.auto) is False
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert terminal.use_color(choices.Color.auto) is False  # NO_COLOR wins over FORCE_COLOR
    assert terminal.use_color(choices.Color.always) is True
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert terminal.use_color(choices.Color.auto) is True
    assert terminal.use_color(choices.Color.never) is False


def test_terminal_width_ignores_nonsense_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    from anastro_cli.cli import terminal

    for value, expected in (("0", 80), ("-5", 80), ("abc", 80), ("57", 57)):
        monkeypatch.setenv("COLUMNS", value)
        assert terminal.terminal_width() == expected


def test_pager_receives_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from anastro_cli.cli import terminal

    target = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {target}'")
    terminal.page("hello pager\n")
    assert target.read_text() == "hello pager\n"


def test_validate_command(runner: CliRunner, tmp_path: Path) -> None:
    broken = run(runner, "validate", str(FIXTURES / "broken" / "unknown_system.yaml"))
    assert broken.exit_code == status.NOT_FOUND
    assert ":5:" in broken.stdout
    assert "1 problem" in broken.stderr
    good = tmp_path / "good.yaml"
    good.write_text("systems:\n  - id: extra\n    name: Extra\n", encoding="utf-8")
    clean = run(runner, "validate", str(good))
    assert clean.exit_code == status.OK
    assert clean.stdout == ""


def test_data_mode_replace_uses_only_the_given_data(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    folder.mkdir()
    (folder / "all.yaml").write_text(MINIMAL_DATASET, encoding="utf-8")
    result = run(runner, "list", "--json", "--data", str(folder), "--data-mode", "replace")
    assert result.exit_code == status.OK, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == ["only-effect"]
    merged = json.loads(run(runner, "list", "--json", "--data", str(folder)).stdout)
    assert {"only-effect", "arthralgia"} <= {e["id"] for e in merged}


MINIMAL_DATASET = """dataset: {name: mini, version: "1", date: "2026-01-01"}
drug: {name: X, drug_class: c, target: t, summary: s, why_side_effects: w, disclaimer: d}
systems: [{id: general, name: General}]
sources: [{id: mine, title: My notes, kind: secondary, quality: secondary_summary}]
effects:
  - {id: only-effect, name: Only effect, system: general, seriousness: common,
     mechanism: Not known., frequencies: [{low: 5, high: 5, population: us, source: mine}]}
"""


def test_completion_offers_systems_effects_and_drugs() -> None:
    from anastro_cli.cli import options

    assert "musculoskeletal" in options.complete_system("mus")
    assert "arthralgia" in options.complete_effect("arth")
    assert {"tamoxifen", "letrozole", "exemestane", "nolvadex"} <= set(options.complete_drug(""))
    assert "femara" in options.complete_drug("fem")


def test_main_turns_crashes_into_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from anastro_cli.cli import app as cli_app

    def explode() -> None:
        raise RuntimeError("boom \x1b[31m")

    monkeypatch.setattr(cli_app, "app", explode)
    with pytest.raises(SystemExit) as exit_info:
        cli_app.main()
    assert exit_info.value.code == status.INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "RuntimeError: boom" in err
    assert "\x1b" not in err
    monkeypatch.setenv("ANASTRO_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli_app.main()


def test_main_handles_interrupts(monkeypatch: pytest.MonkeyPatch) -> None:
    from anastro_cli.cli import app as cli_app

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_app, "app", interrupt)
    with pytest.raises(SystemExit) as exit_info:
        cli_app.main()
    assert exit_info.value.code == 130


@pytest.mark.parametrize(
    ("fmt", "expected"), [("json", "[]"), ("yaml", "[]"), ("csv", "score,kind,id")]
)
def test_nothing_found_still_prints_a_well_formed_empty_result(
    runner: CliRunner, fmt: str, expected: str
) -> None:
    result = run(runner, "search", "xyzzyq", "--format", fmt)
    assert result.exit_code == status.NOT_FOUND
    assert result.stdout.strip().startswith(expected)
    table = run(runner, "search", "xyzzyq")
    assert table.stdout == ""


def test_a_chosen_trial_without_figures_says_so(runner: CliRunner) -> None:
    result = run(runner, "compare", "letrozole", "--trial", "fata-gim3")
    assert result.exit_code == status.NOT_FOUND
    assert "No per-drug" in result.stderr
    assert "BIG 1-98" not in result.stdout


def test_same_numbers_from_a_recalled_source_join_the_confirmed_row(runner: CliRunner) -> None:
    rows = json.loads(run(runner, "compare", "tamoxifen", "--json").stdout)["rows"]
    hot = [r for r in rows if r["trial_id"] == "atac" and r["effect"] == "hot-flashes"]
    assert len(hot) == 1
    assert hot[0]["confirmed"] is True
    # Two sources with the same numbers (the label table and a review table) share one row.
    assert hot[0]["sources"] == ["druglib_arimidex_old", "bcr3636_t3"]
    assert hot[0]["ratio"] is None  # no source read gives an odds ratio
    assert "68-month analysis" in hot[0]["follow_up"]  # each source's period description kept
    assert "59.8" in hot[0]["follow_up"]


def test_search_table_shows_ids_and_sources(runner: CliRunner) -> None:
    out = run(runner, "search", "fatigue", env={"COLUMNS": "160"}).stdout
    first = out.splitlines()[1]
    assert first.startswith("fatigue ")  # the id a person types next leads the line
    assert "18.6% very common" in first  # the headline figure and its band
    assert "anastro show fatigue" in out


def test_card_puts_when_to_call_before_background(runner: CliRunner) -> None:
    out = run(runner, "show", "blood-clots", "--full").stdout
    assert out.index("When to get help") < out.index("What helps")
    assert out.index("How often") < out.index("When to get help")
    assert "rare but serious" not in out


def test_piped_tables_have_no_trailing_spaces(runner: CliRunner) -> None:
    for args in (["list"], ["compare", "letrozole"], ["show", "fractures"], ["search", "pain"]):
        out = run(runner, *args).stdout
        assert not [line for line in out.splitlines() if line != line.rstrip()], args


def test_own_trial_tables_are_titled_by_trial(runner: CliRunner) -> None:
    out = run(runner, "compare", "letrozole", "--full", env={"COLUMNS": "200"}).stdout
    assert "Not compared head to head with letrozole: ATAC, anastrozole against tamoxifen" in out
    assert "Not compared head to head with letrozole: BIG 1-98, letrozole against tamoxifen" in out
    assert out.index("ATAC, anastrozole against") < out.index("BIG 1-98, letrozole against")


def test_difference_units_follow_the_measure(runner: CliRunner) -> None:
    rows = json.loads(run(runner, "compare", "tamoxifen", "--json").stdout)["rows"]
    units = {(r["measure"], r["difference_unit"]) for r in rows if r["difference"] is not None}
    assert ("percent_patients", "percentage points") in units
    assert ("rate_per_1000_patient_years", "per 1,000 patient-years") in units
    assert all(
        m != "rate_per_1000_patient_years" or u == "per 1,000 patient-years" for m, u in units
    )
    table = run(runner, "compare", "tamoxifen", "--full", env={"COLUMNS": "200"}).stdout
    assert "-5.2 pts" in table
    assert "per 1,000 pt-yrs" in table


def test_headline_figures_stay_on_one_line_when_there_is_room(runner: CliRunner) -> None:
    out = run(runner, "search", "up all night", env={"COLUMNS": "100"}).stdout
    assert "(+1 more)" in out or "more)" not in out


def test_bullets_fold_rather_than_cut_at_narrow_widths(runner: CliRunner) -> None:
    for args in (["show", "hot-flashes"], ["about"]):
        out = run(runner, *args, env={"COLUMNS": "28"}).stdout
        assert "\u2026" not in out, args


def test_version_into_a_closed_pipe_exits_quietly() -> None:
    import os
    import subprocess
    import sys

    import anastro_cli

    src = str(Path(anastro_cli.__file__).resolve().parents[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "anastro_cli", "--version"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": src},
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=30)
    assert process.returncode == status.OK, err


@pytest.mark.parametrize(
    ("word", "system"),
    [
        ("bone", "musculoskeletal"),
        ("heart", "cardiovascular"),
        ("skin", "dermatologic"),
        ("Eyes", "eye"),
    ],
)
def test_system_accepts_everyday_words(runner: CliRunner, word: str, system: str) -> None:
    effects = json.loads(run(runner, "list", "--system", word, "--json").stdout)
    assert {e["system"] for e in effects} == {system}


def test_a_use_of_the_drug_is_not_called_a_missing_side_effect(runner: CliRunner) -> None:
    result = run(runner, "search", "gynecomastia")
    # Off-label use in men is a topic now: shown, with a note that this is a use.
    assert result.exit_code == status.OK
    assert "one of anastrozole's uses" in result.stderr
    assert result.stdout.splitlines()[1].startswith("men ")
    illness = run(runner, "search", "early breast cancer")
    assert illness.exit_code == status.NOT_FOUND
    assert "anastro about" in illness.stderr


def test_list_csv_has_sortable_numbers(runner: CliRunner) -> None:
    rows = list(csv.DictReader(io.StringIO(run(runner, "list", "-f", "csv").stdout)))
    hot = next(r for r in rows if r["id"] == "hot-flashes")
    assert float(hot["frequency_low"]) <= float(hot["frequency_high"])
    assert all("'" not in r["band"] for r in rows)


@pytest.mark.parametrize("query", ["ovary cyst", "tissue paper cuts", "positive pregnancy test"])
def test_the_use_hint_needs_the_whole_query_to_name_a_use(runner: CliRunner, query: str) -> None:
    result = run(runner, "search", query)
    assert "one of anastrozole's uses" not in result.stderr


def test_a_system_alias_may_not_take_another_systems_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = tmp_path / "sys.yaml"
    data.write_text(
        "systems:\n  - {id: general, name: General, aliases: [liver, respiratory]}\n",
        encoding="utf-8",
    )
    result = run(runner, "validate", str(data))
    assert result.exit_code == status.NOT_FOUND
    assert "already names system 'hepatic'" in result.stdout
    assert "already names system 'respiratory'" in result.stdout


def test_csv_gives_trial_and_source_apart_and_json_words(runner: CliRunner) -> None:
    rows = list(csv.DictReader(io.StringIO(run(runner, "list", "-f", "csv").stdout)))
    hot = next(r for r in rows if r["id"] == "hot-flashes")
    assert hot["frequency_trial"] == "ATAC"
    assert "[" not in hot["frequency_source"]
    assert {r["confirmed"] for r in rows} <= {"true", "false", ""}
    card = list(csv.DictReader(io.StringIO(run(runner, "show", "arthralgia", "-f", "csv").stdout)))
    assert all(float(r["low"]) <= float(r["high"]) for r in card)


def test_validate_prints_problems_as_json(runner: CliRunner) -> None:
    broken = str(FIXTURES / "broken" / "unknown_system.yaml")
    result = run(runner, "validate", broken, "--format", "json")
    assert result.exit_code == status.NOT_FOUND
    problems = json.loads(result.stdout)
    assert problems[0]["line"] == 5
    assert set(problems[0]) == {"file", "line", "column", "field", "message"}


def test_json_lists_figures_in_the_cards_order(runner: CliRunner) -> None:
    shown = json.loads(run(runner, "show", "arthralgia", "--json").stdout)
    flags = [f["confirmed"] for f in shown["frequencies"]]
    assert flags == sorted(flags, reverse=True)  # confirmed first, as on the card and in CSV
    rows = list(csv.DictReader(io.StringIO(run(runner, "show", "arthralgia", "-f", "csv").stdout)))
    assert [r["frequency"] for r in rows] == [f["text"] for f in shown["frequencies"]]


def test_validate_alone_asks_for_a_whole_dataset(runner: CliRunner, tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        "effects:\n  - id: x\n    name: X\n    system: nope\n    seriousness: common\n"
        "    mechanism: Not known.\n",
        encoding="utf-8",
    )
    result = run(runner, "validate", str(partial), "--alone")
    assert result.exit_code == status.NOT_FOUND
    for section in ("dataset", "drug", "systems", "sources"):
        assert f"{section}: section is missing" in result.stdout
    assert "known: none: add a systems section" in result.stdout


def test_a_helps_study_is_named_with_its_brackets_balanced(runner: CliRunner) -> None:
    card = " ".join(run(runner, "show", "arthralgia", env={"COLUMNS": "200"}).stdout.split())
    assert "(HOPE RCT, n=121 (Irwin et al., J Clin Oncol 2015;33:1104))" in card
