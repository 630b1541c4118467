"""Search quality on patients' own words, and properties that hold for any query."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from anastro_cli.cli.app import app
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.cues import population_cue
from anastro_cli.search.rank import search
from anastro_cli.search.suggest import suggestions
from anastro_cli.text.fold import fold, highlight_spans, stem, words
from conftest import FIXTURES


def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(
        (FIXTURES / "search_cases.yaml").read_text(encoding="utf-8")
    )
    return cases


CASES = _cases()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["query"])
def test_lay_and_misspelled_queries_find_the_effect_in_the_top_3(
    dataset: Dataset, case: dict[str, Any]
) -> None:
    top = [hit.id for hit in search(dataset, case["query"], limit=3)]
    assert set(top) & set(case["expect"]), f"{case['query']!r}: top 3 were {top}"


def test_two_symptoms_return_both(dataset: Dataset) -> None:
    top = [hit.id for hit in search(dataset, "headache and nausea", limit=4)]
    assert {"headache", "nausea"} <= set(top)


def test_exact_name_ranks_above_text_mentions(dataset: Dataset) -> None:
    hits = search(dataset, "insomnia", limit=5)
    assert hits[0].id == "insomnia"
    assert hits[0].matched[0].field in ("name", "alias")


def test_matched_fields_explain_the_hit(dataset: Dataset) -> None:
    hit = search(dataset, "tiredniss", limit=1)[0]
    assert hit.id == "fatigue"
    assert any(m.kind == "fuzzy" for m in hit.matched)


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("diarrhoea", "diarrhea"),
        ("oedema", "edema"),
        ("anaemia", "anemia"),
        ("hot flushes", "hot flashes"),
        ("haemorrhage", "hemorrhage"),
    ],
)
def test_spelling_variants_fold_together(british: str, american: str) -> None:
    assert [stem(w) for w in fold(british).split()] == [stem(w) for w in fold(american).split()]


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("headaches", "headache"),
        ("fractured", "fractures"),
        ("sweating", "sweats"),
        ("joints", "joint"),
        ("dizziness", "dizzy"),
    ],
)
def test_plurals_and_verb_forms_share_a_stem(word: str, other: str) -> None:
    assert stem(word) == stem(other)


def test_highlight_spans_cover_the_matched_words() -> None:
    text = "Joint pain and stiffness"
    spans = highlight_spans(text, [stem("joint")])
    assert [text[a:b] for a, b in spans] == ["Joint"]


def test_suggestions_are_close_and_few(dataset: Dataset) -> None:
    close = suggestions(dataset, "osteoprosis", limit=3)
    assert 1 <= len(close) <= 3
    assert "osteoporosis" in close[0].casefold()
    assert suggestions(dataset, "x") == []
    assert not any(len(s) < 4 for s in suggestions(dataset, "bleeding gums"))
    assert search(dataset, "zzzzqqq") == []


def test_abbreviations_are_suggested_only_when_nearly_typed(dataset: Dataset) -> None:
    assert "NOFF" not in suggestions(dataset, "coff")
    assert all(not s.isupper() for s in suggestions(dataset, "zzcof"))


def test_single_letters_are_not_search_words(dataset: Dataset) -> None:
    assert search(dataset, "e") == []
    assert search(dataset, "t") == []


def test_the_index_belongs_to_its_dataset(dataset: Dataset) -> None:
    from anastro_cli.model.frozen import replace

    fewer = replace(dataset, effects=tuple(e for e in dataset.effects if e.id != "fatigue"))
    assert search(dataset, "fatigue", limit=1)[0].id == "fatigue"
    assert all(hit.id != "fatigue" for hit in search(fewer, "fatigue"))
    assert search(dataset, "fatigue", limit=1)[0].id == "fatigue"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.text(max_size=200))
def test_any_query_is_safe_fast_and_deterministic(dataset: Dataset, query: str) -> None:
    search(dataset, "warm up", limit=3)  # the index is built once per dataset
    first = search(dataset, query)
    elapsed = float("inf")
    for _ in range(3):  # the best of three: a loaded CI machine should not fail the bound
        started = time.perf_counter()
        second = search(dataset, query)
        elapsed = min(elapsed, time.perf_counter() - started)
    assert [(h.id, h.score) for h in first] == [(h.id, h.score) for h in second]
    assert elapsed < 0.05, f"{elapsed * 1000:.1f} ms for {query!r}"
    scores = [h.score for h in first]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=200, deadline=None)
@given(query=st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_suggestions_never_raise(dataset: Dataset, query: str) -> None:
    assert isinstance(suggestions(dataset, query), list)


def _recall(dataset: Dataset, cases: list[dict[str, Any]], k: int) -> float:
    found = sum(
        1
        for case in cases
        if set(case["expect"]) & {hit.id for hit in search(dataset, case["query"], limit=k)}
    )
    return found / len(cases)


HELD_OUT = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize(
    ("path", "at_1", "at_3"),
    [
        # Each set was written by someone who saw neither data nor code; its first, untouched
        # run is recorded in its header and in benchmarks/README.md. Once a set prompted fixes
        # it is no longer held out, so these floors guard against regressions, nothing more.
        (FIXTURES / "holdout2_queries.yaml", 0.9, 0.95),
        (HELD_OUT / "holdout3_queries.yaml", 0.95, 1.0),
        (HELD_OUT / "holdout4_queries.yaml", 0.95, 1.0),
        (HELD_OUT / "holdout5_queries.yaml", 0.95, 1.0),
        (HELD_OUT / "holdout6_queries.yaml", 0.95, 1.0),
        (HELD_OUT / "holdout7_queries.yaml", 0.9, 1.0),
        (HELD_OUT / "holdout8_queries.yaml", 0.9, 1.0),
        (HELD_OUT / "holdout9_queries.yaml", 0.95, 1.0),
        (HELD_OUT / "holdout10_queries.yaml", 0.95, 1.0),
        (HELD_OUT / "holdout11_queries.yaml", 0.95, 1.0),
        (HELD_OUT / "holdout12_queries.yaml", 0.95, 1.0),
        # Round 3 (topics too): first untouched run 85.6% / 91.7%; kept at today's level.
        (HELD_OUT / "holdout13_queries.yaml", 0.91, 0.96),
        # Second session: first untouched run 84.4% / 91.7%; it then informed tuning.
        (HELD_OUT / "holdout14_queries.yaml", 0.96, 0.98),
        # First untouched run 87.3% / 94.0%; it then informed tuning too.
        (HELD_OUT / "holdout15_queries.yaml", 0.96, 0.98),
        # First untouched run 92.0% / 96.7%; it then informed tuning (cues, stop words, terms).
        (HELD_OUT / "holdout16_queries.yaml", 0.95, 0.98),
        # The last set of round 3: first untouched run 89.3% / 93.3%; fixes since.
        (HELD_OUT / "holdout17_queries.yaml", 0.94, 0.96),
        # First untouched runs 86.7% / 96.7% (light stemmer), 88.0% / 96.7% (Snowball).
        (HELD_OUT / "holdout18_queries.yaml", 0.9, 0.99),
        # Round 4's last set: first untouched run 85.3% / 95.3% (0.3.1's search: 81.3 / 93.3).
        (HELD_OUT / "holdout19_queries.yaml", 0.85, 0.95),
        # First untouched run 88.3% / 92.5% (0.3.1's search: 85.8 / 91.7).
        (HELD_OUT / "holdout20_queries.yaml", 0.88, 0.92),
        # First untouched run 85.3% / 94.7% (0.3.1's search: 82.7 / 93.3); it then informed
        # the phrasing rules (tests/test_search_phrasing.py).
        (HELD_OUT / "holdout21_queries.yaml", 0.92, 0.99),
        # Longer, situational questions: first untouched run 80.7% / 94.7% (0.4.0's search:
        # 76.7 / 92.7); it then informed lay terms, idioms and stop words.
        (HELD_OUT / "holdout22_queries.yaml", 0.9, 0.98),
        # First untouched run 92.0% / 98.7% (0.4.0's search: 87.3 / 96.0).
        (HELD_OUT / "holdout23_queries.yaml", 0.95, 0.98),
        # First untouched run 89.3% / 96.7% (0.4.0's search: 88.0 / 94.7).
        (HELD_OUT / "holdout24_queries.yaml", 0.9, 0.98),
        # 0.5.0's untouched run, 90.7% / 96.7% (0.4.0's search: 87.3 / 94.7); informed nothing.
        (HELD_OUT / "holdout25_queries.yaml", 0.9, 0.96),
        # First untouched run 92.7% / 99.3% (on 5f4481e).
        (HELD_OUT / "holdout26_queries.yaml", 0.92, 0.99),
        # First untouched run 92.7% / 98.0% (on 09fbc29).
        (HELD_OUT / "holdout27_queries.yaml", 0.92, 0.98),
        # First untouched runs, this session's final search (18c0b09); they informed nothing.
        (HELD_OUT / "holdout28_queries.yaml", 0.92, 0.96),
        (HELD_OUT / "holdout29_queries.yaml", 0.88, 0.96),
        # First untouched run 86.7% / 96.7% (on 025982d); it then informed lay terms.
        (HELD_OUT / "holdout30_queries.yaml", 0.92, 0.98),
        # First untouched run 91.3% / 96.7% (on c6d84e9); it then informed words and terms.
        (HELD_OUT / "holdout31_queries.yaml", 0.95, 0.99),
        # First untouched run 88.7% / 95.3% (on 2aee018; 0.6.0: 86.7 / 94.7).
        (HELD_OUT / "holdout32_queries.yaml", 0.9, 0.97),
        # First untouched run 97.3% / 99.3% (on 4a395b2; 0.6.0: 97.3 / 100).
        (HELD_OUT / "holdout33_queries.yaml", 0.97, 1.0),
        # First untouched run 93.3% / 98.0% (on 0b381bf, 0.6.1; 0.6.0: 93.3 / 97.3); it then
        # informed words, lay terms and the partner's pronouns.
        (HELD_OUT / "holdout34_queries.yaml", 0.96, 0.99),
        # First untouched run 91.3% / 98.0% (on e8f6b92; 0.6.0: 90.7 / 97.3); it then
        # informed lay terms and word lists.
        (HELD_OUT / "holdout35_queries.yaml", 0.96, 0.99),
        # First untouched run 96.7% / 100% (on 936bce0; 0.6.0: the same).
        (HELD_OUT / "holdout36_queries.yaml", 0.96, 1.0),
        # First untouched run 94.7% / 98.0% (on 20c17fe; 0.6.0: 94.0 / 98.0); it then informed
        # lay terms and "comes down".
        (HELD_OUT / "holdout37_queries.yaml", 0.95, 1.0),
        # First untouched run 93.3% / 97.3% (on 5a92d35; 0.6.0: the same).
        (HELD_OUT / "holdout38_queries.yaml", 0.93, 0.97),
        # First untouched run 98.0% / 99.3% (on b55c7b3; 0.6.2: 97.3 / 99.3).
        (HELD_OUT / "holdout39_queries.yaml", 0.98, 0.99),
        # First untouched run 92.7% / 100% (on b55c7b3; 0.6.2: the same).
        (HELD_OUT / "holdout40_queries.yaml", 0.92, 1.0),
        # First untouched run 95.3% / 97.3% (on 292bdfb; 0.6.2: the same).
        (HELD_OUT / "holdout41_queries.yaml", 0.95, 0.97),
        # First untouched run 93.3% / 96.7% (on 292bdfb; 0.6.2: 92.7 / 96.0).
        (HELD_OUT / "holdout42_queries.yaml", 0.93, 0.96),
        # First untouched runs on 0.6.3's final search (fe6749f); they informed nothing.
        (HELD_OUT / "holdout43_queries.yaml", 0.95, 0.98),  # 95.3 / 98.0 (0.6.2: 94.7 / 98.0)
        (HELD_OUT / "holdout44_queries.yaml", 0.94, 0.98),  # 94.0 / 98.0 (0.6.2: the same)
        # First untouched run 92.0% / 96.7% (on 764c755; 0.6.2: 90.7 / 96.7).
        (HELD_OUT / "holdout45_queries.yaml", 0.92, 0.96),
        # First untouched run 93.3% / 99.3% (on 9f4a11a; 0.6.2: 92.7 / 99.3).
        (HELD_OUT / "holdout46_queries.yaml", 0.93, 0.99),
        # First untouched run 92.0% / 98.0% (on 4956dc9; 0.6.4: 91.3 / 98.0); it then
        # informed markers' lay terms.
        (HELD_OUT / "holdout47_queries.yaml", 0.92, 0.98),
        # First untouched run 95.3% / 100% (on ad01f97; 0.6.4: 94.0 / 99.3).
        (HELD_OUT / "holdout48_queries.yaml", 0.95, 1.0),
        # First untouched run 97.3% / 100% (on f4042c8; 0.6.4: the same).
        (HELD_OUT / "holdout49_queries.yaml", 0.97, 1.0),
    ],
    ids=lambda value: value.stem if isinstance(value, Path) else str(value),
)
def test_recall_on_the_held_out_sets_does_not_regress(
    dataset: Dataset, path: Path, at_1: float, at_3: float
) -> None:
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(cases) >= 50
    assert _recall(dataset, cases, 1) >= at_1
    assert _recall(dataset, cases, 3) >= at_3


def test_a_phrase_of_common_words_still_finds_its_effect(dataset: Dataset) -> None:
    hits = search(dataset, "can't get it up since starting", limit=3)
    assert hits
    assert hits[0].id == "erectile-dysfunction"


def test_who_the_query_is_about_moves_the_right_effect_up(dataset: Dataset) -> None:
    assert search(dataset, "my wife has no sex drive", limit=1)[0].id == "decreased-libido"
    assert search(dataset, "no sex drive on my trt", limit=1)[0].id == "low-libido-men"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("irregular cycle", "menstrual-irregularity"),
        ("periods all over the place", "menstrual-irregularity"),
    ],
)
def test_ambiguous_context_words_do_not_push_the_answer_away(
    dataset: Dataset, query: str, expected: str
) -> None:
    assert expected in [hit.id for hit in search(dataset, query, limit=3)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("testosterone", "testosterone"),
        ("knees ache on the runs", "arthralgia"),
        ("sitting on edge of bed dizzy", "dizziness"),
        ("colesterol gone up at my last blood test", "high-cholesterol"),
        ("up all night", "insomnia"),
    ],
)
def test_review_regressions_rank_the_symptom_first(
    dataset: Dataset, query: str, first: str
) -> None:
    hits = search(dataset, query, limit=3)
    assert hits[0].id == first, [h.id for h in hits]
    assert hits[0].matched, "every hit says why it matched"


def test_the_stemmer_keeps_short_words_apart() -> None:
    assert stem("spine") != stem("spinning")
    assert stem("spines") == stem("spine")
    assert stem("bones") == stem("bone")
    assert stem("spinning") == stem("spin")
    assert stem("putting") == stem("put")
    assert stem("headache") == stem("headaches")
    # A short word keeps its e through -ed and -ing, as through -s: wiped = wipes = wipe.
    assert stem("wiped") == stem("wipes") == stem("wiping") == stem("wipe")
    assert stem("stopped") == stem("stop")
    # Adjective and noun of one condition share a stem; a short word is left alone.
    assert stem("osteopenic") == stem("osteopenia")
    assert stem("allergic") == stem("allergy")
    assert stem("panic") == "panic"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # A key struck for the one beside it, or a vowel for another, in a word the index
        # does not know: "jpint" is joint (and not "pint"), "cists" cysts.
        ("jpint pain", "arthralgia"),
        ("scan found a cist can the tablets cause cists", "cyst"),
        ("dry cpugh", "cough"),
    ],
)
def test_a_slipped_key_or_vowel_is_a_typo(dataset: Dataset, query: str, first: str) -> None:
    hits = search(dataset, query, limit=3)
    assert hits[0].id == first
    typo = next(w for w in query.split() if w in {"jpint", "cists", "cpugh"})
    assert any(typo in m.words for m in hits[0].matched)


@pytest.mark.parametrize(
    "query",
    [
        "would a different brand of anastrozole help",  # r and l are not neighbours
        "am i going blind on arimidex",  # found in review: no vowel for another
    ],
)
def test_a_real_word_is_not_read_as_a_slipped_key(dataset: Dataset, query: str) -> None:
    """ "brand" and "blind" are no slips for "bland" (a taste word)."""
    hits = search(dataset, query, limit=3)
    assert not hits or hits[0].id != "taste-disturbance"


@given(st.sampled_from(["nausea", "headache", "fatigue", "insomnia", "dizziness"]), st.data())
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_one_slipped_key_still_finds_the_effect(dataset: Dataset, word: str, data: Any) -> None:
    """A letter after the first struck for a neighbour on its keyboard row: the effect the
    word names is still in the top three."""
    expected = {"headache": "headache", "insomnia": "insomnia", "dizziness": "dizziness"}
    expected |= {"nausea": "nausea", "fatigue": "fatigue"}
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    at = data.draw(st.integers(1, len(word) - 1))
    row = next(r for r in rows if word[at] in r)
    place = row.index(word[at])
    typo = (
        word[:at] + data.draw(st.sampled_from(row[max(place - 1, 0) : place + 2])) + word[at + 1 :]
    )
    assert expected[word] in [h.id for h in search(dataset, typo, limit=3)], typo


@pytest.mark.parametrize(
    ("query", "first"),
    [("jiont pian", "arthralgia"), ("nasuea", "nausea"), ("haedache", "headache")],
)
def test_swapped_letters_are_typos_even_in_short_words(
    dataset: Dataset, query: str, first: str
) -> None:
    hits = search(dataset, query, limit=3)
    assert hits[0].id == first
    assert any(m.kind == "fuzzy" for m in hits[0].matched)


def test_a_phrase_of_one_meaningful_word_counts_only_when_it_is_the_whole_query(
    dataset: Dataset,
) -> None:
    assert search(dataset, "keep throwing up", limit=1)[0].id == "vomiting"
    # ... but "the runs" inside a question about knees does not pull diarrhoea up.
    assert search(dataset, "knees ache on the runs", limit=1)[0].id == "arthralgia"


@pytest.mark.parametrize(
    ("query", "cue"),
    [
        ("my wife has no sex drive", "women"),
        ("my husband has gone off sex", "men"),
        ("I'm on arimidex and my husband is upset I've gone off sex", "women"),
        ("my wife says I have no sex drive", "men"),
        ("lost all interest in sex, my husband feels rejected", "women"),
        ("gone off sex and my wife is fed up", "men"),
        ("foggy since my husband started adex", "men"),
        ("no sex drive, male, on it for gyno", "men"),
        ("my wife is on arimidex and i get no sex drive", "women"),
        ("my husband started complaining i have no libido since i started arimidex", "women"),
        ("no sex drive since i started arimidex, my husband is on my case about it", "women"),
        ("my husband takes anastrozole and has no sex drive", "men"),
        ("wife started her tablets and has no sex drive", "women"),
        ("she has no sex drive and he does", None),
        # "he" is then the speaker's partner, not someone else the query is about.
        (
            "my husband and I had good sex but since I started arimidex no desire, he's hurt",
            "women",
        ),
        ("my husband started adex and he has no sex drive", "men"),
        # the speaker's own tablets say the speaker takes it
        ("my husband thinks he took some of my anastrozole tablets", "women"),
        # an idiom is not the partner taking it (set 39)
        (
            "lost my sex drive since starting anastrozole and my husband is taking it personally",
            "women",
        ),
        ("my husband is taking it for his gyno and has no sex drive", "men"),
        ("no sex drive since arimidex and my husband is taking it very personally", "women"),
        ("no libido on anastrozole, my husband is taking it to heart", "women"),
        ("no sex drive", None),
    ],
)
def test_a_partner_points_to_the_speaker_when_the_speaker_takes_it(
    query: str, cue: str | None
) -> None:
    assert population_cue(query) == cue


def test_the_diagnosis_is_context_not_a_symptom(dataset: Dataset) -> None:
    assert words("since I started the breast cancer pill my joints ache") == ["joints", "ache"]
    assert words("breast pain") == ["breast", "pain"]
    assert words("breast cancer pain") == ["breast", "pain"]
    assert search(dataset, "breast cancer pain", limit=1)[0].id == "breast-pain"
    query = "my cholesterol is high now, GP says it is the breast cancer pill"
    assert search(dataset, query, limit=1)[0].id == "high-cholesterol"
    assert search(dataset, "does anastrozole cause depression", limit=1)[0].id == "mood-changes"
    assert words("since she went on her cancer tablets") == ["she", "her"]
    assert words("since the hormone pill") == []
    assert words("IHD on an aromatase inhibitor") == ["ihd"]
    for one, other in [
        ("forgetful", "forgetfulness"),
        ("foggy", "fogginess"),
        ("giddy", "giddiness"),
        ("painful", "painfulness"),
    ]:
        assert stem(one) == stem(other), (one, other)
    assert stem("spotty") != stem("spotting")
    assert words("I tried everything") == []
    assert stem("forgetful") == stem("forgetting")


@pytest.mark.parametrize(
    "query", ["breast cancer", "early breast cancer", "ER positive breast cancer"]
)
def test_searching_for_the_diagnosis_says_it_is_a_use(runner: CliRunner, query: str) -> None:
    result = runner.invoke(app, ["search", *query.split()])
    assert result.exit_code == 1
    assert "is not a side effect: it is one of anastrozole's uses" in result.stderr
    assert result.stderr.count("\n") == 1


def test_common_verbs_and_vague_words_are_not_search_words() -> None:
    assert words("it came back even worse than anything") == ["back", "worse"]


def test_scene_setting_words_and_drug_names_are_not_search_words() -> None:
    assert words("since starting my tablets") == []
    assert words("anastrazole arimedex anastrozole adex") == []
    assert words("wife") == ["wife"]  # kept here; search drops it unless data uses it


def test_a_whole_lay_term_can_be_shown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "up all night"])
    assert result.exit_code == 0
    assert "Insomnia" in result.stdout or "sleep" in result.stdout.lower()
