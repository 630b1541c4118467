"""Ranking: score every entry a query reaches from the index's postings and phrases, then
explain the few shown (score_doc, also the reference the postings are tested against)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from itertools import compress, repeat
from operator import add, eq, ge, ne, or_, truediv

from anastro_cli.index import (
    ALWAYS,
    FIELD_CODES,
    NEVER,
    TEXT_CODE,
    TOPIC_ENTRY,
    Doc,
    Index,
    phrase_scope,
)
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.model.records import Marker, SideEffect, Topic
from anastro_cli.search.actions import STOPPING, SWITCHING
from anastro_cli.search.cues import OVERDOSE
from anastro_cli.search.query import Query, ngrams, read_query
from anastro_cli.store.reads import index_of
from anastro_cli.text.fold import stem, words

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
# A phrase that is the query word for word, with the words search leaves out ("weakness on
# one side"), over one that is only its meaningful words ("weakness").
VERBATIM_BONUS = 0.3
# A tie-breaker more than a verdict: "my wife says I have no sex drive" is about the speaker.
CUE_BOOST, CUE_PENALTY = 1.1, 0.8
CONTAINED_SHARE = 0.8  # a phrase found inside a longer query earns most of the phrase bonus
SPREAD_SHARE = 0.5  # a phrase said with words between its own (query.spread_grams)
COVERING_SHARE = 0.2  # one meaningful word among common ones, in a query that says more
# Topics step back a little: their words ("tired", "scan", "husband") are often incidental in
# a statement of a symptom. A topic named outright (every id word of it in the query: "can I
# just stop", "driving long distances"; one word of a two-word id, "work" of time-to-work, is
# not enough) or asked about (a query that opens as a question, "how often dexa scan") is
# lifted a little instead, over an effect that shares its words; in a question
# topics (and markers, the other entries that are not effects) also come first on a tie,
# where otherwise effects do. Both measured on the held-out sets (1-23).
TOPIC_SHARE = 0.75
QUESTION_LIFT = 1.1


@record
class Match:
    """Why a result matched: the field, the text of that field, and the query words it used."""

    field: str
    text: str
    words: tuple[str, ...]
    kind: str
    stems: tuple[str, ...] = ()


@record
class Hit:
    kind: str  # "effect" or "marker"
    id: str
    score: float
    matched: tuple[Match, ...]
    effect: SideEffect | None = None
    marker: Marker | None = None
    topic: Topic | None = None


def search(dataset: Dataset, query: str, limit: int | None = 10) -> list[Hit]:
    """Ranked hits for query: best first; ties broken by frequency, then name (deterministic).

    Scores come from the index's postings, so only entries sharing a word (or a typo of one,
    or a phrase) with the query are touched; the few shown are then explained entry by entry
    (``score_doc``), which is also the reference the postings are tested against."""
    index = index_of(dataset)
    q = read_query(index, query)
    if q is None:
        return []
    scores, strong = entry_scores(index, q)
    frequencies, names, populations = index.entry_meta()
    eligible = _leaders(scores, limit)
    if eligible is None:
        counted = map(ge, map(round, scores.values(), repeat(4)), repeat(0.2))
        counts = map(or_, counted, map(strong.__contains__, scores))
        eligible = list(compress(scores.items(), counts))
    ranked = [
        (
            -round(score, 6),
            (populations[entry] in (None, TOPIC_ENTRY)) != q.question,  # ties: see TOPIC_SHARE
            -frequencies[entry],
            names[entry],
            entry,
        )
        for entry, score in eligible
    ]
    chosen = heapq.nsmallest(limit, ranked) if limit is not None else sorted(ranked)
    hits = []
    for *_, entry in chosen:
        doc = index.doc(entry)
        score, matches = score_doc(doc, q)
        hits.append(
            Hit(doc.kind, doc.id, round(score, 4), matches, doc.effect, doc.marker, doc.topic)
        )
    return hits


def entry_scores(index: Index, q: Query) -> tuple[dict[int, float], set[int]]:
    """The score of every entry the query reaches (score_doc's, float for float), and the
    entries that matched in a name, alias or lay term (they count whatever their score)."""
    # At 100,000 entries a common word reaches most of them: each step below maps over whole
    # dicts at C speed, with the same float operations, in the same order per entry, as the
    # entry-by-entry loops of score_doc.
    scores: dict[int, float] = {}
    strong: set[int] = set()
    for word_stem in q.stems:
        codes = dict(index.postings(word_stem))  # entry -> field code (the last one listed)
        idf = q.idf.get(word_stem, 1.0)
        fuzzy = q.fuzzy.get(word_stem, {})
        if fuzzy:
            best = {e: (WEIGHTS[(FIELD_CODES[c], EXACT)], c) for e, c in codes.items()}
            for candidate, similarity in fuzzy.items():
                for entry, code in index.postings(candidate):
                    weight = WEIGHTS[(FIELD_CODES[code], FUZZY)] * similarity
                    if entry not in best or weight > best[entry][0]:
                        best[entry] = (weight, code)
            gained = {entry: weight * idf for entry, (weight, _) in best.items()}
            codes = {entry: code for entry, (_, code) in best.items()}
        else:
            by_code = [WEIGHTS[(field, EXACT)] * idf for field in FIELD_CODES]
            gained = dict(zip(codes, map(by_code.__getitem__, codes.values()), strict=True))
        both = list(gained.keys() & scores.keys())
        summed = list(map(add, map(scores.__getitem__, both), map(gained.__getitem__, both)))
        scores.update(zip(gained, map(add, repeat(0.0), gained.values()), strict=True))
        scores.update(zip(both, summed, strict=True))
        strong.update(compress(codes, map(ne, codes.values(), repeat(TEXT_CODE))))
    scores = dict(zip(scores, map(truediv, scores.values(), repeat(q.weight_total)), strict=True))
    whole: dict[int, str] = {}  # entry -> kind of the phrase that is the whole query
    # entry -> (-share, -length, order, kind) of its best phrase inside the query
    contained: dict[int, tuple[float, int, int, str]] = {}
    longest = index.longest_phrase()
    grams = [gram for phrasing in q.phrasings for gram in ngrams(phrasing, longest)]
    wanted = list(dict.fromkeys([q.folded, *q.phrasings, *grams, *q.spread]))
    wholes = (q.folded, *q.phrasings)  # score_doc's order: the first of them an entry has
    whole_at: dict[int, int] = {}
    for phrase, entry, order, kind, scope in index.phrases(wanted):
        if phrase in wholes:
            at = wholes.index(phrase)
            if entry not in whole_at or at < whole_at[entry]:
                whole[entry], whole_at[entry] = kind, at
        share = _inside_share(phrase, scope, q)
        if share:
            key = (-share, -len(phrase), order, kind)
            if entry not in contained or key < contained[entry]:
                contained[entry] = key
    for entry in contained:
        scores.setdefault(entry, 0.0)
        strong.add(entry)  # the phrase itself is a name, alias or lay term
    # An entry counts once it matched a word or contains a phrase (every contained one is in).
    reduced = len(q.folded.split())
    for entry in whole.keys() & scores.keys():
        scores[entry] += PHRASE_BONUS[whole[entry]]
        if len(wholes[whole_at[entry]].split()) > reduced:
            scores[entry] += VERBATIM_BONUS
    for entry in contained.keys() - whole.keys():
        share, _, _, kind = contained[entry]
        scores[entry] += PHRASE_BONUS[kind] * -share
    asked = _topic_entry(index, q.asked) if q.asked is not None else None
    if asked is not None:  # "took 2 anastrozole": as if it said an overdose phrase
        scores[asked] = scores.get(asked, 0.0) + PHRASE_BONUS["lay"]
        strong.add(asked)
    populations = index.entry_meta()[2]
    if q.cue is not None:
        for entry in scores:
            pops = populations[entry]
            if pops is not None and pops != TOPIC_ENTRY:  # "my wife has gone off sex": women
                if q.cue in pops:
                    scores[entry] *= CUE_BOOST
                elif "all" not in pops:
                    scores[entry] *= CUE_PENALTY
    topics = map(eq, map(populations.__getitem__, scores), repeat(TOPIC_ENTRY))
    for entry in list(compress(scores, topics)):
        topic_id = index.topic_id(entry)
        if q.question or topic_id == q.asked or named_outright(topic_id, q):
            scores[entry] *= QUESTION_LIFT
        else:
            scores[entry] *= TOPIC_SHARE
        if topic_id == q.cue:  # "is it ever given to men": the men topic is theirs too
            scores[entry] *= CUE_BOOST
    return scores, strong


def _leaders(scores: dict[int, float], limit: int | None) -> list[tuple[int, float]] | None:
    """The (entry, score) pairs that may rank in the first limit places, or None to rank
    every entry that counts. When the limit-th best score is 0.2 or more, at least limit
    entries count and rank by a rounded score of at least its rounded one (the floor): no
    entry rounding below the floor can be shown, and every one at or above it counts (it
    rounds to 0.2 or more), so only those few, found by a float scan at C speed, are ranked."""
    if limit is None or not 0 < limit < len(scores):
        return None
    best = heapq.nlargest(limit, scores.values())[-1]
    if not best >= 0.2:  # (not a number: every one is ranked, as before)
        return None
    floor = round(best, 6)
    near = compress(scores.items(), map(ge, scores.values(), repeat(floor - 1e-6)))
    return [(entry, score) for entry, score in near if round(score, 6) >= floor]


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
    asked = doc.topic is not None and doc.id == q.asked
    if not matches and contained is None and not asked:
        return 0.0, ()
    score /= q.weight_total
    whole = next((p for p in (q.folded, *q.phrasings) if p in doc.phrases), None)
    if whole is not None:
        phrase_kind = doc.phrases[whole]
        score += PHRASE_BONUS[phrase_kind]
        if len(whole.split()) > len(q.folded.split()):
            score += VERBATIM_BONUS
        if not matches:  # a phrase of common words ("up all night") still says why
            matches.append(_phrase_match(doc, whole, phrase_kind))
    elif contained is not None:
        phrase, kind, share = contained
        score += PHRASE_BONUS[kind] * share
        matches.append(_phrase_match(doc, phrase, kind))
    if asked:  # "took 2 anastrozole", "a break from it": as if it said the topic's phrase
        score += PHRASE_BONUS["lay"]
        matches.append(_asked_match(q))
    if doc.topic is not None:
        lifted = q.question or asked or named_outright(doc.id, q)
        score *= QUESTION_LIFT if lifted else TOPIC_SHARE
    if doc.topic is not None and doc.id == q.cue:
        score *= CUE_BOOST
    if q.cue is not None and doc.effect is not None:
        # "my wife has gone off sex" is about women: men-only effects step back.
        populations = doc.effect.populations
        if q.cue in populations:
            score *= CUE_BOOST
        elif "all" not in populations:
            score *= CUE_PENALTY
    return score, _merge_matches(matches)


def _topic_entry(index: Index, topic_id: str) -> int | None:
    """The entry of the topic with this id, if the dataset has one."""
    populations = index.entry_meta()[2]
    for entry, population in enumerate(populations):
        if population == TOPIC_ENTRY and index.topic_id(entry) == topic_id:
            return entry
    return None


def named_outright(topic_id: str, q: Query) -> bool:
    """Whether the query uses every meaningful word of a topic's id (stems compared)."""
    wanted = {stem(w) for w in words(topic_id.replace("-", " "))}
    return bool(wanted) and wanted <= set(q.stems)


# What a query asking a topic in other words (query.Query.asked) is read as asking.
ASKED_AS = {
    OVERDOSE: "more tablets taken than prescribed",
    STOPPING: "stopping or pausing the tablets",
    SWITCHING: "changing to another tablet",
}


def _asked_match(q: Query) -> Match:
    """Why a topic asked about in other words matched: what it was read as, and the words."""
    return Match("question", ASKED_AS.get(q.asked or "", q.asked or ""), q.asked_said, "exact")


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


def _inside_share(phrase: str, scope: int, q: Query) -> float:
    """How much of its phrase bonus a phrase found inside the query earns: none for one word,
    CONTAINED_SHARE for a phrase that counts there (phrase_scope), COVERING_SHARE for one
    meaningful word among common ones in a query that says more ("puffed out walking up
    the hill": the words say more together than "puffed" alone, but less than a phrase)."""
    if scope == NEVER:
        return 0.0
    if f" {phrase} " not in q.padded:
        if phrase in q.spread and len(words(phrase)) >= 2:
            return SPREAD_SHARE
        return 0.0
    if scope == ALWAYS or set(q.words) <= set(words(phrase)):
        return CONTAINED_SHARE
    return COVERING_SHARE


def _contained_phrase(doc: Doc, q: Query) -> tuple[str, str, float] | None:
    """The name, alias or lay term of doc found whole in the query that earns the most there
    (_inside_share), the longest of those; the first such phrase of the doc on a tie."""
    best: tuple[str, str, float] | None = None
    for phrase, kind in doc.phrases.items():
        share = _inside_share(phrase, phrase_scope(phrase), q)
        if share and (best is None or (share, len(phrase)) > (best[2], len(best[0]))):
            best = (phrase, kind, share)
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
