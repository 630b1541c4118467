"""Topics beyond side effects: questions as patients, carers and nurses ask them (written by
someone who saw neither data nor code) find the right topic; every topic is complete."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from anastro_cli import status
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.intent import answers
from anastro_cli.search.rank import search
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
    ],
)
def test_the_phone_line_questions_find_their_topic(
    dataset: Dataset, query: str, expected: str
) -> None:
    assert expected in _top3(dataset, query)


def test_topic_questions_find_their_topic_in_the_top_three(dataset: Dataset) -> None:
    """First run, untouched (48 topic questions): 42 in the top three. Kept at 85%."""
    cases = [c for c in _questions() if c["expect"]]
    found = sum(any(i in c["expect"] for i in _top3(dataset, c["query"])) for c in cases)
    assert len(cases) >= 40
    assert found / len(cases) >= 0.85


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
