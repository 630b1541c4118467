"""Search that understands patients: normalising, lay terms, typo tolerance, scoring, ranking.

Every query word is matched against each effect's name, aliases and lay terms (the words people
use), then against its descriptive text. Exact matches rank above fuzzy (typo) matches, which rank
above matches found only in the mechanism, notes or advice. rapidfuzz is imported only when a
query word has no exact match, so most searches never load it.

The index is compiled once per dataset (compile_index) and kept in its store (store.py): a
search reads the postings of its words, ranks every entry they reach, and explains only the
hits it returns (score_doc, which is also the reference the ranking is tested against).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from anastro_cli.model import Dataset, Marker, SideEffect

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 24

# British and other spellings folded to one form, on the query and the data alike.
SPELLINGS: dict[str, str] = {
    "flush": "flash",
    "flushes": "flashes",
    "flushing": "flashing",
    "flushed": "flashed",
    "oestrogen": "estrogen",
    "oestradiol": "estradiol",
    "oestrone": "estrone",
    "ischaemic": "ischemic",
    "ischaemia": "ischemia",
    "haemorrhage": "hemorrhage",
    "haematocrit": "hematocrit",
    "tumour": "tumor",
    "tumours": "tumors",
    "behaviour": "behavior",
    "leukorrhoea": "leukorrhea",
    "leucorrhoea": "leukorrhea",
    "dyspnoea": "dyspnea",
    "diarrhoea": "diarrhea",
    "oedema": "edema",
    "anaemia": "anemia",
    "anaemic": "anemic",
    "lymphoedema": "lymphedema",
    "hypercholesterolaemia": "hypercholesterolemia",
    "hypertriglyceridaemia": "hypertriglyceridemia",
    "paraesthesia": "paresthesia",
    "oesophagus": "esophagus",
    "gynaecomastia": "gynecomastia",
    "orthopaedic": "orthopedic",
    "colour": "color",
    "sulphur": "sulfur",
    "fibre": "fiber",
    "centre": "center",
    "litre": "liter",
    "programme": "program",
    "ageing": "aging",
}
# Words that carry no meaning for matching a symptom.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "without",
        "by",
        "my",
        "me",
        "i",
        "im",
        "i'm",
        "ive",
        "i've",
        "we",
        "our",
        "your",
        "you",
        "it",
        "its",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "can",
        "cant",
        "can't",
        "cannot",
        "could",
        "couldnt",
        "won't",
        "wont",
        "will",
        "would",
        "should",
        "not",
        "no",
        "so",
        "too",
        "very",
        "really",
        "much",
        "more",
        "some",
        "any",
        "after",
        "during",
        "when",
        "while",
        "since",
        "about",
        "into",
        "out",
        "up",
        "down",
        "off",
        "over",
        "get",
        "gets",
        "getting",
        "got",
        "keep",
        "keeps",
        "keeping",
        "kept",
        "feel",
        "feels",
        "feeling",
        "felt",
        "like",
        "just",
        "also",
        "still",
        "all",
        "lot",
        "lots",
        "bit",
        "little",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "why",
        "how",
        "who",
        "which",
        "ever",
        "always",
        "sometimes",
        "often",
        "now",
        "today",
        "days",
        "day",
        "night",
        "week",
        "weeks",
        "since",
        "been",
        "having",
        "taking",
        "take",
        "took",
        "on",
        "anastrozole",
        "arimidex",
        "side",
        "effect",
        "effects",
        "symptom",
        "symptoms",
        "came",
        "come",
        "comes",
        "coming",
        "doing",
        "even",
        "anything",
        "everything",
        "something",
        "as",
        "cause",
        "causes",
        "caused",
        "causing",
        "blame",
        "blames",
        "blamed",
        "went",
        "try",
        "tries",
        "tried",
        "trying",
    ]
)
# Words that set the scene rather than name a symptom ("since starting my tablets").
FILLER = frozenset(
    [
        "gone",
        "last",
        "since",
        "start",
        "started",
        "starting",
        "adding",
        "added",
        "test",
        "tests",
        "result",
        "results",
        "level",
        "levels",
        "really",
        "right",
        "lot",
        "bit",
        "tablet",
        "tablets",
        "pill",
        "pills",
        "medication",
        "medicine",
        "medicines",
        "drug",
        "drugs",
        "treatment",
        "treatments",
        "therapy",
        "dose",
        "anymore",
        "every",
        "time",
        "times",
        "thing",
        "things",
        "tell",
        "told",
        "doctor",
        "nurse",
        "normal",
        "usual",
    ]
)
# Who the query is about: these words point to women or to men (they are not symptoms).
POPULATION_CUES: dict[str, frozenset[str]] = {
    "women": frozenset(
        [
            "she",
            "her",
            "hers",
            "herself",
            "woman",
            "women",
            "wife",
            "mum",
            "mom",
            "mother",
            "daughter",
            "sister",
            "girlfriend",
            "lady",
            "ladies",
            "female",
            "females",
        ]
    ),
    "men": frozenset(
        [
            "he",
            "him",
            "his",
            "himself",
            "man",
            "men",
            "husband",
            "dad",
            "father",
            "son",
            "brother",
            "boyfriend",
            "male",
            "males",
            "gyno",
            "trt",
            "adex",
            "testosterone",
            "bodybuilding",
        ]
    ),
}
CUE_WORDS = frozenset().union(*POPULATION_CUES.values())
# Misspellings of the drug's own names carry no meaning for matching either.
DRUG_PREFIXES = ("anastr", "anstr", "arimid", "arimed", "arimad", "armid")
DRUG_SLANG = frozenset({"adex", "adx", "ai", "ais", "ana", "stasi"})
MEDICINE_WORDS = frozenset(
    [
        "tablet",
        "tablets",
        "pill",
        "pills",
        "medicine",
        "medicines",
        "medication",
        "meds",
        "med",
        "drug",
        "drugs",
        "treatment",
        "treatments",
        "therapy",
    ]
)
# A few lay words that mean a different clinical word; applied after spelling folding.
LAY_WORDS: dict[str, str] = {"tummy": "stomach", "belly": "stomach"}

FOLDS: dict[str, str] = {**SPELLINGS, **LAY_WORDS}
WORD = re.compile(r"[a-z0-9]+")
SUFFIXES = (
    "ingly",
    "fulness",
    "ness",
    "ings",
    "ing",
    "edly",
    "ful",
    "ies",
    "ied",
    "es",
    "ed",
    "ly",
    "s",
    "e",
    "y",
)

EXACT, FUZZY = 3, 2
KIND_NAMES = {EXACT: "exact", FUZZY: "fuzzy"}
# How much one matched word is worth, by field and kind of match.
WEIGHTS: dict[tuple[str, int], float] = {
    ("name", EXACT): 1.0,
    ("alias", EXACT): 0.95,
    ("lay", EXACT): 0.9,
    ("name", FUZZY): 0.7,
    ("alias", FUZZY): 0.65,
    ("lay", FUZZY): 0.6,
    ("text", EXACT): 0.3,
    ("text", FUZZY): 0.15,
}
PHRASE_BONUS = {"name": 0.6, "alias": 0.5, "lay": 0.45}
# A tie-breaker more than a verdict: "my wife says I have no sex drive" is about the speaker.
CUE_BOOST, CUE_PENALTY = 1.1, 0.8
TRANSPOSED = 0.9  # the similarity of a word with two neighbouring letters swapped
CONTAINED_SHARE = 0.8  # a phrase found inside a longer query earns most of the phrase bonus


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, fold spellings: the form every match uses."""
    lowered = text.casefold()
    if not lowered.isascii():  # most text is ASCII: skip the costly decomposition
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = WORD.findall(lowered.replace("'", ""))
    return " ".join([FOLDS.get(w, w) for w in words])


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light stemmer: 'headaches', 'headache' -> 'headach'; 'fractured' -> 'fractur'."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ss") and not word.endswith("ness"):
        return word
    stripped = ""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "e" and _short_cvc(word[:-1]):
                break  # spine stays spine (not spin); like Porter, short words keep their e
            if suffix == "es" and _short_cvc(word[:-2]):
                word, stripped = word[:-1], "s"  # spines -> spine, bones -> bone
                break
            word, stripped = word[: -len(suffix)], suffix
            break
    if not stripped:
        for suffix in ("ic", "ia"):  # osteopenic / osteopenia, anaemic / anaemia
            if word.endswith(suffix) and len(word) - 2 >= 4:
                word, stripped = word[:-2], suffix
                break
    if word.endswith("i") and len(word) > 3:  # dizzi(ness) / dizzy, bodi / body
        word = word[:-1]
    if stripped in ("ing", "ed", "er") and word[-1] == word[-2] and word[-1] in "bdgmnpt":
        word = word[:-1]  # putt(ing) -> put, spinn(ing) -> spin
    elif stripped in ("ing", "ed") and _short_cvc(word):
        word += "e"  # wip(ed) -> wipe, as wipes and wipe: the short word keeps its e
    return word


