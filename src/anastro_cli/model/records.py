"""The frozen records of a dataset: sources, effects, figures, trials. No I/O, no libraries."""

from __future__ import annotations

from anastro_cli.model.frozen import record
from anastro_cli.model.vocab import TIERS, band_of, band_range


@record
class Source:
    id: str
    title: str
    kind: str
    quality: str
    year: int | None = None
    url: str | None = None
    note: str | None = None

    @property
    def short(self) -> str:
        """A few words for screens ("NHS medicines", "Sestak et al. 2018", "J Oncol 2010");
        the id and the full title stay in JSON, CSV and `anastro sources`."""
        from anastro_cli.model.titles import short_title  # screens only: not on a JSON path

        return short_title(self.id, self.kind, self.title, self.year)


@record
class System:
    id: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()  # everyday words for it: bone, heart, skin ...


@record
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
    contradicted_by: Contradiction | None = None

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


@record
class Contradiction:
    """A stronger source that gives a different value for the same thing."""

    source: str
    text: str  # short, e.g. "35.6% in ATAC"


@record
class LabelFrequency:
    """The label's own frequency category for an effect (the SmPC's CIOMS band)."""

    category: str
    source: str
    confirmed: bool = True


@record
class Advice:
    """Something that helps: practical advice (evidence None) or backed by a trial or review."""

    text: str
    source: str
    evidence: str | None = None  # one line: trial or review, its size, its result


@record
class WarningSign:
    """When to get help, and how urgently (one of model.vocab.TIERS)."""

    tier: str
    text: str
    source: str


@record
class TimeCourse:
    """When an effect usually starts, how it goes, whether it reverses after stopping."""

    text: str
    sources: tuple[str, ...] = ()
    onset: str | None = None
    course: str | None = None
    reverses: str | None = None


@record
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
    helps: tuple[Advice, ...] = ()
    seek_care: tuple[WarningSign, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    frequencies: tuple[Frequency, ...] = ()
    label_frequency: LabelFrequency | None = None
    time_course: TimeCourse | None = None

    @property
    def urgency(self) -> str | None:
        """The most urgent tier of its warning signs (None when it has none)."""
        ranks = [TIERS.index(w.tier) for w in self.seek_care if w.tier in TIERS]
        return TIERS[min(ranks)] if ranks else None


@record
class Marker:
    id: str
    name: str
    direction: str
    explanation: str
    sources: tuple[str, ...] = ()
    lay_terms: tuple[str, ...] = ()  # how people name the test ("e2 level", "good cholesterol")


@record
class SourcedText:
    text: str
    source: str
    kind: str | None = None


@record
class Range:
    label: str
    low: float | None
    high: float | None
    unit: str
    source: str
    confirmed: bool = True
    note: str | None = None


@record
class Finding:
    label: str
    value: str
    trial: str
    source: str
    confirmed: bool = True
    note: str | None = None


@record
class TopicPoint:
    text: str
    source: str
    confirmed: bool = True


@record
class Topic:
    """A question beyond side effects (interactions, pregnancy, missed dose ...): key points
    each with its source, what to do, and related entries."""

    id: str
    title: str
    summary: str
    lay_terms: tuple[str, ...] = ()
    points: tuple[TopicPoint, ...] = ()
    actions: tuple[SourcedText, ...] = ()  # kind: the urgency tier of an action, if any
    related: tuple[str, ...] = ()

    @property
    def urgency(self) -> str | None:
        """The most urgent tier of its actions ("go to A&E": emergency), None without one."""
        ranks = [TIERS.index(a.kind) for a in self.actions if a.kind in TIERS]
        return TIERS[min(ranks)] if ranks else None


@record
class Question:
    """A question to take to an appointment, and the effects it applies to (none: any)."""

    text: str
    source: str
    effects: tuple[str, ...] = ()


@record
class MenInfo:
    summary: str = ""
    points: tuple[SourcedText, ...] = ()
    estradiol_ranges: tuple[Range, ...] = ()
    findings: tuple[Finding, ...] = ()


@record
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


@record
class Comparator:
    id: str
    name: str
    drug_class: str
    mechanism: str
    who_can_take: str
    brands: tuple[str, ...] = ()
    points: tuple[SourcedText, ...] = ()


@record
class Arm:
    drug: str
    n: int | None = None


@record
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


@record
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


@record
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


@record
class Contrast:
    comparator: str
    topic: str
    anastrozole: str
    comparator_text: str
    source: str
    effect: str | None = None


@record
class DatasetInfo:
    name: str
    version: str
    date: str


# Every record type the compiled store may hold, by class name (names are stored, so unique).
RECORD_TYPES: tuple[type, ...] = (
    Source,
    System,
    Frequency,
    Contradiction,
    LabelFrequency,
    Advice,
    WarningSign,
    TimeCourse,
    SideEffect,
    TopicPoint,
    Topic,
    Question,
    Marker,
    SourcedText,
    Range,
    Finding,
    MenInfo,
    Drug,
    Comparator,
    Arm,
    Trial,
    ArmValue,
    Figure,
    Contrast,
    DatasetInfo,
)
