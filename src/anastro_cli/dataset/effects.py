"""Validating effects and their frequency figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from anastro_cli.dataset.problems import Checker
from anastro_cli.dataset.reader import FieldReader, Refs, records, unique
from anastro_cli.model.records import (
    Frequency,
    SideEffect,
)
from anastro_cli.model.vocab import POPULATIONS, QUALIFIERS, SERIOUSNESS

EFFECT_KEYS = (
    "id",
    "name",
    "aliases",
    "lay_terms",
    "system",
    "populations",
    "seriousness",
    "mechanism",
    "notes",
    "monitoring",
    "helps",
    "seek_care",
    "related",
    "sources",
    "frequencies",
)
FREQUENCY_KEYS = (
    "low",
    "high",
    "qualifier",
    "population",
    "timeframe",
    "source",
    "confirmed",
    "note",
)


def effects_of(
    checker: Checker, merged: dict[str, Any], system_ids: set[str], refs: Refs
) -> list[SideEffect]:
    result: list[SideEffect] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "effects"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(EFFECT_KEYS)
        effect_id = r.ident()
        unique(checker, seen, r, effect_id)
        system = r.text("system")
        if system and system not in system_ids:
            r.problem(
                "system", f"unknown system {system!r} (known: {', '.join(sorted(system_ids))})"
            )
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
                helps=r.text_list("helps"),
                seek_care=r.text_list("seek_care"),
                related=r.text_list("related"),
                sources=refs.sources(r),
                frequencies=tuple(frequencies),
            )
        )
    return result


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
) -> Iterator[tuple[str, Any, SideEffect]]:
    by_id = {e.id: e for e in effects}
    for node in merged.get("effects") or []:
        if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"] in by_id:
            yield f"effects[{node['id']}]", node, by_id[node["id"]]


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
    return Frequency(
        low=low,
        high=high,
        source=source,
        population=r.text("population"),
        qualifier=qualifier,
        timeframe=r.opt_text("timeframe"),
        confirmed=r.flag("confirmed"),
        note=r.opt_text("note"),
    )