def _short_cvc(word: str) -> bool:
    vowels = "aeiou"
    return (
        len(word) <= 4
        and word[-1] not in vowels + "wxy"
        and word[-2] in vowels
        and word[-3] not in vowels
    )


def words(text: str) -> list[str]:
    """The query words that carry meaning: folded, without stop words, filler, the drug's
    own names (however spelt), or single letters. Words about who it is (wife, TRT) stay
    here: search drops them only when no name, alias or lay term uses them."""
    return [
        w
        for w in _without_diagnosis(fold(text).split())
        if len(w) > 1
        and w not in STOP_WORDS
        and w not in FILLER
        and w not in DRUG_SLANG
        and not w.startswith(DRUG_PREFIXES)
    ]


PARTNERS: dict[str, str] = {
    "husband": "men",
    "boyfriend": "men",
    "wife": "women",
    "girlfriend": "women",
}
OTHER_GROUP = {"men": "women", "women": "men"}
# The speaker is the one taking it: "I'm on arimidex", "since I started", "I have no drive".
SPEAKER_PATIENT = re.compile(
    r"\b(?:im on|i am on|ive been on|i have been on|i take|i started|since i|i have|i get)\b"
)
# The partner is the one taking it: "my husband takes anastrozole", "wife started her
# tablets". The drug (or a word for a medicine) must follow within a word, so "my husband is
# on my case" and "husband started complaining" are not about him taking it.
_DRUG = "|".join(
    [f"{prefix}\\w*" for prefix in DRUG_PREFIXES]
    + sorted(DRUG_SLANG)
    + sorted(MEDICINE_WORDS)
    + ["it", "this", "that"]
)
PARTNER_TAKES = re.compile(
    r"\b(?:husband|boyfriend|wife|girlfriend)s? (?:is on|is taking|has been on|has started|"
    r"has been taking|on|takes|taking|started|starting|went on|been on)"
    rf"(?: \w+)? (?:{_DRUG})\b"
)


