"""Each effect's stored JSON, written straight from its record when a store is compiled.

The text is exactly json.dumps(effect_plain(dataset, effect), ensure_ascii=True) (the shape
model/plain.py documents; tests/test_effect_json.py holds every effect to it), without
building the dict that json would then walk again: at 100,000 effects that is about half the
time of the JSON shapes. A value of a type the shape does not expect (none should) makes the
effect go the plain way, through effect_plain and json.dumps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring_ascii as _text  # a str as JSON (C); else TypeError

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.figures import frequencies, headline
from anastro_cli.model.plain import effect_plain
from anastro_cli.model.records import Frequency, SideEffect

_join = ", ".join  # json's item separator


class _Unexpected(Exception):
    """A value the fast writing does not take: the effect is written the plain way."""


def effect_jsons(dataset: Dataset) -> Iterable[str]:
    """Each effect's JSON, in data order."""
    system_names: dict[str, str] = {}
    for system in reversed(dataset.systems):  # the first system of an id names it
        system_names[system.id] = system.name
    for effect in dataset.effects:
        try:
            yield _effect_json(dataset, effect, system_names)
        except (_Unexpected, TypeError, ValueError, AttributeError):
            yield json.dumps(effect_plain(dataset, effect), ensure_ascii=True)


def _unconfirmed(frequency: Frequency) -> bool:
    return not frequency.confirmed


def _effect_json(dataset: Dataset, effect: SideEffect, system_names: dict[str, str]) -> str:
    if dataset.figures_for(effect.id):  # trial figures too (frequencies() adds them)
        figures = sorted(frequencies(dataset, effect), key=_unconfirmed)
    else:  # its own figures only: frequencies() is a copy of them
        figures = sorted(effect.frequencies, key=_unconfirmed)
    if len(figures) == 1 and figures[0].contradicted_by is None:
        first: Frequency | None = figures[0]  # the one candidate (headline())
    else:
        first = headline(dataset, figures)
    shown = [_frequency(f) for f in figures]  # each figure's JSON, and its text and band
    label = effect.label_frequency
    e = effect
    return (
        f'{{"kind": "effect", "id": {_text(e.id)}, "name": {_text(e.name)}, '
        f'"aliases": [{_join(map(_text, e.aliases))}], '
        f'"lay_terms": [{_join(map(_text, e.lay_terms))}], "system": {_text(e.system)}, '
        f'"system_name": {_text(system_names.get(e.system, e.system))}, '
        f'"populations": [{_join(map(_text, e.populations))}], '
        f'"seriousness": {_text(e.seriousness)}, "mechanism": {_text(e.mechanism)}, '
        f'"notes": [{_join(map(_text, e.notes))}], '
        f'"monitoring": [{_join(map(_text, e.monitoring))}], "urgency": {_maybe(e.urgency)}, '
        '"seek_care": ['
        + _join(
            [
                f'{{"tier": {_text(w.tier)}, "text": {_text(w.text)}, "source": {_text(w.source)}}}'
                for w in e.seek_care
            ]
        )
        + '], "helps": ['
        + _join(
            [
                f'{{"text": {_text(h.text)}, "evidence": {_maybe(h.evidence)}, '
                f'"source": {_text(h.source)}}}'
                for h in e.helps
            ]
        )
        + f'], "time_course": {_time_course(e)}, "label_frequency": '
        + (
            "null"
            if label is None
            else f'{{"category": {_text(label.category)}, "source": {_text(label.source)}, '
            f'"confirmed": {_flag(label.confirmed)}}}'
        )
        + f', "related": [{_join(map(_text, e.related))}], '
        f'"sources": [{_join(map(_text, e.sources))}], '
        f'"headline": {_headline(first, figures, shown)}, '
        f'"frequencies": [{_join([json for json, _, _ in shown])}]}}'
    )


def _maybe(value: str | None) -> str:
    return "null" if value is None else _text(value)


def _flag(value: bool) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise _Unexpected


def _number(value: float | None) -> str:
    if type(value) is float and value - value == 0:  # finite (inf - inf and nan are nan)
        return float.__repr__(value)
    if type(value) is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    raise _Unexpected  # nan, infinity, a flag: json.dumps decides


def _time_course(effect: SideEffect) -> str:
    course = effect.time_course
    if course is None:
        return "null"
    return (
        f'{{"text": {_text(course.text)}, "onset": {_maybe(course.onset)}, '
        f'"course": {_maybe(course.course)}, "reverses": {_maybe(course.reverses)}, '
        f'"sources": [{", ".join(map(_text, course.sources))}]}}'
    )


def _headline(
    frequency: Frequency | None, figures: list[Frequency], shown: list[tuple[str, str, str]]
) -> str:
    """The headline figure's JSON, its text and band those worked out for the figures."""
    if frequency is None:
        return "null"
    _, text, band = next(s for f, s in zip(figures, shown, strict=True) if f is frequency)
    return (
        f'{{"low": {_number(frequency.low)}, "high": {_number(frequency.high)}, '
        f'"text": {text}, "band": {band}, '
        f'"trial": {_maybe(frequency.trial)}, "population": {_text(frequency.population)}, '
        f'"source": {_text(frequency.source)}, "confirmed": {_flag(frequency.confirmed)}}}'
    )


def _frequency(frequency: Frequency) -> tuple[str, str, str]:
    """A figure's JSON, with its text and band as JSON."""
    against = frequency.contradicted_by
    text, band = _text(frequency.text), _text(frequency.band)
    return (
        f'{{"low": {_number(frequency.low)}, "high": {_number(frequency.high)}, '
        f'"qualifier": {_maybe(frequency.qualifier)}, "text": {text}, '
        f'"band": {band}, "population": {_text(frequency.population)}, '
        f'"timeframe": {_maybe(frequency.timeframe)}, "event": {_maybe(frequency.event)}, '
        f'"trial": {_maybe(frequency.trial)}, "arm_size": {_number(frequency.arm_size)}, '
        f'"source": {_text(frequency.source)}, "confirmed": {_flag(frequency.confirmed)}, '
        f'"note": {_maybe(frequency.note)}, "contradicted_by": '
        + (
            "null"
            if against is None
            else f'{{"source": {_text(against.source)}, "text": {_text(against.text)}}}'
        )
        + "}",
        text,
        band,
    )
