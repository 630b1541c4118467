"""Joining anastrozole with a comparator's trial figures, never mixing trials in one row."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.figures import ANASTROZOLE
from anastro_cli.model.frozen import record, replace
from anastro_cli.model.records import ArmValue, Comparator, Contrast, Figure, Trial
from anastro_cli.model.vocab import HEAD_TO_HEAD, OWN_TRIALS
from anastro_cli.resolve import resolve_comparator

T = TypeVar("T")
REFERENCE_ARM = "tamoxifen"  # the common comparator of the aromatase-inhibitor trials


@record
class Row:
    """One event in one trial: two arms of the same trial, or one arm when the other is missing."""

    section: str
    event: str
    effect: str | None
    trial_id: str
    trial: str
    drug: str
    drug_value: ArmValue | None
    drug_n: int | None
    comparator: str
    comparator_value: ArmValue | None
    comparator_n: int | None
    measure: str
    sources: tuple[str, ...]
    confirmed: bool
    difference: float | None
    higher: str | None
    direction: str | None = None
    ratio: str | None = None
    p_value: str | None = None
    follow_up: str | None = None
    pooled: float | None = None
    note: str | None = None
    drug_events: int | None = None
    comparator_events: int | None = None


@record
class Comparison:
    drug: str
    comparator: Comparator
    trials: tuple[Trial, ...]
    head_to_head_trials: tuple[Trial, ...]
    rows: tuple[Row, ...]
    contrasts: tuple[Contrast, ...]
    notes: tuple[str, ...]
    chosen_trials: tuple[Trial, ...] = ()  # the head-to-head trials asked for, with or without rows


@record
class ComparatorSummary:
    comparator: Comparator
    head_to_head: tuple[Trial, ...]
    own_trials: tuple[Trial, ...]


def available(dataset: Dataset) -> list[ComparatorSummary]:
    """What anastro can compare with, and which trials back each comparison."""
    result = []
    for comparator in dataset.comparators:
        direct = tuple(t for t in dataset.trials if _randomised(t, ANASTROZOLE, comparator.id))
        own = tuple(
            t
            for t in dataset.trials
            if comparator.id != REFERENCE_ARM and _randomised(t, comparator.id, REFERENCE_ARM)
        )
        result.append(ComparatorSummary(comparator, direct, own))
    return result


def _randomised(trial: Trial, first: str, second: str) -> bool:
    return first in trial.head_to_head and second in trial.head_to_head


def difference(first: ArmValue | None, second: ArmValue | None) -> tuple[float | None, str | None]:
    """Absolute difference first - second and which is higher; None when either is a bound."""
    if first is None or second is None or first.value is None or second.value is None:
        return None, None
    if first.qualifier or second.qualifier:
        return None, _higher_with_bounds(first, second)
    delta = round(first.value - second.value, 2)
    return delta, ("equal" if delta == 0 else ("first" if delta > 0 else "second"))


def _higher_with_bounds(first: ArmValue, second: ArmValue) -> str | None:
    # '<1' against 2 is still clearly lower; '<1' against 0.5 is not decidable.
    assert first.value is not None
    assert second.value is not None
    if first.qualifier == "less_than" and second.qualifier != "less_than":
        return "second" if second.value >= first.value else None
    if second.qualifier == "less_than" and first.qualifier != "less_than":
        return "first" if first.value >= second.value else None
    return None


def _row(section: str, figure: Figure, trial: Trial, drug: str, comparator: str) -> Row:
    drug_value, comparator_value = figure.value(drug), figure.value(comparator)
    delta, higher = difference(drug_value, comparator_value)
    named = {"first": drug, "second": comparator, "equal": "equal"}.get(higher or "")
    return Row(
        section=section,
        event=figure.event,
        effect=figure.effect,
        trial_id=trial.id,
        trial=trial.name,
        drug=drug,
        drug_value=drug_value,
        drug_n=figure.arm_size(drug, trial),
        comparator=comparator,
        comparator_value=comparator_value,
        comparator_n=figure.arm_size(comparator, trial),
        measure=figure.measure,
        sources=(figure.source,),
        confirmed=figure.confirmed,
        difference=delta,
        higher=named,
        direction=figure.direction,
        ratio=figure.ratio,
        p_value=figure.p_value,
        follow_up=figure.follow_up or trial.follow_up,
        pooled=figure.pooled,
        note=figure.note,
        drug_events=figure.count(drug),
        comparator_events=figure.count(comparator),
    )


def _has_content(figure: Figure, drug: str, comparator: str) -> bool:
    values = [figure.value(drug), figure.value(comparator)]
    has_number = any(v is not None and v.value is not None for v in values)
    return has_number or bool(figure.direction) or figure.pooled is not None


def _combine(first: Row, second: Row) -> Row:
    """One row from two that report the same numbers. A confirmed figure leads and keeps its
    own statistics; an unconfirmed one only adds its source (so a recalled odds ratio is never
    shown as confirmed)."""
    lead, other = (second, first) if second.confirmed and not first.confirmed else (first, second)
    same_standing = lead.confirmed == other.confirmed
    same_name = other.event.casefold() in lead.event.casefold()

    def pick(mine: T | None, theirs: T | None) -> T | None:
        return mine if mine is not None or not same_standing else theirs

    return replace(
        lead,
        sources=lead.sources + tuple(s for s in other.sources if s not in lead.sources),
        event=lead.event if same_name else " / ".join(sorted((lead.event, other.event), key=len)),
        confirmed=lead.confirmed or other.confirmed,
        # Both descriptions of the period are kept: the sources describe one analysis each.
        follow_up="; ".join(dict.fromkeys(f for f in (lead.follow_up, other.follow_up) if f))
        or None,
        note=pick(lead.note, other.note),
        ratio=pick(lead.ratio, other.ratio),
        p_value=pick(lead.p_value, other.p_value),
        drug_events=pick(lead.drug_events, other.drug_events),
        comparator_events=pick(lead.comparator_events, other.comparator_events),
    )


def _merge_same(rows: list[Row]) -> list[Row]:
    """Rows that repeat the same numbers for the same event in one trial become one row
    listing every source; rows whose numbers differ stay apart, each with its own source."""
    merged: dict[tuple[object, ...], Row] = {}
    for row in rows:
        key = (
            row.section,
            row.trial_id,
            row.effect or row.event.casefold(),
            row.measure,
            row.drug_value,
            row.comparator_value,
            row.direction,
            row.pooled,
            row.drug_n,  # different denominators stay apart
            row.comparator_n,
        )
        if key in merged and row.drug_value is not None and row.drug_value.value is not None:
            merged[key] = _combine(merged[key], row)
        else:
            merged[key if key not in merged else (*key, len(merged))] = row
    return list(merged.values())


def compare(
    dataset: Dataset,
    drug_name: str,
    *,
    system: str | None = None,
    linked_only: bool = True,
    trial: str | None = None,
) -> Comparison:
    """Anastrozole against one comparator: head-to-head trials first, then (for the other
    aromatase inhibitors) each drug's own trial against tamoxifen, side by side but apart.

    trial: None for the main head-to-head trial and its substudies (trials whose parent it
    is, such as atac-bone), "all" for every head-to-head trial, or a trial id or name.
    """
    comparator = resolve_comparator(dataset, drug_name)
    effects = {e.id: e for e in dataset.effects}
    trial_order = {t.id: i for i, t in enumerate(dataset.trials)}
    system_order = {s.id: i for i, s in enumerate(dataset.systems)}
    effect_order = {e.id: i for i, e in enumerate(dataset.effects)}

    def wanted(figure: Figure) -> bool:
        if linked_only and figure.effect is None:
            return False
        if system is None:
            return True
        effect = effects.get(figure.effect or "")
        return effect is not None and effect.system == system

    randomised = [t for t in dataset.trials if _randomised(t, ANASTROZOLE, comparator.id)]
    direct = _chosen_trials(dataset, randomised, trial)
    asked_for = tuple(direct)
    rows: list[Row] = []
    for chosen in direct:
        for figure in dataset.figures:
            if (
                figure.trial == chosen.id
                and wanted(figure)
                and _has_content(figure, ANASTROZOLE, comparator.id)
            ):
                rows.append(_row(HEAD_TO_HEAD, figure, chosen, ANASTROZOLE, comparator.id))
    covered = {
        r.effect
        for r in rows
        if r.effect and r.drug_value is not None and r.drug_value.value is not None
    }
    with_rows = {r.trial_id for r in rows}
    direct = [t for t in direct if t.id in with_rows]
    used = list(direct)
    if comparator.id != REFERENCE_ARM and trial is None:  # a chosen trial is shown alone
        own_rows = _own_trial_rows(dataset, comparator, covered, wanted)
        rows.extend(own_rows)
        used += [
            t for t in dataset.trials if t.id in {r.trial_id for r in own_rows} and t not in used
        ]

    def sort_key(row: Row) -> tuple[object, ...]:
        effect = effects.get(row.effect or "")
        # Head-to-head rows go event by event; rows from each drug's own trial stay in one
        # block per trial, so no row invites a reading across two trials.
        own_trial = row.section != HEAD_TO_HEAD
        return (
            0 if not own_trial else 1,
            trial_order.get(row.trial_id, 999) if own_trial else 0,
            system_order.get(effect.system, 99) if effect else 99,
            effect_order.get(row.effect or "", 999),
            trial_order.get(row.trial_id, 999),
            row.event.casefold(),
        )

    rows = sorted(_merge_same(rows), key=sort_key)
    contrasts = tuple(
        c
        for c in dataset.contrasts
        if c.comparator == comparator.id
        and (system is None or (c.effect is not None and effects[c.effect].system == system))
    )
    return Comparison(
        drug=ANASTROZOLE,
        comparator=comparator,
        trials=tuple(used),
        head_to_head_trials=tuple(direct),
        rows=tuple(rows),
        contrasts=contrasts,
        notes=tuple(_notes(comparator, direct, rows, randomised, asked_for)),
        chosen_trials=asked_for,
    )


def _chosen_trials(dataset: Dataset, randomised: list[Trial], wanted: str | None) -> list[Trial]:
    if wanted is not None and wanted.strip().casefold() == "all":
        return randomised
    if wanted is not None:
        from anastro_cli.resolve import resolve

        names = {t.id: [t.id, t.name] for t in randomised}
        chosen = resolve("trial", wanted, names)
        return [t for t in randomised if t.id == chosen]
    main = _largest(dataset, randomised)
    if main is None:
        return []
    return [t for t in randomised if main.id in (t.id, t.parent)]


def _own_trial_rows(
    dataset: Dataset,
    comparator: Comparator,
    covered: set[str],
    wanted: Callable[[Figure], bool],
) -> list[Row]:
    """For events no head-to-head trial measured: anastrozole's trials against tamoxifen and the
    comparator's trials against tamoxifen, each row inside its own trial."""
    ours = [t for t in dataset.trials if _randomised(t, ANASTROZOLE, REFERENCE_ARM)]
    theirs = [t for t in dataset.trials if _randomised(t, comparator.id, REFERENCE_ARM)]
    ours_main, theirs_main = _largest(dataset, ours), _largest(dataset, theirs)
    if ours_main is None or theirs_main is None:
        return []
    pairs = [(ours_main, ANASTROZOLE), (theirs_main, comparator.id)]
    by_side: list[list[Row]] = []
    for trial, drug in pairs:
        side = [
            _row(OWN_TRIALS, f, trial, drug, REFERENCE_ARM)
            for f in dataset.figures
            if f.trial == trial.id
            and wanted(f)
            and f.effect not in covered
            and _has_content(f, drug, REFERENCE_ARM)
            and _number(f.value(drug)) is not None
        ]
        by_side.append(side)
    shared = {r.effect for r in by_side[0]} & {r.effect for r in by_side[1]}
    return [r for side in by_side for r in side if r.effect in shared]


