"""Topics beyond side effects: questions as patients, carers and nurses ask them (written by
someone who saw neither data nor code) find the right topic; every topic is complete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from anastro_cli import status
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.answer import answer
from anastro_cli.search.intent import answers
from anastro_cli.search.query import spaced
from anastro_cli.search.rank import search
from anastro_cli.search.scope import medicines_together
from anastro_cli.store.reads import index_of
from conftest import FIXTURES
from helpers import run

TOPIC_IDS = [
    "interactions",
    "pregnancy",
    "who-should-not-take",
    "how-to-take",
    "missed-dose",
    "overdose",
    "how-long",
    "stopping",
    "switching",
    "driving",
    "monitoring",
    "reporting",
    "men",
]


def _questions() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(
        (FIXTURES / "topic_questions.yaml").read_text(encoding="utf-8")
    )
    return cases


def _top3(dataset: Dataset, query: str) -> list[str]:
    return [h.id for h in answers(search(dataset, query, 10), query)][:3]


def test_every_fixed_topic_id_exists_with_sources(dataset: Dataset) -> None:
    known = {s.id for s in dataset.sources}
    for topic_id in TOPIC_IDS:
        topic = dataset.topic(topic_id)
        assert topic is not None, topic_id
        assert topic.points
        assert all(p.source in known for p in topic.points)
        assert all(a.source in known for a in topic.actions)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("forgot my pill this morning", "missed-dose"),
        ("can I breastfeed", "pregnancy"),
        ("how many years will I take it", "how-long"),
        ("can she take HRT", "interactions"),
        ("switching to another pill", "switching"),
        ("can blokes take arimidex", "men"),
    ],
)
def test_the_phone_line_questions_find_their_topic(
    dataset: Dataset, query: str, expected: str
) -> None:
    assert expected in _top3(dataset, query)


def test_topic_questions_find_their_topic_in_the_top_three(dataset: Dataset) -> None:
    """Written blind. First run, untouched (48 topic questions): 42 in the top three; every
    one since the topic-naming rule and the lay terms of round 3's second pass."""
    cases = [c for c in _questions() if c["expect"]]
    assert len(cases) >= 40
    missed = [c["query"] for c in cases if not set(c["expect"]) & set(_top3(dataset, c["query"]))]
    assert missed == []


@pytest.mark.parametrize("query", [c["query"] for c in _questions() if not c["expect"]])
def test_a_question_nothing_covers_gets_one_honest_line(runner: CliRunner, query: str) -> None:
    """One line on stderr: 'not covered' (exit 1), or, when the question names a symptom the
    data knows beside another medicine, that symptom on anastrozole under a line saying the
    medicine is not covered (exit 0)."""
    result = run(runner, "search", query)
    assert result.stderr.count("\n") == 1
    if result.exit_code == status.OK:
        assert "is not covered here, only anastrozole" in result.stderr
    else:
        assert result.exit_code == status.NOT_FOUND
        assert result.stdout == ""


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("what is metformin for", "not metformin; ask your pharmacist"),
        ("when can I have my covid booster", "not covid booster; ask your care team"),
        ("how much does a months supply cost", "outside what anastro covers"),
        ("where do I park at the hospital", "outside what anastro covers"),
    ],
)
def test_only_another_medicine_cause_or_subject_gets_the_not_covered_line(
    runner: CliRunner, query: str, says: str
) -> None:
    result = run(runner, "search", query)
    assert result.exit_code == status.NOT_FOUND
    assert result.stdout == ""
    assert says in result.stderr


