"""Round 4's search rules, each through the ranking and the command: the Snowball stemmer, a
typo's weight, long lay phrases inside a query, questions that open as questions, scene words,
and the stemmer's part in the cache key."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.cli.app import app
from anastro_cli.dataset import cache
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.rank import search
from anastro_cli.text import fold
from anastro_cli.text.fold import stem, words


def _first(dataset: Dataset, query: str) -> str:
    hits = search(dataset, query, limit=3)
    assert hits, query
    return hits[0].id


def test_the_snowball_stemmer_joins_forms_the_light_one_kept_apart() -> None:
    # The issue's example: "exhaustion" never reached "exhausted" with the light stemmer.
    assert stem("exhaustion") == stem("exhausted") == stem("exhausting")
    assert stem("depression") == stem("depressed")
    # Kept from the light stemmer: '-ish' words, and adjective with noun.
    assert stem("yellowish") == stem("yellow")
    assert stem("allergy") == stem("allergic")
    assert stem("anaemia") == stem("anaemic")
    assert stem("achy") == stem("aching")
    assert stem("itchy") == stem("itching")


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("exhaustion", "fatigue"),  # the issue's known miss
        ("stif hands when i wake up", "arthralgia"),  # the other one: not insomnia
    ],
)
def test_the_issues_known_misses_are_found_first(dataset: Dataset, query: str, first: str) -> None:
    assert _first(dataset, query) == first


@pytest.mark.parametrize(
    ("query", "first", "before"),
    [
        # "bad" matched "bad bone scan" fully while the misspelt word counted for little.
        ("bad indigestoin", "indigestion", "osteoporosis"),
        ("insomia again", "insomnia", "vaginal-bleeding"),
    ],
)
def test_a_typo_weighs_what_the_word_it_stands_for_weighs(
    dataset: Dataset, query: str, first: str, before: str
) -> None:
    hits = search(dataset, query, limit=5)
    assert hits[0].id == first
    assert any(match.kind == "fuzzy" for match in hits[0].matched)
    assert before not in [hit.id for hit in hits[:1]]


def test_scene_words_such_as_again_are_not_search_words() -> None:
    assert words("periods started again lately") == ["periods"]
    assert "again" not in words("bleeding again")
    assert "recently" not in words("recently tired")


def test_a_long_lay_phrase_counts_inside_a_longer_query(dataset: Dataset) -> None:
    # "not sure if I took it" is one meaningful word ("if") among common ones; at four words
    # and more a phrase says something together, so "this morning" beside it does not stop it.
    assert _first(dataset, "i'm not sure if i took it this morning") == "missed-dose"


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        # Each put an effect first while topics stepped back in every query.
        ("do i need a bone density scan before starting arimidex", "monitoring"),
        ("can i change to exemestane if the joint pain is too much", "switching"),
        ("does it need taking with food", "how-to-take"),
        ("how often blood tests arimidex", "monitoring"),
        ("do i still need contraception, im 51 and periods only just stopped", "pregnancy"),
        # Tied with an effect ("sex drive", "breaking out in spots"): a question puts the
        # topic first on a tie.
        ("ok to drive on arimidex?", "driving"),
        ("can I have a break from anastrozole for a couple of weeks over Christmas", "stopping"),
    ],
)
def test_a_question_about_taking_it_puts_its_topic_first(
    dataset: Dataset, query: str, topic: str
) -> None:
    assert _first(dataset, query) == topic


def test_a_statement_of_a_symptom_still_puts_the_effect_before_topics(
    dataset: Dataset,
) -> None:
    # Topics step back unless the query opens as a question: a report of a symptom is
    # answered with the effect even when a topic shares its words.
    hits = search(dataset, "my hands are stiff and sore every morning", limit=3)
    assert hits[0].kind == "effect"


@pytest.mark.parametrize(
    "query",
    [
        "What is the difference between a mastectomy and a lumpectomy?",
        "Should my daughter have BRCA gene testing?",
        "Can I claim sickness benefit while having treatment?",
        # "breast" in the illness, or before what is outside, names no side effect
        "breast reconstruction options after mastectomy",
        "breast cancer support groups near me",
        # words that say who is asking name no symptom ("women": "low libido in women")
        "breast cancer support groups near me for women over 60",
        "survival rate for er positive breast cancer caught early",
        "charities that help pay bills during cancer treatment",
    ],
)
def test_more_subjects_outside_the_reference_get_the_not_covered_line(query: str) -> None:
    result = CliRunner().invoke(app, ["search", query])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "outside what anastro covers" in result.stderr


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # "she's" says who is asking: no typo of "shoes" (swelling's "shoes feel tight")
        ("what tests should my mum be having while she's on anastrozole", "monitoring"),
        # "could it be related" asks nothing ("marital relations stopped" is a lay term)
        ("my wife has had terrible lower back ache since she went on it, could it be related",
         "back-pain"),
        # "behind it" asks nothing ("pressure behind my eyes" is a lay term of sinusitis)
        ("I've started getting headaches most afternoons, could the tablet be behind it?",
         "headache"),
        ("stop anastrozole cold turkey", "stopping"),  # not a cold
        ("my ankles are all puffed up by the evening", "swelling"),
    ],
)  # fmt: skip
def test_words_that_only_frame_a_question_do_not_decide_it(
    dataset: Dataset, query: str, first: str
) -> None:
    assert search(dataset, query, limit=3)[0].id == first


@pytest.mark.parametrize("query", ["breast pain", "sore breasts", "breast tenderness"])
def test_breast_symptoms_still_find_breast_pain(dataset: Dataset, query: str) -> None:
    hits = search(dataset, query, limit=3)
    assert hits[0].id == "breast-pain"


def test_search_json_of_a_typo_says_it_matched_by_typo() -> None:
    result = CliRunner().invoke(app, ["search", "constant nausia", "--json"])
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert "nausea" in [hit["id"] for hit in hits[:2]]


def test_the_cache_key_changes_with_the_stemmer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store keeps stems: another PyStemmer release must not meet an old store."""
    paths = sorted(bundled_data_dir().glob("*.yaml"))
    assert paths
    first = cache.Cache(paths).key
    monkeypatch.setattr(fold, "stemmer_version", lambda: "pystemmer 9.9.9")
    assert cache.Cache(paths).key != first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # From held-out set 19's misses, after its untouched run.
        ("h/a since commencing AI", "headache"),
        ("my son's taking arimidex he got online for his gym steroids", "men"),
    ],
)
def test_shorthand_and_gym_words_reach_their_entries(
    dataset: Dataset, query: str, first: str
) -> None:
    assert _first(dataset, query) == first


