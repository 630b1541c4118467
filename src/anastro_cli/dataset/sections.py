"""Validating the sections other than effects and trials: dataset, sources, systems, drug,
markers, men and comparators; and the whole conversion from merged YAML to a Dataset."""

from __future__ import annotations

from typing import Any

from anastro_cli.dataset.effects import distinct, effect_nodes, effects_of
from anastro_cli.dataset.problems import Checker
from anastro_cli.dataset.reader import FieldReader, Refs, records, unique
from anastro_cli.dataset.topics import questions_of, topics_of
from anastro_cli.dataset.trials import contrasts_of, figures_of, trials_of
from anastro_cli.dataset.yamlsafe import Problem
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import replace
from anastro_cli.model.records import (
    Comparator,
    DatasetInfo,
    Drug,
    Finding,
    Marker,
    MenInfo,
    Range,
    SideEffect,
    Source,
    SourcedText,
    System,
    Topic,
)
from anastro_cli.model.vocab import SOURCE_KINDS


def convert(merged: dict[str, Any], checker: Checker, *, require_all: bool) -> Dataset | None:
    for section in ("dataset", "drug", "systems", "sources", "effects"):
        if require_all and section not in merged:
            checker.problems.append(
                Problem("<data>", 0, 0, section, "section is missing from the dataset")
            )
    info = _info(checker, merged.get("dataset")) if "dataset" in merged else None
    sources = _sources(checker, merged)
    source_ids = {s.id for s in sources}
    systems = _systems(checker, merged)
    system_ids = {s.id for s in systems}
    refs = Refs(checker, source_ids)
    drug = _drug(checker, merged.get("drug"), refs) if "drug" in merged else None
    effects = effects_of(checker, merged, system_ids, refs)
    effect_ids = {e.id for e in effects}
    markers = _markers(checker, merged, refs)
    men = _men(checker, merged.get("men"), refs) if "men" in merged else MenInfo()
    comparators = _comparators(checker, merged, refs)
    trials = trials_of(checker, merged, refs)
    figures = figures_of(checker, merged, refs, {t.id: t for t in trials}, effect_ids)
    contrasts = contrasts_of(checker, merged, refs, {c.id for c in comparators}, effect_ids)
    topics = topics_of(checker, merged, refs)
    questions = questions_of(checker, merged, refs, effect_ids)
    trial_names = {t.id: t.name for t in trials}
    _check_links(checker, merged, effects, topics, trial_names)
    effects = [_with_trial_names(e, trial_names) for e in effects]
    if not require_all and (info is None or drug is None):
        info = info or DatasetInfo("partial dataset", "0", "")
        drug = drug or Drug("", "", "", "", "", "")
    if info is None or drug is None:
        return None
    return Dataset(
        info=info,
        drug=drug,
        systems=tuple(systems),
        sources=tuple(sources),
        effects=tuple(effects),
        markers=tuple(markers),
        men=men,
        comparators=tuple(comparators),
        trials=tuple(trials),
        figures=tuple(figures),
        contrasts=tuple(contrasts),
        topics=tuple(topics),
        questions=tuple(questions),
    )


def _check_links(
    checker: Checker,
    merged: dict[str, Any],
    effects: list[SideEffect],
    topics: list[Topic],
    trial_names: dict[str, str],
) -> None:
    """Every related id names an effect (or, from a topic, an effect or a topic); every
    effect figure's trial is a known trial; no topic shares an id with an effect."""
    effect_ids = {e.id for e in effects}
    topic_ids = {t.id for t in topics}
    for effect_node, effect in effect_nodes(merged, effects):
        for related in effect.related:
            if related not in effect_ids and related not in topic_ids:
                checker.add(
                    effect_node,
                    "related",
                    f"effects[{effect.id}].related",
                    f"unknown id {related!r}",
                )
        for index, frequency in enumerate(effect.frequencies):
            if frequency.trial is not None and frequency.trial not in trial_names:
                checker.add(
                    effect_node,
                    "frequencies",
                    f"effects[{effect.id}].frequencies[{index}].trial",
                    f"unknown trial id {frequency.trial!r}",
                )
    for path, node, _ in records(checker, merged, "topics"):
        if not isinstance(node, dict):
            continue
        topic_id = node.get("id")
        if topic_id in effect_ids:
            checker.add(node, "id", f"{path}.id", f"{topic_id!r} is already an effect id")
        for related in node.get("related") or []:
            if isinstance(related, str) and related not in effect_ids | topic_ids:
                checker.add(node, "related", f"{path}.related", f"unknown id {related!r}")


