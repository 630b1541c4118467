"""Validating effects and their frequency figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from anastro_cli.dataset.fast_effects import EFFECT_KEYS, FREQUENCY_KEYS, fast_effect
from anastro_cli.dataset.problems import Checker
from anastro_cli.dataset.reader import FieldReader, Refs, records, unique
from anastro_cli.model.records import (
    Advice,
    Contradiction,
    Frequency,
    LabelFrequency,
    SideEffect,
    TimeCourse,
    WarningSign,
)
from anastro_cli.model.vocab import (
    LABEL_CATEGORIES,
    POPULATIONS,
    QUALIFIERS,
    REVERSES,
    SERIOUSNESS,
    TIERS,
)


def effects_of(
    checker: Checker, merged: dict[str, Any], system_ids: set[str], refs: Refs
) -> list[SideEffect]:
    result: list[SideEffect] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "effects"):
        effect = fast_effect(node, seen, system_ids, refs.source_ids)
        if effect is not None:  # nothing wrong with it: read as below, field by field, faster
            result.append(effect)
            continue
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(EFFECT_KEYS)
        effect_id = r.ident()
        unique(checker, seen, r, effect_id)
        system = r.text("system")
        if system and system not in system_ids:
            known = ", ".join(sorted(system_ids)) or "none: add a systems section"
            r.problem("system", f"unknown system {system!r} (known: {known})")
        populations = r.text_list("populations") or ("all",)
        for population in populations:
            if population not in POPULATIONS:
                r.problem(
                    "populations",
                    f"unknown population {population!r} (expected: {', '.join(POPULATIONS)})",
                )
        frequencies: list[Frequency] = []
        for index, item in enumerate(r.items("frequencies")):
            frequency = _frequency(checker, item, f"{path}.frequencies[{index}]", refs)
            if frequency is not None:
                frequencies.append(frequency)
        result.append(
            SideEffect(
                id=effect_id,
                name=r.text("name"),
                system=system,
                mechanism=r.text("mechanism"),
                seriousness=r.choice("seriousness", SERIOUSNESS) or "common",
                aliases=distinct(r.text_list("aliases")),
                lay_terms=distinct(r.text_list("lay_terms")),
                populations=populations,
                notes=r.text_list("notes"),
                monitoring=r.text_list("monitoring"),
                helps=tuple(_helps(checker, r, path, refs)),
                seek_care=tuple(_warnings(checker, r, path, refs)),
                related=r.text_list("related"),
                sources=refs.sources(r),
                frequencies=tuple(frequencies),
                label_frequency=_label_frequency(checker, r, path, refs),
                time_course=_time_course(checker, r, path, refs),
            )
        )
    return result


def _helps(checker: Checker, r: FieldReader, path: str, refs: Refs) -> list[Advice]:
    """What helps: each with its source, and the trial or review behind it when there is one."""
    found: list[Advice] = []
    for index, node in enumerate(r.items("helps")):
        item = FieldReader(checker, node, f"{path}.helps[{index}]")
        item.check_keys(("text", "source", "evidence"))
        found.append(Advice(item.text("text"), refs.source(item), item.opt_text("evidence")))
    return found


def _warnings(checker: Checker, r: FieldReader, path: str, refs: Refs) -> list[WarningSign]:
    """When to get help: each line with its urgency tier (never guessed) and its source."""
    found: list[WarningSign] = []
    for index, node in enumerate(r.items("seek_care")):
        item = FieldReader(checker, node, f"{path}.seek_care[{index}]")
        item.check_keys(("tier", "text", "source"))
        tier = item.choice("tier", TIERS)
        found.append(WarningSign(tier or "", item.text("text"), refs.source(item)))
    return found


def _label_frequency(
    checker: Checker, r: FieldReader, path: str, refs: Refs
) -> LabelFrequency | None:
    node = r.node.get("label_frequency")
    if node is None:
        return None
    item = FieldReader(checker, node, f"{path}.label_frequency")
    if not item.ok:
        return None
    item.check_keys(("category", "source", "confirmed"))
    category = item.choice("category", LABEL_CATEGORIES)
    source = refs.source(item)
    if category is None:
        return None
    return LabelFrequency(category, source, item.flag("confirmed"))


def _time_course(checker: Checker, r: FieldReader, path: str, refs: Refs) -> TimeCourse | None:
    node = r.node.get("time_course")
    if node is None:
        return None
    item = FieldReader(checker, node, f"{path}.time_course", sourced=True)
    if not item.ok:
        return None
    item.check_keys(("text", "sources", "onset", "course", "reverses"))
    sources = refs.sources(item)
    onset, course = item.opt_text("onset"), item.opt_text("course")
    if (onset or course) and not sources:
        item.problem("sources", "an onset or course needs the source that gives it")
    return TimeCourse(
        text=item.text("text"),
        sources=sources,
        onset=onset,
        course=course,
        reverses=item.choice("reverses", REVERSES, required=False),
    )


def distinct(items: tuple[str, ...]) -> tuple[str, ...]:
    """Items without repeats that differ only in case (the first spelling wins)."""
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return tuple(kept)


def effect_nodes(
    merged: dict[str, Any], effects: list[SideEffect]
) -> Iterator[tuple[Any, SideEffect]]:
    """Each effect's mapping and the effect read from it (the last of its id)."""
    by_id = {e.id: e for e in effects}
    for node in merged.get("effects") or []:
        if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"] in by_id:
            yield node, by_id[node["id"]]


def _frequency(checker: Checker, node: Any, path: str, refs: Refs) -> Frequency | None:
    r = FieldReader(checker, node, path)
    if not r.ok:
        return None
    r.check_keys(FREQUENCY_KEYS)
    low = r.number("low", low=0, high=100)
    high = r.number("high", low=0, high=100)
    qualifier = r.choice("qualifier", QUALIFIERS, required=False)
    source = refs.source(r)
    if low is not None and high is not None and low > high:
        r.problem("low", f"low ({low:g}) must not be above high ({high:g})")
        return None
    if low is None or high is None:
        return None
    contradicted_by = None
    against = r.node.get("contradicted_by")
    if against is not None:
        c = FieldReader(checker, against, f"{path}.contradicted_by", sourced=True)
        if c.ok:
            c.check_keys(("source", "text"))
            contradicted_by = Contradiction(refs.source(c), c.text("text"))
    confirmed = r.flag("confirmed")
    if contradicted_by is not None and confirmed:
        r.problem("confirmed", "a figure a stronger source contradicts cannot be confirmed")
    return Frequency(
        low=low,
        high=high,
        source=source,
        population=r.text("population"),
        qualifier=qualifier,
        timeframe=r.opt_text("timeframe"),
        confirmed=confirmed,
        note=r.opt_text("note"),
        trial=r.opt_text("trial"),
        contradicted_by=contradicted_by,
    )
