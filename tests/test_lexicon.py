"""The word lists in text/lexicon, held to codespell's data discipline: each has a header that
says why it exists, entries are lower case, sorted and unique, maps have one `from -> to` a
line, and two lists share words only where that is deliberate (and said so here)."""

from __future__ import annotations

import itertools
from itertools import combinations
from pathlib import Path

import pytest

from anastro_cli.text import lexicon
from anastro_cli.text.fold import fold

FILES = sorted(lexicon.FOLDER.glob("*.txt"))
MAPS = {"spellings", "lay_words", "population_cues", "partners", "first_person", "phrase_folds"}
PAIRS = {"context_pairs", "question_pairs"}
SETS = {path.stem for path in FILES} - MAPS - PAIRS
# Overlaps on purpose, each with its reason.
DELIBERATE = {
    # "my", "her", "the" may stand inside a phrase of the data and change nothing; they also
    # mean nothing to match, put a statement in the first person, or say who is asking.
    frozenset({"possessives", "stop_words"}),
    frozenset({"first_person", "possessives"}),
    frozenset({"first_person_starts", "possessives"}),
    frozenset({"population_cues", "possessives"}),
    # "out", "to" mean nothing to match; after someone taking the tablets they say the tablets
    # were moved, not swallowed ("took some of my tablets out of the box").
    frozenset({"moved_words", "stop_words"}),
    # "accidentally" sets the scene (dropped from a query) and, beside too many tablets, says
    # they were taken by mistake.
    frozenset({"accident_words", "filler"}),
    # A word for a medicine both names the drug ("her cancer tablets") and sets the scene.
    frozenset({"filler", "medicine_words"}),
    # "adex" is the drug's slang and also says the speaker is a man (it is their word for it).
    frozenset({"drug_slang", "population_cues"}),
    # "hormone" names the drug before a medicine word and describes the illness after it.
    frozenset({"context_before_medicine", "illness_words"}),
    # "cancer" names the drug before a medicine word ("her cancer tablets") and, alone, is the
    # illness being treated: too general to say which side effect is meant.
    frozenset({"context_before_medicine", "generic_words"}),
    # "and", "with", "I" mean nothing to match, and dangle at the edges of a symptom that
    # check cuts from unquoted words.
    frozenset({"edge_words", "stop_words"}),
    # "I", "my" open a statement about oneself (a medicine named in it is not a question
    # about taking it), mean nothing to match, and dangle at the edges of a cut symptom.
    frozenset({"first_person_starts", "stop_words"}),
    frozenset({"edge_words", "first_person_starts"}),
    # "not", "haven't" mean nothing to match, but a phrase said with words between its own
    # never leaves one out ("periods haven't stopped" is not "periods stopped").
    frozenset({"negations", "stop_words"}),
    # "out" means nothing to match, says tablets were moved ("took them out of the box"), and
    # after "taking it" makes an idiom ("taking it out on me").
    frozenset({"stop_words", "taking_it_idioms"}),
    frozenset({"moved_words", "taking_it_idioms"}),
    # "break" is a time word ("a break of a week") and, beside the tablets, a pause in taking
    # them ("a break from arimidex").
    frozenset({"break_words", "time_units"}),
    # "AI" is slang for anastrozole itself and, after "another", one of the other aromatase
    # inhibitors it may be changed for.
    frozenset({"drug_slang", "other_tablets"}),
    # "chemist" is a subject anastro does not cover ("is the chemist open"), and a chemist
    # giving the tablets twice dispensed them.
    frozenset({"dispensers", "out_of_scope"}),
    # "took" says tablets were swallowed, and shortly before stopping makes it history ("I
    # took two weeks off my tablets").
    frozenset({"history_words", "ingest_words"}),
    # "change" is too general to name a symptom, and before "to" another tablet it asks
    # about switching.
    frozenset({"generic_words", "switching_verbs"}),
    # "since", "after" mean nothing to match, and make stopping or switching history.
    frozenset({"history_words", "stop_words"}),
    # "going", "try" mean nothing to match, and before "to" another tablet ask about
    # switching ("try a different tablet").
    frozenset({"stop_words", "switching_verbs"}),
    # A partner word is a cue for the partner's group.
    frozenset({"partners", "population_cues"}),
    # A relative or partner is a cue for their group, and someone else who may swallow the
    # person's tablets (an overdose).
    frozenset({"partners", "someone_else"}),
    frozenset({"population_cues", "someone_else"}),
    # "pain" after "breast cancer" asks about the breast; alone it is too general to answer.
    frozenset({"breast_symptoms", "generic_words"}),
    # "take" carries no meaning for matching, but beside another medicine it asks about
    # taking the two together.
    frozenset({"stop_words", "taking_words"}),
    # "can", "is", "any" open a question ("can I take paracetamol") and mean nothing to match.
    frozenset({"asking_words", "stop_words"}),
    # "how", "what" open a question about taking it (topics keep their whole score) and mean
    # nothing to match.
    frozenset({"question_starts", "stop_words"}),
    # Phrases keep stop words and filler ("gone really off my food"), so a query matched
    # against them drops intensifiers itself, and reads pronouns in the first person, the
    # way the data's phrases are written; pronouns also say who the question is about.
    frozenset({"intensifiers", "stop_words"}),
    frozenset({"first_person", "stop_words"}),
    frozenset({"first_person", "population_cues"}),
    # "took" and "a few" mean nothing to match, but together with tablets they say more were
    # taken than prescribed ("took a few of my tablets": overdose).
    frozenset({"dose_counts", "stop_words"}),
    frozenset({"ingest_words", "stop_words"}),
    # A unit of time means little to match, but after a count it says how long, not how many
    # tablets ("took two weeks off": no overdose).
    frozenset({"stop_words", "time_units"}),
    frozenset({"filler", "time_units"}),
    frozenset({"scene_words", "time_units"}),
    # Children and pets are also someone else (and some say who is asking), but only they
    # swallowing "a tablet" is an overdose: an adult swallowing one is taking her own.
    frozenset({"someone_else", "young_ones"}),
    frozenset({"population_cues", "young_ones"}),
    # The words that say outright the one taking it is a man also say who is asking (and
    # "adex" is the drug's slang); they bring the men topic into the first three.
    frozenset({"group_words", "population_cues"}),
    frozenset({"drug_slang", "group_words"}),
    # "ok", "safe", "problem" mean little to match or ask in general; with another medicine
    # named and nothing else said, they ask whether the two may be taken together.
    frozenset({"all_right_words", "asking_words"}),
    frozenset({"all_right_words", "concern_words"}),
    frozenset({"all_right_words", "generic_words"}),
    frozenset({"all_right_words", "stop_words"}),
    # The other hormone tablets are also what a switch is to; taken twice, no overdose.
    frozenset({"other_tablets", "taken_besides"}),
}


