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
from itertools import accumulate, chain, count, islice, repeat
from operator import and_, itemgetter, mul, ne, or_, rshift, sub
from typing import Any

from anastro_cli.index import (
    CODE_OF,
    TEXT_CODE,
    TOPIC_ENTRY,
    effect_parts,
    field_scopes,
    headline_frequency,
    marker_fields,
    topic_fields,
)
from anastro_cli.model.dataset import Dataset
from anastro_cli.store.schema import ENTRIES
from anastro_cli.text.fold import fold, fold_all, fold_words_all, stem, stop_words


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


_Entry = tuple[str, list[tuple[str, str]], list[str], float, "tuple[str, ...] | None"]


def _entries(dataset: Dataset) -> Iterator[_Entry]:
    """Each entry's name, named fields, text fields' texts, headline frequency and
    populations, in index order."""
    for effect in dataset.effects:
        named, texts = effect_parts(effect)
        frequency = headline_frequency(dataset, effect)
        yield effect.name, named, texts, frequency, effect.populations
    for marker in dataset.markers:
        yield marker.name, *_apart(marker.name, marker_fields(marker)), 0.0, None
    for topic in dataset.topics:
        yield topic.title, *_apart(topic.title, topic_fields(topic)), 0.0, TOPIC_ENTRY


def _apart(name: str, fields: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """An entry's named fields (kind, text) and its text fields' texts (as effect_parts)."""
    codes = [CODE_OF[kind] for kind, _ in fields]
    if codes != sorted(codes):  # index.py lists every entry's best fields first
        raise AssertionError(f"the fields of {name!r} are not listed best first")
    cut = codes.index(TEXT_CODE) if TEXT_CODE in codes else len(codes)
    return fields[:cut], [text for _, text in fields[cut:]]


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


# Entries compiled together: their fields folded in one pass and their named words stemmed in
# one map, a chunk's fields only held at once.
CHUNK = 1024


def _add_phrases(
    phrases: list[Any],
    folded: list[str],
    named: list[tuple[str, str, int]],
    ends: list[int],
    first: int,
) -> None:
    """A chunk's phrases (each entry's folded names, aliases and lay terms, entries numbered
    from first, each entry's fields ending at ends): each phrase of an entry once, with its
    first field's kind, text and scope (written last), numbered in first use within its
    entry."""
    at = list(chain.from_iterable(map(repeat, count(first), map(sub, ends, [0, *ends[:-1]]))))
    keys = list(zip(folded, at, strict=True))
    order = dict.fromkeys(keys)
    order.update(zip(reversed(keys), reversed(named), strict=True))
    if not order:
        return
    entries = list(map(itemgetter(1), order))
    # Each phrase's number: its place in the chunk less where its entry's phrases begin.
    begins = map(mul, count(), map(ne, entries, [-1, *entries[:-1]]))
    numbers = map(sub, count(), accumulate(begins, max))
    kinds, texts, scopes = zip(*order.values(), strict=True)
    phrases.extend(
        zip(map(itemgetter(0), order), entries, numbers, kinds, texts, scopes, strict=False)
    )


def compile_index(dataset: Dataset) -> CompiledIndex:
    index = CompiledIndex()
    phrases: list[Any] = []  # (phrase, entry, position, kind, text, scope)
    found_in = _Postings()
    postings_of: Callable[[Any], array[int]] = found_in.__getitem__  # (None was popped)
    named_stems: list[str | None] = []  # each entry's stems of names, aliases and lay terms
    suggestions: dict[str, str] = {}  # name, alias or lay term -> folded
    named_words: dict[str, str | None] = {}  # each word of those -> its stem, in first use
    names: list[str] = []
    stem_of = _Stems().__getitem__
    entries = _entries(dataset)
    entry = 0
    while chunk := list(islice(entries, CHUNK)):
        named: list[tuple[str, str]] = []  # the chunk's names, aliases and lay terms
        texts: list[str] = []  # each entry's text fields, joined
        ends: list[int] = []  # where each entry's named fields end in named
        for _, entry_named, entry_texts, _, _ in chunk:
            named += entry_named
            texts.append(" ".join(entry_texts))
            ends.append(len(named))
        named_texts = [text for _, text in named]
        folded = fold_all(named_texts)
        suggestions.update(zip(named_texts, folded, strict=True))
        field_words = list(map(str.split, folded))
        word_ends = list(accumulate(map(len, field_words)))
        all_words = list(chain.from_iterable(field_words))
        all_stems = list(map(stem_of, all_words))
        named_words.update(zip(all_words, all_stems, strict=True))
        field_codes = [CODE_OF[kind] for kind, _ in named]
        all_codes = list(chain.from_iterable(map(repeat, field_codes, map(len, field_words))))
        word_start = 0
        for (name, _, _, frequency, populations), end, text in zip(
            chunk, ends, fold_words_all(texts), strict=True
        ):
            base = entry << 2
            word_end = word_ends[end - 1] if end else 0
            stems = all_stems[word_start:word_end]
            # stem -> base | its best field's code, in first use: each stem's first code (the
            # best: codes only grow along the fields) is the one written last
            postings = map(or_, all_codes[word_start:word_end], repeat(base))
            found: dict[str | None, Any] = dict.fromkeys(stems)
            found.update(zip(reversed(stems), reversed(list(postings)), strict=True))
            if text:  # the text fields: only which stems they add (found's stay first)
                added = dict.fromkeys(map(stem_of, dict.fromkeys(text)), base | TEXT_CODE)
                found = {**found, **added, **found}
            found.pop(None, None)
            # found_in[stem].append(posting) for each, looped at C speed (deque consumes the map)
            deque(map(array.append, map(postings_of, found), found.values()), maxlen=0)
            named_stems.extend(set(stems))
            names.append(name)
            index.frequencies.append(frequency)
            index.names.append(name.casefold())
            index.populations.append(populations)
            entry += 1
            word_start = word_end
        scopes = field_scopes(field_words)
        scoped = [(*field, scope) for field, scope in zip(named, scopes, strict=True)]
        _add_phrases(phrases, folded, scoped, ends, entry - len(chunk))
    document_frequency = Counter(named_stems)  # in how many entries each is named
    del document_frequency[None]  # stop words
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
