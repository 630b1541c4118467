"""Small edges a new user meets: a mistyped command, a best match's note, a plain PAGER."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anastro_cli import status
from helpers import run


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (
            ["serch", "joint", "pain"],
            'did you mean: anastro search joint pain (or: anastro search "serch joint pain")',
        ),
        (
            ["cheek", "swelling"],
            'did you mean: anastro check swelling (or: anastro search "cheek swelling")',
        ),
        # a command that takes no words is suggested alone
        (["lisst"], "did you mean: anastro list"),
    ],
)
def test_a_mistyped_command_is_named(runner: CliRunner, typed: list[str], meant: str) -> None:
    result = run(runner, *typed)
    assert result.exit_code == status.USAGE
    assert result.stderr.strip() == f"anastro: {typed[0]!r} is not a command; {meant}"


@pytest.mark.parametrize(
    "typed",
    [
        ["my", "knees", "hurt"],
        # close to a command, but words of the data: a question (found in review)
        ["sores", "on", "my", "lips"],
        ["reporting", "side", "effects"],
        ["warning", "signs"],
        # close to a command that needs a name, with none: no bare "anastro show"
        ["shower"],
    ],
)
def test_a_question_is_still_offered_as_a_search(runner: CliRunner, typed: list[str]) -> None:
    result = run(runner, *typed)
    assert result.exit_code == status.USAGE
    assert f'try anastro search "{" ".join(typed)}"' in result.stderr


def test_the_best_match_note_names_the_id_once(runner: CliRunner) -> None:
    result = run(runner, "show", "muscle pains")
    assert result.exit_code == status.OK
    assert result.stderr.strip().endswith("showing the best match, Muscle pain (myalgia)")


@pytest.mark.parametrize(("less", "seen"), [(None, "FRX"), ("-S", "-S")])
def test_a_plain_less_pager_is_given_less_options_as_git_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, less: str | None, seen: str
) -> None:
    """PAGER=less without -R showed escape codes: LESS=FRX is set when the user has not set
    LESS (their own value is kept)."""
    from anastro_cli.cli.terminal import page

    out = tmp_path / "less.txt"
    script = tmp_path / "pager.py"
    keep = f"open({str(out)!r}, 'w').write(os.environ.get('LESS', ''))"
    script.write_text(f"import os, sys\nsys.stdin.read()\n{keep}\n")
    monkeypatch.setenv("PAGER", f"{sys.executable} {script}")
    if less is None:
        monkeypatch.delenv("LESS", raising=False)
    else:
        monkeypatch.setenv("LESS", less)
    page("hello\n")
    assert out.read_text() == seen


def test_a_search_the_population_empties_names_the_group_it_is_listed_for(
    runner: CliRunner,
) -> None:
    result = run(runner, "search", "brain fog", "--population", "women")
    assert result.exit_code == status.NOT_FOUND
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "anastro: 'brain fog' is listed here only for men, not women: "
        "Cognitive dulling (brain fog) in men (anastro show cognitive-dulling)"
    )
    # nothing for any group: the honest line, never suggesting the query itself
    other = run(runner, "search", "zorblax", "--population", "women")
    assert other.exit_code == status.NOT_FOUND
    assert "is not listed among" in other.stderr


def test_brain_fog_is_never_answered_with_a_stroke(runner: CliRunner) -> None:
    """'brain attack' and 'brain bleed' (lay terms of stroke) fold to 'stroke': the word
    'brain' alone once made Stroke the only answer to a woman's 'brain fog'."""
    hits = json.loads(run(runner, "search", "she has brain fog", "--json").stdout)
    assert "stroke" not in [h["id"] for h in hits]
    assert json.loads(run(runner, "search", "brain attack", "--json").stdout)[0]["id"] == "stroke"


DUPLICATE = """\
effects:
  - id: a1
    name: Thing one
    system: general
    mechanism: Something.
    seriousness: common
    sources: [nhs_anastrozole]
  - id: a1
    name: Thing two
    system: general
    mechanism: Something else.
    seriousness: common
    sources: [nhs_anastrozole]
"""


