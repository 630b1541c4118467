"""A name, alias or lay term said with a few words between its own ("do I still need to use
contraception" says "do I need contraception"): found, earning less than the phrase said
whole, and never by leaving out a negation. Each search case failed before the rule."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anastro_cli.model.dataset import Dataset
from anastro_cli.search.query import SPREAD_GAP, SPREAD_LONGEST, spread_grams
from anastro_cli.search.rank import search
from anastro_cli.text.fold import stop_words
from anastro_cli.text.lexicon import word_set


def _by_hand(text: str) -> set[str]:
    """spread_grams of one phrasing, by trying every choice of words (slow and plain)."""
    parts, stops, negations = text.split(), stop_words(), word_set("negations")
    found = set()
    for start in range(len(parts)):
        for end in range(start + 2, min(len(parts), start + SPREAD_LONGEST + SPREAD_GAP)):
            inner = range(start + 1, end)
            for size in range(len(inner) + 1):
                for middle in combinations(inner, size):
                    picks = (start, *middle, end)
                    left_out = [at for at in inner if at not in middle]
                    kept = [parts[at] for at in picks]
                    if (
                        1 <= len(left_out) <= SPREAD_GAP
                        and len(picks) <= SPREAD_LONGEST
                        and not any(parts[at] in negations for at in left_out)
                        and kept[-1] not in stops
                        and sum(word not in stops for word in kept) >= 2
                    ):
                        found.add(" ".join(kept))
    return found


def test_a_phrase_is_found_with_words_between_its_own() -> None:
    grams = spread_grams(["do i still need to use contraception"])
    assert "do i need contraception" in grams  # "still", "to use" left out
    assert "need contraception" in grams
    assert "do i still need to use contraception" not in grams  # six words: too long
    assert "do contraception" not in grams  # four words left out: too far apart


def test_a_negation_is_never_left_out() -> None:
    grams = spread_grams(["my periods havent stopped yet"])
    assert "periods stopped" not in grams
    assert "periods havent stopped" not in grams  # said whole: an n-gram, not spread
    assert "my periods stopped" not in grams


def test_a_spread_phrase_ends_in_a_word_that_means_something() -> None:
    grams = spread_grams(["joint pain in my knees and"])
    assert "joint pain knees" in grams
    assert all(gram.split()[-1] not in stop_words() for gram in grams)  # never "... and"
    assert "joint in knees" in grams  # two words that mean something, and one between
    assert "in my knees" not in grams  # one: "in", "my" mean nothing


WORDS = ["hot", "flushes", "night", "need", "contraception", "periods", "stopped"]
WORDS += ["i", "do", "to", "at", "the", "my", "not", "havent", "never", "no"]


@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_spread_grams_are_every_choice_the_rule_allows_and_no_other(text: str) -> None:
    assert set(spread_grams([text])) == _by_hand(text)


@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), max_size=3))
def test_spread_grams_of_several_phrasings_are_each_ones_once(texts: list[str]) -> None:
    grams = spread_grams(texts)
    assert len(grams) == len(set(grams))
    assert set(grams) == set().union(*map(_by_hand, texts))


@pytest.mark.parametrize(
    ("query", "first", "phrase"),
    [
        (
            "I'm 42, on ovarian suppression and anastrozole. Do I still need to use contraception?",
            "pregnancy",
            "do I need contraception",
        ),
        (
            "spotting blood 10 years after my periods stopped",
            "vaginal-bleeding",
            "spotting years after periods stopped",
        ),
    ],
)
def test_a_query_saying_a_phrase_with_words_between_finds_its_entry(
    dataset: Dataset, query: str, first: str, phrase: str
) -> None:
    hits = search(dataset, query, limit=3)
    assert hits[0].id == first
    assert any(m.text == phrase for m in hits[0].matched)


def test_a_spread_phrase_earns_less_than_the_phrase_said_whole(dataset: Dataset) -> None:
    whole = search(dataset, "do i need contraception", limit=1)[0]
    spread = search(dataset, "do i still need contraception", limit=1)[0]
    assert whole.id == spread.id == "pregnancy"
    assert spread.score < whole.score


def test_a_phrase_with_its_negation_left_out_does_not_match(dataset: Dataset) -> None:
    # Read as "periods stopped", irregular periods came first.
    query = "my periods havent stopped yet, can i still be given anastrozole"
    assert search(dataset, query, limit=1)[0].id == "who-should-not-take"


def test_a_spread_phrase_stays_within_one_clause(dataset: Dataset) -> None:
    # "hair ... loss" across the comma read as hair loss (found in review).
    assert search(dataset, "my hair is ok, bone loss though", limit=1)[0].id == "osteoporosis"
