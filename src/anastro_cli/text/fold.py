"""Folding text to the form every match uses: case, accents, spellings, stems and meaningful words.

The word lists come from text/lexicon and are read on the first call, not at import, so a
command that never folds text (list --format json) never reads them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import accumulate, chain
from operator import sub
from typing import Any

from anastro_cli.text.lexicon import word_map, word_pairs, word_set

WORD = re.compile(r"[a-z0-9]+")
_FOLDS: dict[str, str] = {}


def _folds() -> dict[str, str]:
    if not _FOLDS:
        _FOLDS.update(word_map("spellings"))
        _FOLDS.update(word_map("lay_words"))
    return _FOLDS


_PHRASES: list[re.Pattern[str] | None] = []  # [phrase_folds' pattern; None if it is empty]


@cache
def _first_words() -> tuple[str, ...]:
    """The first word of each phrase_folds phrase, as it stands in text."""
    return tuple(sorted({phrase.split()[0] + " " for phrase in word_map("phrase_folds")}))


def _phrase_pattern() -> re.Pattern[str] | None:
    if not _PHRASES:
        table = word_map("phrase_folds")
        alternatives = "|".join(
            " +".join(map(re.escape, phrase.split())) for phrase in sorted(table, key=len)[::-1]
        )
        _PHRASES.append(re.compile(rf"\b(?:{alternatives})\b") if table else None)
    return _PHRASES[0]


def _phrases_folded(spaced: str) -> str:
    """Two words that say one thing ("gone up") as that one word ("raised"), in lowered text
    whose words are apart (only a-z, 0-9 and spaces; _APART between texts is kept)."""
    pattern = _phrase_pattern()
    if pattern is None or not any(first in spaced for first in _first_words()):
        return spaced  # a substring test per first word: far quicker than the pattern's scan
    if pattern.search(spaced) is None:
        return spaced
    table = word_map("phrase_folds")
    return pattern.sub(lambda found: table[" ".join(found.group(0).split())], spaced)


def spelled(word: str) -> str | None:
    """The word a folded spelling folds to ("flush": "flash"), None when it folds to none."""
    target = (_FOLDS or _folds()).get(word)
    return target if target != word else None


def stop_words() -> frozenset[str]:
    """Words that carry no meaning for matching: never indexed, never searched."""
    return word_set("stop_words")


@cache
def drug_prefixes() -> tuple[str, ...]:
    """How the drug's own names begin, however spelt."""
    return tuple(sorted(word_set("drug_prefixes")))


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, fold spellings: the form every match uses."""
    lowered = text.casefold()
    if not lowered.isascii():  # most text is ASCII: skip the costly decomposition
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = _without_marks(decomposed)
    folds = _FOLDS or _folds()  # bound once per call: fold runs for every text compiled
    found = _words_of(lowered)
    if len(found) > 1:
        found = _phrases_folded(" ".join(found)).split()
    return " ".join([folds.get(w, w) for w in found])


# WORD's runs in ASCII text, found by bytes.translate: every byte but a-z and 0-9 a space.
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789"
_SPACES = bytes(c if c in _WORD_BYTES else 32 for c in range(256))


def _words_of(lowered: str) -> list[str]:
    """WORD's runs in lowered text without apostrophes and ampersands (A&E -> ae): for
    ASCII text (most is) a byte translation, about three times faster than the pattern."""
    if lowered.isascii():
        return lowered.encode("ascii").translate(_SPACES, b"'&").decode("ascii").split()
    return WORD.findall(lowered.replace("'", "").replace("&", ""))


_APART = "\x1f"  # a unit separator: never in folded text (WORD keeps letters and digits)


# _SPACES keeping the separator, so ASCII texts folded together split apart again.
_SPACES_APART = _SPACES[:31] + _APART.encode("ascii") + _SPACES[32:]


def _without_marks(text: str) -> str:
    """The text without its combining marks: each distinct character is tested once (a whole
    dataset folded together has some 30,000 characters but about a hundred distinct ones)."""
    marks = {ord(c): None for c in set(text) if unicodedata.combining(c)}
    return text.translate(marks) if marks else text


def fold_all(texts: list[str]) -> list[str]:
    """[fold(text) for text in texts] in one pass over them joined (compiling an index folds
    every field of every entry): case folding, the decomposition and the dropped marks
    work character by character, so folding the whole is folding each part; ASCII texts
    (most are) are split into words by one byte translation of them all."""
    lowered = _APART.join(texts).casefold()
    folds = _FOLDS or _folds()
    parts = _ascii_parts(lowered, len(texts))
    if parts is not None:
        get = folds.get
        return [" ".join(map(get, found, found)) for found in map(str.split, parts)]
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = _without_marks(decomposed)
    parts = lowered.split(_APART)
    if len(parts) != len(texts):  # a text holding the separator itself
        return [fold(text) for text in texts]
    found = [_phrases_folded(" ".join(_words_of(part))).split() for part in parts]
    return [" ".join([folds.get(w, w) for w in words]) for words in found]


def fold_words_all(texts: list[str]) -> list[list[str]]:
    """[fold(text).split() for text in texts]: for ASCII texts (most are), when every folded
    spelling is one word, without joining each text's words only to split them again."""
    folds = _FOLDS or _folds()
    if all(target.split() == [target] for target in folds.values()):
        parts = _ascii_parts(_APART.join(texts).casefold(), len(texts))
        if parts is not None:
            get = folds.get
            return [list(map(get, found, found)) for found in map(str.split, parts)]
    return [folded.split() for folded in fold_all(texts)]


