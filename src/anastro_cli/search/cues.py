"""Who a query is about: women or men, from the words it uses (she, my husband, TRT); and
whether it says more than one dose was taken ("swallowed several arimidex")."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from anastro_cli.text.fold import drug_prefixes, fold
from anastro_cli.text.lexicon import word_map, word_set

OTHER_GROUP = {"men": "women", "women": "men"}
# The speaker is the one taking it: "I'm on arimidex", "since I started", "I have no drive".
SPEAKER_PATIENT = re.compile(
    r"\b(?:im on|i am on|ive been on|i have been on|i take|i started|since i|i have|i get)\b"
)


def cues() -> dict[str, str]:
    """Each word that says who a query is about, and the group it points to."""
    return word_map("population_cues")


@cache
def cue_words() -> frozenset[str]:
    return frozenset(cues())


def _alternatives(*, drug: bool, slang: bool, medicines: bool, extra: tuple[str, ...] = ()) -> str:
    """A regex alternation of the words that name the tablets: the drug's names however spelt,
    its slang, the words for a medicine ("tablets", "meds"), and any extra words."""
    found = [f"{prefix}\\w*" for prefix in drug_prefixes()] if drug else []
    found += sorted(word_set("drug_slang")) if slang else []
    found += sorted(word_set("medicine_words")) if medicines else []
    return "|".join([*found, *extra])


def tablet_words(extra: tuple[str, ...] = ()) -> str:
    """A regex alternation of the words that name anastrozole's tablets: its names however
    spelt, its slang and the words for a medicine, and any extra words ("it")."""
    return _alternatives(drug=True, slang=True, medicines=True, extra=extra)


@cache
def _partner_takes() -> re.Pattern[str]:
    """The partner is the one taking it: "my husband takes anastrozole", "wife started her
    tablets". The drug (or a word for a medicine) must follow within a word, so "my husband
    is on my case" and "husband started complaining" are not about him taking it, nor is an
    idiom ("my husband is taking it personally")."""
    drug = _alternatives(drug=True, slang=True, medicines=True, extra=("it", "this", "that"))
    partners = "|".join(sorted(word_map("partners")))
    idioms = "|".join(sorted(word_set("taking_it_idioms")))
    intensifiers = "|".join(sorted(word_set("intensifiers")))
    return re.compile(
        rf"\b(?:{partners})s? (?:is on|is taking|has been on|has started|"
        r"has been taking|on|takes|taking|started|starting|went on|been on)"
        rf"(?: \w+)? (?:{drug})\b(?! (?:(?:{intensifiers}) )?(?:{idioms})\b)"
    )


@cache
def _drug_named() -> re.Pattern[str]:
    names = _alternatives(drug=True, slang=True, medicines=False)
    return re.compile(rf"\b(?:{names})\b")


def names_drug(folded: str) -> bool:
    """Whether a folded query names anastrozole itself: any spelling, brand or slang, or a
    word for a medicine after one that says which ("the cancer tablet", "hormone pills")."""
    if _drug_named().search(folded) is not None:
        return True
    found = folded.split()
    before, medicine = word_set("context_before_medicine"), word_set("medicine_words")
    return any(a in before and b in medicine for a, b in pairwise(found))


def population_cue(text: str) -> str | None:
    """women or men when the query says who it is about (and not both), else None.

    A partner the query opens with ("my wife has gone off sex") or says is taking it ("my
    husband takes anastrozole") points to the partner's group. A partner mentioned only as
    someone reacting ("lost interest in sex, my husband feels rejected"), or beside a speaker
    who says they take it ("I'm on arimidex and my husband is upset"), points to the speaker,
    the other group. That reads a couple as a man and a woman, which is why a cue only nudges
    the order and never removes a result."""
    folded = fold(text)
    found_words = set(folded.split())
    found: set[str] = set()
    partners = word_map("partners")
    pronouns = word_map("first_person")
    # A pronoun of the speaker's partner's group is the partner ("my husband and I ... he's
    # upset"), not someone else the query is about.
    partner_groups = {
        partners[word]
        for word in found_words & partners.keys()
        if _partner_is_the_speakers(folded, word)
    }
    for word, name in cues().items():
        if word in found_words:
            if word in partners and name in partner_groups:
                found.add(OTHER_GROUP[name])
            elif word not in pronouns or name not in partner_groups:
                found.add(name)
    return found.pop() if len(found) == 1 else None


def _partner_is_the_speakers(folded: str, partner: str) -> bool:
    """True when partner is the speaker's partner and not the one the query is about."""
    if _partner_takes().search(folded):  # "my wife is on arimidex and I get ..." is about her
        return False
    if SPEAKER_PATIENT.search(folded) or _own_tablets().search(folded):
        return True
    return not folded.startswith((partner, f"my {partner}"))


@cache
def _own_tablets() -> re.Pattern[str]:
    """The speaker's own tablets ("some of my anastrozole tablets"): the speaker takes it."""
    drug = _alternatives(drug=True, slang=False, medicines=True)
    return re.compile(rf"\bmy (?:{drug})\b")


OVERDOSE = "overdose"  # the topic a query about taking too many tablets asks about
# After "twice": a day or a mistake makes it a dose, not a prescription or a schedule.
_ON_THE_DAY = r"(?:today|this morning|this evening|tonight|yesterday|by (?:mistake|accident))"
_SAME_DAY = re.compile(rf"^ {_ON_THE_DAY}")  # after "been given ... twice"


# When, between one more tablet and "by mistake" ("took another one this morning by mistake").
_WHEN = r"(?: (?:this|last) (?:morning|evening|night)| today| tonight| yesterday| again)"
# "took both anastrozole and calcium" names two medicines, not two tablets.
_NOT_A_LIST = r"(?!(?<=both)(?: \w+){1,3} and\b)"
# What a person "had" twice or several of, as tablets (not "treatment", not the drug: "I've
# had anastrozole twice, once after each cancer"), and only on one day or by mistake ("had
# her tablet twice today"; not "twice a day", "twice before").
_DOSES = "tablet|tablets|pill|pills|dose|doses"
_THAT_DAY = rf"(?= {_ON_THE_DAY}\b|$)"
# Between taking and "twice": not another action ("took anastrozole and was sick twice"), a
# course ("for 5 years") or a manner ("with food"); other medicines are added where it is used.
_NOT_BETWEEN = r"(?:and|was|were|felt|feel|got|been|for|with|half|late)\b"
# After "twice": not a schedule, a count so far or a past course ("twice a day", "twice so
# far", "twice, after each cancer", "twice then stopped").
_ONE_DAY = (
    r"(?! (?:(?:a|per|every|each|this|last) (?:day|week|month|year)s?|daily|weekly|now|so far"
    r"|in my life|before|then|and stopped|after|since|in the|over)\b)"
)
_BY_MISTAKE = r"(?:by (?:mistake|accident)|accidentally|accidently|instead of (?:one|1))"
# Given twice, then what makes it a dose that day, not a prescription: the day, a mistake, an
# "already", "before I noticed", or nothing more ("I think I gave her it twice").
_AND_THEN = rf"(?=$| {_ON_THE_DAY}\b| before i\b| already\b)"
_LATER = "this|earlier|today|yesterday|tonight|last|it|may|maybe|but|in|from"
# What may follow "accidentally took two" for the count to be of tablets: the sentence going
# on ("..., what should I do"), not another noun ("two paracetamol", "two steps back").
_GOES_ON = "by|at|together|and|what|so|now|should|is|will|do|did|can|i|im|please|help"


@cache
def _too_many() -> re.Pattern[str]:
    """Taking (took, swallowed) then a count (two, several, a few) then the tablets, the drug
    or a dose within a few words, or a dose taken twice or several times: "took 2
    anastrozole", "swallowed a few of my arimidex", "took a double dose", "took my pill
    twice", "taken her anastrozole three times today" (not "three times a week", "late three
    times"), "double dosed"; the tablets given twice ("the carer gave mum her anastrozole
    twice"; not dispensed twice this month); several or a week's supply at once ("taken
    several out of the box at once"); someone else swallowing the person's tablets, or taking
    them by mistake ("grandson swallowed one of my tablets", "my husband took my anastrozole
    by mistake"), or
    he or she taking an amount of them ("I think he's taken some of my tablets"; not "took a
    photo of my tablets", "took some of my tablets to the chemist"). A count of time is no
    count of tablets: not "took two weeks off my tablets", "taken 5 years of arimidex"; nor
    "vomited twice", "took it and got double vision", "she told me to swallow my tablet
    whole". Too many: taken ("took too many yesterday", "what if I take too many"; not "I take
    too many pills", a busy medicine list), of the drug ("too many anastrozole"), or of the
    tablets by mistake ("too many tabs accidently"; not "gave me too many tablets")."""
    taking = "|".join(sorted(word_set("ingest_words")))
    counts = "|".join(sorted(word_set("dose_counts")))
    times = "|".join(sorted(word_set("time_units")))
    others = "|".join(sorted(word_set("someone_else")))
    young = "|".join(sorted(word_set("young_ones")))
    # other medicines and supplements: "took calcium twice today" is no overdose
    meds = "|".join(sorted(word_set("other_medicines") | word_set("taken_besides")))
    swallowing = "swallow|swallowed|swallowing|ate|eaten"  # not took: "took my tablets to"
    supply = r"(?:whole|entire) (?:weeks?|months?)(?: worth)?(?: of)?"
    packs = "box|boxes|pack|packet|packets|strip|strips|blister"
    tablets = _alternatives(drug=True, slang=True, medicines=True, extra=("dose", "doses"))
    # he, she, they: someone else as the one doing it ("he's taken some of my tablets")
    pronouns = "|".join(
        sorted(w for w, said in word_map("first_person").items() if said in {"i", "im"})
    )
    moved = "|".join(sorted(word_set("moved_words")))
    possessives = "|".join(sorted(word_set("possessives")))
    amounts = "|".join(sorted(word_set("dose_counts") | {"a", "one", "some", "couple"}))
    accident = "|".join(sorted(word_set("accident_words")))
    # given twice as a dose, not dispensed ("twice now", "twice this month", "twice before")
    spans = r"(?:this|last|a|per|every|each) (?:day|month|week|year)s?"
    given = rf"(?! (?:now\b|before$|in the last\b|as\b|daily\b|(?:{spans})\b))"
    # Too many of the drug by name is an overdose; of "pills" or "meds" only by mistake ("on
    # too many pills" is a busy medicine list); the slang never ("too much adex": a high dose).
    drug = _alternatives(drug=True, slang=False, medicines=False)
    named = _alternatives(drug=False, slang=False, medicines=True, extra=("dose", "doses"))
    return re.compile(
        rf"\b(?:{taking})\b(?: \w+){{0,3}} (?:{counts})\b(?! (?:{times})\b){_NOT_A_LIST}"
        rf"(?: \w+){{0,3}} (?:{tablets})\b"
        rf"|\b(?:{taking})\b(?: (?!{_NOT_BETWEEN}|(?:{meds})\b)\w+){{0,4}} twice\b{_ONE_DAY}"
        rf"|\b(?:gave|given)\b(?: \w+){{0,6}} (?:{tablets}|it)\b(?: \w+){{0,2}} twice\b{given}"
        rf"{_AND_THEN}"
        rf"|\b(?:{tablets}|it)(?: \w+){{0,2}} (?:was|were|been) given twice\b{given}{_AND_THEN}"
        rf"|\b(?:gave|given)(?: \w+){{0,3}} (?:{counts}) (?:{tablets}) instead of (?:one|1)\b"
        rf"|\b(?:{taking})\b(?: (?!late\b|early\b)\w+){{0,4}} (?:{counts}) times\b"
        rf"(?! (?:a|per|every|this|last) \w+)"
        rf"|\bdouble dos(?:ed|ing)\b"
        rf"|\b(?:{taking})\b(?: \w+){{0,3}} (?:(?:{counts})\b(?! (?:{times})\b)|{supply})"
        rf"(?: \w+){{0,4}} (?:{tablets}|{packs})\b(?: \w+){{0,4}} (?:at once|in one go)\b"
        rf"|\b(?:{others})\b(?: (?!i\b|me\b)\w+){{0,5}} (?:{swallowing})\b(?: \w+){{0,2}}"
        rf" (?:of )?my(?: \w+)? (?:{tablets})\b"
        rf"|\b(?:{others})\b(?: (?!i\b|me\b)\w+){{0,5}} (?:{taking})(?: \w+){{1,2}}"
        rf" of my(?: \w+)? (?:{tablets})\b"
        rf"|\b(?:{others})\b(?: (?!i\b|me\b)\w+){{0,3}} (?:{taking})(?: \w+){{0,2}}"
        rf" (?:of )?my(?: \w+)? (?:{tablets})\b by mistake\b"
        rf"|(?:\bif(?: \w+)? take|\b(?:{taking})) too many\b(?! (?:{times})\b)"
        rf"|\btoo many(?: of)?(?: (?:{possessives}))? (?:{drug})\b"
        rf"|\btoo many(?: of)?(?: (?:{possessives}))? (?:{named})\b(?=.*\b(?:{accident})\b)"
        rf"|\b(?:{pronouns})(?: has)? (?:{taking})(?: (?:{amounts})){{1,2}} of my(?: \w+)?"
        rf" (?:{tablets})\b(?! (?:{moved}|{tablets})\b| to (?:a|{possessives})\b)"
        # one more by mistake ("took a second one by accident", "swallowed 3 by mistake",
        # "accidentally took another one yesterday"); not "accidentally took two paracetamol",
        # "had another accident"
        rf"|\b(?:{taking}|had)\b(?: \w+){{0,2}} (?:{counts}|second|2nd)\b(?! (?:{times})\b)"
        rf"(?: (?:one|ones|of them|(?:{tablets})))?{_WHEN}? {_BY_MISTAKE}\b"
        rf"|\b(?:{accident}) (?:{taking}|had)(?: (?:a|an|my|her|his))? (?:{counts}|second|2nd|both)"
        rf"(?: (?:one|ones|of them|(?:{tablets})))?{_WHEN}?(?=$| (?:{_GOES_ON})\b)"
        # the dose again by mistake, or forgetting and taking another
        rf"|\b(?:{taking}) (?:it|them|(?:{possessives})(?: \w+)? (?:{tablets})) again{_WHEN}?"
        rf" {_BY_MISTAKE}\b"
        rf"|\b(?:{accident}) (?:{taking}) (?:it|them) again\b"
        rf"|\bforg[eo]t\b(?! to\b)(?: \w+){{0,7}} (?:took|taken) (?:another|a second|it again)\b"
        # a child or a pet swallowing one ("my toddler swallowed an arimidex"; not "my mum
        # can't swallow a tablet", her own tablet as prescribed)
        rf"|\b(?:{young}|(?:[1-9]|1[0-7]) years? old)\b(?: (?!i\b|me\b)\w+){{0,6}}"
        rf" (?:swallowed|ate|eaten)"
        rf" (?:(?:(?:a|an|one|some|{counts}) (?:of )?)?(?:(?:my|the|our) )?"
        rf"(?:(?!her\b|his\b|their\b)\w+ )?(?:{tablets})\b"
        rf"(?! pockets?\b)|(?:one|some|them|{counts})(?=$| (?:{_GOES_ON}|{_LATER})\b))"
        # a dose had twice that day, or several by mistake; both taken at once; two days'
        # tablets together
        rf"|\bhad(?: (?:{possessives}))? (?:{_DOSES}) twice{_THAT_DAY}"
        rf"|\bhad(?: (?:{possessives}))? (?:{drug}) twice(?= {_ON_THE_DAY}\b)"
        rf"|\bhad (?:{counts}) (?:of )?(?:(?:{possessives}) )?(?:\w+ )?(?:{_DOSES})"
        rf"{_WHEN}? {_BY_MISTAKE}\b"
        rf"|\bhad a double dose\b(?! of\b)"
        rf"|\b(?:took|taken|swallowed)(?: them)? both(?: of them| (?:{tablets}))?"
        rf"(?= {_BY_MISTAKE}\b| at once\b| in one go\b)"
        rf"|\b(?:took|taken|swallowed) them both (?:together|at once|in one go)\b"
        rf"|\b(?:{taking})(?: \w+){{0,2}} yesterdays(?: (?:{tablets}))? and todays"
        rf"(?: (?:{tablets}))?(?: together\b| at once\b| in one go\b|$)"
        rf"|\b(?:{taking})(?: \w+){{0,2}} todays(?: (?:{tablets}))? and yesterdays"
        rf"(?: (?:{tablets}))?(?: together\b| at once\b| in one go\b|$)"
    )


def took_too_many(folded: str) -> bool:
    """Whether a folded query says more tablets were taken than prescribed."""
    return bool(too_many_said(folded))


def too_many_said(folded: str) -> tuple[str, ...]:
    """The words of a folded query that say more tablets were taken ("took 2 anastrozole").
    The pattern is built (about a millisecond) only for a query with a word for taking."""
    cues = word_set("ingest_words") | word_set("accident_words")
    cues |= {"many", "double", "gave", "given", "had"}
    if cues.isdisjoint(folded.split()):
        return ()
    dispensers = word_set("dispensers")
    for found in _too_many().finditer(folded):
        said = tuple(found.group(0).split())
        if "given" in said or "gave" in said:
            before = folded[: found.start()].split()
            giver = before[-2:-1] if before[-1:] in (["has"], ["have"], ["had"]) else before[-1:]
            if not dispensers.isdisjoint(giver) or not dispensers.isdisjoint(said[:3]):
                continue  # the pharmacy gave the tablets: dispensed, not taken
            if before[-1:] == ["been"] and not _SAME_DAY.search(folded[found.end() :]):
                continue  # "I have been given anastrozole twice": prescribed twice
        return said
    return ()
