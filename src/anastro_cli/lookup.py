"""Finding things in a dataset by what people type: systems, effects, comparators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anastro_cli.model import MEASURE_UNITS, Comparator, Dataset, Frequency, SideEffect, System

ANASTROZOLE = "anastrozole"
# Which figure leads in a summary: confirmed first, then primary evidence (trial reports, the
# label and review tables of trials) over summaries, then the largest trial arm.
KIND_RANK = {"trial": 0, "label": 0, "review": 0, "secondary": 1, "seed": 2, "unconfirmed": 3}


class UnknownName(Exception):
    """Input that names nothing known; the message lists what is known."""

    def __init__(self, message: str, choices: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.choices = tuple(choices)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("_", "-").split())


def resolve(kind: str, text: str, names: dict[str, list[str]]) -> str:
    """The one id whose names match text exactly, or else the one whose name it prefixes."""
    wanted = _norm(text)
    if not wanted:
        raise UnknownName(f"no {kind} given", list(names))
    exact = [key for key, aliases in names.items() if wanted in (_norm(a) for a in aliases)]
    if len(exact) == 1:
        return exact[0]
    prefixed = [
        key for key, aliases in names.items() if any(_norm(a).startswith(wanted) for a in aliases)
    ]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise UnknownName(
            f"{kind} {text!r} is ambiguous: it could be {', '.join(prefixed)}", prefixed
        )
    raise UnknownName(f"unknown {kind} {text!r}", list(names))


def resolve_system(dataset: Dataset, text: str) -> System:
    exact = next((s for s in dataset.systems if _norm(text) in (s.id, _norm(s.name))), None)
    if exact is not None:  # a system's own id or name always wins over another's alias
        return exact
    names = {s.id: [s.id, s.name, *s.aliases] for s in dataset.systems}
    system_id = resolve("system", text, names)
    system = dataset.system(system_id)
    assert system is not None
    return system


def resolve_comparator(dataset: Dataset, text: str) -> Comparator:
    names = {c.id: [c.id, c.name, *c.brands] for c in dataset.comparators}
    comparator_id = resolve("drug", text, names)
    return next(c for c in dataset.comparators if c.id == comparator_id)


def resolve_effect(dataset: Dataset, text: str) -> SideEffect | None:
    """An effect named exactly by id, name or alias (any case); None when nothing is exact."""
    wanted = _norm(text)
    candidates: Sequence[SideEffect] = dataset.effects
    if dataset.store is not None:
        from anastro_cli.search import fold

        # Equal after _norm means equal after fold: the store's phrase index narrows the
        # search to the few effects with that name, alias or id, still in data order.
        folded = fold(text)
        if folded:
            candidates = dataset.store.effects_named(folded)
    for effect in candidates:
        if wanted in {_norm(effect.id), _norm(effect.name), *(_norm(a) for a in effect.aliases)}:
            return effect
    return None


def filter_effects(
    dataset: Dataset,
    system: System | None = None,
    population: str | None = None,
    serious: bool = False,
) -> Sequence[SideEffect]:
    """Effects in display order (system order, then data order), filtered. Filtering reads
    only each effect's row, so a compiled dataset loads just the effects chosen."""
    order = {s.id: i for i, s in enumerate(dataset.systems)}
    chosen = [
        row
        for row in dataset.effect_rows()
        if (system is None or row.system == system.id)
        and (
            population is None
            or population in row.populations
            or "all" in row.populations
            or population == "all"
        )
        and (not serious or row.seriousness == "rare-serious")
    ]
    chosen.sort(key=lambda row: (order.get(row.system, len(order)), row.position))
    return dataset.effects_at([row.position for row in chosen])


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
