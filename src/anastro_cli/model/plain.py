"""The documented JSON shape of the records themselves: an effect, a figure, a source.

The store renders effect_plain once when it compiles, so list --format json can stream stored
JSON; the views' shapes (output/shapes.py) build on these."""

from __future__ import annotations

from typing import Any

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.figures import frequencies
from anastro_cli.model.records import Frequency, SideEffect, Source


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