def _ascii_parts(lowered: str, count: int) -> list[str] | None:
    """Lowered ASCII texts joined by _APART, apart again with every byte but a-z and 0-9 a
    space (as _words_of); None for other text, or when a text held the separator itself."""
    if not lowered.isascii():
        return None
    parts = lowered.encode("ascii").translate(_SPACES_APART, b"'&").decode("ascii")
    split = _phrases_folded(parts).split(_APART)
    return split if len(split) == count else None


_ENGLISH: list[Any] = []


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Snowball English (Porter 2) stemmer, from PyStemmer: 'headaches', 'headache' ->
    'headach'; 'exhaustion', 'exhausted' -> 'exhaust'. Words of three letters or fewer and
    numbers stay as they are; a long '-ish' stem loses its ending ('yellowish' eyes,
    'feverish', 'sluggishness'), which Snowball leaves on; and, so that the adjective meets
    its noun, a stem ending in 'ia' or in Snowball's 'i' for 'y' drops it (allergy /
    allergic, achy / aching, anaemia / anaemic)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if not _ENGLISH:
        import Stemmer  # C, about half a millisecond: loaded by the first word stemmed

        _ENGLISH.append(Stemmer.Stemmer("english"))
    stemmed: str = _ENGLISH[0].stemWord(word)
    if stemmed.endswith("ish") and len(stemmed) >= 8:
        return stemmed[:-3]  # after Snowball: sluggishness -> sluggish -> slugg, as sluggish
    if stemmed.endswith("ia") and len(stemmed) >= 6:
        return stemmed[:-2]  # osteopenia / osteopenic, anaemia / anaemic
    if stemmed.endswith("i") and len(stemmed) > 3:
        return stemmed[:-1]  # Snowball's allergy -> allergi meets allergic -> allerg
    return stemmed


def stemmer_version() -> str:
    """Which stemmer made the stems a compiled store holds (part of its cache key)."""
    import Stemmer

    return f"pystemmer {Stemmer.version()}"


def words(text: str) -> list[str]:
    """The query words that carry meaning: folded, without stop words, filler, the drug's
    own names (however spelt), or single letters. Words about who it is (wife, TRT) stay
    here: search drops them only when no name, alias or lay term uses them."""
    stop, filler, slang = stop_words(), word_set("filler"), word_set("drug_slang")
    prefixes = drug_prefixes()
    return [
        w
        for w in without_diagnosis(fold(text).split())
        if len(w) > 1
        and w not in stop
        and w not in filler
        and w not in slang
        and not w.startswith(prefixes)
    ]


def count_folded(fields: list[list[str]]) -> list[int]:
    """[len(words(" ".join(found))) for found in fields], for texts already folded and split
    into words (a compiled index's names, aliases and lay terms), counted at C speed; the
    diagnosis is looked for only in a text holding a word that can end it (almost none do)."""
    dropped = stop_words() | word_set("filler") | word_set("drug_slang")
    counted = _Counted(dropped, drug_prefixes()).__getitem__
    every = list(chain.from_iterable(fields))
    running = [0, *accumulate(map(counted, every))]
    stops = list(accumulate(map(len, fields)))
    counts = list(
        map(sub, map(running.__getitem__, stops), map(running.__getitem__, [0, *stops[:-1]]))
    )
    ends = {second for _, second in word_pairs("context_pairs")}
    ends |= word_set("context_before_medicine")
    if not ends.isdisjoint(every):  # the diagnosis may be said: those texts counted again
        for at, found in enumerate(fields):
            if not ends.isdisjoint(found):
                counts[at] = sum(map(counted, without_diagnosis(found)))
    return counts


class _Counted(dict[str, int]):
    """Whether words() keeps a folded word (1) or drops it (0), found once per word."""

    def __init__(self, dropped: frozenset[str], prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self.dropped = dropped
        self.prefixes = prefixes

    def __missing__(self, word: str) -> int:
        kept = len(word) > 1 and word not in self.dropped and not word.startswith(self.prefixes)
        self[word] = int(kept)
        return int(kept)


def without_diagnosis(folded: list[str]) -> list[str]:
    """The words without "breast cancer", "aromatase inhibitor" or "cancer tablets": the
    reason for the drug or the drug itself ("since I started the breast cancer pill"), never
    the side effect asked about."""
    pairs, breast = word_pairs("context_pairs"), word_set("breast_symptoms")
    before_medicine, medicine = word_set("context_before_medicine"), word_set("medicine_words")
    kept: list[str] = []
    for position, word in enumerate(folded):
        following = folded[position + 1] if position + 1 < len(folded) else ""
        if kept and (kept[-1], word) in pairs:
            if (kept[-1], word) == ("breast", "cancer") and following in breast:
                continue  # "breast cancer pain" still asks about the breast
            kept.pop()
            continue
        if word in before_medicine and following in medicine:
            continue  # "the hormone pill", "her cancer tablets" are the drug
        kept.append(word)
    return kept


def highlight_spans(text: str, stems: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words in text whose stem is one of stems (from Match.stems)."""
    wanted = set(stems)
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"\w+", text):
        folded = fold(match.group(0))
        if folded and any(stem(part) in wanted for part in folded.split()):
            spans.append((match.start(), match.end()))
    return spans