def _words(name: str) -> set[str]:
    if name in MAPS:
        return set(lexicon.word_map(name))
    if name in PAIRS:
        return {" ".join(pair) for pair in lexicon.word_pairs(name)}
    return set(lexicon.word_set(name))


def test_every_list_is_known() -> None:
    assert {p.stem for p in FILES} == SETS | MAPS | PAIRS
    assert len(FILES) >= 13


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_list_says_why_it_exists(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
    assert len(first) > 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_entries_are_lower_case_sorted_and_unique(path: Path) -> None:
    entries = lexicon.entries(path.stem)
    assert entries, "an empty list"
    assert entries == sorted(entries)
    assert len(entries) == len(set(entries))
    for entry in entries:
        assert entry == entry.lower()
        assert entry == entry.strip()
        assert "\t" not in entry


@pytest.mark.parametrize("name", sorted(MAPS))
def test_maps_have_one_arrow_and_no_loops(name: str) -> None:
    for entry in lexicon.entries(name):
        assert entry.count(lexicon.ARROW) == 1, entry
    mapping = lexicon.word_map(name)
    assert len(mapping) == len(lexicon.entries(name))  # no word mapped twice


@pytest.mark.parametrize("name", ["spellings", "lay_words"])
def test_folding_never_needs_a_second_pass(name: str) -> None:
    mapping = lexicon.word_map(name)
    folded_again = set(mapping.values()) & (set(mapping) | set(lexicon.word_map("spellings")))
    assert not folded_again, "a target that would itself be folded again"


def test_population_cues_name_a_group() -> None:
    assert set(lexicon.word_map("population_cues").values()) == {"women", "men"}
    assert set(lexicon.word_map("partners").values()) <= {"women", "men"}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_pairs_are_two_words(name: str) -> None:
    for entry in lexicon.entries(name):
        assert len(entry.split()) == 2


@pytest.mark.parametrize(("first", "second"), list(combinations(sorted(SETS | MAPS | PAIRS), 2)))
def test_lists_overlap_only_on_purpose(first: str, second: str) -> None:
    shared = _words(first) & _words(second)
    if frozenset({first, second}) in DELIBERATE:
        assert shared, f"{first} and {second} no longer overlap: drop the exception"
    else:
        assert not shared, f"{first} and {second} share {sorted(shared)}"


def test_folding_twice_changes_nothing() -> None:
    """The compile counts a phrase's words in its folded form without folding it again
    (index.field_scopes), as search folds a query once: any two words of the folds' own
    lists fold to a text that folding again leaves as it is (found in review: "gone higher"
    folded to "gone high", which folds again to "raised")."""
    said: set[str] = set()
    for name in ("phrase_folds", "spellings"):
        for source, target in lexicon.word_map(name).items():
            said |= set(source.split()) | set(target.split())
    for first, second in itertools.product(sorted(said), repeat=2):
        once = fold(f"{first} {second}")
        assert fold(once) == once, f"{first} {second}"