def _with_trial_names(effect: SideEffect, trial_names: dict[str, str]) -> SideEffect:
    """An effect's own figures name their trial as people know it (ATAC), not by its id."""
    if not any(f.trial in trial_names for f in effect.frequencies):
        return effect
    figures = tuple(
        replace(f, trial=trial_names[f.trial]) if f.trial in trial_names else f
        for f in effect.frequencies
    )
    return replace(effect, frequencies=figures)


def _info(checker: Checker, node: Any) -> DatasetInfo:
    r = FieldReader(checker, node, "dataset")
    r.check_keys(("name", "version", "date"))
    return DatasetInfo(r.text("name"), r.text("version"), r.text("date"))


def _sources(checker: Checker, merged: dict[str, Any]) -> list[Source]:
    result: list[Source] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "sources"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "title", "kind", "quality", "year", "url", "note"))
        source_id = r.ident()
        unique(checker, seen, r, source_id)
        year = r.integer("year")
        result.append(
            Source(
                id=source_id,
                title=r.text("title"),
                kind=r.choice("kind", SOURCE_KINDS) or "",
                quality=r.text("quality"),
                year=year,
                url=r.opt_text("url"),
                note=r.opt_text("note"),
            )
        )
    return result


def _systems(checker: Checker, merged: dict[str, Any]) -> list[System]:
    result: list[System] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "systems"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "name", "description", "aliases"))
        system_id = r.ident()
        unique(checker, seen, r, system_id)
        result.append(
            System(
                system_id,
                r.text("name"),
                r.text("description", required=False),
                distinct(r.text_list("aliases")),
            )
        )
    # An everyday word may name one system only, and never another system's id or name.
    owners: dict[str, str] = {}
    for system in result:
        for name in (system.id, system.name.casefold()):
            owners.setdefault(name, system.id)
    for (path, node, _), system in zip(records(checker, merged, "systems"), result, strict=False):
        for alias in system.aliases:
            owner = owners.setdefault(alias.casefold(), system.id)
            if owner != system.id:
                checker.add(
                    node, "aliases", f"{path}.aliases", f"{alias!r} already names system {owner!r}"
                )
    return result


def _sourced_texts(
    checker: Checker, reader: FieldReader, key: str, refs: Refs
) -> tuple[SourcedText, ...]:
    result: list[SourcedText] = []
    for index, item in enumerate(reader.items(key)):
        r = FieldReader(checker, item, f"{reader.path}.{key}[{index}]")
        if not r.ok:
            continue
        r.check_keys(("text", "source", "kind"))
        kind = r.choice("kind", ("approved", "off-label"), required=False)
        result.append(SourcedText(r.text("text"), refs.source(r), kind))
    return tuple(result)