@pytest.mark.parametrize(
    ("query", "first", "caveat"),
    [
        ("hot flushes since chemo finished", "hot-flashes", "chemo is not covered here"),
        ("tired since chemo", "fatigue", "chemo is not covered here"),
        ("joint pain worse since my covid jab", "arthralgia", "covid jab is not covered"),
        ("does metformin cause diarrhoea", "diarrhea", "metformin is not covered here"),
        ("I take insulin and have hot flushes", "hot-flashes", "insulin is not covered"),
        ("walking in the park makes my knees hurt", "arthralgia", None),
        ("benefits of exercise for joint pain", "arthralgia", None),
        ("is hair loss permanent or do I need a wig", "hair-thinning", None),
        ("tired all the time since my appointment", "fatigue", None),
        ("my wife has hot flushes on arimidex, is there a support group", "hot-flashes", None),
        ("breast pain, is there a support group for women", "breast-pain", None),
        # A one-word lay term the query wrote whole names the symptom ("snappy").
        (
            "my wife has been snappy since starting arimidex after her lumpectomy",
            "mood-changes",
            None,
        ),
    ],
)
def test_a_symptom_named_beside_something_else_is_still_answered(
    runner: CliRunner, query: str, first: str, caveat: str | None
) -> None:
    """A symptom the data knows is answered on anastrozole even when the query puts it down
    to another medicine or cause (with one line saying that is not covered) or mentions a
    subject outside the tool in passing."""
    result = run(runner, "search", query, "--json")
    assert result.exit_code == status.OK
    assert json.loads(result.stdout)[0]["id"] == first
    if caveat is None:
        assert result.stderr == ""
    else:
        assert caveat in result.stderr
        assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("can I just stop taking it", "stopping"),
        ("can my wife still drive the car while she's on these tablets", "driving"),
    ],
)
def test_a_topic_the_question_names_outright_leads(
    dataset: Dataset, query: str, expected: str
) -> None:
    assert _top3(dataset, query)[0] == expected


def test_a_fuzzy_symptom_never_beats_an_exact_topic_word(dataset: Dataset) -> None:
    assert _top3(dataset, "switching to another pill")[0] == "switching"
    assert _top3(dataset, "can i change to letrozole")[0] == "switching"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "yaml"])
def test_show_a_topic_in_every_format(runner: CliRunner, fmt: str) -> None:
    result = run(runner, "show", "missed-dose", "--format", fmt)
    assert result.exit_code == status.OK
    assert "dose" in result.stdout.lower()
    if fmt == "json":
        shape = json.loads(result.stdout)
        assert shape["kind"] == "topic"
        assert all(p["source"] for p in shape["points"])


def test_search_json_marks_topics(runner: CliRunner) -> None:
    hits = json.loads(run(runner, "search", "missed a dose", "--json").stdout)
    assert hits[0]["kind"] == "topic"
    assert hits[0]["id"] == "missed-dose"


def test_something_nothing_covers_is_said_in_one_line(runner: CliRunner) -> None:
    result = run(runner, "search", "qwzx blorf")
    assert result.exit_code == status.NOT_FOUND
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "not listed" in result.stderr


@pytest.mark.parametrize(
    "query",
    ["my wife has gone off sex", "she has no sex drive any more", "mum has lost her libido"],
)
def test_a_query_about_a_woman_keeps_men_only_effects_out_of_the_top_three(
    runner: CliRunner, query: str
) -> None:
    hits = json.loads(run(runner, "search", query, "--json").stdout)
    for hit in hits[:3]:
        if hit["kind"] == "effect":
            assert "men" not in hit["populations"] or "all" in hit["populations"], hit["id"]


def test_search_takes_a_population_as_list_does(runner: CliRunner) -> None:
    hits = json.loads(run(runner, "search", "libido", "--population", "men", "--json").stdout)
    assert hits
    for hit in hits:
        if hit["kind"] == "effect":
            assert {"men", "all"} & set(hit["populations"]), hit["id"]


def _honest(dataset: Dataset, query: str) -> bool:
    """No answer, or the symptom on anastrozole with the line saying what is not covered,
    as the search command answers (its own ordering and additions included)."""
    if medicines_together(dataset, query) is not None:
        return False
    hits, caveat = answer(dataset, spaced(index_of(dataset), query), 10)
    return not hits or caveat is not None