def test_an_id_repeated_in_one_file_is_a_problem_with_its_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The second entry once silently replaced the first (the bundled sources.yaml held one
    source twice); replacing a bundled entry from another file is still how --data works."""
    data = tmp_path / "d.yaml"
    data.write_text(DUPLICATE)
    result = run(runner, "validate", str(data))
    assert result.exit_code == status.NOT_FOUND
    assert f"{data}:8:5: effects[1].id: 'a1' is already the id of effects[0] in this file" in (
        result.stdout
    )
    one = DUPLICATE[: DUPLICATE.index("  - id: a1\n    name: Thing two")]
    data.write_text(one)
    assert run(runner, "validate", str(data)).exit_code == status.OK
    override = tmp_path / "o.yaml"
    override.write_text(one.replace("a1", "arthralgia"))
    shown = run(runner, "show", "arthralgia", "--data", str(override), "--json")
    assert json.loads(shown.stdout)["name"] == "Thing one"


def test_one_source_is_looked_up_by_id_or_title(runner: CliRunner) -> None:
    by_id = run(runner, "sources", "nhs_anastrozole", "--json")
    assert [s["id"] for s in json.loads(by_id.stdout)] == ["nhs_anastrozole"]
    titled = json.loads(run(runner, "sources", "J Oncol", "--json").stdout)
    assert titled
    assert all("J Oncol" in s["title"] for s in titled)  # not "J Clin Oncol"
    missing = run(runner, "sources", "zzzz")
    assert missing.exit_code == status.NOT_FOUND
    assert missing.stderr.strip() == "anastro: no source called 'zzzz': see anastro sources"


def test_the_men_page_puts_confirmed_points_first_and_names_ai_summaries(
    runner: CliRunner,
) -> None:
    """An AI-generated summary site is named as one on screen (its title was cut to
    'droracle.ai articles on anastrozole d...'), and points no source confirms come after
    the trials' (the uncited overview's four came first)."""
    out = " ".join(run(runner, "show", "men", env={"COLUMNS": "80"}).stdout.split())
    points = out[out.index("Key points") : out.index("What to do")]
    assert points.index("(J Clin Endocrinol Metab 2009)") < points.index("(uncited overview) *")
    assert "(AI-generated summary) *" in out
    assert "droracle" not in out


@pytest.mark.parametrize(("typed", "drug"), [("tamoxifin", "tamoxifen"), ("femera", "letrozole")])
def test_compare_forgives_a_typo_and_says_so(runner: CliRunner, typed: str, drug: str) -> None:
    result = run(runner, "compare", typed, "--json")
    assert result.exit_code == status.OK
    assert json.loads(result.stdout)["comparator"] == drug
    assert result.stderr.startswith(f"anastro: no drug is called {typed!r}; comparing with ")
    unknown = run(runner, "compare", "xyzzy")
    assert unknown.exit_code == status.USAGE
    assert "anastro can compare with: tamoxifen" in unknown.stderr


def test_compare_keeps_its_marks_at_60_columns_and_says_where_in_short_is_from(
    runner: CliRunner,
) -> None:
    """The star of a figure no primary source confirms stood at the end of the line, where
    a 60-column screen cut it off; the 'In short' lines did not say they come from an
    uncited overview; a rise in bone density read as a bare '2.8%'."""
    wide = run(runner, "compare", "tamoxifen", env={"COLUMNS": "80"}).stdout
    narrow = run(runner, "compare", "tamoxifen", env={"COLUMNS": "60"}).stdout
    for out in (wide, narrow):
        rows = out[out.index("Key events") : out.index("* not confirmed")].splitlines()[2:]
        assert sum("*" in row for row in rows) == 3
        assert "In short (from: uncited overview)" in out
        assert "+2.8%" in out
    assert "apart and not significant" in wide


def test_sources_takes_ids_and_phrases_together_and_refuses_what_is_too_short(
    runner: CliRunner,
) -> None:
    """Found in review: an id beside a phrase dropped the phrase, '(' or 'a' listed every
    source, and a source outside --kind was 'no source called' it."""
    both = json.loads(run(runner, "sources", "nhs_anastrozole", "J Oncol", "--json").stdout)
    assert "nhs_anastrozole" in [s["id"] for s in both]
    assert len(both) > 1
    for short in ("(", "a"):
        refused = run(runner, "sources", short)
        assert refused.exit_code == status.USAGE
        assert "too short to look up" in refused.stderr
    kind = run(runner, "sources", "nhs_anastrozole", "--kind", "trial")
    assert kind.exit_code == status.NOT_FOUND
    assert "no source of kind 'trial' called 'nhs_anastrozole'" in kind.stderr


def test_a_blood_test_card_names_the_effects_its_words_name(runner: CliRunner) -> None:
    """`show cholesterol` opens the blood test (named exactly); the card points at raised
    cholesterol, which `show cholesterol` used to open."""
    out = run(runner, "show", "cholesterol").stdout
    assert out.startswith("Total cholesterol and cholesterol production\n")
    assert "(high-cholesterol)" in out


def test_a_nonsense_name_is_never_offered_a_distant_look_alike(runner: CliRunner) -> None:
    """'nosuchid' was offered "Did you mean: suicide, suicidal?" (two thirds of its letters):
    a suggestion must be closer than that."""
    result = run(runner, "show", "nosuchid")
    assert result.exit_code == status.NOT_FOUND
    assert "suicid" not in result.stderr
