"""Bands and figure text: the numbers people read."""

from __future__ import annotations

import pytest

from anastro_cli.model.records import Frequency
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
