"""Each effect's stored JSON, written straight from its record (store/effect_json.py), is
json.dumps of its documented shape (model/plain.py effect_plain) to the byte: on the bundled
data, on generated data, and on effects with every kind of value, those the fast writing
leaves to json.dumps included (nan, infinity, a flag where a number stands)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import replace
from anastro_cli.model.plain import effect_plain
from anastro_cli.model.records import (
    Advice,
    Contradiction,
    Frequency,
    LabelFrequency,
    SideEffect,
    TimeCourse,
    WarningSign,
)
from anastro_cli.store import effect_json
from anastro_cli.store.effect_json import effect_jsons

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate_dataset import write


def plain_jsons(dataset: Dataset) -> list[str]:
    """The JSON as the store wrote it before: the shape's dict through json.dumps."""
    return [json.dumps(effect_plain(dataset, e), ensure_ascii=True) for e in dataset.effects]


def _no_plain_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid data never needs json.dumps: every effect is written the fast way."""

    def refuse(*_: object) -> None:
        raise AssertionError("an effect was written the plain way")

    monkeypatch.setattr(effect_json, "effect_plain", refuse)


def test_bundled_effects(dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = plain_jsons(dataset)
    _no_plain_way(monkeypatch)
    assert list(effect_jsons(dataset)) == expected


def test_generated_effects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = load(write(600, tmp_path), "replace", use_cache=False)
    expected = plain_jsons(generated)
    _no_plain_way(monkeypatch)
    assert list(effect_jsons(generated)) == expected


TEXT = st.text(alphabet=st.sampled_from(list('a Z0"\\/\n\t\x1b\u00e9\u2019\U0001f600')), max_size=8)
MAYBE = st.none() | TEXT
NUMBER = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 5) | st.booleans()
TEXTS = st.lists(TEXT, max_size=3).map(tuple)

FREQUENCY = st.builds(
    Frequency,
    low=NUMBER,
    high=NUMBER,
    source=TEXT,
    population=TEXT,
    qualifier=st.sampled_from([None, "approx", "up_to", "less_than", "odd"]),
    timeframe=MAYBE,
    confirmed=st.booleans(),
    note=MAYBE,
    trial=st.sampled_from([None, "ATAC", "atac", "x"]),
    arm_size=st.none() | st.integers(0, 10_000),
    event=MAYBE,
    contradicted_by=st.none() | st.builds(Contradiction, TEXT, TEXT),
)
EFFECT = st.builds(
    SideEffect,
    id=TEXT,
    name=TEXT,
    system=st.sampled_from(["musculoskeletal", "vasomotor", "nowhere", ""]),
    mechanism=TEXT,
    seriousness=TEXT,
    aliases=TEXTS,
    lay_terms=TEXTS,
    populations=TEXTS,
    notes=TEXTS,
    monitoring=TEXTS,
    helps=st.lists(st.builds(Advice, TEXT, TEXT, MAYBE), max_size=2).map(tuple),
    seek_care=st.lists(
        st.builds(
            WarningSign, st.sampled_from(["emergency", "urgent", "routine", "?"]), TEXT, TEXT
        ),
        max_size=2,
    ).map(tuple),
    related=TEXTS,
    sources=TEXTS,
    frequencies=st.lists(FREQUENCY, max_size=3).map(tuple),
    label_frequency=st.none() | st.builds(LabelFrequency, TEXT, TEXT, st.booleans()),
    time_course=st.none() | st.builds(TimeCourse, TEXT, TEXTS, MAYBE, MAYBE, MAYBE),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(EFFECT, min_size=1, max_size=3))
def test_any_effect(dataset: Dataset, effects: list[SideEffect]) -> None:
    """Every kind of value, the bundled data's systems, trials and figures around it."""
    mixed = replace(dataset, effects=(*effects, dataset.effects[0]))
    assert list(effect_jsons(mixed)) == plain_jsons(mixed)


def test_values_json_writes_its_own_way(dataset: Dataset) -> None:
    """nan, infinity and a flag where a number stands go through json.dumps (NaN, true)."""
    odd = Frequency(low=math.nan, high=math.inf, source="s", population="p")
    flagged = Frequency(low=True, high=2.0, source="s", population="p")
    effects = tuple(
        SideEffect(id="x", name="X", system="s", mechanism="m", seriousness="common", frequencies=f)
        for f in ((odd,), (flagged,))
    )
    mixed = replace(dataset, effects=effects)
    written = list(effect_jsons(mixed))
    assert written == plain_jsons(mixed)
    assert '"low": NaN, "high": Infinity' in written[0]
    assert '"low": true' in written[1]
