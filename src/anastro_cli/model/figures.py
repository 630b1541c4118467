"""Derived figures of an effect: every incidence figure, the headline, trial findings."""

from __future__ import annotations

from collections.abc import Sequence

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import record
from anastro_cli.model.records import Frequency, SideEffect, Trial, WarningSign
from anastro_cli.model.vocab import MEASURE_UNITS, TIERS

ANASTROZOLE = "anastrozole"
ATAC = "atac"  # the adjuvant trial behind the label's figures
# The steps of the headline rule (see headline), most trusted first.
HEADLINE_ATAC, HEADLINE_ADJUVANT, HEADLINE_ADVANCED, HEADLINE_OTHER = 0, 1, 2, 3
HEADLINE_UNCONFIRMED, HEADLINE_SEED = 4, 5


@record
class TrialFinding:
    """A linked trial figure that is not a percentage of patients (a BMD change, a rate)."""

    event: str
    trial: str
    value: str
    comparator: str
    measure: str
    source: str
    confirmed: bool


def frequencies(dataset: Dataset, effect: SideEffect) -> list[Frequency]:
    """Every incidence figure for effect: its own, then the anastrozole arm of linked trials.

    An unconfirmed trial figure that repeats a figure already listed (the same trial, the same
    value; the event's wording may differ, as "Fracture" and "All fractures" do) adds only
    doubt, so it is left out of the card and of `show --json`; its row, with the comparator
    arm, stays in `compare`."""
    result = list(effect.frequencies)
    for figure in dataset.figures_for(effect.id):
        if figure.measure != "percent_patients":
            continue
        value = figure.value(ANASTROZOLE)
        if value is None or value.value is None:
            continue
        trial = dataset.trial(figure.trial)
        name = trial.name if trial else figure.trial
        result.append(
            Frequency(
                low=0.0 if value.qualifier == "less_than" else value.value,
                high=value.value,
                source=figure.source,
                population=f"anastrozole arm, {name}",
                qualifier=value.qualifier,
                timeframe=figure.follow_up or (trial.follow_up if trial else None),
                confirmed=figure.confirmed,
                note=figure.note,
                trial=name,
                arm_size=figure.arm_size(ANASTROZOLE, trial),
                event=figure.event,
            )
        )
    own = len(effect.frequencies)
    return result[:own] + [
        f for i, f in enumerate(result[own:], own) if f.confirmed or not _repeats(result, i)
    ]


def _repeats(figures: Sequence[Frequency], index: int) -> bool:
    """Whether figures[index] repeats a confirmed figure, or an earlier one, of its trial."""
    this = figures[index]
    return any(
        f.trial == this.trial and (f.low, f.high) == (this.low, this.high)
        for i, f in enumerate(figures)
        if i != index and (f.confirmed or i < index)
    )


def trial_findings(dataset: Dataset, effect: SideEffect) -> list[TrialFinding]:
    result: list[TrialFinding] = []
    for figure in dataset.figures_for(effect.id):
        if figure.measure == "percent_patients":
            continue
        value = figure.value(ANASTROZOLE)
        if value is None or value.value is None:
            continue
        others = [
            f"{arm} {v.text}"
            for arm, v in figure.values
            if arm != ANASTROZOLE and v.value is not None
        ]
        trial = dataset.trial(figure.trial)
        result.append(
            TrialFinding(
                event=figure.event,
                trial=trial.name if trial else figure.trial,
                value=f"{value.text} {MEASURE_UNITS.get(figure.measure, '')}".strip(),
                comparator=", ".join(others),
                measure=figure.measure,
                source=figure.source,
                confirmed=figure.confirmed,
            )
        )
    return result


def headline(dataset: Dataset, figures: Sequence[Frequency]) -> Frequency | None:
    """The figure every view and format leads with; the others stay one command away.

    One rule, in this order: confirmed figures from ATAC (the adjuvant trial behind the label,
    its substudies included); confirmed figures from other adjuvant randomised trials; the
    label's advanced-disease tables; other confirmed figures (reviews, label text); figures
    not confirmed in a primary source; the uncited seed last. Within a step the largest arm
    wins, then data order. A figure a stronger source contradicts is never the headline."""
    candidates = [f for f in figures if f.contradicted_by is None]
    return min(candidates, key=lambda f: headline_rank(dataset, f), default=None)


