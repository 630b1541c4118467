"""Reading a query: its meaningful words and stems, typo candidates, phrases and who it is about."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import cache

from anastro_cli.index import QueryIndex
from anastro_cli.model.frozen import record
from anastro_cli.search.actions import action_asked
from anastro_cli.search.cues import OVERDOSE, cue_words, population_cue, too_many_said
from anastro_cli.text.fold import drug_prefixes, fold, spelled, stem, stop_words, words
from anastro_cli.text.lexicon import word_map, word_pairs, word_set

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 24
DRUG = "anastrozole"  # the drug's name in the data's phrases
TRANSPOSED = 0.9
SUBSTITUTED = 0.8
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")  # a QWERTY keyboard's letters
_VOWELS = "aeiouy"  # y with them: "ty" beside "u" is no slip
SCENE_WEIGHT = 1.5
CLAUSE_BREAK = re.compile(r"[,.;:!?]")  # what ends a clause of a query


def _fuzzy_stems(
    word: str, vocabulary: dict[str, list[str]], unknown: bool = True
) -> dict[str, float]:
    """Stems of vocabulary words within a typo or two of word, with a similarity 0-1 (one
    letter struck for another only when the index does not know the word at all)."""
    if len(word) < 4 or word.isdigit():
        return {}
    found: dict[str, float] = {}
    # Two letters swapped is the commonest slip ("pian", "jiont"), yet edit-distance ratios
    # count it as two edits and reject it in a short word; look the swaps up directly.
    for i in range(len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for candidate_stem in vocabulary.get(swapped, ()) if swapped != word else ():
            found[candidate_stem] = max(found.get(candidate_stem, 0.0), TRANSPOSED)
    # A key struck for its neighbour ("jpint") or i for y ("cists"): a ratio of
    # 80 in a five-letter word, under the cutoff that keeps short words from matching junk;
    # look those up directly, for a word the index does not know at all.
    if unknown and len(word) >= 5:
        for i in range(1, len(word)):
            for letter in _slips().get(word[i], ""):
                for candidate_stem in vocabulary.get(word[:i] + letter + word[i + 1 :], ()):
                    found[candidate_stem] = max(found.get(candidate_stem, 0.0), SUBSTITUTED)
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


@cache
def _slips() -> dict[str, str]:
    """Each letter's slips: the keys beside it on its row, but never one vowel for another
    (a real word: "blind" is no "bland", "shirt" no "short"), except y for i ("cists")."""
    slips: dict[str, str] = {}
    for row in _KEY_ROWS:
        for at, letter in enumerate(row):
            beside = row[max(at - 1, 0) : at] + row[at + 1 : at + 2]
            vowel = letter in _VOWELS
            slips[letter] = "".join(k for k in beside if not (vowel and k in _VOWELS))
    slips["i"] += "y"
    slips["y"] = "".join(k for k in slips["y"] if k != "i") + "i"
    return slips


@record
class Query:
    """A query as search uses it: its meaningful words and stems, typo stems, phrases, cue."""

    words: list[str]
    stems: list[str]
    fuzzy: dict[str, dict[str, float]]
    idf: dict[str, float]
    weight_total: float
    padded: str  # every spelling of the whole query (phrasings), padded, apart by " | "
    folded: str  # the meaningful words, joined
    full: str  # the whole query, folded
    cue: str | None
    question: bool = False  # it opens as a question ("can I ...", "how often ...")
    phrasings: tuple[str, ...] = ()  # full, then full with the drug named as the data names it
    asked: str | None = None  # a topic asked in other words ("took two": overdose; actions.py)
    asked_said: tuple[str, ...] = ()  # the words that ask it
    spread: frozenset[str] = frozenset()  # phrases the query says with words between


def read_query(index: QueryIndex, text: str) -> Query | None:
    text = spaced(index, text[:MAX_QUERY_CHARS])
    full = fold(text)
    candidates = list(dict.fromkeys(words(text)))
    vocabulary: dict[str, list[str]] | None = None
    cue_set = cue_words()
    cues = [w for w in candidates if w in cue_set]
    if cues:  # "testosterone" names a marker; "wife" names nothing
        vocabulary = index.vocabulary()
    # A cue word stays a query word when a name, alias or lay term uses it ("bloke" is a term
    # of the men topic, so "blokes" is too); otherwise it only says who is asking.
    query_words = [
        w
        for w in candidates
        if w not in cue_set or (vocabulary and (w in vocabulary or stem(w) in vocabulary))
    ]
    query_words = query_words[:MAX_QUERY_WORDS]
    if not query_words and not full.strip():
        return None
    query_stems = [stem(w) for w in query_words]
    info = index.stem_info(query_stems)
    # A misspelt form of a word the spellings fold ("flushs": "flush", folded to "flash")
    # stems to the unfolded stem the index never holds: folded by its stem instead.
    refolded = {s: stem(t) for s in query_stems if s not in info and (t := spelled(s))}
    if refolded:
        info |= index.stem_info(list(refolded.values()))
        query_stems = [refolded[s] if refolded.get(s) in info else s for s in query_stems]
    fuzzy: dict[str, dict[str, float]] = {}
    for word, word_stem in zip(query_words, query_stems, strict=True):
        known, named = word_stem in info, info.get(word_stem, (None, False))[1]
        if not known or not named:
            if vocabulary is None:
                vocabulary = index.vocabulary()
            fuzzy[word_stem] = _fuzzy_stems(word, vocabulary, unknown=not known)
    idf = {s: value for s, (value, _) in info.items() if value is not None}
    # A typo weighs what the word it stands for weighs ("insomia again" is about insomnia,
    # not about "again"); the closest candidate's weight, the rarest on a tie. Only a word the
    # index does not know at all: one known from descriptive text alone ("blurred") is no typo.
    unknown = {s: found for s, found in fuzzy.items() if found and s not in info}
    if unknown:
        wanted = sorted({c for found in unknown.values() for c in found})
        candidate_info = index.stem_info(wanted)
        for word_stem, found in unknown.items():
            weights = [
                (similarity, value)
                for c, similarity in found.items()
                if (value := candidate_info.get(c, (None, False))[0]) is not None
            ]
            if weights:
                idf[word_stem] = max(weights)[1]
    # The whole a query can earn counts a scene word ("every morning") at its full weight,
    # while a match on it earns little: an entry matching only the scene scores low. So does
    # a word that asks ("is it safe"): "is it safe for me" is a phrase of who should not
    # take it, but "is it safe if you're pregnant" is about pregnancy.
    weight_total = sum(idf.get(s, 1.0) for s in query_stems) or 1.0
    light = word_set("scene_words") | word_set("asking_words")
    for word, word_stem in zip(query_words, query_stems, strict=True):
        if word in light and word_stem in idf:
            idf[word_stem] = min(idf[word_stem], SCENE_WEIGHT)
    phrasings = _phrasings(full)
    # a phrase said with words between its own, or stopping or switching, within one clause
    # ("my hair is ok, bone loss though" does not say "hair loss")
    clauses = [folded for clause in CLAUSE_BREAK.split(text) if (folded := fold(clause))]
    spread = spread_grams(p for clause in clauses for p in _phrasings(clause))
    return Query(
        query_words,
        query_stems,
        fuzzy,
        idf,
        weight_total,
        f" {' | '.join(phrasings)} ",
        " ".join(query_words),
        full,
        population_cue(text),
        _asks(full),
        phrasings,
        *_asked(full, clauses),
        frozenset(spread),
    )


JOINED_LENGTH = 7  # the shortest two words run together that are looked for


def spaced(index: QueryIndex, text: str) -> str:
    """text with each unknown word that is two of the data's words run together read apart
    ("jointpain": "joint pain"), folded; text itself when it holds none. Search, and the
    commands' checks of what a hit answers, read the query this way."""
    long = [w for w in dict.fromkeys(words(text)) if len(w) >= JOINED_LENGTH]
    if not long:
        return text
    stems = [stem(w) for w in long]
    info = index.stem_info(stems)
    unknown = [w for w, s in zip(long, stems, strict=True) if s not in info]
    if not unknown:
        return text
    vocabulary = index.vocabulary()
    apart = {w: found for w in unknown if (found := _apart(index, w, vocabulary))}
    if not apart:
        return text
    return " ".join(apart.get(w, w) for w in fold(text).split())


