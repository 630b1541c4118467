"""The fast paths of the first run after the data changes (issue 16) give exactly what the
plain code they replace gives: the index compiled without a Doc per entry, every field folded
in one pass, phrase scopes counted together, records encoded for the store, text cleaned and
checked for numbers, records built by keyword."""

from __future__ import annotations

import marshal
import math
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anastro_cli.dataset.load import load
from anastro_cli.dataset.reader import UNSOURCED_DIGIT
from anastro_cli.index import (
    CODE_OF,
    TOPIC_ENTRY,
    docs_of,
    field_scopes,
    phrase_scope,
)
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import fields_of, is_record
from anastro_cli.model.records import Frequency, SideEffect
from anastro_cli.store import indexing
from anastro_cli.store.codec import encode
from anastro_cli.store.indexing import compile_index
from anastro_cli.text.fold import (
    WORD,
    _words_of,
    count_folded,
    fold,
    fold_all,
    fold_words_all,
    stem,
    stop_words,
    words,
)
from anastro_cli.text.sanitize import CONTROL, clean

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate_dataset import write


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load(write(800, tmp_path_factory.mktemp("generated")), "replace", use_cache=False)


def reference_index(dataset: Dataset) -> dict[str, Any]:
    """The index as filling each entry's Doc and counting them gives it (the code before)."""
    postings: dict[str, dict[int, int]] = {}
    vocabulary: dict[str, list[str]] = {}
    frequency: dict[str, int] = {}
    phrases, frequencies, names, populations = [], [], [], []
    suggestions: dict[str, str] = {}
    stop = stop_words()
    for entry, doc in enumerate(docs_of(dataset)):
        for word_stem, fields in doc.stems.items():
            postings.setdefault(word_stem, {})[entry] = min(CODE_OF[kind] for kind in fields)
        seen: set[str] = set()
        for (kind, text), folded in zip(doc.fields, doc.folded, strict=True):
            if kind == "text":
                continue
            suggestions[text] = folded
            for word in folded.split():
                if word not in stop:
                    stems = vocabulary.setdefault(word, [])
                    if stem(word) not in stems:
                        stems.append(stem(word))
                    seen.add(stem(word))
        for word_stem in seen:
            frequency[word_stem] = frequency.get(word_stem, 0) + 1
        for order, (phrase, kind) in enumerate(doc.phrases.items()):
            text = doc.phrase_text[phrase]
            phrases.append((phrase, entry, order, kind, text, phrase_scope(phrase)))
        frequencies.append(doc.frequency)
        names.append(doc.name.casefold())
        pops = doc.effect.populations if doc.effect else (TOPIC_ENTRY if doc.topic else None)
        populations.append(pops)
    total = max(len(names), 1)
    effect_names = [doc.name for doc in docs_of(dataset) if doc.kind != "marker"]
    return {
        "postings": [(s, list(e.items())) for s, e in postings.items()],
        "idf": {s: math.log(1 + total / df) for s, df in frequency.items()},
        "vocabulary": list(vocabulary.items()),
        "phrases": phrases,
        "entries": (frequencies, names, populations),
        "suggestions": [
            (text, suggestions.get(text, fold(text)))
            for text in dict.fromkeys(effect_names + sorted(suggestions, key=str.casefold))
            if len(text) >= 4
        ],
    }


