"""check in a carer's words: an emergency sign said with how bad or whose it is, said as an
idiom, or beside another symptom in one quoted piece, still reaches its emergency entry;
the idioms that name those signs do not reach into everyday sentences."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from anastro_cli import status
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.answer import answer
from anastro_cli.search.query import spaced
from anastro_cli.store.reads import index_of
from helpers import run


def _checked(runner: CliRunner, *symptoms: str) -> list[tuple[str | None, str | None]]:
    result = run(runner, "check", *symptoms, "--json")
    return [(item["id"], item["urgency"]) for item in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("symptom", "entry"),
    [
        ("severe chest pain", "chest-pain"),
        ("severe headache", "headache"),
        ("worst headache of my life", "headache"),
        ("sudden breathlessness", "breathlessness"),
        ("coughing up blood", "blood-clots"),
        ("passing out", "dizziness"),
        ("she passed out", "dizziness"),
        ("blacked out", "dizziness"),
        ("she collapsed", "dizziness"),
        ("suicidal thoughts", "mood-changes"),
        ("thoughts of suicide", "mood-changes"),
        ("want to kill myself", "mood-changes"),
        ("thoughts of harming myself", "mood-changes"),
        ("self-harm", "mood-changes"),
        ("want to die", "mood-changes"),
        ("her face is drooping", "stroke"),
        ("weakness on one side", "stroke"),
    ],
)
def test_an_emergency_sign_in_everyday_words_is_an_emergency(
    runner: CliRunner, symptom: str, entry: str
) -> None:
    """Each was "not listed" (or a next-visit entry) in 0.6.5: words of degree ("severe",
    "sudden"), whose it is ("her", "she") and idioms ("passed out") stood in the way."""
    assert _checked(runner, symptom) == [(entry, "emergency")]


def test_sudden_loss_of_vision_is_at_least_a_same_day_sign(runner: CliRunner) -> None:
    """Cataracts' source says to get urgent help for it (a stroke's sign too: its card says
    so); "vision" alone must not make every eye complaint a stroke."""
    assert _checked(runner, "sudden loss of vision") == [("cataracts", "same-day")]


def test_how_bad_is_not_part_of_which_symptom(runner: CliRunner) -> None:
    assert _checked(runner, "my knees are killing me") == [("arthralgia", "next-visit")]
    shown = run(runner, "show", "severe headache")
    assert shown.exit_code == status.OK
    assert shown.stdout.startswith("Headache\n")
    assert "best match" in shown.stderr
    # the words left must still be named: a degree word never stands in for them
    assert _checked(runner, "severe zorblax") == [(None, None)]


def test_a_quoted_piece_naming_nothing_whole_is_cut_into_symptoms(runner: CliRunner) -> None:
    typed = "she was fine at lunch and now her speech is slurred"
    items = json.loads(run(runner, "check", typed, "--json").stdout)
    assert (items[0]["id"], items[0]["urgency"]) == ("stroke", "emergency")
    assert items[0]["symptom"] == "speech is slurred"
    assert items[0]["closest"] is False
    # one that names an entry whole stays whole
    assert _checked(runner, "hot flushes and night sweats") == [("hot-flashes", "next-visit")]
    # a part that names an entry only by a word of one of its terms is left out: "think" is
    # not "can't think straight" (it made this cognitive dulling first)
    typed = "I think my husband is having a heart attack"
    assert "cognitive-dulling" not in [i for i, _ in _checked(runner, typed)]


@pytest.mark.parametrize(
    ("symptom", "entry", "urgency"),
    [
        ("she is confused and her speech is slurred", "stroke", "emergency"),
        ("I think my husband is having a heart attack", "cardiovascular-events", "emergency"),
        ("my lips and tongue have swelled up massive", "allergic-reaction", "emergency"),
    ],
)
def test_a_symptom_most_of_whose_words_an_entry_names_is_its_closest_match(
    runner: CliRunner, symptom: str, entry: str, urgency: str
) -> None:
    """No entry names every word, but the first answer's names and lay terms hold two or more
    of them and two in three: check shows it, said to be the closest match."""
    items = json.loads(run(runner, "check", symptom, "--json").stdout)
    assert [(i["id"], i["urgency"], i["closest"]) for i in items] == [(entry, urgency, True)]
    out = run(runner, "check", symptom).stdout
    assert "(closest match: check its signs)" in " ".join(out.split())
    # fewer than two in three is not enough: honestly not listed, with close names
    assert _checked(runner, "tight band round my chest when I climb the stairs") == [(None, None)]


def test_commas_cut_each_quoted_argument(runner: CliRunner) -> None:
    """The help says one symptom per argument, or several apart by commas: with several
    arguments, a comma inside one of them once left "stiff joints, tired" one symptom."""
    checked = _checked(runner, "stiff joints, tired", "hot flushes")
    assert [entry for entry, _ in checked] == ["arthralgia", "fatigue", "hot-flashes"]


@pytest.mark.parametrize(
    ("query", "absent"),
    [
        ("my wife says her back is killing her since the arimidex", "mood-changes"),
        ("my back is killing me, could it be the arimidex", "mood-changes"),
        ("i'm 47 and on anastrozole, will it harm a baby", "mood-changes"),
        ("I thought I was done with the flushes but they are back", "mood-changes"),
        ("feel like im burning up from the inside then it passes", "dizziness"),
        ("am I fixin to die, burning up every hour on arimidex", "mood-changes"),
    ],
)
def test_the_emergency_idioms_stay_out_of_everyday_sentences(
    dataset: Dataset, query: str, absent: str
) -> None:
    hits, _ = answer(dataset, spaced(index_of(dataset), query), 10, None)
    assert absent not in [hit.id for hit in hits[:3]]


def test_check_and_report_take_the_group_a_symptom_is_for(runner: CliRunner) -> None:
    """A woman's 'foggy brain' was checked as the men's cognitive dulling (with its men's
    advice), a man's 'no sex drive' as the women's entry; check and report had no
    --population."""
    assert _checked(runner, "no sex drive", "--population", "men") == [
        ("low-libido-men", "next-visit")
    ]
    assert _checked(runner, "no sex drive", "-p", "women") == [("decreased-libido", "next-visit")]
    items = json.loads(run(runner, "check", "foggy brain", "-p", "women", "--json").stdout)
    assert items[0]["id"] is None
    out = run(runner, "check", "foggy brain", "-p", "women").stdout
    assert "Closest names: Cognitive dulling (brain fog) in men (listed for men)." in " ".join(
        out.split()
    )
    report = run(runner, "report", "foggy brain", "-p", "women").stdout
    assert "Not listed" in report or "not listed" in report
    # without a group, as before
    assert _checked(runner, "foggy brain") == [("cognitive-dulling", "emergency")]


@pytest.mark.parametrize(
    "symptom",
    [
        "no chest pain",
        "not suicidal",
        "I don't want to die",
        "no suicidal thoughts",
        "her face is not drooping",
        "his speech is not slurred",
        "never fainted",
        "I haven't passed out",
        "my mum had a stroke years ago",
        "family history of blood clots",
        "no history of stroke",
    ],
)
def test_a_sign_said_not_to_be_happening_is_not_filed_under_it(
    runner: CliRunner, symptom: str
) -> None:
    """Found in review: the new everyday words made these emergencies (and cutting "no"
    off "no suicidal thoughts" kept the emergency)."""
    assert _checked(runner, symptom) == [(None, None)]


@pytest.mark.parametrize(
    ("symptom", "entry"),
    [
        ("can't breathe", "breathlessness"),
        ("no energy", "fatigue"),
        ("no interest in anything", "mood-changes"),
        ("nothing helps my joint pain", "arthralgia"),
        ("I had chest pain this morning", "chest-pain"),
    ],
)
def test_a_negation_that_is_the_terms_own_or_far_from_it_denies_nothing(
    runner: CliRunner, symptom: str, entry: str
) -> None:
    assert _checked(runner, symptom)[0][0] == entry


@pytest.mark.parametrize(
    "symptom",
    ["blurred vision", "muddled", "speaking", "worst", "life", "I have trouble speaking in public"],
)
def test_one_everyday_word_never_stands_for_a_stroke_or_headache(
    runner: CliRunner, symptom: str
) -> None:
    """Found in review: "blurred" (a typo of "slurred") with "vision", "muddled" and "life"
    reached Stroke or Headache through terms added this round."""
    assert all(entry not in ("stroke", "headache") for entry, _ in _checked(runner, symptom))


@pytest.mark.parametrize(
    "symptom",
    [
        "I want to hurt myself",
        "I've been cutting myself",
        "I want to end it all",
        "life isn't worth living",
        "everyone would be better off without me",
    ],
)
def test_self_harm_said_many_ways_is_an_emergency(runner: CliRunner, symptom: str) -> None:
    assert _checked(runner, symptom) == [("mood-changes", "emergency")]
    # an accident is not self-harm
    assert _checked(runner, "I hurt myself falling")[0][0] == "accidental-injury"


def test_premenopausal_women_are_women(runner: CliRunner) -> None:
    """Found in review: --population premenopausal shut out the women's entries ("Not
    listed" for vaginal bleeding; "listed only for men, women")."""
    assert _checked(runner, "vaginal bleeding", "-p", "premenopausal") == [
        ("vaginal-bleeding", "next-visit")
    ]
    hits = json.loads(
        run(runner, "search", "wife has low libido", "-p", "premenopausal", "--json").stdout
    )
    assert hits[0]["id"] == "decreased-libido"
    men = run(runner, "search", "erection problems", "-p", "premenopausal")
    assert "listed here only for men, not premenopausal" in men.stderr
    listed = json.loads(run(runner, "list", "-p", "premenopausal", "--format", "json").stdout)
    groups = {p for effect in listed for p in effect["populations"]}
    assert groups == {"all", "women", "premenopausal"}


def test_twenty_quoted_symptoms_are_never_cut_past_the_limit(runner: CliRunner) -> None:
    """Cutting quoted symptoms once took 20 given over the limit of 20 (exit 2)."""
    typed = [
        f"my mum has had a really bad pain in her left side for about {n} days and she is tired"
        for n in range(20)
    ]
    result = run(runner, "check", *typed, "--json")
    assert result.exit_code in (status.OK, status.NOT_FOUND)  # never a usage error
    assert 1 <= len(json.loads(result.stdout)) <= 20