def headline_rank(dataset: Dataset, frequency: Frequency) -> tuple[int, int]:
    """Where a figure stands in the headline rule (lower leads): (step, -arm size)."""
    source = dataset.source(frequency.source)
    kind = source.kind if source else "unconfirmed"
    trial = _trial_named(dataset, frequency.trial)
    if not frequency.confirmed:
        step = HEADLINE_SEED if kind == "seed" else HEADLINE_UNCONFIRMED
    elif trial is not None and ATAC in (trial.id, trial.parent):
        step = HEADLINE_ATAC
    elif trial is not None and "advanced" in trial.setting:
        step = HEADLINE_ADVANCED
    elif trial is not None and ("adjuvant" in trial.setting or "DCIS" in trial.setting):
        step = HEADLINE_ADJUVANT
    else:
        step = HEADLINE_OTHER
    return step, -(frequency.arm_size or 0)


def _trial_named(dataset: Dataset, name: str | None) -> Trial | None:
    if name is None:
        return None
    return dataset.trial(name) or next((t for t in dataset.trials if t.name == name), None)


def one_in(percent: float) -> str:
    """A percentage as people say it: 35.6 -> 'about 1 in 3', 2.6 -> 'about 1 in 40'."""
    if percent <= 0:
        return "none reported"
    if percent >= 75:
        return "most people"
    ratio = 100 / percent
    nice = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80, 100]
    nice += [150, 200, 250, 300, 400, 500, 1000, 2000, 5000, 10000]
    closest = min(nice, key=lambda n: abs(n - ratio) / n)
    return f"about 1 in {closest}"


def plain_frequency(frequency: Frequency) -> str:
    """'about 1 in 3 (35.6%, very common)' and its qualifiers, in words."""
    if frequency.qualifier == "less_than":
        share = one_in(frequency.high)
        words = (
            f"fewer than {share.removeprefix('about ')}"
            if share.startswith("about")
            else f"under {frequency.high:g}%"
        )
    elif frequency.qualifier == "up_to":
        words = f"up to {one_in(frequency.high)}"
    else:
        words = one_in((frequency.low + frequency.high) / 2)
    return f"{words} ({frequency.text}, {frequency.band})"


SOURCE_WORDS = {
    "label": "label",
    "trial": "trial report",
    "review": "review",
    "secondary": "summary",
    "seed": "uncited overview",
    "unconfirmed": "unconfirmed copy",
}


def where_from(dataset: Dataset, frequency: Frequency) -> str:
    """Where a figure comes from in plain words: its trial ('ATAC'), else the kind of source
    ('label', 'review', 'uncited overview'); ids stay in JSON, CSV and `anastro sources`."""
    if frequency.trial:
        return frequency.trial
    source = dataset.source(frequency.source)
    return SOURCE_WORDS.get(source.kind, "a source") if source else "a source"


def cited(dataset: Dataset, source_id: str, trial: str | None = None) -> str:
    """A source in plain words for screens: its short title, after the trial when one is named
    and the title does not already say it ('ATAC, Drugs.com'); the id stays in JSON and CSV."""
    source = dataset.source(source_id)
    title = source.short if source is not None else source_id
    return f"{trial}, {title}" if trial and trial not in title else title


def how_common(dataset: Dataset, effect: SideEffect) -> str:
    """'about 1 in 3 in ATAC (35.6%, very common); label: very common'."""
    lead = headline(dataset, frequencies(dataset, effect))
    parts = []
    if lead is not None:
        words = plain_frequency(lead)
        fraction, rest = words.split(" (", 1)
        words = f"{fraction} in {where_from(dataset, lead)} ({rest}"
        if not lead.confirmed:
            words += ", not confirmed in a primary source"
        parts.append(words)
    else:
        parts.append("no figure in the sources here")
    if effect.label_frequency is not None:
        label = effect.label_frequency
        mark = "" if label.confirmed else " (not confirmed)"
        parts.append(f"label: {label.category}{mark}")
    return "; ".join(parts)


def warning_signs(dataset: Dataset, tiers: tuple[str, ...]) -> list[tuple[SideEffect, WarningSign]]:
    """Every warning sign of these tiers, most urgent tier first, then in data order."""
    found = [(e, w) for e in dataset.effects for w in e.seek_care if w.tier in tiers]
    return sorted(found, key=lambda pair: TIERS.index(pair[1].tier))
