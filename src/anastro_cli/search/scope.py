"""What a query names that anastro does not cover, and what follows from it.

Another medicine ("does metformin cause diarrhoea"), another cause of a symptom ("hair after
chemo") or a subject such as money or appointments: when the query also names a symptom the
data knows, the answer is that symptom on anastrozole, with one line saying what is not
covered; when it names nothing else, it gets the one-line "not covered" answer. A question
about taking another medicine with anastrozole is answered by the interactions topic.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.search.cues import OVERDOSE, cues, names_drug, too_many_said
from anastro_cli.search.query import MAX_QUERY_CHARS
from anastro_cli.search.rank import ASKED_AS, Hit, Match
from anastro_cli.text.fold import fold, words
from anastro_cli.text.lexicon import word_set

INTERACTIONS = "interactions"  # the topic that answers "can I take X with it"


@record
class Outside:
    """What a query names outside anastro: medicines, other causes, other subjects."""

    medicines: frozenset[str] = frozenset()
    causes: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()  # the query's words, to name what is outside as it was said

    def __bool__(self) -> bool:
        return bool(self.medicines or self.causes or self.subjects)

    @property
    def units(self) -> frozenset[str]:
        return self.medicines | self.causes | self.subjects

    def said(self, names: frozenset[str]) -> str:
        """Names in the order the query used them, neighbours kept together ("covid jab")."""
        groups: list[list[str]] = []
        last = -2
        for position, word in enumerate(self.order):
            if word in names:
                if position == last + 1 and groups:
                    groups[-1].append(word)
                else:
                    groups.append([word])
                last = position
        said = list(dict.fromkeys(" ".join(g) for g in groups)) or sorted(names)
        return " or ".join(said)

    def caveat(self) -> str | None:
        """The line shown above a symptom answered on anastrozole when the query put it down
        to another medicine or cause."""
        if not (self.medicines or self.causes):
            return None
        who = "your pharmacist or doctor" if self.medicines else "your care team"
        named = self.said(self.medicines | self.causes)
        return (
            f"{named} is not covered here, only anastrozole: below is what the sources say "
            f"about it on anastrozole; ask {who} about {named}."
        )

    def not_covered(self, asked: str) -> str | None:
        """The one line for a query that names only what anastro does not cover."""
        if self.medicines:
            names = self.said(self.medicines)
            return (
                f"{asked}: anastro covers anastrozole, not {names}; ask your pharmacist or "
                "doctor about it. Taking other medicines with anastrozole: anastro show "
                "interactions"
            )
        if self.causes:
            names = self.said(self.causes)
            return f"{asked}: anastro covers anastrozole, not {names}; ask your care team."
        if self.subjects:
            return (
                f"{asked} is outside what anastro covers (anastrozole's side effects and taking "
                "it); your care team, pharmacy or hospital can help with that."
            )
        return None


@lru_cache(maxsize=16)
def outside_scope(text: str) -> Outside:
    """What a query names that no entry is about. A medicine counts unless the query asks
    about taking it with anastrozole; another cause only when anastrozole is not named.
    Found once per query text: a search asks for it on each of its steps."""
    folded = fold(text[:MAX_QUERY_CHARS])
    found = set(folded.split())
    listed = word_set("out_of_scope")
    padded = f" {folded} "
    subjects = (found & listed) | {p for p in listed if " " in p and f" {p} " in padded}
    together = _taken_together(text)
    medicines = set() if together else found & word_set("other_medicines")
    causes = set() if names_drug(folded) else found & word_set("other_causes")
    return Outside(
        frozenset(medicines), frozenset(causes), frozenset(subjects), tuple(folded.split())
    )


def in_scope(hits: list[Hit], text: str) -> tuple[list[Hit], str | None]:
    """The hits that answer a query naming something outside anastro, and the caveat to show
    with them: all hits, with the caveat, when the query also names a symptom the data knows;
    else only hits that name the outside thing themselves ("ibuprofen" is an interactions
    term), with no caveat."""
    outside = outside_scope(text)
    if not outside:
        return hits, None
    if _symptom_named(hits, text, outside):
        naming = [h for h in hits if _names_any(h, outside)]
        return hits, None if len(naming) == len(hits) else outside.caveat()
    return [h for h in hits if _names_any(h, outside)], None


def medicines_together(dataset: Dataset, text: str) -> Hit | None:
    """The interactions topic as the answer when a query asks about taking another medicine
    with anastrozole ("can I take paracetamol for the joint pain", "is metformin ok with
    anastrozole"); its score is that of the best hit it is put before."""
    named = _taken_together(text)
    topic = dataset.topic(INTERACTIONS)
    if not named or topic is None:
        return None
    medicine = min(named)
    why = Match("question", f"taking {medicine} with anastrozole", (medicine,), "exact")
    return Hit("topic", topic.id, 1.0, (why,), topic=topic)


def together_leads(hits: list[Hit], text: str) -> bool:
    """Whether the interactions topic leads the answer to a query that names another
    medicine with anastrozole: when the query asks outright about taking them together
    ("can I take paracetamol with it"), or names nothing the first hit answers. A medicine
    only named beside a symptom, a blood test or another question ("periods all over the
    place on zoladex plus anastrozole", "LDL raised on AI, statin?", "can I get pregnant on
    anastrozole and zoladex") is what the person takes: that leads and the topic is second."""
    if _asked_outright(text) or not hits or hits[0].id == INTERACTIONS:
        return True
    # A topic counts only by a phrase of its own ("can I get pregnant"), not by a word of
    # its title ("how well it works" is no question about how long it takes to work).
    if hits[0].topic is not None and not any(
        len(m.words) > 1 for m in hits[0].matched if m.field in ("name", "alias", "lay")
    ):
        return True
    # A worry is no symptom here: "I'm on metformin and just started anastrozole. Should I
    # worry?" asks about the two together.
    worry = word_set("concern_words")
    said = " ".join(w for w in fold(text[:MAX_QUERY_CHARS]).split() if w not in worry)
    return not _symptom_named(hits[:1], said, Outside(medicines=_taken_together(text)))


def _asked_outright(text: str) -> bool:
    """Whether a query asks about taking medicines together in so many words: a word such
    as "together", a question that opens by asking about taking ("can I take"), or a clause
    that asks and says to take ("is it ok to take them?"), asks whether it is all right
    with the drug ("is ibuprofen ok with arimidex"), or asks only that ("is that ok?", "any
    issue?"; not "could it be the tablet?", a cause)."""
    found = fold(text[:MAX_QUERY_CHARS]).split()
    if _says_together(found):
        return True
    taken = word_set("taking_words") | word_set("ingest_words")
    asking = _asking_only()
    for said, asks in _clauses(text[:MAX_QUERY_CHARS]):
        if not asks or said[0] in word_set("asking_others"):
            continue
        if set(said) & taken:
            return True
        if set(said) & word_set("all_right_words") and not set(words(" ".join(said))) - asking:
            return True
        if "with" in said and names_drug(" ".join(said)) and set(said) & asking:
            return True
    return False


def overdose_asked(dataset: Dataset, text: str) -> Hit | None:
    """The overdose topic when a query says more tablets were taken than prescribed ("she's
    been given her tablet twice today, I'm worried"): an emergency, so it leads whatever
    else the query names; its score is that of the best hit it is put before."""
    said = too_many_said(fold(text[:MAX_QUERY_CHARS]))
    topic = dataset.topic(OVERDOSE)
    if not said or topic is None:
        return None
    why = Match("question", ASKED_AS[OVERDOSE], said, "exact")
    return Hit("topic", topic.id, 1.0, (why,), topic=topic)


@lru_cache(maxsize=16)
def _taken_together(text: str) -> frozenset[str]:
    """The other medicines a query asks about taking with anastrozole: named beside a word
    such as "together", or in a question about taking them ("can I take paracetamol"), or
    beside anastrozole itself ("metformin and anastrozole"). In a statement about oneself
    ("I've had headaches since starting anastrozole, paracetamol helps"), a medicine is what
    the person takes; and in a query of several clauses, one that asks must be about taking
    something ("I'm on warfarin and a statin. Is it all right to take anastrozole?"), not
    about something else ("on anastrozole with zoladex, do I still need contraception?")."""
    folded = fold(text[:MAX_QUERY_CHARS])
    found = folded.split()
    named = frozenset(found) & word_set("other_medicines")
    if not named:
        return frozenset()
    if _says_together(found):
        return named
    if not names_drug(folded):
        return frozenset()
    clauses = _clauses(text[:MAX_QUERY_CHARS])
    if len(clauses) > 1:  # a statement of several clauses asks nothing
        asked = [said for said, asks in clauses if asks]
        return named if any(_asks_about_taking(said, named) for said in asked) else frozenset()
    telling = "?" not in text and found[0] in word_set("first_person_starts")
    return frozenset() if telling else named


def _asks_about_taking(said: list[str], named: frozenset[str]) -> bool:
    """Whether a clause that asks is about taking the medicines: it says to take something
    ("is it ok to take them", "should they be taken apart"), names one of them ("is ibuprofen
    ok?"), or only asks whether it is all right ("any problems?", "is that safe?"). Not when
    it asks something of its own ("do I still need contraception?", "do I need a statin?") or
    asks others ("anyone else?", "anyone had it?")."""
    if said[0] in word_set("asking_others") or not word_set("needing_words").isdisjoint(said):
        return False  # "anyone else?", "do I need a statin?"
    taking = word_set("taking_words") | word_set("ingest_words")
    if set(said) & (taking | named):
        return True
    own = set(words(" ".join(said))) - _asking_only()
    return not own


def _says_together(found: list[str]) -> bool:
    """Whether folded query words say two medicines are taken together: a word such as
    "together", or a question opening by asking about taking ("can I take paracetamol")."""
    if set(found) & word_set("together_words"):
        return True
    return (
        bool(found)
        and found[0] in word_set("asking_words")
        and bool(set(found) & word_set("taking_words"))
    )


def _asking_only() -> frozenset[str]:
    """Words that only ask or worry ("is it ok", "any problems"), saying nothing of their own."""
    return word_set("concern_words") | word_set("generic_words") | word_set("asking_words")


def _clauses(text: str) -> list[tuple[list[str], bool]]:
    """The folded words of each clause (apart at , . ; : ! ?) that says something, and
    whether it asks: it ends with "?" or opens with a word that asks ("is it ok ...")."""
    openers = word_set("asking_words") | word_set("question_starts")
    found: list[tuple[list[str], bool]] = []
    for clause, mark in re.findall(r"([^,.;:!?]*)([,.;:!?]*)", text):
        said = fold(clause).split()
        if said:
            found.append((said, "?" in mark or said[0] in openers))
    return found


def _symptom_named(hits: list[Hit], text: str, outside: Outside) -> bool:
    """Whether a hit matched, as written, a specific word of the query that is not the
    outside thing: any such word beside a medicine or cause; beside a subject only a name,
    an alias, a phrase or two words ("walking in the park makes my knees hurt", not "a
    months supply cost")."""
    own = {w for unit in outside.units for w in unit.split()}
    # General words name no symptom, nor do women's words ("for women over 60": the licensed
    # use; the men's name the men topic), nor "breast" in the illness ("breast cancer support
    # groups") or before what is outside ("breast reconstruction").
    generic = word_set("generic_words") | {w for w, group in cues().items() if group == "women"}
    said = fold(text[:MAX_QUERY_CHARS]).split()
    sites = word_set("illness_sites")
    context = {
        word
        for word, after in itertools.pairwise(said)
        if word in sites and (after == "cancer" or after in own)
    }
    specific = {w for w in words(text[:MAX_QUERY_CHARS]) if w not in generic | own | context}
    strict = not (outside.medicines or outside.causes)
    for hit in hits:
        # An effect's whole name or alias of general words counts too: "breast pain".
        exact = [
            m
            for m in hit.matched
            if m.field not in ("text", "question")
            and m.kind == "exact"
            and (set(m.words) & specific or (hit.kind == "effect" and _whole_name(m)))
        ]
        if not exact:
            continue
        if not strict:
            return True
        strong = any(
            m.field in ("name", "alias")
            or len(m.words) > 1
            or (hit.kind == "effect" and _whole_term(m))
            for m in exact
        )
        if strong or len({w for m in exact for w in m.words} & specific) >= 2:
            return True
    return False


def _whole_name(match: Match) -> bool:
    """Whether a match is a whole name or alias of two words or more, all in the query."""
    return (
        match.field in ("name", "alias")
        and len(match.words) > 1
        and fold(match.text) == " ".join(match.words)
    )


def _whole_term(match: Match) -> bool:
    """Whether a match is a whole lay term of one word ("snappy"), as the query wrote it."""
    return match.field == "lay" and len(match.words) == 1 and fold(match.text) == match.words[0]


def _names_any(hit: Hit, outside: Outside) -> bool:
    matched = [m for m in hit.matched if m.field != "text" and m.kind == "exact"]
    named = {fold(w) for m in matched for w in m.words}
    return any(set(unit.split()) <= named for unit in outside.units)
