"""Closed vocabularies of the data and the CIOMS frequency bands. A leaf of the model."""

from __future__ import annotations

MEASURE_UNITS: dict[str, str] = {
    "percent_patients": "% of patients",
    "percent_change": "% change",
    "rate_per_1000_patient_years": "per 1,000 patient-years",
    "percent_per_year": "% per year",
}
# Units of a difference between two arms, spelt out (JSON, CSV) and short (tables).
DIFFERENCE_UNITS: dict[str, str] = {
    "percent_patients": "percentage points",
    "percent_change": "percentage points",
    "rate_per_1000_patient_years": "per 1,000 patient-years",
    "percent_per_year": "percentage points per year",
}
DIFFERENCE_SHORT: dict[str, str] = {
    "percent_patients": "pts",
    "percent_change": "pts",
    "rate_per_1000_patient_years": "per 1,000 pt-yrs",
    "percent_per_year": "pts/yr",
}
MEASURES: tuple[str, ...] = (
    "percent_patients",
    "percent_change",
    "rate_per_1000_patient_years",
    "percent_per_year",
)
QUALIFIERS: tuple[str, ...] = ("approx", "up_to", "less_than")
POPULATIONS: tuple[str, ...] = ("all", "women", "men", "premenopausal")
SERIOUSNESS: tuple[str, ...] = ("common", "rare-serious")
# How urgently to get help, most urgent first: an ambulance or the local emergency number;
# the care team today; the next appointment (or sooner if it bothers you).
TIERS: tuple[str, ...] = ("emergency", "same-day", "next-visit")
# The label's own frequency categories (CIOMS, as the SmPC uses them).
LABEL_CATEGORIES: tuple[str, ...] = (
    "very common",
    "common",
    "uncommon",
    "rare",
    "very rare",
    "not known",
)
REVERSES: tuple[str, ...] = ("yes", "partly", "no", "not known")
# Each tier in words that survive NO_COLOR and a printer: a short mark and what to do.
TIER_MARKS: dict[str, str] = {
    "emergency": "EMERGENCY",
    "same-day": "TODAY",
    "next-visit": "NEXT VISIT",
}
TIER_ACTIONS: dict[str, str] = {
    "emergency": "call 999 (UK), 112 (EU), 911 (US) or your local emergency number",
    "same-day": "contact your care team today",
    "next-visit": "mention it at your next appointment, or sooner if it bothers you",
}
SOURCE_KINDS: tuple[str, ...] = ("label", "trial", "review", "secondary", "seed", "unconfirmed")

# CIOMS frequency bands, lower bound in percent (inclusive), most frequent first.
BANDS: tuple[tuple[str, float], ...] = (
    ("very common", 10.0),
    ("common", 1.0),
    ("uncommon", 0.1),
    ("rare", 0.01),
    ("very rare", 0.0),
)


def band_of(percent: float) -> str:
    """The CIOMS band of a percentage: very common >= 10%, common 1-10%, ... very rare < 0.01%.

    Zero is no band at all: a figure of 0% means nobody in that group reported it."""
    if percent <= 0:
        return "none reported"
    for name, lower in BANDS:
        if percent >= lower:
            return name
    return BANDS[-1][0]


def band_range(low: float, high: float) -> str:
    """The band of a range; a range that crosses bands names both ends."""
    low_band, high_band = band_of(low), band_of(high)
    return low_band if low_band == high_band else f"{low_band} to {high_band}"


# The sections of a comparison: trials that randomised the two drugs against each other, and
# each drug's own trials against a common comparator (never one comparison across trials).
HEAD_TO_HEAD = "head-to-head"
OWN_TRIALS = "own-trials"
