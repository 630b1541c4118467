"""The ranking oracle: every entry scored one by one from word statistics counted afresh (not
from any store). tests/test_store.py holds search() to it."""

from __future__ import annotations

import math

from anastro_cli.index import Doc, docs_of
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.query import read_query
from anastro_cli.search.rank import score_doc
from anastro_cli.text.fold import fold, stem, stop_words


class _Recount:
    """Word statistics counted straight from the entries (not from any store): the reference
    search's own idf, named stems and vocabulary."""

    def __init__(self, docs: list[Doc]) -> None:
        frequency: dict[str, int] = {}
        self.known: set[str] = set()
        self.words: dict[str, list[str]] = {}
        stop = stop_words()
        for doc in docs:
            self.known.update(doc.stems)
            named: set[str] = set()
            for kind, text in doc.fields:
                for word in fold(text).split():
                    if kind != "text" and word not in stop:
                        named.add(stem(word))
                        stems = self.words.setdefault(word, [])
                        if stem(word) not in stems:
                            stems.append(stem(word))
            for word_stem in named:
                frequency[word_stem] = frequency.get(word_stem, 0) + 1
        total = max(len(docs), 1)
        self.idf = {s: math.log(1 + total / count) for s, count in frequency.items()}
        self.found: dict[str, list[tuple[int, str]]] = {}  # phrase -> (entry, kind)
        for entry, doc in enumerate(docs):
            for phrase, kind in doc.phrases.items():
                self.found.setdefault(phrase, []).append((entry, kind))

    def stem_info(self, stems: list[str]) -> dict[str, tuple[float | None, bool]]:
        return {s: (self.idf.get(s), s in self.idf) for s in stems if s in self.known}

    def vocabulary(self) -> dict[str, list[str]]:
        return self.words

    def phrases(self, candidates: list[str]) -> list[tuple[str, int, int, str, int]]:
        """The entries whose names, aliases or lay terms are these phrases (reading a query
        asks only which of its candidates are terms)."""
        return [
            (phrase, entry, 0, kind, 0)
            for phrase in dict.fromkeys(candidates)
            for entry, kind in self.found.get(phrase, ())
        ]


def reference_search(dataset: Dataset, query: str) -> list[tuple[str, float]]:
    """Every entry scored one by one, as search() would rank them, from statistics counted
    afresh: the oracle tests hold search() to."""
    docs = list(docs_of(dataset))
    q = read_query(_Recount(docs), query)
    if q is None:
        return []
    ranked = []
    for entry, doc in enumerate(docs):
        score, matches = score_doc(doc, q)
        if matches and (round(score, 4) >= 0.2 or any(m.field != "text" for m in matches)):
            later = (doc.kind != "effect") != q.question  # a question puts topics first on ties
            key = (-round(score, 6), later, -doc.frequency, doc.name.casefold())
            ranked.append(((*key, entry), doc.id, round(score, 4)))
    ranked.sort()
    return [(entry_id, score) for _, entry_id, score in ranked]
