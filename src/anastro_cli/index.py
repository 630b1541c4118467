"""The compiled search index: one entry per effect and marker, the words of each field, the
postings of every stem, the phrases, and the word statistics search ranks with.

compile_index builds it once per dataset; the store (store/) keeps it, and search reads it
through the Index protocol.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import Marker, SideEffect, Topic
from anastro_cli.text.fold import fold, stem, stop_words, words


class Doc:
    """One searchable entry (an effect, a marker or a topic) and the words of each field.

    A plain class (no dataclass machinery at start-up); _fill completes it."""

    def __init__(
        self,
        kind: str,
        id: str,
        name: str,
        effect: SideEffect | None,
        marker: Marker | None,
        fields: list[tuple[str, str]],  # (field kind, original text)
        topic: Topic | None = None,
    ) -> None:
        self.kind = kind
        self.id = id
        self.name = name
        self.effect = effect
        self.marker = marker
        self.fields = fields
        self.phrases: dict[str, str] = {}  # folded phrase -> field kind
        self.phrase_text: dict[str, str] = {}  # folded phrase -> as written
        self.stems: dict[str, dict[str, str]] = {}  # stem -> {field: text}
        self.folded: list[str] = []  # each field's text folded, in order
        self.frequency = 0.0
        self.topic = topic


# What a topic's entry holds in place of populations (a marker holds None).
TOPIC_ENTRY: tuple[str, ...] = ("(topic)",)
# Field kinds by rank, best first: a posting keeps the best field a stem appears in.
FIELD_CODES = ("name", "alias", "lay", "text")
TEXT_CODE = FIELD_CODES.index("text")
_CODE_OF = {kind: code for code, kind in enumerate(FIELD_CODES)}


class CompiledIndex:
    """The search index of a dataset, computed once and written to its store (store.py).

    Entries are numbered: effects in data order, then markers, then topics."""

    def __init__(
        self,
        postings: dict[str, dict[int, int]],  # stem -> {entry: best field code}
        named: set[str],  # stems found in a name, alias or lay term
        idf: dict[str, float],
        vocabulary: dict[str, list[str]],  # folded word of a name/alias/lay term -> its stems
        phrases: list[tuple[str, int, int, str, str, int]],  # phrase, entry, order, kind,
        #   text, and whether it may count when found inside a longer query (phrase_scope)
        frequencies: list[float],
        names: list[str],  # case-folded, for ordering ties
        populations: list[tuple[str, ...] | None],  # None: a marker; TOPIC_ENTRY: a topic
        suggestions: list[tuple[str, str]],  # names and terms for "did you mean", and folded
    ) -> None:
        self.postings = postings
        self.named = named
        self.idf = idf
        self.vocabulary = vocabulary
        self.phrases = phrases
        self.frequencies = frequencies
        self.names = names
        self.populations = populations
        self.suggestions = suggestions


def _effect_fields(effect: SideEffect) -> list[tuple[str, str]]:
    fields = [("name", effect.name), ("name", effect.id.replace("-", " "))]
    fields += [("alias", a) for a in effect.aliases]
    fields += [("lay", t) for t in effect.lay_terms]
    fields.append(("text", effect.mechanism))
    fields += [("text", t) for t in (*effect.notes, *effect.monitoring)]
    fields += [("text", h.text) for h in effect.helps]
    fields += [("text", w.text) for w in effect.seek_care]
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


def topic_doc(topic: Topic) -> Doc:
    # The title is a question ("What check-ups and tests will I need?"): its words count as a
    # lay term's, not a name's; the id ("monitoring") is the name.
    fields = [("name", topic.id.replace("-", " ")), ("lay", topic.title)]
    fields += [("lay", t) for t in topic.lay_terms]
    fields.append(("text", topic.summary))
    fields += [("text", p.text) for p in topic.points]
    doc = Doc("topic", topic.id, topic.title, None, None, fields, topic=topic)
    return _fill(doc, 0.0)


def _fill(doc: Doc, frequency: float) -> Doc:
    doc.frequency = frequency
    stop = stop_words()
    stems = doc.stems
    for kind, text in doc.fields:
        folded = fold(text)
        doc.folded.append(folded)
        if kind != "text":
            doc.phrases.setdefault(folded, kind)
            doc.phrase_text.setdefault(folded, text)
        for word in folded.split():
            if word in stop:
                continue
            word_stem = stem(word)
            fields = stems.get(word_stem)
            if fields is None:
                stems[word_stem] = {kind: text}
            elif kind not in fields:
                fields[kind] = text
    return doc


def docs_of(dataset: Dataset) -> Iterable[Doc]:
    """Every searchable entry, numbered as the index numbers them."""
    for effect in dataset.effects:
        yield effect_doc(effect, _headline_frequency(dataset, effect))
    for marker in dataset.markers:
        yield marker_doc(marker)
    for topic in dataset.topics:
        yield topic_doc(topic)


def compile_index(dataset: Dataset) -> CompiledIndex:
    postings: dict[str, dict[int, int]] = {}
    vocabulary: dict[str, list[str]] = {}
    document_frequency: dict[str, int] = {}
    index = CompiledIndex(postings, set(), {}, vocabulary, [], [], [], [], [])
    suggestions: dict[str, str] = {}  # name, alias or lay term -> folded
    names: list[str] = []
    stop = stop_words()
    code_of = _CODE_OF.__getitem__
    for entry, doc in enumerate(docs_of(dataset)):
        names.append(doc.name)
        for word_stem, fields in doc.stems.items():
            codes = postings.get(word_stem)
            if codes is None:
                codes = postings[word_stem] = {}
            codes[entry] = min(map(code_of, fields))
        seen: set[str] = set()
        for (kind, text), folded in zip(doc.fields, doc.folded, strict=True):
            if kind == "text":
                continue
            suggestions[text] = folded
            for word in folded.split():
                if word not in stop:
                    word_stem = stem(word)
                    stems = vocabulary.get(word)
                    if stems is None:
                        vocabulary[word] = [word_stem]
                    elif word_stem not in stems:
                        stems.append(word_stem)
                    seen.add(word_stem)
        for word_stem in seen:
            document_frequency[word_stem] = document_frequency.get(word_stem, 0) + 1
        for order, (phrase, kind) in enumerate(doc.phrases.items()):
            scope = phrase_scope(phrase)
            index.phrases.append((phrase, entry, order, kind, doc.phrase_text[phrase], scope))
        index.frequencies.append(doc.frequency)
        index.names.append(doc.name.casefold())
        if doc.effect is not None:
            index.populations.append(doc.effect.populations)
        else:
            index.populations.append(TOPIC_ENTRY if doc.topic is not None else None)
    total = max(len(index.names), 1)
    index.idf = {s: math.log(1 + total / df) for s, df in document_frequency.items()}
    index.named = set(document_frequency)
    effect_names = [name for name, pops in zip(names, index.populations, strict=True) if pops]
    index.suggestions = [
        (text, suggestions[text] if text in suggestions else fold(text))
        for text in dict.fromkeys(effect_names + sorted(suggestions, key=str.casefold))
        if len(text) >= 4
    ]
    return index


# Whether a multi-word phrase counts when found inside a longer query (phrase_scope):
NEVER, ALWAYS, COVERING = 0, 1, 2


@lru_cache(maxsize=65536)
def phrase_scope(phrase: str) -> int:
    """A phrase of one word never counts inside a longer query (its word matches anyway). A
    phrase of one meaningful word among common ones ("throwing up", "the runs") counts only
    when that word is all the query says ("keep throwing up", not "knees ache on the runs").
    Any other phrase counts: its words mean more together ("can't get it up")."""
    if " " not in phrase:
        return NEVER
    if phrase.count(" ") >= 3:
        return ALWAYS  # four words or more say something together ("not sure if I took it")
    return COVERING if len(words(phrase)) == 1 else ALWAYS


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
