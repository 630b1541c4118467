"""Search's whole-dict scoring (issue 16) is score_doc's, float for float, for every entry a
query reaches; and a limited search, which ranks only the entries that can reach its first
places, shows exactly the first places of the full ranking (tests/test_store.py holds that
full ranking to the oracle)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anastro_cli.dataset.load import load
from anastro_cli.index import docs_of
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.query import read_query
from anastro_cli.search.rank import entry_scores, score_doc, search
from anastro_cli.store.reads import index_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate_dataset import write

QUERIES = [
    "joint pain",
    "pain",
    "fatigue",
    "tiredniss",
    "jiont pian",
    "up all night",
    "driving",
    "my wife has no sex drive",
    "she is tired and her joints ache",
    "hot flushes and night sweats",
    "can't get it up since starting adex",
    "bone bone",
    "sleep mood",
    "tired heart 12",
    "vaginal dry libido",
    "estrogen aromatase sleep",
    # Round 5's rules: phrasings, a short phrase inside, scene words, questions, the dose cue.
    "coming off arimidex early",
    "she's gone off her food completely",
    "puffed out walking up the hill",
    "nausous every morning",
    "how often dexa scan",
    "arimidex and driving long distances",
    "took 2 anastrozole this morning",
    "swallowed several arimidex",
    # A phrase said with words between its own (query.spread_grams).
    "do i still need to use contraception",
    "my periods havent stopped yet",
    "hot flushes mostly at night and sweats",
    # Stopping or switching asked with a symptom as the reason (search/actions.py).
    "what happens if I just stop taking it, the joint pain is too much",
    "change to letrozole because of the aches",
]
WORDS = ["joint", "pain", "hot", "flush", "sleep", "tired", "bone", "wife", "he", "up", "all"]
WORDS += ["night", "sex", "drive", "hair", "thining", "nausia", "my", "the", "mood", "heart"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = write(1500, tmp_path_factory.mktemp("generated"))
    return load(folder, "replace", use_cache=False)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_every_entry_scores_as_score_doc_scores_it(
    dataset: Dataset, generated: Dataset, which: str, query: str
) -> None:
    chosen = dataset if which == "bundled" else generated
    index = index_of(chosen)
    q = read_query(index, query)
    assert q is not None
    scores, strong = entry_scores(index, q)
    for entry, doc in enumerate(docs_of(chosen)):
        score, matches = score_doc(doc, q)
        if entry in scores:
            assert scores[entry] == score, (entry, doc.id)
            if entry in strong:
                assert any(m.field != "text" for m in matches), doc.id
            else:
                assert all(m.field == "text" for m in matches), doc.id
        else:
            assert not matches, doc.id


def _first_places(dataset: Dataset, query: str) -> None:
    full = [(h.id, h.score) for h in search(dataset, query, limit=None)]
    for limit in (1, 2, 3, 5, 10, 25, len(full), len(full) + 1):
        assert [(h.id, h.score) for h in search(dataset, query, limit)] == full[:limit]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_a_limited_search_shows_the_first_places_of_the_full_ranking(
    dataset: Dataset, generated: Dataset, which: str, query: str
) -> None:
    _first_places(dataset if which == "bundled" else generated, query)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join))
def test_any_word_mix_shows_the_first_places_of_the_full_ranking(
    generated: Dataset, query: str
) -> None:
    _first_places(generated, query)


ZEBRA = """\
effects:
  - id: zebra-thing
    name: Zebra complaint
    aliases: [zebra itch anastrozole]
    lay_terms: [zebra itch arimidex]
    system: vasomotor
    populations: [all]
    seriousness: common
    mechanism: >-
      Made up for a test.
    notes: []
    monitoring: []
    helps: []
    seek_care: []
    related: []
    sources: [seed-organ]
    frequencies: []
"""


def test_a_query_that_is_two_phrases_of_one_entry_scores_as_score_doc_says(
    tmp_path: Path,
) -> None:
    # "zebra itch arimidex" is a lay term as typed and, with the drug named as the data names
    # it, an alias: score_doc takes the query as typed first; entry_scores once took the one
    # stored first (found in review).
    (tmp_path / "effects.yaml").write_text(ZEBRA, encoding="utf-8")
    chosen = load(tmp_path, "merge", use_cache=False)
    index = index_of(chosen)
    q = read_query(index, "zebra itch arimidex")
    assert q is not None
    scores, _ = entry_scores(index, q)
    for entry, doc in enumerate(docs_of(chosen)):
        if doc.id == "zebra-thing":
            assert scores[entry] == score_doc(doc, q)[0]
            break
    else:
        raise AssertionError("zebra-thing not loaded")