def _apart(index: QueryIndex, word: str, vocabulary: dict[str, list[str]]) -> str | None:
    """word as two words of the data's names, aliases or lay terms run together, or None: a
    cut that gives a whole term of the data first ("hotflushes": hot flushes), else one into
    two words of four letters or more. The first may be a word search skips ("nightsweats"),
    never the second ("workout" is no work)."""
    stop, endings = stop_words(), word_set("endings")
    cuts = []
    for cut in range(3, len(word) - 2):
        first, second = fold(word[:cut]), fold(word[cut:])
        known = (first in vocabulary or first in stop) and second in vocabulary
        if known and second not in endings:
            cuts.append(f"{first} {second}")
    if not cuts:
        return None
    terms = {row[0] for row in index.phrases(cuts)}
    whole = [cut for cut in cuts if cut in terms]
    if whole:
        return whole[0]
    return next((cut for cut in cuts if min(map(len, cut.split())) >= 4), None)


def _asked(full: str, clauses: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The topic a folded query asks about in other words, and the words that say so: an
    overdose ("took two"), or stopping or switching the tablets in one of its folded clauses
    ("can I have a break from it")."""
    said = too_many_said(full)
    if said:
        return OVERDOSE, said
    for clause in clauses:
        action = action_asked(clause)
        if action is not None:
            return action
    return None, ()


def _phrasings(full: str) -> tuple[str, ...]:
    """Every spelling of a folded query its phrases are looked for in: as written, worded as
    the data's phrases are, without possessives, and with the drug as "it"."""
    phrased = _as_phrased(full)
    possessives = word_set("possessives")  # "after my periods stopped" as the data's phrase
    bare = " ".join(w for w in phrased.split(" ") if w not in possessives)
    # the drug as "it", as many of the data's phrases say it ("when to take it")
    as_it = " ".join("it" if w == DRUG else w for w in phrased.split(" "))
    # without the drug said as the setting ("blood tests while on anastrozole": blood tests)
    unset = _ON_DRUG.sub(" ", f" {bare} ").strip()
    return tuple(dict.fromkeys([full, phrased, bare, as_it, *([unset] if unset else [])]))


_ON_DRUG = re.compile(
    rf" (?:(?:while|since|when|after) )?(?:on|taking|starting|started|with|from) {DRUG}(?= )"
    rf"|^ {DRUG}(?= )| {DRUG} $"
)


def _as_phrased(full: str) -> str:
    """The folded query worded as the data's phrases are: the drug by the name they use
    ("coming off arimidex": "coming off anastrozole"), in the first person ("gone off her
    food": "gone off my food"), without intensifiers ("gone right off my food")."""
    prefixes, slang = drug_prefixes(), word_set("drug_slang")
    person, dropped = word_map("first_person"), word_set("intensifiers")
    return " ".join(
        DRUG if w.startswith(prefixes) or w in slang else person.get(w, w)
        for w in full.split(" ")
        if w not in dropped
    )


def _asks(full: str) -> bool:
    """Whether a folded query opens as a question ("can I ...", "how often ..."), or asks one
    further on ("dexa scan how often")."""
    said = full.split(" ")
    if said[0] in word_set("asking_words") or said[0] in word_set("question_starts"):
        return True
    pairs = word_pairs("question_pairs")
    return any(pair in pairs for pair in itertools.pairwise(said))


def ngrams(text: str, longest: int) -> list[str]:
    """Every run of 2 to longest words in text (the phrases a query could contain)."""
    parts = text.split()
    return [
        " ".join(parts[start : start + size])
        for size in range(2, min(longest, len(parts)) + 1)
        for start in range(len(parts) - size + 1)
    ]


SPREAD_LONGEST = 5  # the longest phrase looked for with words left out between its words
SPREAD_GAP = 3  # at most this many words left out, in all


def spread_grams(phrasings: Iterable[str]) -> list[str]:
    """Every run of 2 to SPREAD_LONGEST words of a phrasing with 1 to SPREAD_GAP words left
    out after its first ("do i still need to use contraception" says "do i need
    contraception"): ending in a word that is not a stop word, holding two such words, and
    never leaving out a negation ("periods haven't stopped" does not say "periods stopped")."""
    negations, stops = word_set("negations"), stop_words()
    found: dict[str, None] = {}
    for text in phrasings:
        parts = text.split()
        for start in range(len(parts) - 2):
            window = parts[start : start + SPREAD_LONGEST + SPREAD_GAP]
            # the window's words that may end a phrase, and those a phrase may not leave out
            ends = [at for at, word in enumerate(window) if at > 1 and word not in stops]
            negated = [at for at, word in enumerate(window) if word in negations]
            for end in ends:
                # words kept between the first and end: 1 to SPREAD_GAP of them left out
                fewest, most = max(0, end - 1 - SPREAD_GAP), min(SPREAD_LONGEST - 2, end - 2)
                for size in range(fewest, most + 1):
                    for middle in itertools.combinations(range(1, end), size):
                        picks = (0, *middle, end)
                        if any(at not in picks for at in negated if at < end):
                            continue
                        kept = [window[at] for at in picks]
                        if sum(word not in stops for word in kept) >= 2:
                            found[" ".join(kept)] = None
    return list(found)


def one_typo_from(word: str, written: Iterable[str]) -> bool:
    """Whether word is within a typo of one of the written words: one edit (a swap of two
    letters is one), two in a word of nine letters or more."""
    from rapidfuzz.distance import DamerauLevenshtein

    allowed = 2 if len(word) >= 9 else 1
    return any(
        DamerauLevenshtein.distance(word, w, score_cutoff=allowed) <= allowed for w in written
    )
