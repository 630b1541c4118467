"""Search rules learnt from held-out set 21 after its untouched first run: phrases matched as
the data words them (the drug's own name, the first person, no intensifiers), idioms that name
no symptom, topics lifted in a question, and subjects outside the reference. Each case failed
before its rule (see the commit that added it)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from anastro_cli.cli.app import app
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.cues import took_too_many
from anastro_cli.search.query import read_query
from anastro_cli.search.rank import search
from anastro_cli.store.reads import index_of
from anastro_cli.text.fold import fold
from anastro_cli.text.lexicon import word_set


def _ids(dataset: Dataset, query: str) -> list[str]:
    return [hit.id for hit in search(dataset, query, limit=3)]


def test_a_phrase_naming_the_drug_matches_whatever_name_the_query_uses(
    dataset: Dataset,
) -> None:
    # The stopping topic says "coming off anastrozole"; people write "arimidex".
    hits = search(dataset, "coming off arimidex early", limit=3)
    assert hits[0].id == "stopping"
    assert any(m.text == "coming off anastrozole" for m in hits[0].matched)


@pytest.mark.parametrize(
    "query",
    [
        "she's gone off her food completely",  # her -> my: "gone off my food"
        "gone really off my food",  # an intensifier inside the phrase
    ],
)
def test_a_phrase_matches_in_the_first_person_and_without_intensifiers(
    dataset: Dataset, query: str
) -> None:
    assert _ids(dataset, query)[0] == "loss-of-appetite"


def test_the_phrasing_is_only_for_phrases_not_for_words(dataset: Dataset) -> None:
    # "her" still says who the question is about, and the words searched are unchanged.
    q = read_query(index_of(dataset), "she's gone right off her food, arimidex")
    assert q is not None
    assert q.words == ["food"]  # the phrasing adds no word ("she's" says who, as "her")
    assert q.cue == "women"
    assert q.phrasings[1] == "im gone right off my food anastrozole"  # right: a side too
    assert q.phrasings[2] == "im gone right off food anastrozole"  # and without "my"


def test_a_phrase_matches_with_a_possessive_between_its_words(dataset: Dataset) -> None:
    # The data says "spotting years after periods stopped"; people write "my periods".
    hits = search(dataset, "spotting years after my periods stopped", limit=3)
    assert hits[0].id == "vaginal-bleeding"
    assert any(m.text == "spotting years after periods stopped" for m in hits[0].matched)


@pytest.mark.parametrize(
    ("query", "first", "not_first"),
    [
        ("skipped a tablet by accident", "missed-dose", "stroke"),  # not an "accident"
        ("thinking of coming off arimidex", "stopping", "cognitive-dulling"),  # not thinking
    ],
)
def test_idioms_that_name_no_symptom_are_not_search_words(
    dataset: Dataset, query: str, first: str, not_first: str
) -> None:
    ids = _ids(dataset, query)
    assert ids[0] == first
    assert not_first not in ids[:1]


@pytest.mark.parametrize(
    "query", ["how often dexa scan", "how often bone density scan on anastrozole"]
)
def test_a_question_lifts_topics_over_an_effect_sharing_its_words(
    dataset: Dataset, query: str
) -> None:
    # The bone-thinning effect names the scan too; the question is about the check-ups.
    assert _ids(dataset, query)[:2] == ["monitoring", "osteoporosis"]


def test_a_statement_about_the_scan_still_finds_the_effect_first(dataset: Dataset) -> None:
    assert _ids(dataset, "my dexa scan showed thinning bones")[0] == "osteoporosis"


def test_effective_asks_whether_it_works_not_about_side_effects(dataset: Dataset) -> None:
    # Snowball stems "effective" as "effect", the word of every "side effect".
    assert _ids(dataset, "pt started anastrozole 2/52 ago, when is it effective")[0] == (
        "time-to-work"
    )


def test_allergic_to_the_drug_is_the_allergic_reaction(dataset: Dataset) -> None:
    assert _ids(dataset, "allergic to arimidex")[0] == "allergic-reaction"


@pytest.mark.parametrize(
    "query",
    [
        "can I donate blood after having breast cancer",
        "is breast cancer hereditary, should my daughter get tested for BRCA",
    ],
)
def test_more_subjects_outside_the_reference_are_named_as_such(query: str) -> None:
    result = CliRunner().invoke(app, ["search", query])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "outside what anastro covers" in result.stderr


def test_another_medicine_alone_gets_the_not_covered_line() -> None:
    result = CliRunner().invoke(app, ["search", "prolia injection jaw problems dental work"])
    assert result.exit_code == 1
    assert "not prolia" in result.stderr


@pytest.mark.parametrize(
    "query",
    [
        "is it ok with bad kidneys",
        "I have severe liver disease, am I allowed anastrozole",
        "lactose intolerant can I take arimidex",
    ],
)
def test_kidney_liver_and_lactose_questions_find_who_should_not_take(
    dataset: Dataset, query: str
) -> None:
    assert "who-should-not-take" in _ids(dataset, query)[:2]


def test_the_kidney_liver_and_lactose_warnings_are_sourced_points() -> None:
    result = CliRunner().invoke(app, ["show", "who-should-not-take", "--format", "json"])
    assert result.exit_code == 0
    topic = json.loads(result.stdout)
    warned = [p for p in topic["points"] if p["source"] == "mims_atz_precautions"]
    assert any("20 ml/min" in p["text"] for p in warned)
    assert any("lactose" in p["text"] for p in warned)
    assert all(p["confirmed"] for p in warned)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("blood pressure readings higher since arimidex", "hypertension"),  # higher = high
        ("constant nausia", "nausea"),  # not "constantly peckish"
        ("muscles sore all over like i did a hard workout but i havent", "myalgia"),
    ],
)
def test_comparatives_frequency_words_and_contractions(
    dataset: Dataset, query: str, first: str
) -> None:
    assert _ids(dataset, query)[0] == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("puffed out walking up the hill", "breathlessness"),  # not "hurts to walk"
        ("got the runs ever since I began anastrozole", "diarrhea"),  # not "run down"
    ],
)
def test_a_short_lay_phrase_inside_a_longer_query_still_counts_a_little(
    dataset: Dataset, query: str, first: str
) -> None:
    hits = search(dataset, query, limit=3)
    assert hits[0].id == first
    assert any(len(m.words) > 1 for m in hits[0].matched)  # the phrase says why


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("sweeting a lot more than usual?", "night-sweats"),
        ("colesterol?", "high-cholesterol"),
        ("pain under my right ribs", "hepatitis"),  # "right" is no intensifier here
    ],
)
def test_a_question_mark_lifts_no_topic_and_right_is_a_side(
    dataset: Dataset, query: str, first: str
) -> None:
    # A trailing "?" once made a question, lifting every topic: appended to every held-out
    # query it cost 29 first places (found in review), so it was dropped.
    assert _ids(dataset, query)[0] == first


@pytest.mark.parametrize(
    ("query", "first"),
    [("nausous every morning", "nausea"), ("headach every afternoon", "headache")],
)
def test_when_it_happens_weighs_less_than_what_happens(
    dataset: Dataset, query: str, first: str
) -> None:
    assert _ids(dataset, query)[0] == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # "found out" is not a growth "found on a scan"; "should I be worried" is no anxiety.
        ("just found out im pregnant and ive been taking anastrozole what do i do", "pregnancy"),
        (
            "my cholestrol has gone up since starting anastrozole, should i be worried",
            "high-cholesterol",
        ),
        ("queezy after arimidex", "nausea"),  # a misspelling too far for the typo match
    ],
)
def test_idioms_from_held_out_set_22(dataset: Dataset, query: str, first: str) -> None:
    assert _ids(dataset, query)[0] == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("can arimidex give you a stroke", "stroke"),  # not "give up the tablets"
        ("can I have a few weeks off arimidex, the side effects are too much", "stopping"),
        ("arimidex and driving long distances", "driving"),  # named outright, not sex drive
        ("can i crush or split anastrozole tablet", "how-to-take"),  # not a splitting headache
    ],
)
def test_cases_from_held_out_set_23(dataset: Dataset, query: str, first: str) -> None:
    assert _ids(dataset, query)[0] == first


def test_a_scene_word_alone_is_weak_evidence(dataset: Dataset) -> None:
    # "this morning" is when; "didn't take my arimidex" (a missed-dose phrase) is what.
    assert _ids(dataset, "realised at bedtime i didnt take my arimidex this morning")[0] == (
        "missed-dose"
    )


def test_lay_phrases_people_use_for_an_inflamed_liver(dataset: Dataset) -> None:
    query = "can anastrozole inflame the liver, whites of eyes gone yellow"
    assert _ids(dataset, query)[0] == "hepatitis"


DOSE_WORDS = ["took", "swallowed", "two", "2", "weeks", "days", "my", "tablets", "arimidex"]
DOSE_WORDS += ["twice", "double", "dose", "vision", "a", "few", "of", "off", "break", "pain"]
DOSE_WORDS += ["too", "many", "much", "adex", "she", "some", "of", "accidentally"]
DOSE_WORDS += ["gave", "given", "her", "had", "second", "both", "mistake", "by", "toddler"]
DOSE_WORDS += ["again", "today", "one", "forgot", "mum"]


@pytest.mark.parametrize(
    ("query", "too_many"),
    [
        ("accidentally took 2 anastrozole this morning", True),
        ("grandson may have swallowed a few of my arimidex tablets", True),
        ("took my morning one twice, forgot i already had it", True),
        ("she took several of her cancer tablets at once", True),
        ("it took two weeks for the joint pain to start", False),
        ("she vomited two times today", False),
        ("been taking it for two years", False),
        ("took my tablet late", False),
        ("took two days off my tablets", False),  # found in review: a break, not a dose
        ("I took a few days off arimidex", False),
        ("took it and got double vision", False),
        ("taken 5 years of arimidex", False),
        ("took a double dose", True),
        # several at once, or someone else swallowing the person's tablets
        ("my dad may have swallowed his whole week of arimidex at once", True),
        ("my mother may have taken several out of the box at once", True),
        ("grandkid swallowed one of my arimidex", True),
        ("the dog got into my bag and swallowed some of my tablets", True),
        ("I took one of my tablets late", False),
        ("my husband took my advice", False),
        ("took my tablet at once when I remembered", False),
        # found in review: pronouns, one's own doses, and time are no overdose
        ("she told me to swallow my tablet whole", False),
        ("my doctor said he wants me to swallow my tablets with food", False),
        ("I forgot, so my husband reminded me and I took my tablet at lunch", False),
        ("my oncologist said he is pleased I have taken my tablets every day for 5 years", False),
        ("my husband took my tablets to the pharmacy", False),
        ("she took my tablets out of the cupboard", False),
        ("I took two weeks off work at once", False),
        ("I've taken all my morning meds at once for years", False),
        ("took a lot of water at once to swallow it", False),
        ("my husband took my anastrozole by mistake", True),
        ("the dog ate my tablets", True),
        # too many of the drug, or of the tablets by mistake, with no word for taking; or taken
        ("too many tabs accidently", True),
        ("too many anastrozole what happens", True),
        ("took too many yesterday", True),
        ("took too many days off", False),
        ("too much pain from the tablets", False),
        ("e2 crashed on too much adex", False),  # a dose set too high, on a men's forum
        ("is 1mg too much anastrozole", False),
        # found in review: a busy medicine list, a miscount or missed doses are no overdose
        ("I'm on too many meds, can I stop calcium", False),
        ("I feel like I'm taking too many pills", False),
        ("the pharmacy gave me too many tablets", False),
        ("I've missed too many doses", False),
        ("I take too many medicines already", False),
        ("what happens if I take too many", True),
        # he or she taking some of the speaker's tablets, but not taking them somewhere
        ("my husband has dementia and I think he's taken some of my anastrozole tablets", True),
        ("she took one of my tablets", True),
        ("he took some of my tablets to help him sleep", True),
        ("she took some of my tablets out of the box", False),
        ("she took a couple of my tablets to the chemist", False),
        ("she took some of my anastrozole tablets to the chemist", False),  # found in review
        ("she took a photo of my tablets", False),
        ("he took hold of my tablets", False),
        # a dose taken several times, or double dosed (set 38); not a schedule or late doses
        ("my mother has dementia and I think she's taken her anastrozole three times today", True),
        ("accidently double dosed arimidex this morning", True),
        ("taken it three times a week", False),
        ("took my tablet late three times this month", False),
        ("vomited three times", False),
        # a week's supply in one go (set 39); not a day's tablets taken together
        ("I think he's taken the whole week's anastrozole in one go", True),
        ("i take all my tablets in one go every morning", False),
        # the tablets given twice (set 41); not dispensed twice, nor a leaflet
        ("The carer gave mum her anastrozole twice today by accident", True),
        ("the nurse has given her tablets twice this morning", True),
        ("the pharmacy gave me my tablets twice this month", False),
        ("the nurse gave me a leaflet twice", False),
        # found in review: dispensed twice; given in the passive, further from the tablets
        ("the pharmacy has given me my tablets twice now", False),
        ("the doctor gave me anastrozole twice before", False),
        ("mum's anastrozole was given twice this morning by the care home", True),
        ("I gave my 85 year old mum her tablets twice", True),
        ("I think I gave her it twice", True),
        # found in the second review: the giver is who says dispensed; prescribed twice;
        # counts up to ten
        ("I'm a pharmacist, a care home gave a resident her anastrozole twice", True),
        ("after collecting her prescription I gave mum her tablets twice by accident", True),
        ("the carers gave mum her arimidex twice before I noticed", True),
        ("the carer has given mum her tablet twice already today", True),
        ("shes been given her tablet twice today im worried", True),
        ("I have been given anastrozole twice, once for each cancer", False),
        ("I've given it twice as long as the letrozole", False),
        ("took ten arimidex", True),
        ("my mum took 10 of her anastrozole tablets", True),
        # one more by mistake, one swallowed by someone else, a dose had twice, both taken,
        # two days' tablets together (the last session's leftovers)
        ("took a second one by accident", True),
        ("i think i took another one this morning by mistake", True),
        ("accidentally took another", True),
        ("i swallowed 3 by accident", True),
        ("took another look by mistake", False),
        ("took two weeks off by accident", False),
        ("my toddler swallowed an arimidex", True),
        ("my son swallowed some tablets", True),
        ("she swallowed a tablet whole", False),
        ("mum had her tablet twice today", True),
        ("I had my tablet twice now", False),
        ("the carer gave her the tablets twice today and she took both", True),
        ("took yesterday's and today's at once", True),
        ("I took both anastrozole and calcium this morning", False),
        # found in the cold review of the above: an adult swallowing her own tablet, a
        # schedule, a past course, a comparison, another medicine are no overdose
        ("my mum can't swallow a tablet, can it be crushed", False),
        ("my husband has trouble swallowing a pill", False),
        ("my mum swallowed one tablet today as prescribed", False),
        ("my husband had his tablet twice a day", False),
        ("the nurse gave mum her tablets twice a day", False),
        ("I've had anastrozole twice, once after each cancer", False),
        ("had my anastrozole twice before and the joint pain came back", False),
        ("I accidentally took two paracetamol instead of my anastrozole", False),
        ("which is better tamoxifen or anastrozole? I have taken both", False),
        ("I took both anastrozole and calcium at once", False),
        ("I took yesterday's tablet late and today's on time", False),
        ("I took both my tablets this morning", False),
        # and overdoses it missed
        ("my grandson swallowed one", True),
        ("my little boy swallowed an anastrozole tablet, what do I do", True),
        ("the kids got into my pills and one swallowed a tablet", True),
        ("I took it again by accident", True),
        ("took my anastrozole then forgot and took another", True),
        ("gran had two of her tablets this morning by mistake", True),
        # found in the second review: ages, tablets had in a normal week, another dose, two
        # medicines had together, being sick twice are no overdose; overdoses it lost
        ("I'm a 62 year old woman and took a tablet this morning, joint pain is awful", False),
        ("my daughter took some tablets back to the pharmacy for me", False),
        ("how long before side effects start? I've had 4 doses", False),
        ("I had another dose this morning and the joint pain is worse", False),
        ("she had two tablets this morning, her anastrozole and a paracetamol", False),
        ("I had another accident this morning, is incontinence a side effect", False),
        ("I had a double dose of hot flushes today", False),
        ("Has anyone had arimidex twice?", False),
        ("I took anastrozole and was sick twice", False),
        ("I took ibuprofen twice today for joint pain", False),
        ("forgot to take it and took another the next day", False),
        ("I accidentally took two this morning, what should I do", True),
        ("accidentally took another one yesterday and feel sick", True),
        ("I accidentally took both", True),
        ("I took them both together", True),
        ("I took yesterday's tablet and today's together", True),
        ("she had 2 tablets this morning instead of 1", True),
        ("my toddler swallowed one, what should I do?", True),
        ("toddler swallowed anastrozole what do i do", True),
        ("my 3 year old swallowed one of my arimidex", True),
        # found in review: someone else's part told first is no child swallowing one
        ("my son was worried and made sure I had swallowed one", False),
        ("my son drove mum to the clinic and she swallowed the tablet there", False),
        ("my puppy chewed the box but luckily had not actually eaten any tablets", False),
        ("I forgot I had already taken my anastrozole and took a second one", True),
        # found in the third review: schedules, doses so far, past courses, supplements and a
        # grown-up daughter's own tablet are no overdose; an older child's is
        ("I took it twice a day for a week", False),
        ("I've only taken it twice so far and already have hot flushes", False),
        ("I took it twice then my oncologist changed me to letrozole", False),
        ("I've taken arimidex twice, after each cancer", False),
        ("I took calcium twice today", False),
        ("I took letrozole twice before switching", False),
        ("I took my AI twice today", True),  # the aromatase inhibitor is anastrozole here
        ("I took half a tablet twice because they're hard to swallow", False),
        ("my 45 year old daughter swallowed her tablet", False),
        ("my 10 year old swallowed one of my tablets", True),
        ("I think I took my tablet twice this morning", True),
        ("I had a double dose this morning", True),
        ("she had her anastrozole twice today by mistake", True),
    ],
)
def test_taking_more_than_one_dose_is_read_from_the_wording(query: str, too_many: bool) -> None:
    assert took_too_many(fold(query)) is too_many


@given(st.lists(st.sampled_from(DOSE_WORDS), max_size=10).map(" ".join) | st.text(max_size=80))
def test_the_dose_wording_needs_a_taking_word_and_a_count_or_too_many(text: str) -> None:
    folded = fold(text)
    if took_too_many(folded):
        found = set(folded.split())
        # ... or too many, or he or she taking some "of my" tablets, or given twice
        other = "too many" in folded or "of my" in folded or "double dos" in folded
        other = other or bool(found & {"gave", "given", "had"} and "twice" in found)
        other = other or bool(found & set(word_set("young_ones")))  # "toddler swallowed a"
        taking = {"took", "taken", "swallow", "swallowed", "swallowing", "had"}
        assert other or found & taking
        counts = set(word_set("dose_counts")) | {
            "twice",
            "second",
            "2nd",
            "yesterdays",
            "again",
            "both",
        }
        assert other or found & counts
        assert took_too_many(fold(text.upper()))


def test_a_query_about_taking_too_many_puts_overdose_first_and_says_why() -> None:
    result = CliRunner().invoke(
        app, ["search", "dad may have swallowed several arimidex", "--json"]
    )
    assert result.exit_code == 0
    first = json.loads(result.stdout)[0]
    assert first["id"] == "overdose"
    assert "more tablets taken than prescribed" in json.dumps(first["matched"])


def test_time_taken_is_not_an_overdose(dataset: Dataset) -> None:
    assert "overdose" not in _ids(dataset, "it took two weeks for the joint pain to start")


def test_the_command_shows_the_overdose_topic_when_only_the_wording_says_so() -> None:
    # "morning" is the only search word left: the overdose hit matched on no word, and the
    # command's filter of hits that answer the query once dropped it.
    result = CliRunner().invoke(app, ["search", "took", "2", "anastrozole", "this", "morning"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("overdose ")
    result = CliRunner().invoke(app, ["search", "took 2 anastrozole this morning", "--json"])
    first = json.loads(result.stdout)[0]
    assert first["id"] == "overdose"
    assert ["took", "2", "anastrozole"] in [m["words"] for m in first["matched"]]


def test_two_words_that_say_one_thing_fold_to_it_on_both_sides() -> None:
    """ "gone up" is "raised" in the query and in the data alike, however it is spaced."""
    from anastro_cli.text.fold import fold_all, fold_words_all

    texts = ["My cholesterol has GONE UP!", "gone-up", "went upstairs", "shot  up", "café gone up"]
    folded = ["my cholesterol has raised", "raised", "went upstairs", "raised", "cafe raised"]
    assert [fold(text) for text in texts] == folded
    assert fold_all(texts) == folded
    assert fold_all(texts[:4]) == folded[:4]  # the all-ASCII path
    assert fold_words_all(texts[:4]) == [text.split() for text in folded[:4]]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # Said as a change, a lab value is the effect, not the test that measures it.
        ("cholesterol gone up since arimidex", "high-cholesterol"),
        ("my cholesterol has gone up since starting anastrozole", "high-cholesterol"),
        ("my blood pressure has gone up on anastrozole", "hypertension"),
        ("cholesterol up on arimidex", "high-cholesterol"),
        ("LDL up again since anastrozole", "high-cholesterol"),
        # A level that comes down has dropped; a person coming down with a bug has not.
        ("how long before my estradiol comes down on adex", "time-to-work"),
        ("I come down with every bug going", "infection"),
        ("my hair comes down in clumps", "hair-thinning"),
        # "going up" and "went up" also say where ("tingling going up my leg"): not folded.
        ("tingling going up my leg", "tingling"),
    ],
)
def test_a_value_that_went_up_finds_the_raised_effect(
    dataset: Dataset, query: str, first: str
) -> None:
    assert _ids(dataset, query)[0] == first


@pytest.mark.parametrize(
    "query", ["dexa scan how often", "bone scan how often on AI", "bone density scan how often"]
)
def test_a_question_asked_after_its_subject_is_still_a_question(
    dataset: Dataset, query: str
) -> None:
    """ "how often" asks wherever it stands: the monitoring topic is lifted as in "how often
    dexa scan", above bone thinning, which the scan looks for."""
    q = read_query(index_of(dataset), query)
    assert q is not None
    assert q.question
    assert _ids(dataset, query)[0] == "monitoring"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # "intimacy" and "intimate" are the words people use for sex.
        ("intimacy so painful now, feels like sandpaper down there", "vaginal-dryness"),
        ("zero interest in being intimate anymore", "decreased-libido"),
        # How it happened is not what happened: "accidently" is not a cerebrovascular accident.
        ("accidently took 2 arimidex this morning, what do I do", "overdose"),
        # "because", "going", "lol", "DH" are not search words.
        ("me knees are stuffed since going on arimidex", "arthralgia"),
    ],
)
def test_set_27s_words_for_common_things(dataset: Dataset, query: str, first: str) -> None:
    assert _ids(dataset, query)[0] == first