def _drug(checker: Checker, node: Any, refs: Refs) -> Drug:
    r = FieldReader(checker, node, "drug")
    r.check_keys(
        (
            "name",
            "brands",
            "generics",
            "dose",
            "drug_class",
            "target",
            "summary",
            "why_side_effects",
            "indications",
            "conversions",
            "sources",
            "disclaimer",
        )
    )
    dose_text, dose_source = "", None
    dose = r.node.get("dose")
    if dose is not None:
        d = FieldReader(checker, dose, "drug.dose")
        if d.ok:
            d.check_keys(("amount", "unit", "schedule", "source"))
            amount = d.number("amount", low=0)
            dose_text = f"{amount:g} {d.text('unit')} {d.text('schedule', required=False)}".strip()
            dose_source = refs.source(d)
    conversions: list[tuple[str, str]] = []
    for index, item in enumerate(r.items("conversions")):
        c = FieldReader(checker, item, f"drug.conversions[{index}]")
        if c.ok:
            c.check_keys(("from", "to"))
            conversions.append((c.text("from"), c.text("to")))
    return Drug(
        name=r.text("name"),
        drug_class=r.text("drug_class"),
        target=r.text("target"),
        summary=r.text("summary"),
        why_side_effects=r.text("why_side_effects"),
        disclaimer=r.text("disclaimer"),
        brands=r.text_list("brands"),
        generics=r.text("generics", required=False),
        dose=dose_text,
        dose_source=dose_source,
        indications=_sourced_texts(checker, r, "indications", refs),
        conversions=tuple(conversions),
        sources=refs.sources(r),
    )


def _markers(checker: Checker, merged: dict[str, Any], refs: Refs) -> list[Marker]:
    result: list[Marker] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "markers"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "name", "direction", "explanation", "sources", "lay_terms"))
        marker_id = r.ident()
        unique(checker, seen, r, marker_id)
        result.append(
            Marker(
                marker_id,
                r.text("name"),
                r.choice("direction", ("up", "down")) or "",
                r.text("explanation"),
                refs.sources(r),
                distinct(r.text_list("lay_terms")),
            )
        )
    return result


def _men(checker: Checker, node: Any, refs: Refs) -> MenInfo:
    r = FieldReader(checker, node, "men")
    r.check_keys(("summary", "points", "estradiol_ranges", "findings"))
    ranges: list[Range] = []
    for index, item in enumerate(r.items("estradiol_ranges")):
        g = FieldReader(checker, item, f"men.estradiol_ranges[{index}]")
        if not g.ok:
            continue
        g.check_keys(("label", "low", "high", "unit", "source", "confirmed", "note"))
        low, high = g.number("low", required=False), g.number("high", required=False)
        if low is None and high is None:
            g.problem("low", "a range needs low, high or both")
        if low is not None and high is not None and low > high:
            g.problem("low", f"low ({low:g}) must not be above high ({high:g})")
        ranges.append(
            Range(
                g.text("label"),
                low,
                high,
                g.text("unit"),
                refs.source(g),
                g.flag("confirmed"),
                g.opt_text("note"),
            )
        )
    findings: list[Finding] = []
    for index, item in enumerate(r.items("findings")):
        f = FieldReader(checker, item, f"men.findings[{index}]")
        if not f.ok:
            continue
        f.check_keys(("label", "value", "trial", "source", "confirmed", "note"))
        findings.append(
            Finding(
                f.text("label"),
                f.text("value"),
                f.text("trial"),
                refs.source(f),
                f.flag("confirmed"),
                f.opt_text("note"),
            )
        )
    return MenInfo(
        summary=r.text("summary", required=False),
        points=_sourced_texts(checker, r, "points", refs),
        estradiol_ranges=tuple(ranges),
        findings=tuple(findings),
    )


def _comparators(checker: Checker, merged: dict[str, Any], refs: Refs) -> list[Comparator]:
    result: list[Comparator] = []
    seen: set[str] = set()
    for path, node, _ in records(checker, merged, "comparators"):
        r = FieldReader(checker, node, path)
        if not r.ok:
            continue
        r.check_keys(("id", "name", "brands", "drug_class", "mechanism", "who_can_take", "points"))
        comparator_id = r.ident()
        unique(checker, seen, r, comparator_id)
        result.append(
            Comparator(
                id=comparator_id,
                name=r.text("name"),
                drug_class=r.text("drug_class"),
                mechanism=r.text("mechanism"),
                who_can_take=r.text("who_can_take"),
                brands=r.text_list("brands"),
                points=_sourced_texts(checker, r, "points", refs),
            )
        )
    return result
