"""Bands and figure text: the numbers people read."""

from __future__ import annotations

import pytest

from anastro_cli.model.records import Frequency
from anastro_cli.model.titles import short_title
from anastro_cli.model.vocab import band_of, band_range


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (100, "very common"),
        (10, "very common"),
        (9.99, "common"),
        (1, "common"),
        (0.99, "uncommon"),
        (0.1, "uncommon"),
        (0.099, "rare"),
        (0.01, "rare"),
        (0.009, "very rare"),
        (0, "none reported"),
    ],
)
def test_cioms_band_boundaries(percent: float, band: str) -> None:
    assert band_of(percent) == band


def test_a_range_across_bands_names_both_ends() -> None:
    assert band_range(0.5, 2) == "uncommon to common"
    assert band_range(20, 30) == "very common"


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "text", "band"),
    [
        (36, 36, None, "36%", "very common"),
        (35, 40, None, "35-40%", "very common"),
        (15, 15, "approx", "~15%", "very common"),
        (40, 40, "up_to", "up to 40%", "very common at most"),
        (0, 1, "less_than", "<1%", "uncommon"),
        (0.5, 2, None, "0.5-2%", "uncommon to common"),
    ],
)
def test_frequency_text_and_band(
    low: float, high: float, qualifier: str | None, text: str, band: str
) -> None:
    figure = Frequency(low=low, high=high, source="s", population="p", qualifier=qualifier)
    assert figure.text == text
    assert figure.band == band


@pytest.mark.parametrize(
    ("source_id", "kind", "title", "year", "short"),
    [
        ("seed-organ", "seed", "Uncited overview of anastro", None, "uncited overview"),
        ("recalled", "unconfirmed", "Not read", None, "recalled, not read in a copy"),
        ("nhs", "label", "NHS medicines - Anastrozole (nhs.uk)", None, "NHS medicines"),
        ("s", "trial", "Sestak et al., Ann Oncol 2018;29:504", 2018, "Sestak et al. 2018"),
        ("j", "review", "J Oncol 2010;654348 'Musculoskeletal'", None, "J Oncol 2010"),
        ("m", "unconfirmed", "Goss PE et al. J Clin Oncol", 2013, "Goss PE et al. 2013 (recalled)"),
    ],
)
def test_source_short_titles_are_plain_words(
    source_id: str, kind: str, title: str, year: int | None, short: str
) -> None:
    assert short_title(source_id, kind, title, year) == short


def test_a_one_field_record_compares_and_hashes_as_a_frozen_dataclass() -> None:
    import dataclasses

    from anastro_cli.model.frozen import record

    @record
    class One:
        x: float

    @dataclasses.dataclass(frozen=True)
    class Two:
        x: float

    nan = float("nan")
    assert (One(nan) == One(nan)) is (Two(nan) == Two(nan)) is True
    assert hash(One(1.5)) == hash(Two(1.5)) == hash((1.5,))
