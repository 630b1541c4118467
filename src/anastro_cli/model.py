"""Plain, frozen data types shared by every layer. No I/O, no printing, no third-party imports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

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


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    kind: str
    quality: str
    year: int | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class System:
    id: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()  # everyday words for it: bone, heart, skin ...


@dataclass(frozen=True)
class Frequency:
    """How often an effect occurs, as one source reports it (never merged with another)."""

    low: float
    high: float
    source: str
    population: str
    qualifier: str | None = None
    timeframe: str | None = None
    confirmed: bool = True
    note: str | None = None
    trial: str | None = None
    arm_size: int | None = None
    event: str | None = None

    @property
    def band(self) -> str:
        if self.qualifier == "less_than":
            return band_of(max(self.high - 1e-9, 0.0))
        if self.qualifier == "up_to":
            return f"{band_of(self.high)} at most"
        return band_range(self.low, self.high)

    @property
    def text(self) -> str:
        """The figure as people read it: '36%', '20-30%', '~15%', 'up to 40%', '<1%'."""
        low, high = _num(self.low), _num(self.high)
        core = f"{low}%" if low == high else f"{low}-{high}%"
        if self.qualifier == "approx":
            return f"~{core}"
        if self.qualifier == "up_to":
            return f"up to {high}%"
        if self.qualifier == "less_than":
            return f"<{high}%"
        return core


def _num(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class SideEffect:
    id: str
    name: str
    system: str
    mechanism: str
    seriousness: str
    aliases: tuple[str, ...] = ()
    lay_terms: tuple[str, ...] = ()
    populations: tuple[str, ...] = ("all",)
    notes: tuple[str, ...] = ()
    monitoring: tuple[str, ...] = ()
    helps: tuple[str, ...] = ()
    seek_care: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    frequencies: tuple[Frequency, ...] = ()


@dataclass(frozen=True)
class Marker:
    id: str
    name: str
    direction: str
    explanation: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourcedText:
    text: str
    source: str
    kind: str | None = None


@dataclass(frozen=True)
class Range:
    label: str
    low: float | None
    high: float | None
    unit: str
    source: str
    confirmed: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Finding:
    label: str
    value: str
    trial: str
    source: str
    confirmed: bool = True
    note: str | None = None


@dataclass(frozen=True)
class MenInfo:
    summary: str = ""
    points: tuple[SourcedText, ...] = ()
    estradiol_ranges: tuple[Range, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Drug:
    name: str
    drug_class: str
    target: str
    summary: str
    why_side_effects: str
    disclaimer: str
    brands: tuple[str, ...] = ()
    generics: str = ""
    dose: str = ""
    dose_source: str | None = None
    indications: tuple[SourcedText, ...] = ()
    conversions: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparator:
    id: str
    name: str
    drug_class: str
    mechanism: str
    who_can_take: str
    brands: tuple[str, ...] = ()
    points: tuple[SourcedText, ...] = ()


@dataclass(frozen=True)
class Arm:
    drug: str
    n: int | None = None


@dataclass(frozen=True)
class Trial:
    id: str
    name: str
    source: str
    design: str = ""
    setting: str = ""
    arms: tuple[Arm, ...] = ()
    follow_up: str | None = None
    head_to_head: tuple[str, ...] = ()
    confirmed: bool = True
    note: str | None = None
    parent: str | None = None  # a substudy names the trial it belongs to

    def arm_size(self, drug: str) -> int | None:
        for arm in self.arms:
            if arm.drug == drug:
                return arm.n
        return None


@dataclass(frozen=True)
class ArmValue:
    """One arm's figure: a number, optionally '<' (as in '<1%'), or absent."""

    value: float | None
    qualifier: str | None = None

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        prefix = "<" if self.qualifier == "less_than" else ""
        return f"{prefix}{_num(self.value)}"


@dataclass(frozen=True)
class Figure:
    """A per-arm adverse-event figure from one trial, as one source reports it."""

    trial: str
    event: str
    source: str
    values: tuple[tuple[str, ArmValue], ...] = ()
    counts: tuple[tuple[str, int], ...] = ()
    arm_sizes: tuple[tuple[str, int], ...] = ()  # when a figure counts a subset of the arm
    effect: str | None = None
    measure: str = "percent_patients"
    follow_up: str | None = None
    ratio: str | None = None
    p_value: str | None = None
    direction: str | None = None
    pooled: float | None = None
    confirmed: bool = True
    note: str | None = None

    def value(self, drug: str) -> ArmValue | None:
        for name, value in self.values:
            if name == drug:
                return value
        return None

    def count(self, drug: str) -> int | None:
        """Patients with the event in the drug's arm, where the source gives a count."""
        for name, count in self.counts:
            if name == drug:
                return count
        return None

    def arm_size(self, drug: str, trial: Trial | None) -> int | None:
        """The denominator of this figure's arm: its own, else the trial's."""
        for name, size in self.arm_sizes:
            if name == drug:
                return size
        return trial.arm_size(drug) if trial else None


