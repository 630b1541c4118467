"""Compiling the search index of a dataset for its store: the postings of every stem, the
phrases, and the word statistics search ranks with.

The entries and their fields are index.py's (the same ones search explains a hit with), and
the result is what filling each entry's Doc and counting them gives (tests/oracle.py counts
that way); it is built without a Doc per entry, each entry's fields folded in one pass and
each word's stem looked up once, because a 100,000-effect dataset has millions of words.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterator
from itertools import repeat
from operator import and_, rshift
from typing import Any

from anastro_cli.index import (
    CODE_OF,
    TEXT_CODE,
    TOPIC_ENTRY,
    effect_fields,
    headline_frequency,
    marker_fields,
    phrase_scopes,
    topic_fields,
)
from anastro_cli.model.dataset import Dataset
from anastro_cli.store.schema import ENTRIES
from anastro_cli.text.fold import fold, fold_all, stem, stop_words


class CompiledIndex:
    """The search index of a dataset, computed once and written to its store (store.py).

    Entries are numbered: effects in data order, then markers, then topics."""

    def __init__(self) -> None:
        # stem -> the entries holding it (ascending) and, for each, the best field's code
        self.postings: dict[str, tuple[array[int], bytearray]] = {}
        self.named: set[str] = set()  # stems found in a name, alias or lay term
        self.idf: dict[str, float] = {}
        self.vocabulary: dict[str, list[str]] = {}  # folded word of a name/alias/lay term
        # phrase, entry, order, kind, text, and whether it may count when found inside a
        # longer query (index.phrase_scope)
        self.phrases: list[tuple[str, int, int, str, str, int]] = []
        self.frequencies: list[float] = []
        self.names: list[str] = []  # case-folded, for ordering ties
        self.populations: list[tuple[str, ...] | None] = []  # None: a marker; TOPIC_ENTRY
        self.suggestions: list[tuple[str, str]] = []  # names and terms for "did you mean"


_Entry = tuple[str, list[tuple[str, str]], float, "tuple[str, ...] | None"]


def _entries(dataset: Dataset) -> Iterator[_Entry]:
    """Each entry's name, fields, headline frequency and populations, in index order."""
    for effect in dataset.effects:
        frequency = headline_frequency(dataset, effect)
        yield effect.name, effect_fields(effect), frequency, effect.populations
    for marker in dataset.markers:
        yield marker.name, marker_fields(marker), 0.0, None
    for topic in dataset.topics:
        yield topic.title, topic_fields(topic), 0.0, TOPIC_ENTRY


class _Stems(dict[str, "str | None"]):
    """Each word's stem, found once (None for a stop word)."""

    def __init__(self) -> None:
        super().__init__()
        self.stop = stop_words()

    def __missing__(self, word: str) -> str | None:
        value = self[word] = None if word in self.stop else stem(word)
        return value


class _Postings(dict[str, "array[int]"]):
    """Each stem's postings as they are found: entry << 2 | the best field's code."""

    def __missing__(self, stem: str) -> array[int]:
        value = array("q")
        self[stem] = value
        return value


def compile_index(dataset: Dataset) -> CompiledIndex:
    index = CompiledIndex()
    phrases: list[Any] = []  # (phrase, entry, position, kind, text), each scope added last
    found_in = _Postings()
    postings_of: Callable[[Any], array[int]] = found_in.__getitem__  # (None was popped)
    named_stems: list[str | None] = []  # each entry's stems of names, aliases and lay terms
    suggestions: dict[str, str] = {}  # name, alias or lay term -> folded
    named_words: dict[str, str | None] = {}  # each word of those -> its stem, in first use
    names: list[str] = []
    stem_of = _Stems().__getitem__
    for entry, (name, fields, frequency, populations) in enumerate(_entries(dataset)):
        names.append(name)
        codes = [CODE_OF[kind] for kind, _ in fields]
        if codes != sorted(codes):  # index.py lists every entry's best fields first
            raise AssertionError(f"the fields of {name!r} are not listed best first")
        cut = codes.index(TEXT_CODE) if TEXT_CODE in codes else len(codes)
        base = entry << 2
        found: dict[str | None, int] = {}  # stem -> base | its best field's code, by first use
        named_here: set[str | None] = set()
        order: dict[str, tuple[str, str]] = {}  # phrase -> its first field's kind and text
        named = fields[:cut]
        for (kind, text), folded in zip(named, fold_all([t for _, t in named]), strict=True):
            suggestions[text] = folded
            if folded not in order:
                order[folded] = (kind, text)
            words = folded.split()
            stems = list(map(stem_of, words))
            named_words.update(zip(words, stems, strict=True))
            named_here.update(stems)
            posting = base | CODE_OF[kind]
            found.update({s: posting for s in stems if s not in found})
        if cut < len(fields):  # the text fields: only which stems they add
            text_words = dict.fromkeys(fold(" ".join([t for _, t in fields[cut:]])).split())
            posting = base | TEXT_CODE
            found.update({s: posting for s in map(stem_of, text_words) if s not in found})
        found.pop(None, None)
        # found_in[stem].append(posting) for each, looped at C speed (deque consumes the map)
        deque(map(array.append, map(postings_of, found), found.values()), maxlen=0)
        named_stems.extend(named_here)
        for position, (phrase, (kind, text)) in enumerate(order.items()):
            phrases.append((phrase, entry, position, kind, text))
        index.frequencies.append(frequency)
        index.names.append(name.casefold())
        index.populations.append(populations)
    document_frequency = Counter(named_stems)  # in how many entries each is named
    del document_frequency[None]  # stop words
    for position, scope in enumerate(phrase_scopes([row[0] for row in phrases])):
        phrases[position] += (scope,)  # one row at a time: never two lists of them
    index.phrases = phrases
    index.postings = {
        word_stem: (
            array(ENTRIES, map(rshift, found, repeat(2))),
            bytearray(map(and_, found, repeat(3))),
        )
        for word_stem, found in found_in.items()
    }
    total = max(len(index.names), 1)
    index.idf = {
        s: math.log(1 + total / df) for s, df in document_frequency.items() if s is not None
    }
    index.named = set(index.idf)
    # A word has one stem: each word's list holds just that one.
    index.vocabulary = {word: [s] for word, s in named_words.items() if s is not None}
    effect_names = [name for name, pops in zip(names, index.populations, strict=True) if pops]
    index.suggestions = [
        (text, suggestions[text] if text in suggestions else fold(text))
        for text in dict.fromkeys(effect_names + sorted(suggestions, key=str.casefold))
        if len(text) >= 4
    ]
    return index
