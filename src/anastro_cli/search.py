"""Search that understands patients: normalising, lay terms, typo tolerance, scoring, ranking.

Every query word is matched against each effect's name, aliases and lay terms (the words people
use), then against its descriptive text. Exact matches rank above fuzzy (typo) matches, which rank
above matches found only in the mechanism, notes or advice. rapidfuzz is imported only when a
query word has no exact match, so most searches never load it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

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
# A few lay words that mean a different clinical word; applied after spelling folding.
LAY_WORDS: dict[str, str] = {"tummy": "stomach", "belly": "stomach"}

FOLDS: dict[str, str] = {**SPELLINGS, **LAY_WORDS}
WORD = re.compile(r"[a-z0-9]+")
SUFFIXES = ("ingly", "ness", "ings", "ing", "edly", "ies", "ied", "es", "ed", "ly", "s", "e", "y")

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
    if word.endswith("i") and len(word) > 3:  # dizzi(ness) / dizzy, bodi / body
        word = word[:-1]
    if stripped in ("ing", "ed", "er") and word[-1] == word[-2] and word[-1] in "bdgmnpt":
        word = word[:-1]  # putt(ing) -> put, spinn(ing) -> spin
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
        for w in fold(text).split()
        if len(w) > 1
        and w not in STOP_WORDS
        and w not in FILLER
        and w not in DRUG_SLANG
        and not w.startswith(DRUG_PREFIXES)
    ]


def population_cue(text: str) -> str | None:
    """women or men when the query says who it is about (and not both), else None."""
    folded = set(fold(text).split())
    found = [name for name, cues in POPULATION_CUES.items() if folded & cues]
    return found[0] if len(found) == 1 else None


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
class _Doc:
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


@dataclass
class Index:
    docs: list[_Doc]
    vocabulary: dict[str, set[str]]  # folded word -> stems it stands for (for typo lookup)
    idf: dict[str, float]
    phrases: list[str]  # display phrases for "did you mean"


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


def build_index(dataset: Dataset) -> Index:
    docs: list[_Doc] = []
    for effect in dataset.effects:
        docs.append(
            _Doc(
                "effect",
                effect.id,
                effect.name,
                effect,
                None,
                _effect_fields(effect),
                frequency=_headline_frequency(dataset, effect),
            )
        )
    for marker in dataset.markers:
        fields = [
            ("name", marker.name),
            ("name", marker.id.replace("-", " ")),
            ("text", marker.explanation),
        ]
        docs.append(_Doc("marker", marker.id, marker.name, None, marker, fields))
    vocabulary: dict[str, set[str]] = {}
    document_frequency: dict[str, int] = {}
    phrases: list[str] = []
    for doc in docs:
        seen: set[str] = set()
        for kind, text in doc.fields:
            folded = fold(text)
            if kind != "text":
                doc.phrases.setdefault(folded, kind)
                doc.phrase_text.setdefault(folded, text)
                phrases.append(text)
            for word in folded.split():
                if word in STOP_WORDS:
                    continue
                word_stem = stem(word)
                doc.stems.setdefault(word_stem, {})
                doc.stems[word_stem].setdefault(kind, text)
                if kind != "text":
                    vocabulary.setdefault(word, set()).add(word_stem)
                    seen.add(word_stem)
        for word_stem in seen:
            document_frequency[word_stem] = document_frequency.get(word_stem, 0) + 1
    total = max(len(docs), 1)
    idf = {s: math.log(1 + total / df) for s, df in document_frequency.items()}
    return Index(docs, vocabulary, idf, sorted(set(phrases), key=str.casefold))


_LAST_INDEX: list[tuple[Dataset, Index]] = []  # one entry: a process loads one dataset


def index_for(dataset: Dataset) -> Index:
    """The search index of dataset, built once; checked by identity, never by a reused id()."""
    if not _LAST_INDEX or _LAST_INDEX[0][0] is not dataset:
        _LAST_INDEX[:] = [(dataset, build_index(dataset))]
    return _LAST_INDEX[0][1]


def _fuzzy_stems(word: str, index: Index) -> dict[str, float]:
    """Stems of vocabulary words within a typo or two of word, with a similarity 0-1."""
    if len(word) < 4 or word.isdigit():
        return {}
    from rapidfuzz import fuzz, process

    cutoff = 88 if len(word) <= 5 else 78
    found: dict[str, float] = {}
    for candidate, score, _ in process.extract(
        word, list(index.vocabulary), scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
    ):
        if len(candidate) < 4 or abs(len(candidate) - len(word)) > 2:
            continue  # "last" is not a typo of "ast"
        for candidate_stem in index.vocabulary[candidate]:
            found[candidate_stem] = max(found.get(candidate_stem, 0.0), score / 100)
    return found


def search(dataset: Dataset, query: str, limit: int | None = 10) -> list[Hit]:
    """Ranked hits for query: best first; ties broken by frequency, then name (deterministic)."""
    index = index_for(dataset)
    query_words = [
        w
        for w in dict.fromkeys(words(query[:MAX_QUERY_CHARS]))
        if w not in CUE_WORDS or w in index.vocabulary  # "testosterone" names a marker
    ][:MAX_QUERY_WORDS]
    padded = f" {fold(query[:MAX_QUERY_CHARS])} "
    if not query_words and not padded.strip():
        return []
    folded_query = " ".join(query_words)
    cue = population_cue(query[:MAX_QUERY_CHARS])
    full_fold = fold(query[:MAX_QUERY_CHARS])
    query_stems = [stem(w) for w in query_words]
    fuzzy: dict[str, dict[str, float]] = {}
    for word, word_stem in zip(query_words, query_stems, strict=True):
        known = any(word_stem in doc.stems for doc in index.docs)
        in_names = any(k != "text" for doc in index.docs for k in doc.stems.get(word_stem, {}))
        if not known or not in_names:
            fuzzy[word_stem] = _fuzzy_stems(word, index)
    weight_total = sum(index.idf.get(s, 1.0) for s in query_stems) or 1.0
    hits: list[tuple[float, float, str, Hit]] = []
    for doc in index.docs:
        score = 0.0
        matches: list[Match] = []
        # A whole name, alias or lay term inside the query ("can't get it up since ...")
        # counts even when its words are all common ones that single-word matching skips.
        contained = _contained_phrase(doc, padded)
        for word, word_stem in zip(query_words, query_stems, strict=True):
            best = _best_for_word(doc, word_stem, fuzzy.get(word_stem, {}))
            if best is None:
                continue
            weight, field_kind, text, match_kind, data_stem = best
            score += weight * index.idf.get(word_stem, 1.0)
            matches.append(Match(field_kind, text, (word,), KIND_NAMES[match_kind], (data_stem,)))
        if not matches and contained is None:
            continue
        score /= weight_total
        phrase_kind = doc.phrases.get(folded_query) or doc.phrases.get(full_fold)
        if phrase_kind:
            score += PHRASE_BONUS[phrase_kind]
            if not matches:  # a phrase of common words ("up all night") still says why
                phrase = folded_query if folded_query in doc.phrases else full_fold
                matches.append(_phrase_match(doc, phrase, phrase_kind))
        elif contained is not None:
            phrase, kind = contained
            score += PHRASE_BONUS[kind] * CONTAINED_SHARE
            matches.append(_phrase_match(doc, phrase, kind))
        if cue is not None and doc.effect is not None:
            # "my wife has gone off sex" is about women: men-only effects step back.
            populations = doc.effect.populations
            if cue in populations:
                score *= CUE_BOOST
            elif "all" not in populations:
                score *= CUE_PENALTY
        hits.append(
            (
                -round(score, 6),
                -doc.frequency,
                doc.name.casefold(),
                Hit(
                    doc.kind,
                    doc.id,
                    round(score, 4),
                    _merge_matches(matches),
                    doc.effect,
                    doc.marker,
                ),
            )
        )
    # Ties: effects before markers, then the more frequent, then by name: deterministic.
    hits.sort(key=lambda item: (item[0], item[3].kind != "effect", item[1], item[2], item[3].id))
    ranked = [hit for *_, hit in hits if hit.score >= 0.2 or _is_strong(hit)]
    return ranked if limit is None else ranked[:limit]


def _is_strong(hit: Hit) -> bool:
    return any(m.field != "text" for m in hit.matched)


def _phrase_match(doc: _Doc, phrase: str, kind: str) -> Match:
    """Why a whole name, alias or lay term matched: the phrase as written, word by word."""
    phrase_words = tuple(phrase.split())
    return Match(
        kind,
        doc.phrase_text.get(phrase, phrase),
        phrase_words,
        "exact",
        tuple(stem(w) for w in phrase_words),
    )


def _contained_phrase(doc: _Doc, padded_query: str) -> tuple[str, str] | None:
    """The longest multi-word name, alias or lay term of doc found whole in the query, when
    the phrase says more than its words alone: none of them would match on its own ("can't
    get it up") or several do together. A phrase with one meaningful word ("the runs") adds
    nothing to that word's own match."""
    best: tuple[str, str] | None = None
    for phrase, kind in doc.phrases.items():
        inside = " " in phrase and f" {phrase} " in padded_query and len(words(phrase)) != 1
        if inside and (best is None or len(phrase) > len(best[0])):
            best = (phrase, kind)
    return best


def _best_for_word(
    doc: _Doc, word_stem: str, fuzzy: dict[str, float]
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
    names = [doc.name for doc in index.docs if doc.kind == "effect"]
    candidates = [c for c in dict.fromkeys(names + index.phrases) if len(c) >= 4]

    def similarity(query: str, candidate: str, **_: object) -> float:
        # Whole-string closeness, or word-set overlap for longer phrases; never the partial
        # matches that would suggest "ed" for "bleeding gums".
        return float(max(fuzz.ratio(query, candidate), fuzz.token_set_ratio(query, candidate) - 15))

    found = process.extract(
        folded,
        [fold(c) for c in candidates],
        scorer=similarity,
        score_cutoff=62,
        limit=limit * 3,
    )
    result: list[str] = []
    for _, _, position in found:
        text = candidates[position]
        if text.casefold() not in (r.casefold() for r in result):
            result.append(text)
        if len(result) == limit:
            break
    return result


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