@dataclass(frozen=True)
class Contrast:
    comparator: str
    topic: str
    anastrozole: str
    comparator_text: str
    source: str
    effect: str | None = None


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    version: str
    date: str


class EffectStore(Protocol):
    """Where a compiled dataset keeps its effects (store.py): read one at a time, not all."""

    def effect(self, effect_id: str) -> SideEffect | None: ...

    def counts(self) -> dict[str, int]: ...

    def rows(self) -> list[EffectRow]: ...

    def selection(self, positions: list[int]) -> Sequence[SideEffect]: ...

    def effects_named(self, folded: str) -> Sequence[SideEffect]: ...


@dataclass(frozen=True)
class EffectRow:
    """What filtering needs of an effect, without the effect: its position in data order."""

    position: int
    system: str
    populations: tuple[str, ...]
    seriousness: str


@dataclass(frozen=True)
class Dataset:
    info: DatasetInfo
    drug: Drug
    systems: tuple[System, ...]
    sources: tuple[Source, ...]
    effects: Sequence[SideEffect]  # a tuple, or a compiled dataset's lazy sequence
    markers: tuple[Marker, ...] = ()
    men: MenInfo = field(default_factory=MenInfo)
    comparators: tuple[Comparator, ...] = ()
    trials: tuple[Trial, ...] = ()
    figures: tuple[Figure, ...] = ()
    contrasts: tuple[Contrast, ...] = ()
    # Set only by the store that holds this dataset. dataclasses.replace() drops it, so a copy
    # with other effects is searched and looked up from its own effects, never the store's.
    store: EffectStore | None = field(default=None, init=False, compare=False, repr=False)

    # Lookups by id; each table is built once per dataset (frozen dataclasses allow
    # cached_property because it writes to the instance dict directly).
    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def _effects_by_id(self) -> dict[str, SideEffect]:
        return {e.id: e for e in self.effects}

    @cached_property
    def _trials_by_id(self) -> dict[str, Trial]:
        return {t.id: t for t in self.trials}

    @cached_property
    def _figures_by_effect(self) -> dict[str, tuple[Figure, ...]]:
        grouped: dict[str, list[Figure]] = {}
        for figure in self.figures:
            if figure.effect is not None:
                grouped.setdefault(figure.effect, []).append(figure)
        return {key: tuple(value) for key, value in grouped.items()}

    @cached_property
    def _effect_counts(self) -> dict[str, int]:
        if self.store is not None:
            return self.store.counts()
        counts: dict[str, int] = {}
        for effect in self.effects:
            counts[effect.system] = counts.get(effect.system, 0) + 1
        return counts

    def figures_for(self, effect_id: str) -> tuple[Figure, ...]:
        """The trial figures linked to an effect, in data order."""
        return self._figures_by_effect.get(effect_id, ())

    def source(self, source_id: str) -> Source | None:
        return self._sources_by_id.get(source_id)

    def system(self, system_id: str) -> System | None:
        return next((s for s in self.systems if s.id == system_id), None)

    def effects_in(self, system_id: str) -> int:
        """How many effects belong to a system."""
        return self._effect_counts.get(system_id, 0)

    def effect(self, effect_id: str) -> SideEffect | None:
        if self.store is not None:
            return self.store.effect(effect_id)
        return self._effects_by_id.get(effect_id)

    def effect_rows(self) -> list[EffectRow]:
        """Every effect's position, system, populations and seriousness, in data order."""
        if self.store is not None:
            return self.store.rows()
        return [
            EffectRow(position, e.system, e.populations, e.seriousness)
            for position, e in enumerate(self.effects)
        ]

    def effects_at(self, positions: list[int]) -> Sequence[SideEffect]:
        """The effects at these positions, in this order (a store reads only those)."""
        if self.store is not None:
            return self.store.selection(positions)
        return tuple(self.effects[p] for p in positions)

    def trial(self, trial_id: str) -> Trial | None:
        return self._trials_by_id.get(trial_id)
