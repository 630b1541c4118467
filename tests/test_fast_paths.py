"""The start-up fast paths behave exactly as the paths they replace (issue 16): records
without dataclass machinery, a stored dataset decoded part by part."""

from __future__ import annotations

import dataclasses

import pytest

from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import FrozenInstanceError, fields_of, replace
from anastro_cli.model.records import Arm, Source, Trial


def test_records_compare_hash_and_print_as_frozen_dataclasses() -> None:
    arm = Arm("anastrozole", 3092)
    assert arm == Arm(drug="anastrozole", n=3092)
    assert hash(arm) == hash(Arm("anastrozole", 3092))
    assert arm != Arm("anastrozole", 3094)
    assert arm != ("anastrozole", 3092)
    assert Arm("letrozole") == Arm("letrozole", None)
    assert repr(arm) == "Arm(drug='anastrozole', n=3092)"
    assert len({arm, Arm("anastrozole", 3092), Arm("tamoxifen", 3094)}) == 2
    assert fields_of(Trial)[:3] == ("id", "name", "source")


def test_records_are_immutable_and_check_their_arguments() -> None:
    source = Source("nhs", "NHS anastrozole", "patient-info", "high")
    with pytest.raises(FrozenInstanceError):
        source.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del source.id  # type: ignore[misc]
    assert replace(source, year=2024) == Source(
        "nhs", "NHS anastrozole", "patient-info", "high", 2024
    )
    assert source.year is None
    for bad in (
        Arm,
        lambda: Arm("a", 1, 2),  # type: ignore[call-arg]
        lambda: Arm("a", drug="b"),  # type: ignore[misc]
        lambda: Arm("a", size=1),  # type: ignore[call-arg]
    ):
        with pytest.raises(TypeError):
            bad()


def test_a_stored_dataset_decodes_each_part_when_first_used() -> None:
    stored = load()
    assert stored.store is not None
    assert not {"figures", "trials", "sources"} & set(vars(stored))
    assert stored.figures_for("hot-flashes")
    assert "figures" in vars(stored)
    built = load(use_cache=False)
    assert stored == built  # every part decoded, and equal to the compiled one's
    copy = dataclasses.replace(stored, effects=tuple(stored.effects))
    assert copy.store is None
    assert copy == stored
    assert isinstance(copy, Dataset)