@pytest.mark.parametrize(
    ("query", "weak"),
    [("blurred eyesight", "stroke"), ("feelings of sadness", "dizziness")],
)
def test_a_word_known_from_descriptive_text_is_not_weighed_as_a_typo(
    dataset: Dataset, query: str, weak: str
) -> None:
    """'blurred' is in the data (now a lay term of cataracts too): it is no typo of
    'slurred', so stroke's 'slurred speech' keeps at most a typo's small score (it weighed
    0.26), or none."""
    scores = {hit.id: hit.score for hit in search(dataset, query, limit=None)}
    assert scores.get(weak, 0.0) < 0.2


def test_a_query_about_men_puts_the_men_topic_first(dataset: Dataset) -> None:
    # From held-out set 20 (after its untouched run): the cue lifts men-only effects, and now
    # the men topic too, which otherwise lost to effects named "... in men".
    assert _first(dataset, "is anastrozole ever given to men") == "men"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # found in review: a question of several clauses that asks whether it is all right
        ("metformin and anastrozole, any problems?", "interactions"),
        ("my gp prescribed amitriptyline, I'm on arimidex, problem?", "interactions"),
        ("I'm on metformin and just started anastrozole. Is this combination ok?", "interactions"),
        ("on arimidex and levothyroxine, should they be taken apart?", "interactions"),
        ("I'm on metformin and just started anastrozole. Should I worry?", "interactions"),
        ("on arimidex. does ibuprofen reduce how well it works?", "interactions"),
        ("LDL went up on anastrozole, do I need a statin?", "high-cholesterol"),  # not taking
        ("My father, who has dementia, may have taken some of my anastrozole tablets.",
         "overdose"),
        # found in review: a word outside the reference beside a question the data answers
        ("stage 2, how long do I take anastrozole for", "how-long"),
        ("my surgeon says I should take anastrozole at night, does the time matter?",
         "how-to-take"),
        ("lump in breast after mastectomy", "neoplasm"),
        ("anastrozole for men, cost", "men"),
        # a medicine only named beside a symptom is what the person takes: the symptom leads
        ("irregular bleeding since starting zoladex plus anastrozole", "menstrual-irregularity"),
        ("swollen ankles on amlodipine and arimidex", "swelling"),
        ("thumping headaches on anastrozole, paracetamol barely touches them", "headache"),
        # ... but a question about taking it with anastrozole is about the two together
        ("can I take paracetamol for headaches on anastrozole", "interactions"),
        ("is it safe to take ibuprofen with arimidex for my knees?", "interactions"),
        # the men topic matched only who is asking: a man's own symptom leads
        ("male on trt and anastrozole, my libido has gone", "low-libido-men"),
        ("my husband takes arimidex and now he cannot get an erection", "erectile-dysfunction"),
        ("dad takes anastrozole, he is forgetful and his concentration is poor",
         "cognitive-dulling"),
        ("on trt, doc added adex and now i can't get it up", "erectile-dysfunction"),
        # ... but a question about men taking it, or a hormone, is the men topic's
        ("my husband takes arimidex for bodybuilding, is that safe", "men"),
        # found in review: asking whether it is all right with the drug is about the two
        ("sore knees, is ibuprofen ok with arimidex", "interactions"),
        ("i take omeprazole for heartburn and now anastrozole, any issue", "interactions"),
        ("is anastrozole ever given to men", "men"),
        # yellowing is the sign hepatitis names; a blood result is the raised liver tests
        ("skin turning yellow and my wee is dark, on arimidex", "hepatitis"),
        ("my liver enzymes came back high at my check", "liver-problems"),
        # "is it safe" asks: the pregnancy words say what about
        ("is it safe to breastfeed on anastrozole", "pregnancy"),
        ("pregnant - is arimidex safe?", "pregnancy"),
        # the drug said as the setting leaves the phrase whole: "blood tests" is monitoring
        ("blood tests when on arimidex", "monitoring"),
        ("do I take anastrozole every day", "how-to-take"),
        # with no one named, a lost sex drive is the women's entry first (anastrozole's use)
        ("my sex drive has gone since the anastrozole", "decreased-libido"),
        # found in review: words run together, read apart through the command too
        ("hairloss", "hair-thinning"),
        ("lowmood", "mood-changes"),
    ],
)  # fmt: skip
def test_the_command_answers_these_questions(query: str, first: str) -> None:
    result = CliRunner().invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == first