def _number(value: ArmValue | None) -> float | None:
    return None if value is None else value.value


def _largest(dataset: Dataset, trials: list[Trial]) -> Trial | None:
    """The trial with the most figures: the main trial for a drug pair (ATAC, BIG 1-98, IES)."""
    counts = {t.id: sum(1 for f in dataset.figures if f.trial == t.id) for t in trials}
    return max(trials, key=lambda t: (counts[t.id], -trials.index(t)), default=None)


def _notes(
    comparator: Comparator,
    direct: list[Trial],
    rows: list[Row],
    randomised: list[Trial],
    asked_for: tuple[Trial, ...] = (),
) -> list[str]:
    notes: list[str] = []
    if direct:
        names = ", ".join(t.name for t in direct)
        notes.append(
            f"Head-to-head figures come from trials that randomised anastrozole "
            f"against {comparator.name.lower()}: {names}."
        )
    elif not randomised:
        notes.append(f"No trial here randomised anastrozole against {comparator.name.lower()}.")
    shown = {t.id for t in direct} | {t.id for t in asked_for}
    others = [t for t in randomised if t.id not in shown]
    if others:
        names = ", ".join(f"{t.name} ({t.id})" for t in others)
        notes.append(
            f"Other trials that randomised the two drugs: {names}. Show them with "
            f"--trial ID or --trial all; some report no per-drug figures."
        )
    if any(r.section == OWN_TRIALS for r in rows):
        notes.append(
            f"The 'not compared head to head' tables show each drug against {REFERENCE_ARM} "
            f"in its own trial. Do not compare figures across those trials: they differ in "
            f"patients, timing, definitions and follow-up."
        )
    if any(not r.confirmed for r in rows):
        notes.append("* not confirmed in a primary source.")
    notes.append("Differences are in percentage points within one trial, never across trials.")
    return notes