@pytest.mark.parametrize("which", ["bundled", "generated", "small chunks"])
def test_the_index_is_what_each_entrys_doc_gives(
    dataset: Dataset, generated: Dataset, which: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = dataset if which == "bundled" else generated
    if which == "small chunks":  # entries compiled a few at a time, the last chunk short
        monkeypatch.setattr(indexing, "CHUNK", 7)
    index = compile_index(source)
    expected = reference_index(source)
    postings = [
        (s, list(zip(entries, codes, strict=True)))
        for s, (entries, codes) in index.postings.items()
    ]
    assert postings == expected["postings"]
    assert index.idf == expected["idf"]
    assert index.named == set(expected["idf"])
    assert list(index.vocabulary.items()) == expected["vocabulary"]
    assert index.phrases == expected["phrases"]
    assert (index.frequencies, index.names, index.populations) == expected["entries"]
    assert index.suggestions == expected["suggestions"]


TEXT = st.text(alphabet=st.sampled_from(list("aAzZ09 '&-.\n\x1f\u00e9\u0301\ufb01\u00df\u0130")))


@given(st.lists(TEXT, max_size=6))
def test_folding_texts_together_folds_each(texts: list[str]) -> None:
    assert fold_all(texts) == [fold(text) for text in texts]
    assert fold_words_all(texts) == [fold(text).split() for text in texts]


def test_folded_words_when_a_spelling_folds_to_two_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """A folded spelling of two words makes two words (the fast path is not taken)."""
    from anastro_cli.text import fold as folding

    folding._folds()
    monkeypatch.setitem(folding._FOLDS, "zzq", "two words")
    texts = ["a zzq b", "ZZQ", ""]
    assert fold_words_all(texts) == [fold(text).split() for text in texts]
    assert fold_words_all(texts)[0] == ["a", "two", "words", "b"]


WORDS = ["breast", "cancer", "pain", "the", "hormone", "pill", "tablets", "aromatase"]
WORDS += ["inhibitor", "arimidex", "up", "a", "throwing", "runs", "A&E", "can't", "my"]


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join), max_size=6))
def test_counting_words_together_counts_each(phrases: list[str]) -> None:
    folded = [fold(phrase) for phrase in phrases]
    assert field_scopes([f.split() for f in folded]) == [phrase_scope(f) for f in folded]
    assert count_folded([f.split() for f in folded]) == [len(words(f)) for f in folded]


def _plain_encode(value: Any) -> Any:
    """The encoding as a plain recursion (the code before)."""
    if type(value) in {str, float, int, bool, type(None)}:
        return value
    if is_record(value):
        kind = type(value)
        return [kind.__name__, *[_plain_encode(getattr(value, n)) for n in fields_of(kind)]]
    if isinstance(value, tuple):
        return tuple([_plain_encode(item) for item in value])
    return value


def test_records_encode_as_the_plain_recursion_to_the_byte(dataset: Dataset) -> None:
    for part in (*dataset.effects, dataset.drug, dataset.men, *dataset.figures, *dataset.trials):
        encoded = encode(part)
        assert encoded == _plain_encode(part)
        assert marshal.dumps(encoded) == marshal.dumps(_plain_encode(part))


def test_no_control_character_is_printable() -> None:
    """clean() returns printable text as it is: none of what it drops is printable."""
    assert not [
        c for c in map(chr, range(sys.maxunicode + 1)) if CONTROL.match(c) and c.isprintable()
    ]
    for text in ("plain", "tab\there", "esc\x1b[31m", "zero\u200bwidth", "\u00e9t\u00e9"):
        assert clean(text) == CONTROL.sub("", text)


@given(st.text(alphabet=st.sampled_from(list("a1Z9 .-x\n\u0663\u00b2"))))
def test_the_digit_check_finds_what_looking_behind_found(text: str) -> None:
    before = re.compile(r"(?<![A-Za-z\d])\d")
    assert bool(UNSOURCED_DIGIT.search(text)) == bool(before.search(text))


def test_records_by_keyword_are_records_by_position() -> None:
    by_position = Frequency(1.0, 2.0, "s", "p", None, None, False)
    assert Frequency(low=1.0, high=2.0, source="s", population="p", confirmed=False) == (
        by_position
    )
    assert list(vars(by_position)) == list(fields_of(Frequency))
    effect = SideEffect(id="x", name="X", system="s", mechanism="m", seriousness="rare")
    assert list(vars(effect)) == list(fields_of(SideEffect))
    assert effect.populations == ("all",)
    known: dict[str, Any] = {"id": "x", "name": "X", "system": "s", "mechanism": "m"}
    for bad in (known, {**known, "seriousness": "rare", "colour": "red"}):
        with pytest.raises(TypeError):
            SideEffect(**bad)


@given(st.text(alphabet=st.characters(max_codepoint=300)))
def test_ascii_words_are_the_patterns_words(text: str) -> None:
    """fold() finds the words of ASCII text with a byte table, of other text with WORD."""
    lowered = text.casefold()
    if lowered.isascii():
        assert _words_of(lowered) == WORD.findall(lowered.replace("'", "").replace("&", ""))