@pytest.mark.parametrize(
    ("name", "least"),
    [
        ("holdout14", 18),
        ("holdout15", 19),
        ("holdout16", 15),
        ("holdout18", 18),
        ("holdout19", 19),
        ("holdout20", 16),
        ("holdout21", 19),  # 20 before 0.6.1: see the abemaciclib note in the CHANGELOG
        ("holdout22", 21),
        ("holdout23", 19),
        ("holdout24", 19),
        ("holdout25", 13),
        ("holdout26", 21),
        ("holdout27", 21),
        ("holdout28", 22),
        ("holdout29", 14),
        ("holdout30", 17),
        ("holdout31", 18),
        ("holdout32", 13),
        ("holdout33", 13),
        ("holdout34", 19),
        ("holdout35", 18),
        ("holdout36", 19),
        ("holdout37", 16),
        ("holdout38", 16),
        ("holdout39", 22),
        ("holdout40", 20),
        ("holdout41", 13),
        ("holdout42", 22),
        ("holdout43", 16),
        ("holdout44", 22),
        ("holdout45", 19),
        ("holdout46", 17),
        ("holdout47", 19),
        ("holdout48", 17),
        ("holdout49", 18),
    ],
)
def test_blind_off_topic_questions_get_the_not_covered_answer(
    dataset: Dataset, name: str, least: int
) -> None:
    """The 25 (set 20: 20) questions no entry answers in each held-out set, written blind.
    First runs, untouched: 4, 9, 7, 11, 14, 12, 15, 15, 18, 16, 11, 13, 18, 22, 13, 16, 18,
    13, 13, 19, 18, 19, 16, 16, 22, 20, 13, 22, 16, 22, 19, 17, 15, 15, 18 (sets 14-16, 18-49) were
    honest; the floors are what the out-of-scope, other-medicine and other-cause lists they
    informed reach since (the not-covered line, or the symptom on anastrozole under a line
    saying the other medicine or cause is not covered)."""
    path = Path(__file__).resolve().parents[1] / f"benchmarks/{name}_not_covered.yaml"
    questions: list[str] = yaml.safe_load(path.read_text(encoding="utf-8"))
    honest = [q for q in questions if _honest(dataset, q)]
    assert len(questions) in (20, 25)
    assert len(honest) >= least


@pytest.mark.parametrize(
    "name", ["estradiol", "Estradiol (E2)", "e2", "E2 level", "estradiol blood test"]
)
def test_show_a_blood_test_by_any_of_its_names(runner: CliRunner, name: str) -> None:
    result = run(runner, "show", name)
    assert result.exit_code == status.OK
    assert result.stdout.splitlines()[0] == "Estradiol (E2)"
    assert "Blood test: anastrozole lowers it." in result.stdout
    assert "intended effect" in result.stdout
    assert result.stderr == ""  # named exactly: no "best match" note


def test_show_a_misspelt_blood_test_says_it_is_the_best_match(runner: CliRunner) -> None:
    result = run(runner, "show", "estradoil")
    assert result.exit_code == status.OK
    assert result.stdout.startswith("Estradiol (E2)\n")
    assert "best match, Estradiol (E2) (estradiol)" in result.stderr


def test_search_points_at_a_show_command_that_shows_the_marker(runner: CliRunner) -> None:
    """search's 'Details' line names `anastro show ID` for its first hit; for a marker that
    command once showed a side effect instead."""
    searched = run(runner, "search", "fsh", "--json")
    assert json.loads(searched.stdout)[0]["id"] == "fsh"
    shown = run(runner, "show", "fsh")
    assert shown.stdout.startswith("Follicle-stimulating hormone (FSH)\n")
    assert "anastrozole raises it" in shown.stdout
    assert "Sources: " in shown.stdout


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "markdown"])
def test_show_a_blood_test_in_every_format(runner: CliRunner, fmt: str) -> None:
    result = run(runner, "show", "testosterone", "--format", fmt)
    assert result.exit_code == status.OK
    if fmt in ("json", "yaml"):
        shape = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
        assert shape["kind"] == "marker"
        assert shape["id"] == "testosterone"
        assert shape["direction"] == "up"
        assert shape["sources"]
        assert shape["lay_terms"]
        # the same shape as the marker's row in search's JSON, but for score and matched
        hit = json.loads(run(runner, "search", "testosterone", "--json").stdout)[0]
        assert {k: v for k, v in hit.items() if k not in ("score", "matched")} == shape
    elif fmt == "csv":
        assert "testosterone,direction,up\n" in result.stdout.replace("\r\n", "\n")
    else:
        assert "| testosterone | direction | up |" in result.stdout


@pytest.mark.parametrize("name", ["estradiol", "e2 level", "estradoil", "fsh"])
def test_only_show_resolves_to_a_blood_test_never_a_symptom_check(
    dataset: Dataset, name: str
) -> None:
    from anastro_cli.model.records import Marker
    from anastro_cli.search.intent import best_covering, best_shown

    assert not isinstance(best_covering(dataset, name)[0], Marker)
    assert isinstance(best_shown(dataset, name)[0], Marker)