# Two-word names for the illness or the drug: context in a question, never the symptom.
CONTEXT_PAIRS = frozenset(
    [("breast", "cancer"), ("aromatase", "inhibitor"), ("aromatase", "inhibitors")]
)
# After "breast cancer", these say the question is about the breast itself.
BREAST_SYMPTOMS = frozenset(
    ["pain", "ache", "aches", "aching", "sore", "soreness", "tender", "tenderness", "swelling"]
)
# Words that name the drug when a medicine word follows: "her cancer tablets".
CONTEXT_BEFORE_MEDICINE = frozenset(["cancer", "hormone", "hormonal", "estrogen", "blocker"])


def _without_diagnosis(folded: list[str]) -> list[str]:
    """The words without "breast cancer", "aromatase inhibitor" or "cancer tablets": the
    reason for the drug or the drug itself ("since I started the breast cancer pill"), never
    the side effect asked about."""
    kept: list[str] = []
    for position, word in enumerate(folded):
        following = folded[position + 1] if position + 1 < len(folded) else ""
        if kept and (kept[-1], word) in CONTEXT_PAIRS:
            if (kept[-1], word) == ("breast", "cancer") and following in BREAST_SYMPTOMS:
                continue  # "breast cancer pain" still asks about the breast
            kept.pop()
            continue
        if word in CONTEXT_BEFORE_MEDICINE and following in MEDICINE_WORDS:
            continue  # "the hormone pill", "her cancer tablets" are the drug
        kept.append(word)
    return kept


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
    for name, cues in POPULATION_CUES.items():
        for word in found_words & cues:
            if word in PARTNERS and _partner_is_the_speakers(folded, word):
                found.add(OTHER_GROUP[name])
            else:
                found.add(name)
    return found.pop() if len(found) == 1 else None


def _partner_is_the_speakers(folded: str, partner: str) -> bool:
    """True when partner is the speaker's partner and not the one the query is about."""
    if PARTNER_TAKES.search(folded):  # "my wife is on arimidex and I get ..." is about her
        return False
    if SPEAKER_PATIENT.search(folded):
        return True
    return not folded.startswith((partner, f"my {partner}"))


@dataclass(frozen=True)
class Match:
    """Why a result matched: the field, the text of that field, and the query words it used."""

    field: str
    text: str
    words: tuple[str, ...]
    kind: str
    stems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    kind: str  # "effect" or "marker"
    id: str
    score: float
    matched: tuple[Match, ...]
    effect: SideEffect | None = None
    marker: Marker | None = None


