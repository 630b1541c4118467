"""The search index: one entry per effect, marker and topic, the words of each field, and
what search reads of the compiled index (the postings of every stem, the phrases, the word
statistics it ranks with).

store/indexing.py compiles it once per dataset from the same fields; the store keeps it, and
search reads it through the Index protocol.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import Marker, SideEffect, Topic
from anastro_cli.text.fold import count_folded, fold, stem, stop_words, words


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
CODE_OF = {kind: code for code, kind in enumerate(FIELD_CODES)}


def effect_fields(effect: SideEffect) -> list[tuple[str, str]]:
    named, texts = effect_parts(effect)
    return named + [("text", text) for text in texts]


def effect_parts(effect: SideEffect) -> tuple[list[tuple[str, str]], list[str]]:
    """An effect's fields apart: its names, aliases and lay terms (kind, text), best first,
    and the texts of its text fields (store/indexing.py compiles them so)."""
    named = [("name", effect.name), ("name", effect.id.replace("-", " "))]
    named += [("alias", a) for a in effect.aliases]
    named += [("lay", t) for t in effect.lay_terms]
    texts = [effect.mechanism, *effect.notes, *effect.monitoring]
    texts += [h.text for h in effect.helps]
    texts += [w.text for w in effect.seek_care]
    return named, texts


def headline_frequency(dataset: Dataset, effect: SideEffect) -> float:
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
    doc = Doc("effect", effect.id, effect.name, effect, None, effect_fields(effect))
    return _fill(doc, frequency)


def marker_doc(marker: Marker) -> Doc:
    doc = Doc("marker", marker.id, marker.name, None, marker, marker_fields(marker))
    return _fill(doc, 0.0)


def marker_fields(marker: Marker) -> list[tuple[str, str]]:
    return [
        ("name", marker.name),
        ("name", marker.id.replace("-", " ")),
        *(("lay", term) for term in marker.lay_terms),
        ("text", marker.explanation),
    ]


def topic_doc(topic: Topic) -> Doc:
    doc = Doc("topic", topic.id, topic.title, None, None, topic_fields(topic), topic=topic)
    return _fill(doc, 0.0)


def topic_fields(topic: Topic) -> list[tuple[str, str]]:
    # The title is a question ("What check-ups and tests will I need?"): its words count as a
    # lay term's, not a name's; the id ("monitoring") is the name.
    fields = [("name", topic.id.replace("-", " ")), ("lay", topic.title)]
    fields += [("lay", t) for t in topic.lay_terms]
    fields.append(("text", topic.summary))
    fields += [("text", p.text) for p in topic.points]
    return fields


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
        yield effect_doc(effect, headline_frequency(dataset, effect))
    for marker in dataset.markers:
        yield marker_doc(marker)
    for topic in dataset.topics:
        yield topic_doc(topic)


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


def field_scopes(fields: list[list[str]]) -> list[int]:
    """[phrase_scope(" ".join(words)) for words in fields], for folded texts apart in words
    (compiling an index: counted at C speed, nothing folded again)."""
    counts = count_folded([found for found in fields if 1 < len(found) < 4])
    one_word = iter(map((1).__eq__, counts))
    return [
        NEVER if len(found) < 2 else ALWAYS if len(found) > 3 or not next(one_word) else COVERING
        for found in fields
    ]


class QueryIndex(Protocol):
    """What reading a query needs of an index: word statistics, the vocabulary and phrases."""

    def stem_info(self, stems: list[str]) -> dict[str, tuple[float | None, bool]]: ...

    def vocabulary(self) -> dict[str, list[str]]: ...

    def phrases(self, candidates: list[str]) -> list[tuple[str, int, int, str, int]]: ...


class Index(QueryIndex, Protocol):
    """What search reads from a compiled dataset (store.Store is the one implementation)."""

    def postings(self, word_stem: str) -> Iterable[tuple[int, int]]: ...

    def longest_phrase(self) -> int: ...

    def entry_meta(self) -> tuple[list[float], list[str], list[tuple[str, ...] | None]]: ...

    def doc(self, entry: int) -> Doc: ...

    def topic_id(self, entry: int) -> str: ...

    def suggestion_texts(self) -> list[tuple[str, str]]: ...
