"""Compiling the search index of a dataset for its store: the postings of every stem, the
phrases, and the word statistics search ranks with.

The entries and their fields are index.py's (the same ones search explains a hit with), and
the result is what filling each entry's Doc and counting them gives (tests/oracle.py counts
that way); it is built without a Doc per entry, each entry's fields folded in one pass and
each word's stem looked up once, because a 100,000-effect dataset has millions of words.
"""

from __future__ import annotations

import marshal
import math
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterator
from itertools import accumulate, chain, count, islice, repeat, starmap
from operator import and_, itemgetter, mul, ne, or_, rshift, sub
from typing import Any, cast

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
from anastro_cli.store.schema import ENTRIES, phrase_crc
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
        self.checksums: list[int] = []  # each phrase row's (schema.phrase_crc)
        self.frequencies: list[float] = []
        self.names: list[str] = []  # case-folded, for ordering ties
        self.populations: list[tuple[str, ...] | None] = []  # None: a marker; TOPIC_ENTRY
        self.suggestions: list[tuple[str, str]] = []  # names and terms for "did you mean"
        self.longest = 0  # words in the longest phrase that counts inside a longer query


_Entry = tuple[str, list[tuple[str, str]], list[str], float, "tuple[str, ...] | None"]


def _entries(dataset: Dataset, start: int, stop: int | None) -> Iterator[_Entry]:
    """Entries start to stop (None: to the last) in index order, each entry's name, named
    fields, text fields' texts, headline frequency and populations; a part that stops early
    stops among the effects."""
    for effect in dataset.effects[start:stop]:
        named, texts = effect_parts(effect)
        frequency = headline_frequency(dataset, effect)
        yield effect.name, named, texts, frequency, effect.populations
    if stop is not None:
        return
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
    """The whole index of dataset, in this process."""
    return finish([compile_part(dataset, 0, None)])


class Part:
    """What compiling a run of entries finds, numbered as in the whole index: finish joins
    the parts of a dataset, in order, into its index (parallel.py compiles one in a second
    process, which writes its phrase rows and then the rest of it, to_bytes, to files)."""

    def __init__(self) -> None:
        # stem -> the entries holding it (ascending) and, for each, the best field's code
        self.postings: dict[str, tuple[array[int], bytearray]] = {}
        self.phrases: list[Any] = []  # (phrase, entry, position, kind, text, scope)
        self.checksums: list[int] = []  # each phrase row's (schema.phrase_crc)
        self.named: Counter[str | None] = Counter()  # in how many entries each stem is named
        self.suggestions: dict[str, str] = {}  # name, alias or lay term -> folded
        self.ordered: list[str] = []  # those names and terms, sorted case-blind
        self.vocabulary: dict[str, list[str]] = {}  # each word of those -> [its stem]
        self.longest = 0  # words in the longest phrase that counts inside a longer query
        self.names: list[str] = []
        self.frequencies: list[float] = []
        self.populations: list[tuple[str, ...] | None] = []

    def to_bytes(self) -> bytes:
        """The part but its phrases as marshal bytes (the phrases go to a store's rows as they
        are: from_bytes gives a part without them)."""
        postings = self.postings  # marshal writes an array's or bytearray's bytes as bytes
        found = (dict(self.named), self.suggestions, self.ordered)
        entries = (self.names, self.frequencies, self.populations)
        return marshal.dumps((postings, *found, self.vocabulary, self.longest, *entries))

    @classmethod
    def from_bytes(cls, data: bytes) -> Part:
        part = cls()
        postings, named, suggestions, ordered, vocabulary, longest, *entries = marshal.loads(data)
        for word_stem, (found, codes) in postings.items():
            part.postings[word_stem] = (_entry_array(found), bytearray(codes))
        part.suggestions, part.ordered = suggestions, ordered
        part.vocabulary, part.longest = vocabulary, longest
        part.named.update(named)
        part.names, part.frequencies, part.populations = entries
        return part