@dataclass
class Doc:
    """One searchable entry (an effect or a marker) and the words of each of its fields."""

    kind: str
    id: str
    name: str
    effect: SideEffect | None
    marker: Marker | None
    fields: list[tuple[str, str]]  # (field kind, original text)
    phrases: dict[str, str] = field(default_factory=dict)  # folded phrase -> field kind
    phrase_text: dict[str, str] = field(default_factory=dict)  # folded phrase -> as written
    stems: dict[str, dict[str, str]] = field(default_factory=dict)  # stem -> {field: text}
    frequency: float = 0.0


# Field kinds by rank, best first: a posting keeps the best field a stem appears in.
FIELD_CODES = ("name", "alias", "lay", "text")


@dataclass
class CompiledIndex:
    """The search index of a dataset, computed once and written to its store (store.py).

    Entries are numbered: effects in data order, then markers."""

    postings: dict[str, dict[int, int]]  # stem -> {entry: best field code}
    named: set[str]  # stems found in a name, alias or lay term
    idf: dict[str, float]
    vocabulary: dict[str, list[str]]  # folded word of a name/alias/lay term -> its stems
    phrases: list[tuple[str, int, int, str, str, int]]  # phrase, entry, order, kind, text,
    #   and whether it may count when found inside a longer query (see phrase_scope)
    frequencies: list[float]
    names: list[str]  # case-folded, for ordering ties
    populations: list[tuple[str, ...] | None]  # None for a marker
    suggestions: list[tuple[str, str]]  # names and terms for "did you mean", and folded


TEXT_ATTRS = ("mechanism", "notes", "monitoring", "helps", "seek_care")


def _effect_fields(effect: SideEffect) -> list[tuple[str, str]]:
    fields = [("name", effect.name), ("name", effect.id.replace("-", " "))]
    fields += [("alias", a) for a in effect.aliases]
    fields += [("lay", t) for t in effect.lay_terms]
    fields.append(("text", effect.mechanism))
    for attr in TEXT_ATTRS[1:]:
        fields += [("text", t) for t in getattr(effect, attr)]
    return fields


def _headline_frequency(dataset: Dataset, effect: SideEffect) -> float:
    """The highest incidence anyone reports for effect (its own figures or its trials')."""
    trial_values = [
        value.value
        for figure in dataset.figures_for(effect.id)
        if figure.measure == "percent_patients"
        for arm, value in figure.values
        if arm == "anastrozole" and value.value is not None
    ]
    return max([*(f.high for f in effect.frequencies), *trial_values], default=0.0)


def effect_doc(effect: SideEffect, frequency: float = 0.0) -> Doc:
    doc = Doc("effect", effect.id, effect.name, effect, None, _effect_fields(effect))
    return _fill(doc, frequency)


def marker_doc(marker: Marker) -> Doc:
    fields = [
        ("name", marker.name),
        ("name", marker.id.replace("-", " ")),
        ("text", marker.explanation),
    ]
    return _fill(Doc("marker", marker.id, marker.name, None, marker, fields), 0.0)


def _fill(doc: Doc, frequency: float) -> Doc:
    doc.frequency = frequency
    for kind, text in doc.fields:
        folded = fold(text)
        if kind != "text":
            doc.phrases.setdefault(folded, kind)
            doc.phrase_text.setdefault(folded, text)
        for word in folded.split():
            if word in STOP_WORDS:
                continue
            doc.stems.setdefault(stem(word), {}).setdefault(kind, text)
    return doc


def docs_of(dataset: Dataset) -> Iterable[Doc]:
    """Every searchable entry, numbered as the index numbers them."""
    for effect in dataset.effects:
        yield effect_doc(effect, _headline_frequency(dataset, effect))
    for marker in dataset.markers:
        yield marker_doc(marker)


def compile_index(dataset: Dataset) -> CompiledIndex:
    postings: dict[str, dict[int, int]] = {}
    vocabulary: dict[str, list[str]] = {}
    document_frequency: dict[str, int] = {}
    index = CompiledIndex(postings, set(), {}, vocabulary, [], [], [], [], [])
    suggestions: list[str] = []
    names: list[str] = []
    for entry, doc in enumerate(docs_of(dataset)):
        names.append(doc.name)
        for word_stem, fields in doc.stems.items():
            postings.setdefault(word_stem, {})[entry] = min(FIELD_CODES.index(k) for k in fields)
        seen: set[str] = set()
        for kind, text in doc.fields:
            if kind == "text":
                continue
            suggestions.append(text)
            for word in fold(text).split():
                if word not in STOP_WORDS:
                    word_stem = stem(word)
                    stems = vocabulary.setdefault(word, [])
                    if word_stem not in stems:
                        stems.append(word_stem)
                    seen.add(word_stem)
        for word_stem in seen:
            document_frequency[word_stem] = document_frequency.get(word_stem, 0) + 1
        for order, (phrase, kind) in enumerate(doc.phrases.items()):
            scope = phrase_scope(phrase)
            index.phrases.append((phrase, entry, order, kind, doc.phrase_text[phrase], scope))
        index.frequencies.append(doc.frequency)
        index.names.append(doc.name.casefold())
        index.populations.append(doc.effect.populations if doc.effect is not None else None)
    total = max(len(index.names), 1)
    index.idf = {s: math.log(1 + total / df) for s, df in document_frequency.items()}
    index.named = set(document_frequency)
    effect_names = [name for name, pops in zip(names, index.populations, strict=True) if pops]
    index.suggestions = [
        (text, fold(text))
        for text in dict.fromkeys(effect_names + sorted(set(suggestions), key=str.casefold))
        if len(text) >= 4
    ]
    return index


