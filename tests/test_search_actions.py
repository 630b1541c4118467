"""A query that asks about stopping or changing the tablets, with a symptom named as the
reason, gets the stopping or switching topic first (search/actions.py). Learnt from the 22
such queries held-out sets 1-40 missed; told of the past, it is history, not a question."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from anastro_cli.cli.app import app
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.actions import action_asked
from anastro_cli.search.query import read_query
from anastro_cli.search.rank import search
from anastro_cli.store.reads import index_of
from anastro_cli.text.fold import fold
from anastro_cli.text.lexicon import word_set


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("what happens if I just stop taking it, the joint pain is too much", "stopping"),
        ("can i take a few weeks off anastrozole to let my joints recover", "stopping"),
        ("drug holiday from arimidex to see if joint pain goes", "stopping"),
        ("can she have a little break from it while she's in spain", "stopping"),
        ("hold anastrozole pre op?", "stopping"),
        ("what happens if I take a break for a few weeks and then restart?", "stopping"),
        ("I need to take a break from work", None),
        ("need to come off it before my knee operation?", "stopping"),
        ("dropping adex completely when i come off cycle", None),  # "drop": also a dose
        ("is there a different tablet I could change to instead of anastrozole?", "switching"),
        ("change from anastrozole to letrozole because of joint pain", "switching"),
        ("would a different brand of anastrozole help", "switching"),
        ("could I try exemestane instead", None),  # no "to": the topic's own words find it
        # history, not a question
        ("since stopping anastrozole my joints are much better", None),
        ("after switching to anastrozole from tamoxifen my joints ache", None),
        ("I switched from tamoxifen and now have hot flushes", None),
        ("I stopped my tablets last year", None),
        # not the tablets, or not stopping them
        ("the rest of my tablets are in the cupboard", None),
        ("I take another tablet for my blood pressure", None),
        ("how do I stop the hot flushes", None),
        ("I'm scared the cream will stop the tablet working", None),
        ("does it stop the tablets from working", None),
        ("took two weeks off work", None),
        # found in review: a symptom to stop, a tablet to break, a level dropping, time off
        # work, a pharmacy out of stock, another finger, a visit, history in other words
        ("my joints ache all the time, how do I stop it?", None),
        ("what can I take to stop it hurting", None),
        ("can I break arimidex tablets in half", None),
        ("my bone density keeps dropping on anastrozole", None),
        ("I have to take a break during the day because of the fatigue", None),
        ("I can't get hold of my tablets, the pharmacy has run out", None),
        ("hot flushes won't stop on arimidex", None),
        ("hair is coming off with the tablets", None),
        ("take a week off work", None),
        ("another one of my fingers has started locking, what can help", None),
        ("I take another tablet for my blood pressure, could that help the headaches", None),
        ("do i need to go to the gp for the tablets each month", None),
        ("I was on a break from arimidex for a month and the pain went", None),
        ("I had to stop taking it because of the pain", None),
        ("I took two weeks off my tablets and the joint pain went", None),
        # found in the second review: the side effect stopped, another clause, a negation,
        # a tablet dropped or a dose lowered, another tablet taken, another medicine, an
        # intention is no history, and a break at the end of a symptom
        ("how do I stop the tablets making me feel sick", None),
        ("how can i stop the pills giving me headaches", None),
        ("my joints ache and it won't stop, the tablets are making me miserable", None),
        ("I feel like giving up, my tablets make me feel worthless", None),
        ("can I drop the tablet in water to dissolve it", None),
        ("should i drop my adex dose to 0.25", None),
        ("I was sick after my tablet, should I take another tablet or try again tomorrow", None),
        ("can I switch from amlodipine to another medicine", None),
        ("should I stop my tablets for my thyroid", None),
        ("joint pain when I run, should I take a break", None),
        ("I was thinking about coming off arimidex because of the aches", "stopping"),
        ("can i go off anastrozole for a bit", "stopping"),
        ("can I change to a different one", "switching"),
        ("swap arimidex for a different brand", "switching"),
    ],
)
def test_stopping_or_switching_is_read_from_the_wording(
    dataset: Dataset, query: str, topic: str | None
) -> None:
    q = read_query(index_of(dataset), query)
    assert q is not None
    assert q.asked == topic  # each clause read apart ("it won't stop, the tablets ...")


_ACTION_WORDS = set().union(
    *map(word_set, ["stopping_verbs", "break_words", "switching_verbs"])
) | {"different", "another"}
WORDS = ["stop", "stopping", "stopped", "since", "after", "it", "my", "tablets", "break"]
WORDS += ["from", "change", "to", "letrozole", "different", "brand", "instead", "the", "pain"]


@given(st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join) | st.text(max_size=80))
def test_an_action_is_only_read_from_words_that_name_one(text: str) -> None:
    folded = fold(text)
    found = action_asked(folded)
    if found is not None:
        topic, said = found
        assert " ".join(said) in folded  # the words that say so, as the query says them
        named = {word for entry in _ACTION_WORDS for word in entry.split()}
        assert topic in {"stopping", "switching"}
        assert named & set(said)
        assert action_asked(fold(text.upper())) == found
    verbs = [w for w in folded.split() if w in _ACTION_WORDS or w in {"it", "my", "tablets"}]
    if found is not None and verbs == list(found[1]) and folded.startswith(verbs[0]):
        assert action_asked(f"since {folded}") is None  # the only action, told of the past


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("The joint pain is so bad I'm thinking of stopping my tablets. What happens?", "stopping"),
        ("drug holiday from arimidex to see if joint pain goes", "stopping"),
        ("The aches are unbearable, is there a different tablet I could change to?", "switching"),
        ("change from anastrozole to letrozole because of joint pain", "switching"),
        ("since stopping anastrozole my joints are much better", "arthralgia"),
    ],
)
def test_the_action_comes_before_the_symptom_that_is_its_reason(
    dataset: Dataset, query: str, first: str
) -> None:
    assert search(dataset, query, limit=1)[0].id == first


def test_search_json_says_what_the_query_was_read_as_asking() -> None:
    query = "what happens if I just stop taking it, the joint pain is too much"
    result = CliRunner().invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.stderr
    first = json.loads(result.stdout)[0]
    assert first["id"] == "stopping"
    asked = [m for m in first["matched"] if m["field"] == "question"]
    assert asked == [
        {
            "field": "question",
            "text": "stopping or pausing the tablets",
            "words": ["stop", "taking", "it"],
            "kind": "exact",
        }
    ]