def compile_part(dataset: Dataset, start: int, stop: int | None) -> Part:
    """The part of the index of entries start to stop (None: to the last; a part that stops
    early stops among the effects)."""
    part = Part()
    found_in = _Postings()
    postings_of: Callable[[Any], array[int]] = found_in.__getitem__  # (None was popped)
    stem_of = _Stems().__getitem__
    named_words: dict[str, str | None] = {}  # each word of those -> its stem, in first use
    entries = _entries(dataset, start, stop)
    entry = start
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
        part.suggestions.update(zip(named_texts, folded, strict=True))
        field_words = list(map(str.split, folded))
        word_ends = list(accumulate(map(len, field_words)))
        all_words = list(chain.from_iterable(field_words))
        all_stems = list(map(stem_of, all_words))
        named_words.update(zip(all_words, all_stems, strict=True))
        field_codes = [CODE_OF[kind] for kind, _ in named]
        all_codes = list(chain.from_iterable(map(repeat, field_codes, map(len, field_words))))
        named_stems: list[str | None] = []
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
            part.names.append(name)
            part.frequencies.append(frequency)
            part.populations.append(populations)
            entry += 1
            word_start = word_end
        part.named.update(named_stems)
        scopes = field_scopes(field_words)
        scoped = [(*field, scope) for field, scope in zip(named, scopes, strict=True)]
        _add_phrases(part.phrases, folded, scoped, ends, entry - len(chunk))
    part.postings = {
        word_stem: (
            array(ENTRIES, map(rshift, found, repeat(2))),
            bytearray(map(and_, found, repeat(3))),
        )
        for word_stem, found in found_in.items()
    }
    part.checksums = list(starmap(phrase_crc, part.phrases))
    part.ordered = sorted(part.suggestions, key=str.casefold)
    # A word has one stem: each word's list holds just that one.
    part.vocabulary = {word: [s] for word, s in named_words.items() if s is not None}
    part.longest = max((len(p[0].split()) for p in part.phrases if p[5]), default=0)
    return part


def _entry_array(data: bytes) -> array[int]:
    found = array(ENTRIES)
    found.frombytes(data)
    return found


def finish(parts: list[Part]) -> CompiledIndex:
    """The index of the parts of a dataset, in order (each part's entries follow the last's)."""
    first, *rest = parts
    found_in, document_frequency = first.postings, first.named
    names, populations = first.names, first.populations
    index = CompiledIndex()
    suggestions, index.vocabulary, ordered = first.suggestions, first.vocabulary, first.ordered
    index.frequencies, index.phrases = first.frequencies, first.phrases
    index.checksums = first.checksums
    for part in rest:
        for word_stem, (found, codes) in part.postings.items():
            if word_stem in found_in:
                found_in[word_stem][0].extend(found)
                found_in[word_stem][1].extend(codes)
            else:
                found_in[word_stem] = (found, codes)
        document_frequency.update(part.named)
        suggestions.update(part.suggestions)
        index.vocabulary.update(part.vocabulary)
        ordered += part.ordered  # each part's sorted: timsort merges the runs
        names += part.names
        populations += part.populations
        index.frequencies += part.frequencies
        index.phrases += part.phrases
        index.checksums += part.checksums
    del document_frequency[None]  # stop words
    index.names = [name.casefold() for name in names]
    index.populations = populations
    index.postings = found_in
    total = max(len(index.names), 1)
    index.idf = {
        s: math.log(1 + total / df) for s, df in document_frequency.items() if s is not None
    }
    index.named = set(index.idf)
    index.longest = max(part.longest for part in parts)
    if rest:  # a name or term in two parts is there twice: fromkeys below keeps the first
        ordered.sort(key=str.casefold)
    effect_names = [name for name, pops in zip(names, index.populations, strict=True) if pops]
    texts = [text for text in dict.fromkeys(effect_names + ordered) if len(text) >= 4]
    folded = list(map(suggestions.get, texts))  # a name is a named field: it is there
    if None in folded:
        folded = [fold(t) if f is None else f for t, f in zip(texts, folded, strict=True)]
    index.suggestions = list(zip(texts, cast("list[str]", folded), strict=True))
    return index