@pytest.mark.parametrize(
    "query",
    [
        "irregular bleeding since starting zoladex plus anastrozole",
        "swollen ankles on amlodipine and arimidex",
        "estradiol level on anastrozole plus zoladex",  # a blood test leads too
    ],
)
def test_a_medicine_named_beside_a_symptom_keeps_the_interactions_topic_second(
    query: str,
) -> None:
    result = CliRunner().invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.stderr
    assert [hit["id"] for hit in json.loads(result.stdout)][1] == "interactions"


def test_a_word_ending_in_less_is_not_read_as_two() -> None:
    result = CliRunner().invoke(
        app, ["search", "is the bone scan painless or does it hurt", "--json"]
    )
    assert json.loads(result.stdout)[0]["id"] == "monitoring"


@pytest.mark.parametrize("command", ["check", "show"])
def test_check_and_show_read_words_run_together_apart(command: str) -> None:
    result = CliRunner().invoke(app, [command, "jointpain", "--json"])
    assert result.exit_code == 0, result.stderr
    assert "arthralgia" in result.stdout


def test_a_season_is_no_typo_for_a_drink(dataset: Dataset) -> None:
    # "winter" was read as a slip for "wine" and put food and alcohol first (set 39).
    query = "bronchitis twice this winter and I never normally get it. Could anastrozole be why?"
    assert search(dataset, query, limit=1)[0].id == "bronchitis"


