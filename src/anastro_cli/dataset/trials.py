"""Validating trials, their two-arm figures and the plain-language contrasts."""

from __future__ import annotations

import math
from typing import Any

from anastro_cli.dataset.problems import Checker
from anastro_cli.dataset.reader import LESS_THAN, FieldReader, Refs, records, unique
from anastro_cli.model.records import (
    Arm,
    ArmValue,
    Contrast,
    Figure,
    Trial,
)
from anastro_cli.model.vocab import MEASURES


def trials_of(checker: Checker, merged: dict[str, Any], refs: Refs) -> list[Trial]:
    result: list[Trial] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "trials"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(
            (
                "id",
                "name",
                "design",
                "setting",
                "arms",
                "follow_up",
                "head_to_head",
                "parent",
                "source",
                "confirmed",
                "note",
            )
        )
        trial_id = r.ident()
        unique(checker, seen, r, trial_id)
        arms: list[Arm] = []
        for index, item in enumerate(r.items("arms")):
            a = FieldReader(checker, item, f"{path}.arms[{index}]")
            if a.ok:
                a.check_keys(("drug", "n", "dose"))
                arms.append(Arm(a.text("drug"), a.integer("n")))
        head_to_head = r.text_list("head_to_head")
        arm_names = {a.drug for a in arms}
        for drug in head_to_head:
            if drug not in arm_names:
                r.problem("head_to_head", f"{drug!r} is not one of the trial's arms")
        result.append(
            Trial(
                id=trial_id,
                name=r.text("name"),
                source=refs.source(r),
                design=r.text("design", required=False),
                setting=r.text("setting", required=False),
                arms=tuple(arms),
                follow_up=r.opt_text("follow_up"),
                head_to_head=head_to_head,
                confirmed=r.flag("confirmed"),
                note=r.opt_text("note"),
                parent=r.opt_text("parent"),
            )
        )
    ids = {t.id for t in result}
    for (path, node, _), trial in zip(records(checker, merged, "trials"), result, strict=False):
        if trial.parent is not None and trial.parent not in ids:
            checker.add(node, "parent", f"{path}.parent", f"unknown trial id {trial.parent!r}")
    return result


FIGURE_KEYS = (
    "trial",
    "event",
    "effect",
    "values",
    "counts",
    "arm_sizes",
    "measure",
    "follow_up",
    "ratio",
    "p_value",
    "direction",
    "pooled",
    "source",
    "confirmed",
    "note",
)


def _arm_counts(r: FieldReader, key: str) -> list[tuple[str, int]]:
    """A mapping of arm name to a whole number (events, or the arm's size for this figure)."""
    raw_counts = r.node.get(key) or {}
    if not isinstance(raw_counts, dict):
        r.problem(key, "must be a mapping of arm to a whole number")
        return []
    result: list[tuple[str, int]] = []
    for arm, raw in raw_counts.items():
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            r.problem(key, f"{arm}: {raw!r} is not a whole number")
            continue
        result.append((str(arm), raw))
    return result


def parse_arm_value(raw: Any) -> ArmValue | None:
    """A figure's arm value: a number, a '<1'-style bound, or null. None when unreadable."""
    if raw is None:
        return ArmValue(None)
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        number = float(raw)
        return ArmValue(number) if math.isfinite(number) else None
    if isinstance(raw, str):
        match = LESS_THAN.match(raw)
        if match:
            return ArmValue(float(match.group(1)), "less_than")
    return None


def figures_of(
    checker: Checker,
    merged: dict[str, Any],
    refs: Refs,
    trials: dict[str, Trial],
    effect_ids: set[str],
) -> list[Figure]:
    result: list[Figure] = []
    for path, node, _ in records(checker, merged, "figures"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(FIGURE_KEYS)
        trial_id = r.text("trial")
        trial = trials.get(trial_id)
        if trial_id and trial is None:
            r.problem("trial", f"unknown trial id {trial_id!r}")
        arm_names = {a.drug for a in trial.arms} if trial else set()
        measure = r.choice("measure", MEASURES, required=False) or "percent_patients"
        values: list[tuple[str, ArmValue]] = []
        raw_values = r.node.get("values") or {}
        if not isinstance(raw_values, dict):
            r.problem("values", "must be a mapping of arm to figure")
            raw_values = {}
        for arm, raw in raw_values.items():
            value = parse_arm_value(raw)
            if value is None:
                r.problem("values", f"{arm}: {raw!r} is not a number, a '<N' bound or null")
                continue
            if trial and arm not in arm_names:
                r.problem("values", f"{arm!r} is not an arm of trial {trial_id!r}")
            if (
                measure == "percent_patients"
                and value.value is not None
                and not 0 <= value.value <= 100
            ):
                r.problem("values", f"{arm}: {value.value:g} is not a percentage (0-100)")
            values.append((str(arm), value))
        counts = _arm_counts(r, "counts")
        arm_sizes = _arm_counts(r, "arm_sizes")
        effect = r.opt_text("effect")
        if effect and effect not in effect_ids:
            r.problem("effect", f"unknown effect id {effect!r}")
        result.append(
            Figure(
                trial=trial_id,
                event=r.text("event"),
                source=refs.source(r),
                values=tuple(values),
                counts=tuple(counts),
                arm_sizes=tuple(arm_sizes),
                effect=effect,
                measure=measure,
                follow_up=r.opt_text("follow_up"),
                ratio=r.opt_text("ratio"),
                p_value=r.opt_text("p_value"),
                direction=r.opt_text("direction"),
                pooled=r.number("pooled", required=False, low=0, high=100),
                confirmed=r.flag("confirmed"),
                note=r.opt_text("note"),
            )
        )
    return result


def contrasts_of(
    checker: Checker,
    merged: dict[str, Any],
    refs: Refs,
    comparator_ids: set[str],
    effect_ids: set[str],
) -> list[Contrast]:
    result: list[Contrast] = []
    for path, node, _ in records(checker, merged, "contrasts"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("comparator", "topic", "effect", "anastrozole", "comparator_text", "source"))
        comparator = r.text("comparator")
        if comparator and comparator not in comparator_ids:
            r.problem("comparator", f"unknown comparator {comparator!r}")
        effect = r.opt_text("effect")
        if effect and effect not in effect_ids:
            r.problem("effect", f"unknown effect id {effect!r}")
        result.append(
            Contrast(
                comparator=comparator,
                topic=r.text("topic"),
                anastrozole=r.text("anastrozole"),
                comparator_text=r.text("comparator_text"),
                source=refs.source(r),
                effect=effect,
            )
        )
    return result