class QueryIndex(Protocol):
    """What reading a query needs of an index: word statistics and the vocabulary."""

    def stem_info(self, stems: list[str]) -> dict[str, tuple[float | None, bool]]: ...

    def vocabulary(self) -> dict[str, list[str]]: ...


class Index(QueryIndex, Protocol):
    """What search reads from a compiled dataset (store.Store is the one implementation)."""

    def postings(self, word_stem: str) -> Iterable[tuple[int, int]]: ...

    def phrases(self, candidates: list[str]) -> list[tuple[str, int, int, str, int]]: ...

    def longest_phrase(self) -> int: ...

    def entry_meta(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]: ...

    def doc(self, entry: int) -> Doc: ...

    def suggestion_texts(self) -> list[tuple[str, str]]: ...


_LAST_INDEX: list[tuple[Dataset, Index]] = []  # one entry: a process loads one dataset


def index_for(dataset: Dataset) -> Index:
    """The search index of dataset: its store's, or one compiled in memory, built once and
    checked by identity (never by a reused id())."""
    from anastro_cli.store import Store

    if isinstance(dataset.store, Store):
        return dataset.store
    if not _LAST_INDEX or _LAST_INDEX[0][0] is not dataset:
        if _LAST_INDEX:
            old = _LAST_INDEX[0][1]
            if isinstance(old, Store):
                old.close()
        _LAST_INDEX[:] = [(dataset, Store.compile(dataset))]
    return _LAST_INDEX[0][1]