def test_a_search_reads_what_lies_outside_anastro_once() -> None:
    from anastro_cli.search import scope

    scope.outside_scope.cache_clear()
    scope._taken_together.cache_clear()
    result = CliRunner().invoke(app, ["search", "can I take paracetamol with my joint pain"])
    assert result.exit_code == 0, result.stderr
    assert "interactions" in result.stdout.lower() or "other medicines" in result.stdout.lower()
    assert scope.outside_scope.cache_info().misses == 1
    assert scope._taken_together.cache_info().misses == 1


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # function words ("across", "than", "make") name no symptom (set 41)
        ("stomach pains since the arimidex started, across my belly", "abdominal-pain"),
        ("is the risk of DVT lower on anastrozole than on tamoxifen?", "blood-clots"),
        ("Can Arimidex make you drowsy?", "somnolence"),
        # "vagina" is the data's "vaginal" (set 41)
        ("bleeding from my vagina on arimidex is it serious", "vaginal-bleeding"),
        # the drug named where the data's phrase says "it" ("when to take it")
        ("when to take arimidex", "how-to-take"),
        # "whether" is "if" (found in review: as a stop word it left nothing to search for)
        ("not sure whether i took my tablet today", "missed-dose"),
    ],
)
def test_words_learnt_from_sets_41_and_42(dataset: Dataset, query: str, first: str) -> None:
    assert search(dataset, query, limit=1)[0].id == first


def test_a_question_of_common_words_naming_the_drug_is_answered() -> None:
    # It said "nothing to search for" (exit 2): every word is a stop word or the drug.
    result = CliRunner().invoke(app, ["search", "when to take arimidex"])
    assert result.exit_code == 0, result.stderr
    assert "how-to-take" in result.stdout


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # sets 43 and 46: the cholesterol test's name outranked the lay term said whole
        ("cholesterol went up on arimidex", "high-cholesterol"),
        ("my cholesterol went up on arimidex, is that normal?", "high-cholesterol"),
        # "went up" alone is no rise: climbing is not a raised level
        ("out of breath when i went up the stairs", "breathlessness"),
    ],
)
def test_cholesterol_that_went_up_is_raised_cholesterol(
    dataset: Dataset, query: str, first: str
) -> None:
    assert _first(dataset, query) == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # set 46: a misspelt UK spelling stems to the unfolded word ("flushs": "flush")
        ("hot flushs arimidex so bad", "hot-flashes"),
        ("hot flushs", "hot-flashes"),
    ],
)
def test_a_misspelt_spelling_folds_by_its_stem(dataset: Dataset, query: str, first: str) -> None:
    assert _first(dataset, query) == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("estradiol blood test on arimidex", "estradiol"),
        ("my testosterone numbers after adding arimidex", "testosterone"),
        ("hdl number on my results", "hdl-cholesterol"),
        ("fsh blood test before starting arimidex", "fsh"),
    ],
)
def test_a_blood_test_named_as_people_name_it_finds_its_marker(query: str, first: str) -> None:
    result = CliRunner().invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.stderr
    hit = json.loads(result.stdout)[0]
    assert (hit["kind"], hit["id"]) == ("marker", first)
    assert hit["lay_terms"]


@pytest.mark.parametrize(
    ("query", "at"),
    [
        ("adex twice a week on my blast", 0),  # nothing else answers
        ("adex dose every other day on cycle", 2),  # third, after what the words matched
    ],
)
def test_a_query_about_a_man_shows_the_men_topic_in_the_first_three(query: str, at: int) -> None:
    result = CliRunner().invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[at]["id"] == "men"
    assert hits[at]["matched"][0]["field"] == "question"
    if at:
        assert hits[at]["score"] == hits[at - 1]["score"]


@pytest.mark.parametrize(
    "query",
    [
        # found in review: the men topic is no answer to what anastro does not cover, nor to
        # a woman's question that names a son, a gynaecologist or "guys"
        "my son wants to know the price of anastrozole",
        "my dad has covid, can he still take anastrozole",
        "hi guys, anyone else get hot flushes on anastrozole?",
        "my gyno says my womb lining is thick on arimidex",
        "my son says I've become forgetful since starting arimidex",
    ],
)
def test_the_men_topic_is_not_added_where_it_does_not_answer(query: str) -> None:
    result = CliRunner().invoke(app, ["search", query, "--json"])
    hits = json.loads(result.stdout) if result.exit_code == 0 else []
    assert "men" not in [hit["id"] for hit in hits[:3]]
