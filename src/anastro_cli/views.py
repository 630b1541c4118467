"""What each command hands to a writer, and the plain shapes every writer shares.

``plain()`` gives the documented JSON/YAML shape of a result; ``rows()`` gives the flat table that
CSV and Markdown print. Nothing here imports Rich: the Rich renderer lives in render.py alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from anastro_cli import __version__
from anastro_cli.lookup import frequencies, headline, trial_findings
from anastro_cli.model import DIFFERENCE_UNITS

if TYPE_CHECKING:  # types only: search and compare load when their commands run
    from anastro_cli.compare import ComparatorSummary, Comparison, Row
    from anastro_cli.model import ArmValue, Dataset, Frequency, SideEffect, Source
    from anastro_cli.search import Hit, Match


@dataclass(frozen=True)
class EffectsView:
    dataset: Dataset
    effects: Sequence[SideEffect]  # a compiled dataset's Selection reads effects lazily
    title: str
    chart: bool = False
    serious_only: bool = False


@dataclass(frozen=True)
class SearchView:
    dataset: Dataset
    query: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class CardView:
    dataset: Dataset
    effect: SideEffect


@dataclass(frozen=True)
class CompareView:
    dataset: Dataset
    comparison: Comparison


@dataclass(frozen=True)
class ComparatorsView:
    dataset: Dataset
    comparators: tuple[ComparatorSummary, ...]


@dataclass(frozen=True)
class SystemsView:
    dataset: Dataset


@dataclass(frozen=True)
class SourcesView:
    dataset: Dataset
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class AboutView:
    dataset: Dataset


View = (
    EffectsView
    | SearchView
    | CardView
    | CompareView
    | ComparatorsView
    | SystemsView
    | SourcesView
    | AboutView
)


# --------------------------------------------------------------------------- plain shapes


def frequency_plain(frequency: Frequency) -> dict[str, Any]:
    return {
        "low": frequency.low,
        "high": frequency.high,
        "qualifier": frequency.qualifier,
        "text": frequency.text,
        "band": frequency.band,
        "population": frequency.population,
        "timeframe": frequency.timeframe,
        "event": frequency.event,
        "trial": frequency.trial,
        "arm_size": frequency.arm_size,
        "source": frequency.source,
        "confirmed": frequency.confirmed,
        "note": frequency.note,
    }


def effect_plain(dataset: Dataset, effect: SideEffect) -> dict[str, Any]:
    system = dataset.system(effect.system)
    return {
        "kind": "effect",
        "id": effect.id,
        "name": effect.name,
        "aliases": list(effect.aliases),
        "lay_terms": list(effect.lay_terms),
        "system": effect.system,
        "system_name": system.name if system else effect.system,
        "populations": list(effect.populations),
        "seriousness": effect.seriousness,
        "mechanism": effect.mechanism,
        "notes": list(effect.notes),
        "monitoring": list(effect.monitoring),
        "helps": list(effect.helps),
        "seek_care": list(effect.seek_care),
        "related": list(effect.related),
        "sources": list(effect.sources),
        "frequencies": [frequency_plain(f) for f in frequencies(dataset, effect)],
    }


def match_plain(match: Match) -> dict[str, Any]:
    return {
        "field": match.field,
        "text": match.text,
        "words": list(match.words),
        "kind": match.kind,
    }


def hit_plain(dataset: Dataset, hit: Hit) -> dict[str, Any]:
    if hit.effect is not None:
        shape = effect_plain(dataset, hit.effect)
    else:
        assert hit.marker is not None
        marker = hit.marker
        shape = {
            "kind": "marker",
            "id": marker.id,
            "name": marker.name,
            "direction": marker.direction,
            "explanation": marker.explanation,
            "sources": list(marker.sources),
        }
    shape["score"] = hit.score
    shape["matched"] = [match_plain(m) for m in hit.matched]
    return shape


PERCENT_MEASURES = ("percent_patients", "percent_change")


def arm_plain(value: ArmValue | None) -> float | str | None:
    if value is None or value.value is None:
        return None
    return value.text if value.qualifier else value.value


def row_plain(row: Row) -> dict[str, Any]:
    return {
        "event": row.event,
        "effect": row.effect,
        "section": row.section,
        "head_to_head": row.section == "head-to-head",
        "trial": row.trial,
        "trial_id": row.trial_id,
        "drug": row.drug,
        "drug_pct": arm_plain(row.drug_value),
        "drug_n": row.drug_n,
        "drug_events": row.drug_events,
        "comparator": row.comparator,
        "comparator_pct": arm_plain(row.comparator_value),
        "comparator_n": row.comparator_n,
        "comparator_events": row.comparator_events,
        "difference_pct": row.difference if row.measure in PERCENT_MEASURES else None,
        "difference": row.difference,
        "difference_unit": DIFFERENCE_UNITS.get(row.measure),
        "higher": row.higher,
        "measure": row.measure,
        "source": row.sources[0],
        "sources": list(row.sources),
        "confirmed": row.confirmed,
        "direction": row.direction,
        "pooled_pct": row.pooled,
        "ratio": row.ratio,
        "p_value": row.p_value,
        "follow_up": row.follow_up,
        "note": row.note,
    }


def source_plain(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "kind": source.kind,
        "quality": source.quality,
        "year": source.year,
        "url": source.url,
        "note": source.note,
    }


def plain(view: View) -> Any:
    """The documented JSON shape of a view (see README, "JSON output")."""
    dataset = view.dataset
    if isinstance(view, EffectsView):
        return [effect_plain(dataset, e) for e in view.effects]
    if isinstance(view, SearchView):
        return [hit_plain(dataset, h) for h in view.hits]
    if isinstance(view, CardView):
        shape = effect_plain(dataset, view.effect)
        shape["trial_findings"] = [f.__dict__ for f in trial_findings(dataset, view.effect)]
        return shape
    if isinstance(view, CompareView):
        c = view.comparison
        return {
            "drug": c.drug,
            "comparator": c.comparator.id,
            "comparator_name": c.comparator.name,
            "trial": c.head_to_head_trials[0].name if c.head_to_head_trials else None,
            "trials": [
                {
                    "id": t.id,
                    "name": t.name,
                    "head_to_head": list(t.head_to_head),
                    "arms": [{"drug": a.drug, "n": a.n} for a in t.arms],
                    "follow_up": t.follow_up,
                    "source": t.source,
                    "confirmed": t.confirmed,
                }
                for t in c.trials
            ],
            "rows": [row_plain(r) for r in c.rows],
            "contrasts": [
                {
                    "topic": x.topic,
                    "effect": x.effect,
                    "anastrozole": x.anastrozole,
                    "comparator": x.comparator_text,
                    "source": x.source,
                }
                for x in c.contrasts
            ],
            "points": [{"text": p.text, "source": p.source} for p in c.comparator.points],
            "notes": list(c.notes),
        }
    if isinstance(view, ComparatorsView):
        return [
            {
                "id": s.comparator.id,
                "name": s.comparator.name,
                "brands": list(s.comparator.brands),
                "head_to_head_trials": [t.name for t in s.head_to_head],
                "own_trials": [t.name for t in s.own_trials],
            }
            for s in view.comparators
        ]
    if isinstance(view, SystemsView):
        return [
            {
                "id": s.id,
                "name": s.name,
                "description": s.description,
                "aliases": list(s.aliases),
                "effects": dataset.effects_in(s.id),
            }
            for s in dataset.systems
        ]
    if isinstance(view, SourcesView):
        return [source_plain(s) for s in view.sources]
    return about_plain(dataset)


def about_plain(dataset: Dataset) -> dict[str, Any]:
    drug, men = dataset.drug, dataset.men
    return {
        "tool_version": __version__,
        "dataset": {
            "name": dataset.info.name,
            "version": dataset.info.version,
            "date": dataset.info.date,
        },
        "drug": {
            "name": drug.name,
            "brands": list(drug.brands),
            "generics": drug.generics,
            "dose": drug.dose,
            "dose_source": drug.dose_source,
            "drug_class": drug.drug_class,
            "target": drug.target,
            "summary": drug.summary,
            "why_side_effects": drug.why_side_effects,
            "indications": [
                {"text": i.text, "kind": i.kind, "source": i.source} for i in drug.indications
            ],
            "conversions": [{"from": a, "to": b} for a, b in drug.conversions],
            "sources": list(drug.sources),
        },
        "markers": [
            {
                "id": m.id,
                "name": m.name,
                "direction": m.direction,
                "explanation": m.explanation,
                "sources": list(m.sources),
            }
            for m in dataset.markers
        ],
        "men": {
            "summary": men.summary,
            "points": [{"text": p.text, "source": p.source} for p in men.points],
            "estradiol_ranges": [r.__dict__ for r in men.estradiol_ranges],
            "findings": [f.__dict__ for f in men.findings],
        },
        "disclaimer": drug.disclaimer,
    }


# --------------------------------------------------------------------------- flat rows


def _join(values: Any) -> str:
    return "; ".join(str(v) for v in values)


def _headline_cells(dataset: Dataset, effect: SideEffect) -> list[str]:
    figures = frequencies(dataset, effect)
    lead = headline(dataset, figures)
    if lead is None:
        return ["", "", "", "", "", "", "0"]
    where = lead.trial or lead.population
    return [
        lead.text,
        f"{lead.low:g}",  # numbers a spreadsheet can sort
        f"{lead.high:g}",
        lead.band,
        f"{where} [{lead.source}]",
        "yes" if lead.confirmed else "no",
        str(len(figures)),
    ]


def rows(view: View) -> tuple[list[str], list[list[str]]]:
    """Headers and rows for CSV and Markdown: one row per effect, figure or source."""
    dataset = view.dataset
    if isinstance(view, (EffectsView, SearchView)):
        headers = [
            "id",
            "name",
            "system",
            "populations",
            "seriousness",
            "frequency",
            "frequency_low",
            "frequency_high",
            "band",
            "frequency_source",
            "confirmed",
            "figures",
            "aliases",
        ]
        table: list[list[str]] = []
        if isinstance(view, SearchView):
            headers = ["score", "kind", *headers, "matched"]
            for hit in view.hits:
                matched = _join(f"{m.field}: {m.text}" for m in hit.matched)
                if hit.effect is not None:
                    e = hit.effect
                    table.append(
                        [
                            f"{hit.score:g}",
                            "effect",
                            e.id,
                            e.name,
                            e.system,
                            _join(e.populations),
                            e.seriousness,
                            *_headline_cells(dataset, e),
                            _join(e.aliases),
                            matched,
                        ]
                    )
                elif hit.marker is not None:
                    m = hit.marker
                    start = [f"{hit.score:g}", "marker", m.id, m.name]
                    blanks = [""] * (len(headers) - len(start) - 1)
                    table.append([*start, *blanks, matched])
            return headers, table
        for e in view.effects:
            table.append(
                [
                    e.id,
                    e.name,
                    e.system,
                    _join(e.populations),
                    e.seriousness,
                    *_headline_cells(dataset, e),
                    _join(e.aliases),
                ]
            )
        return headers, table
    if isinstance(view, CardView):
        headers = [
            "effect",
            "frequency",
            "band",
            "event",
            "population",
            "timeframe",
            "trial",
            "arm_size",
            "source",
            "confirmed",
            "note",
        ]
        return headers, [
            [
                view.effect.id,
                f.text,
                f.band,
                f.event or "",
                f.population,
                f.timeframe or "",
                f.trial or "",
                str(f.arm_size or ""),
                f.source,
                "yes" if f.confirmed else "no",
                f.note or "",
            ]
            # Confirmed figures first, as on the card.
            for f in sorted(frequencies(dataset, view.effect), key=lambda f: not f.confirmed)
        ]
    if isinstance(view, CompareView):
        headers = [
            "section",
            "event",
            "effect",
            "trial",
            "drug",
            "drug_pct",
            "drug_n",
            "comparator",
            "comparator_pct",
            "comparator_n",
            "difference",
            "difference_unit",
            "higher",
            "p_value",
            "ratio",
            "measure",
            "follow_up",
            "sources",
            "confirmed",
            "direction",
            "note",
        ]
        return headers, [
            [
                r.section,
                r.event,
                r.effect or "",
                r.trial,
                r.drug,
                _text(r.drug_value),
                "" if r.drug_n is None else str(r.drug_n),
                r.comparator,
                _text(r.comparator_value),
                "" if r.comparator_n is None else str(r.comparator_n),
                "" if r.difference is None else f"{r.difference:+g}",
                DIFFERENCE_UNITS.get(r.measure, "") if r.difference is not None else "",
                r.higher or "",
                r.p_value or "",
                r.ratio or "",
                r.measure,
                r.follow_up or "",
                _join(r.sources),
                "yes" if r.confirmed else "no",
                r.direction or "",
                r.note or "",
            ]
            for r in view.comparison.rows
        ]
    if isinstance(view, ComparatorsView):
        headers = ["id", "name", "brands", "head_to_head_trials", "own_trials"]
        return headers, [
            [
                s.comparator.id,
                s.comparator.name,
                _join(s.comparator.brands),
                _join(t.name for t in s.head_to_head),
                _join(t.name for t in s.own_trials),
            ]
            for s in view.comparators
        ]
    if isinstance(view, SystemsView):
        headers = ["id", "name", "effects", "description"]
        return headers, [
            [s.id, s.name, str(dataset.effects_in(s.id)), s.description] for s in dataset.systems
        ]
    if isinstance(view, SourcesView):
        headers = ["id", "kind", "quality", "year", "title", "url"]
        return headers, [
            [s.id, s.kind, s.quality, str(s.year or ""), s.title, s.url or ""] for s in view.sources
        ]
    about = about_plain(dataset)
    drug = about["drug"]
    pairs = [
        ("tool_version", about["tool_version"]),
        ("dataset_version", about["dataset"]["version"]),
        ("dataset_date", about["dataset"]["date"]),
        ("name", drug["name"]),
        ("brands", _join(drug["brands"])),
        ("dose", drug["dose"]),
        ("drug_class", drug["drug_class"]),
        ("target", drug["target"]),
        ("summary", drug["summary"]),
        ("why_side_effects", drug["why_side_effects"]),
        *[
            (f"indication ({i['kind'] or ''})", f"{i['text']} [{i['source']}]")
            for i in drug["indications"]
        ],
        ("generics", drug["generics"]),
        ("disclaimer", about["disclaimer"]),
    ]
    return ["field", "value"], [[k, str(v)] for k, v in pairs]


def _text(value: ArmValue | None) -> str:
    return "" if value is None else value.text