def _fuzzy_stems(word: str, vocabulary: dict[str, list[str]]) -> dict[str, float]:
    """Stems of vocabulary words within a typo or two of word, with a similarity 0-1."""
    if len(word) < 4 or word.isdigit():
        return {}
    found: dict[str, float] = {}
    # Two letters swapped is the commonest slip ("pian", "jiont"), yet edit-distance ratios
    # count it as two edits and reject it in a short word; look the swaps up directly.
    for i in range(len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for candidate_stem in vocabulary.get(swapped, ()) if swapped != word else ():
            found[candidate_stem] = max(found.get(candidate_stem, 0.0), TRANSPOSED)
    from rapidfuzz import fuzz, process

    cutoff = 88 if len(word) <= 5 else 78
    for candidate, score, _ in process.extract(
        word, list(vocabulary), scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
    ):
        if len(candidate) < 4 or abs(len(candidate) - len(word)) > 2:
            continue  # "last" is not a typo of "ast"
        for candidate_stem in vocabulary[candidate]:
            found[candidate_stem] = max(found.get(candidate_stem, 0.0), score / 100)
    return found


@dataclass
class Query:
    """A query as search uses it: its meaningful words and stems, typo stems, phrases, cue."""

    words: list[str]
    stems: list[str]
    fuzzy: dict[str, dict[str, float]]
    idf: dict[str, float]
    weight_total: float
    padded: str
    folded: str  # the meaningful words, joined
    full: str  # the whole query, folded
    cue: str | None


def _query(index: QueryIndex, text: str) -> Query | None:
    text = text[:MAX_QUERY_CHARS]
    full = fold(text)
    candidates = list(dict.fromkeys(words(text)))
    vocabulary: dict[str, list[str]] | None = None
    cues = [w for w in candidates if w in CUE_WORDS]
    if cues:  # "testosterone" names a marker; "wife" names nothing
        vocabulary = index.vocabulary()
    query_words = [w for w in candidates if w not in CUE_WORDS or (vocabulary and w in vocabulary)]
    query_words = query_words[:MAX_QUERY_WORDS]
    if not query_words and not full.strip():
        return None
    query_stems = [stem(w) for w in query_words]
    info = index.stem_info(query_stems)
    fuzzy: dict[str, dict[str, float]] = {}
    for word, word_stem in zip(query_words, query_stems, strict=True):
        known, named = word_stem in info, info.get(word_stem, (None, False))[1]
        if not known or not named:
            if vocabulary is None:
                vocabulary = index.vocabulary()
            fuzzy[word_stem] = _fuzzy_stems(word, vocabulary)
    idf = {s: value for s, (value, _) in info.items() if value is not None}
    weight_total = sum(idf.get(s, 1.0) for s in query_stems) or 1.0
    return Query(
        query_words,
        query_stems,
        fuzzy,
        idf,
        weight_total,
        f" {full} ",
        " ".join(query_words),
        full,
        population_cue(text),
    )


def _ngrams(text: str, longest: int) -> list[str]:
    """Every run of 2 to longest words in text (the phrases a query could contain)."""
    parts = text.split()
    return [
        " ".join(parts[start : start + size])
        for size in range(2, min(longest, len(parts)) + 1)
        for start in range(len(parts) - size + 1)
    ]


def search(dataset: Dataset, query: str, limit: int | None = 10) -> list[Hit]:
    """Ranked hits for query: best first; ties broken by frequency, then name (deterministic).

    Scores come from the index's postings, so only entries sharing a word (or a typo of one,
    or a phrase) with the query are touched; the few shown are then explained entry by entry
    (``score_doc``), which is also the reference the postings are tested against."""
    index = index_for(dataset)
    q = _query(index, query)
    if q is None:
        return []
    scores: dict[int, float] = {}
    strong: set[int] = set()
    for word_stem in q.stems:
        best: dict[int, tuple[float, int]] = {}
        for entry, code in index.postings(word_stem):
            best[entry] = (WEIGHTS[(FIELD_CODES[code], EXACT)], code)
        for candidate, similarity in q.fuzzy.get(word_stem, {}).items():
            for entry, code in index.postings(candidate):
                weight = WEIGHTS[(FIELD_CODES[code], FUZZY)] * similarity
                if entry not in best or weight > best[entry][0]:
                    best[entry] = (weight, code)
        idf = q.idf.get(word_stem, 1.0)
        for entry, (weight, code) in best.items():
            scores[entry] = scores.get(entry, 0.0) + weight * idf
            if code != TEXT_CODE:
                strong.add(entry)
    for entry in scores:
        scores[entry] /= q.weight_total
    whole: dict[int, str] = {}  # entry -> kind of the phrase that is the whole query
    contained: dict[int, tuple[int, int, str]] = {}  # entry -> (-length, order, kind)
    wanted = list(dict.fromkeys([q.folded, q.full, *_ngrams(q.full, index.longest_phrase())]))
    for phrase, entry, order, kind, scope in index.phrases(wanted):
        if phrase == q.folded:
            whole[entry] = kind
        elif phrase == q.full:
            whole.setdefault(entry, kind)
        if _counts_inside(phrase, scope, q):
            key = (-len(phrase), order, kind)
            if entry not in contained or key < contained[entry]:
                contained[entry] = key
    for entry in contained:
        scores.setdefault(entry, 0.0)
        strong.add(entry)  # the phrase itself is a name, alias or lay term
    for entry in scores:  # an entry counts once it matched a word or contains a phrase
        if entry in whole:
            scores[entry] += PHRASE_BONUS[whole[entry]]
        elif entry in contained:
            scores[entry] += PHRASE_BONUS[contained[entry][2]] * CONTAINED_SHARE
    frequencies, names, populations = index.entry_meta()
    if q.cue is not None:
        for entry in scores:
            pops = populations[entry]
            if pops is not None:  # "my wife has gone off sex" is about women
                if q.cue in pops:
                    scores[entry] *= CUE_BOOST
                elif "all" not in pops:
                    scores[entry] *= CUE_PENALTY
    ranked = [
        (-round(score, 6), populations[entry] is None, -frequencies[entry], names[entry], entry)
        for entry, score in scores.items()
        if round(score, 4) >= 0.2 or entry in strong
    ]
    chosen = heapq.nsmallest(limit, ranked) if limit is not None else sorted(ranked)
    hits = []
    for *_, entry in chosen:
        doc = index.doc(entry)
        score, matches = score_doc(doc, q)
        hits.append(Hit(doc.kind, doc.id, round(score, 4), matches, doc.effect, doc.marker))
    return hits


TEXT_CODE = FIELD_CODES.index("text")


def score_doc(doc: Doc, q: Query) -> tuple[float, tuple[Match, ...]]:
    """One entry's score for a query and why it matched; the reference for search()."""
    score = 0.0
    matches: list[Match] = []
    # A whole name, alias or lay term inside the query ("can't get it up since ...")
    # counts even when its words are all common ones that single-word matching skips.
    contained = _contained_phrase(doc, q)
    for word, word_stem in zip(q.words, q.stems, strict=True):
        best = _best_for_word(doc, word_stem, q.fuzzy.get(word_stem, {}))
        if best is None:
            continue
        weight, field_kind, text, match_kind, data_stem = best
        score += weight * q.idf.get(word_stem, 1.0)
        matches.append(Match(field_kind, text, (word,), KIND_NAMES[match_kind], (data_stem,)))
    if not matches and contained is None:
        return 0.0, ()
    score /= q.weight_total
    phrase_kind = doc.phrases.get(q.folded) or doc.phrases.get(q.full)
    if phrase_kind:
        score += PHRASE_BONUS[phrase_kind]
        if not matches:  # a phrase of common words ("up all night") still says why
            phrase = q.folded if q.folded in doc.phrases else q.full
            matches.append(_phrase_match(doc, phrase, phrase_kind))
    elif contained is not None:
        phrase, kind = contained
        score += PHRASE_BONUS[kind] * CONTAINED_SHARE
        matches.append(_phrase_match(doc, phrase, kind))
    if q.cue is not None and doc.effect is not None:
        # "my wife has gone off sex" is about women: men-only effects step back.
        populations = doc.effect.populations
        if q.cue in populations:
            score *= CUE_BOOST
        elif "all" not in populations:
            score *= CUE_PENALTY
    return score, _merge_matches(matches)


class _Recount:
    """Word statistics counted straight from the entries (not from any store): the reference
    search's own idf, named stems and vocabulary."""

    def __init__(self, docs: list[Doc]) -> None:
        frequency: dict[str, int] = {}
        self.known: set[str] = set()
        self.words: dict[str, list[str]] = {}
        for doc in docs:
            self.known.update(doc.stems)
            named: set[str] = set()
            for kind, text in doc.fields:
                for word in fold(text).split():
                    if kind != "text" and word not in STOP_WORDS:
                        named.add(stem(word))
                        stems = self.words.setdefault(word, [])
                        if stem(word) not in stems:
                            stems.append(stem(word))
            for word_stem in named:
                frequency[word_stem] = frequency.get(word_stem, 0) + 1
        total = max(len(docs), 1)
        self.idf = {s: math.log(1 + total / count) for s, count in frequency.items()}

    def stem_info(self, stems: list[str]) -> dict[str, tuple[float | None, bool]]:
        return {s: (self.idf.get(s), s in self.idf) for s in stems if s in self.known}

    def vocabulary(self) -> dict[str, list[str]]:
        return self.words


def reference_search(dataset: Dataset, query: str) -> list[tuple[str, float]]:
    """Every entry scored one by one, as search() would rank them, from statistics counted
    afresh: the oracle tests hold search() to."""
    docs = list(docs_of(dataset))
    q = _query(_Recount(docs), query)
    if q is None:
        return []
    ranked = []
    for entry, doc in enumerate(docs):
        score, matches = score_doc(doc, q)
        if matches and (round(score, 4) >= 0.2 or any(m.field != "text" for m in matches)):
            key = (-round(score, 6), doc.kind != "effect", -doc.frequency, doc.name.casefold())
            ranked.append(((*key, entry), doc.id, round(score, 4)))
    ranked.sort()
    return [(entry_id, score) for _, entry_id, score in ranked]


def _phrase_match(doc: Doc, phrase: str, kind: str) -> Match:
    """Why a whole name, alias or lay term matched: the phrase as written, word by word."""
    phrase_words = tuple(phrase.split())
    return Match(
        kind,
        doc.phrase_text.get(phrase, phrase),
        phrase_words,
        "exact",
        tuple(stem(w) for w in phrase_words),
    )


# Whether a multi-word phrase counts when found inside a longer query (phrase_scope):
NEVER, ALWAYS, COVERING = 0, 1, 2


def phrase_scope(phrase: str) -> int:
    """A phrase of one word never counts inside a longer query (its word matches anyway). A
    phrase of one meaningful word among common ones ("throwing up", "the runs") counts only
    when that word is all the query says ("keep throwing up", not "knees ache on the runs").
    Any other phrase counts: its words mean more together ("can't get it up")."""
    if " " not in phrase:
        return NEVER
    return COVERING if len(words(phrase)) == 1 else ALWAYS


def _counts_inside(phrase: str, scope: int, q: Query) -> bool:
    if scope == NEVER or f" {phrase} " not in q.padded:
        return False
    return scope == ALWAYS or set(q.words) <= set(words(phrase))


def _contained_phrase(doc: Doc, q: Query) -> tuple[str, str] | None:
    """The longest name, alias or lay term of doc found whole in the query that counts there
    (phrase_scope); the first such phrase of the doc when two are as long."""
    best: tuple[str, str] | None = None
    for phrase, kind in doc.phrases.items():
        inside = _counts_inside(phrase, phrase_scope(phrase), q)
        if inside and (best is None or len(phrase) > len(best[0])):
            best = (phrase, kind)
    return best


def _best_for_word(
    doc: Doc, word_stem: str, fuzzy: dict[str, float]
) -> tuple[float, str, str, int, str] | None:
    best: tuple[float, str, str, int, str] | None = None
    fields = doc.stems.get(word_stem)
    if fields:
        for field_kind, text in fields.items():
            weight = WEIGHTS[(field_kind, EXACT)]
            if best is None or weight > best[0]:
                best = (weight, field_kind, text, EXACT, word_stem)
    for candidate, similarity in fuzzy.items():
        for field_kind, text in doc.stems.get(candidate, {}).items():
            weight = WEIGHTS[(field_kind, FUZZY)] * similarity
            if best is None or weight > best[0]:
                best = (weight, field_kind, text, FUZZY, candidate)
    return best


def _merge_matches(matches: Iterable[Match]) -> tuple[Match, ...]:
    merged: dict[tuple[str, str], Match] = {}
    for match in matches:
        key = (match.field, match.text)
        if key in merged:
            old = merged[key]
            kind = old.kind if old.kind == "exact" else match.kind
            merged[key] = Match(
                old.field,
                old.text,
                tuple(dict.fromkeys(old.words + match.words)),
                kind,
                tuple(dict.fromkeys(old.stems + match.stems)),
            )
        else:
            merged[key] = match
    order = {"name": 0, "alias": 1, "lay": 2, "text": 3}
    return tuple(sorted(merged.values(), key=lambda m: (order.get(m.field, 9), m.text)))


def suggestions(dataset: Dataset, query: str, limit: int = 3) -> list[str]:
    """Names and terms close to query, for a one-line 'did you mean'."""
    index = index_for(dataset)
    folded = fold(query[:MAX_QUERY_CHARS])
    if not folded.strip():
        return []
    from rapidfuzz import fuzz, process

    if len(folded.replace(" ", "")) < 3:
        return []
    candidates = index.suggestion_texts()  # (as written, folded), folded when compiled
    folded_texts = [folded_text for _, folded_text in candidates]
    # Whole-string closeness, or word-set overlap for longer phrases (less 15); never the
    # partial matches that would suggest "ed" for "bleeding gums". Both scorers run in C over
    # every candidate; the best of each are then scored exactly.
    wanted = limit * 3
    near = {
        position
        for scorer, cutoff in ((fuzz.ratio, 62), (fuzz.token_set_ratio, 77))
        for _, _, position in process.extract(
            folded, folded_texts, scorer=scorer, score_cutoff=cutoff, limit=wanted
        )
    }
    scored = sorted(
        (
            -max(
                fuzz.ratio(folded, folded_texts[p]),
                fuzz.token_set_ratio(folded, folded_texts[p]) - 15,
            ),
            p,
        )
        for p in near
    )
    result: list[str] = []
    for score, position in scored[:wanted]:
        text = candidates[position][0]
        if -score < 62 or (_abbreviation(text) and -score < 90):
            continue  # "coff" is not a near miss of NOFF
        if text.casefold() not in (r.casefold() for r in result):
            result.append(text)
        if len(result) == limit:
            break
    return result


def _abbreviation(text: str) -> bool:
    """An all-capitals short form (NOFF, TATT): close in letters to many unrelated words."""
    letters = text.replace(" ", "")
    return letters.isupper() and len(letters) <= 6


def covers_query(hit: Hit, query: str) -> bool:
    """True when every query word matched the hit's name, aliases or lay terms (typos
    allowed), or the query is one of its phrases: enough to stand in for an exact name."""
    wanted = set(words(query[:MAX_QUERY_CHARS]))
    named = {w for m in hit.matched if m.field != "text" for w in m.words}
    whole = fold(query[:MAX_QUERY_CHARS])
    if any(m.field != "text" and fold(m.text) == whole for m in hit.matched):
        return True
    return bool(wanted) and wanted <= named


def highlight_spans(text: str, stems: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words in text whose stem is one of stems (from Match.stems)."""
    wanted = set(stems)
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"\w+", text):
        folded = fold(match.group(0))
        if folded and any(stem(part) in wanted for part in folded.split()):
            spans.append((match.start(), match.end()))
    return spans
