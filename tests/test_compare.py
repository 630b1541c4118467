"""compare: head-to-head first, own trials apart, directions right, names forgiving."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anastro_cli.compare import compare, difference
from anastro_cli.dataset.trials import parse_arm_value
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import ArmValue
from anastro_cli.model.vocab import HEAD_TO_HEAD, OWN_TRIALS
from anastro_cli.resolve import UnknownName

REQUIRED_TAMOXIFEN_EFFECTS = {
    "hot-flashes",
    "arthralgia",
    "fractures",
    "osteoporosis",
    "vaginal-bleeding",
    "vaginal-discharge",
    "endometrial-cancer",
    "blood-clots",
    "cardiovascular-events",
    "cataracts",
}


def test_tamoxifen_rows_cover_the_key_events_from_atac(dataset: Dataset) -> None:
    comparison = compare(dataset, "tamoxifen")
    atac = {r.effect for r in comparison.rows if r.trial_id == "atac"}
    assert atac >= REQUIRED_TAMOXIFEN_EFFECTS
    assert all(r.section == HEAD_TO_HEAD for r in comparison.rows)


def test_every_row_stays_inside_one_trial(dataset: Dataset) -> None:
    for name in ("tamoxifen", "letrozole", "exemestane"):
        for row in compare(dataset, name).rows:
            trial = dataset.trial(row.trial_id)
            assert trial is not None
            arms = {a.drug for a in trial.arms}
            assert row.drug in arms
            assert row.comparator in arms


@pytest.mark.parametrize(
    ("effect", "higher"),
    [
        ("hot-flashes", "tamoxifen"),
        ("arthralgia", "anastrozole"),
        ("fractures", "anastrozole"),
        ("vaginal-bleeding", "tamoxifen"),
        ("vaginal-discharge", "tamoxifen"),
        ("blood-clots", "tamoxifen"),
        ("endometrial-cancer", "tamoxifen"),
        ("cardiovascular-events", "anastrozole"),
        ("cataracts", "tamoxifen"),
    ],
)
def test_atac_directions_match_the_trial(dataset: Dataset, effect: str, higher: str) -> None:
    rows = [
        r
        for r in compare(dataset, "tamoxifen").rows
        if r.trial_id == "atac" and r.effect == effect and r.higher
    ]
    assert rows
    assert {r.higher for r in rows} == {higher}


def test_letrozole_uses_face_head_to_head_then_own_trials(dataset: Dataset) -> None:
    comparison = compare(dataset, "Femara")
    assert comparison.comparator.id == "letrozole"
    direct = [r for r in comparison.rows if r.section == HEAD_TO_HEAD]
    assert {r.trial_id for r in direct} <= {"face"}
    assert {"arthralgia", "hot-flashes", "fatigue"} <= {r.effect for r in direct}
    own = [r for r in comparison.rows if r.section == OWN_TRIALS]
    assert own
    assert {r.trial_id for r in own} == {"atac", "big-1-98"}
    assert all(r.comparator == "tamoxifen" for r in own)
    assert not {r.effect for r in own} & {"arthralgia", "hot-flashes", "fatigue"}
    assert any("head to head" in note for note in comparison.notes)


def test_exemestane_uses_ma27_and_ies(dataset: Dataset) -> None:
    comparison = compare(dataset, "aromasin")
    trials = {r.trial_id for r in comparison.rows}
    assert trials & {"ma27", "ma27b"}
    assert "ies" in trials
    unconfirmed = [
        r
        for r in comparison.rows
        if r.trial_id == "ma27" and r.drug_value and r.drug_value.value is not None
    ]
    assert unconfirmed
    assert not any(r.confirmed for r in unconfirmed)


def test_conflicting_sources_stay_as_separate_rows(dataset: Dataset) -> None:
    rows = [
        r
        for r in compare(dataset, "tamoxifen").rows
        if r.trial_id == "atac" and r.effect == "high-cholesterol"
    ]
    pairs = {
        (
            r.drug_value.value if r.drug_value else None,
            r.comparator_value.value if r.comparator_value else None,
        )
        for r in rows
    }
    assert {(9.0, 3.0), (9.0, 3.5)} <= pairs


def test_unknown_and_ambiguous_names(dataset: Dataset) -> None:
    with pytest.raises(UnknownName):
        compare(dataset, "aspirin")
    with pytest.raises(UnknownName):
        compare(dataset, "")


def test_difference_and_bounds() -> None:
    assert difference(ArmValue(35.7), ArmValue(40.9)) == (-5.2, "second")
    assert difference(ArmValue(3.0), ArmValue(3.0)) == (0.0, "equal")
    assert difference(ArmValue(1.0, "less_than"), ArmValue(2.0)) == (None, "second")
    assert difference(ArmValue(1.0, "less_than"), ArmValue(0.5)) == (None, None)
    assert difference(None, ArmValue(2.0)) == (None, None)


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)))
def test_arm_values_parse_or_are_rejected(raw: object) -> None:
    value = parse_arm_value(raw)
    if value is not None and value.value is not None:
        assert value.value == value.value  # never NaN
        assert value.qualifier in (None, "less_than")


def test_less_than_strings_parse() -> None:
    assert parse_arm_value("<0.1") == ArmValue(0.1, "less_than")
    assert parse_arm_value(" < 1 ") == ArmValue(1.0, "less_than")
    assert parse_arm_value("about 3") is None
