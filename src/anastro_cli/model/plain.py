"""The documented JSON shape of the records themselves: an effect, a figure, a source.

The store renders effect_plain once when it compiles, so list --format json can stream stored
JSON; the views' shapes (output/shapes.py) build on these."""

from __future__ import annotations

from typing import Any

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.figures import frequencies, headline
from anastro_cli.model.records import Frequency, Marker, SideEffect, Source, TimeCourse, Topic


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
        "contradicted_by": (
            {"source": frequency.contradicted_by.source, "text": frequency.contradicted_by.text}
            if frequency.contradicted_by
            else None
        ),
    }


def headline_plain(frequency: Frequency | None) -> dict[str, Any] | None:
    """The figure a view leads with, as scripts read it (the same one the table shows)."""
    if frequency is None:
        return None
    return {
        "low": frequency.low,
        "high": frequency.high,
        "text": frequency.text,
        "band": frequency.band,
        "trial": frequency.trial,
        "population": frequency.population,
        "source": frequency.source,
        "confirmed": frequency.confirmed,
    }


def effect_plain(dataset: Dataset, effect: SideEffect) -> dict[str, Any]:
    system = dataset.system(effect.system)
    # In the card's order: confirmed figures first, each group in data order.
    figures = sorted(frequencies(dataset, effect), key=lambda f: not f.confirmed)
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
        "urgency": effect.urgency,
        "seek_care": [
            {"tier": w.tier, "text": w.text, "source": w.source} for w in effect.seek_care
        ],
        "helps": [
            {"text": h.text, "evidence": h.evidence, "source": h.source} for h in effect.helps
        ],
        "time_course": time_course_plain(effect.time_course),
        "label_frequency": (
            {
                "category": effect.label_frequency.category,
                "source": effect.label_frequency.source,
                "confirmed": effect.label_frequency.confirmed,
            }
            if effect.label_frequency
            else None
        ),
        "related": list(effect.related),
        "sources": list(effect.sources),
        "headline": headline_plain(headline(dataset, figures)),
        "frequencies": [frequency_plain(f) for f in figures],
    }


def time_course_plain(course: TimeCourse | None) -> dict[str, Any] | None:
    if course is None:
        return None
    return {
        "text": course.text,
        "onset": course.onset,
        "course": course.course,
        "reverses": course.reverses,
        "sources": list(course.sources),
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


def topic_plain(topic: Topic) -> dict[str, Any]:
    return {
        "kind": "topic",
        "id": topic.id,
        "name": topic.title,
        "summary": topic.summary,
        "lay_terms": list(topic.lay_terms),
        "points": [
            {"text": p.text, "source": p.source, "confirmed": p.confirmed} for p in topic.points
        ],
        "urgency": topic.urgency,
        "actions": [{"text": a.text, "source": a.source, "tier": a.kind} for a in topic.actions],
        "related": list(topic.related),
    }


def marker_plain(marker: Marker) -> dict[str, Any]:
    """A blood marker anastrozole moves: which way, why, how people name the test."""
    return {
        "kind": "marker",
        "id": marker.id,
        "name": marker.name,
        "direction": marker.direction,
        "explanation": marker.explanation,
        "lay_terms": list(marker.lay_terms),
        "sources": list(marker.sources),
    }