@pytest.mark.parametrize(
    "query",
    [
        "my onc appointment cancelled for the third time, how do I complain",
        "my TSH came back high, GP says underactive thyroid, do I need to treat it",
    ],
)
def test_set_27s_subjects_outside_anastro_are_not_covered(runner: CliRunner, query: str) -> None:
    result = runner.invoke(app, ["search", query, "--json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout) == []


def test_rads_is_radiotherapy_another_cause(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "anyone tried a cream that worked for rads burns"])
    assert "rads is not covered here, only anastrozole" in result.stderr


@pytest.mark.parametrize(
    "query",
    ["with food or on an empty stomache for anastrozole?", "should i take it on an empty stomach"],
)
def test_taking_it_with_food_is_how_to_take_it(dataset: Dataset, query: str) -> None:
    """The food-and-alcohol topic is about eating and drinking on anastrozole; whether to
    take the tablet with food is how-to-take's (only its lay terms say so)."""
    assert _ids(dataset, query)[0] == "how-to-take"


MENSES = "menstrual-irregularity"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # A medicine in a statement about oneself is what the person takes, not a question.
        ("im 44 on anastrozole and zoladex and my periods are all over the place", MENSES),
        ("my cholesterol has gone up on anastrozole, GP wants a statin", "high-cholesterol"),
        # Asked, or said with a word for taking them together, it is the interactions topic.
        ("I'm on warfarin, a statin and anastrozole. Is that all right?", "interactions"),
        ("I'm on warfarin and a statin, any clash with arimidex", "interactions"),
        # Of several clauses, the one that asks says what is asked: taking something, or
        # something else the medicine is only the background of.
        ("im 38 and on anastrozole with zoladex, do i still need contraception?", "pregnancy"),
        ("my bp has crept right up since starting anastrozole, now on amlodipine, anyone else?",
         "hypertension"),
        ("dexa showed osteopenia after 2 yrs on the AI, onc wants me on zoledronic acid, "
         "anyone had it?", "osteoporosis"),
        ("pt 47F still having periods, started anastrozole w/ zoladex, cycle all over the place",
         MENSES),
        ("I'm on warfarin and a statin. Is it all right to take anastrozole with them?",
         "interactions"),
    ],
)  # fmt: skip
def test_a_medicine_in_a_statement_is_not_a_question_about_taking_it(
    runner: CliRunner, query: str, first: str
) -> None:
    result = runner.invoke(app, ["search", query, "--json"])
    assert json.loads(result.stdout)[0]["id"] == first


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("jointpain anastrazole", "arthralgia"),
        ("hotflushes", "hot-flashes"),  # each half folded: flushes, flashes
        ("nightsweats on arimidex", "night-sweats"),  # "night" is a word search skips
        ("brainfog", "cognitive-dulling"),
    ],
)
def test_two_words_run_together_are_read_apart(dataset: Dataset, query: str, first: str) -> None:
    assert _ids(dataset, query)[0] == first


def test_a_word_is_not_cut_into_a_term_and_a_word_search_skips(dataset: Dataset) -> None:
    q = read_query(index_of(dataset), "workout")  # not "work out"
    assert q is not None
    assert q.words == ["workout"]


@pytest.mark.parametrize(
    "query",
    [
        "shes been given her tablet twice today im worried",  # anxiety came first
        "I think I took my tablet twice today",  # cognitive dulling came first
    ],
)
def test_an_overdose_leads_whatever_else_the_query_names(query: str) -> None:
    # Found in the second review: the overdose was read but ranked below a feeling.
    result = CliRunner().invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "overdose"
    assert hits[0]["score"] == max(hit["score"] for hit in hits)
    assert any(m["field"] == "question" for m in hits[0]["matched"])
