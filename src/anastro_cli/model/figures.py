"""Derived figures of an effect: every incidence figure, the headline, trial findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.records import Frequency, SideEffect
from anastro_cli.model.vocab import MEASURE_UNITS

ANASTROZOLE = "anastrozole"
# Which figure leads in a summary: confirmed first, then primary evidence (trial reports, the
# label and review tables of trials) over summaries, then the largest trial arm.
KIND_RANK = {"trial": 0, "label": 0, "review": 0, "secondary": 1, "seed": 2, "unconfirmed": 3}


@dataclass(frozen=True)
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
    """Every incidence figure for effect: its own, then the anastrozole arm of linked trials."""
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
    return result


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
    """The figure a one-line summary leads with; the others stay one command away."""

    def rank(frequency: Frequency) -> tuple[int, int, int]:
        source = dataset.source(frequency.source)
        kind = KIND_RANK.get(source.kind, 9) if source else 9
        return (0 if frequency.confirmed else 1, kind, -(frequency.arm_size or 0))

    return min(figures, key=rank, default=None)
