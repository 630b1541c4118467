"""Folding text to the form every match uses: case, accents, spellings, stems and meaningful words.

The word lists come from text/lexicon and are read on the first call, not at import, so a
command that never folds text (list --format json) never reads them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from anastro_cli.text.lexicon import word_map, word_pairs, word_set

WORD = re.compile(r"[a-z0-9]+")
# Suffixes the light stemmer strips, longest first where one ends another; order matters.
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
_FOLDS: dict[str, str] = {}


def _folds() -> dict[str, str]:
    if not _FOLDS:
        _FOLDS.update(word_map("spellings"))
        _FOLDS.update(word_map("lay_words"))
    return _FOLDS


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
        lowered = "".join(c for c in decomposed if not unicodedata.combining(c))
    found = WORD.findall(lowered.replace("'", "").replace("&", ""))  # A&E -> ae
    folds = _FOLDS or _folds()  # bound once per call: fold runs for every text compiled
    return " ".join([folds.get(w, w) for w in found])


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
    if not stripped and word.endswith("ish") and len(word) >= 8:
        word, stripped = word[:-3], "ish"  # yellowish / yellow, feverish / fever
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
