"""Reading an effect that has nothing wrong with it, fast (the first run after a large dataset
changes reads 100,000 of them).

fast_effect() makes the very SideEffect that effects_of's full reading (FieldReader, field by
field, each problem recorded) makes of the same mapping, but only when that reading would
find no problem; at the first sign of one (a missing or unknown field, a value of another
type, text to clean, an unknown id, a number in descriptive text ...) it gives None and the
full reading runs, which reports it. tests/test_fast_effects.py holds the two readings to the
same records and the same problems on valid and on broken effects.
"""

from __future__ import annotations

import math
from typing import Any

from anastro_cli.dataset.reader import ID_PATTERN, MAX_TEXT, UNSOURCED_DIGIT
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
from anastro_cli.text.sanitize import clean

# The fields an effect and each of its frequency figures may have.
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
    "label_frequency",
    "time_course",
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
    "trial",
    "contradicted_by",
)
_EFFECT_KEYS = frozenset(EFFECT_KEYS)
_FREQUENCY_KEYS = frozenset(FREQUENCY_KEYS)
_HELP_KEYS = frozenset({"text", "source", "evidence"})
_WARNING_KEYS = frozenset({"tier", "text", "source"})
_LABEL_KEYS = frozenset({"category", "source", "confirmed"})
_COURSE_KEYS = frozenset({"text", "sources", "onset", "course", "reverses"})
_AGAINST_KEYS = frozenset({"source", "text"})


class _Problem(Exception):
    """The full reading would report something here: it reads this effect instead."""


def fast_effect(
    node: Any, seen: set[str], system_ids: set[str], source_ids: set[str]
) -> SideEffect | None:
    """The effect in node as effects_of reads it, when that reading finds no problem in it
    (its id not yet in seen); else None, and nothing is changed."""
    if node.__class__ is not dict or not _EFFECT_KEYS.issuperset(node):
        return None
    try:
        return _effect(node, seen, system_ids, source_ids)
    except _Problem:
        return None


def _effect(
    node: dict[str, Any], seen: set[str], system_ids: set[str], source_ids: set[str]
) -> SideEffect:
    get = node.get
    effect_id = _text(get("id"))
    if not ID_PATTERN.match(effect_id) or effect_id in seen:
        raise _Problem
    system = _text(get("system"))
    if system not in system_ids:
        raise _Problem
    populations = _texts(get("populations")) or ("all",)
    for population in populations:
        if population not in POPULATIONS:
            raise _Problem
    seriousness = _text(get("seriousness"))
    if seriousness not in SERIOUSNESS:
        raise _Problem
    effect = SideEffect(
        effect_id,
        _text(get("name")),
        system,
        _described(_text(get("mechanism"))),
        seriousness,
        _distinct(_texts(get("aliases"))),
        _distinct(_texts(get("lay_terms"))),
        populations,
        tuple(map(_described, _texts(get("notes")))),
        tuple(map(_described, _texts(get("monitoring")))),
        tuple([_advice(item, source_ids) for item in _items(get("helps"))]),
        tuple([_warning(item, source_ids) for item in _items(get("seek_care"))]),
        _texts(get("related")),
        _sources(get("sources"), source_ids),
        tuple([_frequency(item, source_ids) for item in _items(get("frequencies"))]),
        _label(get("label_frequency"), source_ids),
        _course(get("time_course"), source_ids),
    )
    seen.add(effect_id)
    return effect


def _text(value: Any) -> str:
    """A required text field's value (FieldReader.text)."""
    if value.__class__ is not str or len(value) > MAX_TEXT:
        raise _Problem
    text = (value if value.isprintable() else clean(value)).strip()  # (clean, inlined)
    if not text:
        raise _Problem
    return text


def _optional(value: Any) -> str | None:
    """An optional text field's value (FieldReader.opt_text)."""
    if value is None:
        return None
    if value.__class__ is not str or len(value) > MAX_TEXT:
        raise _Problem
    return clean(value).strip() or None


def _described(text: str) -> str:
    """Descriptive text of a record without a source: no numbers in it."""
    if UNSOURCED_DIGIT.search(text):
        raise _Problem
    return text


def _texts(value: Any) -> tuple[str, ...]:
    """A list of text (FieldReader.text_list): one text alone stands for a list of it."""
    if value is None:
        return ()
    if value.__class__ is str:
        return (_text(value),)
    if value.__class__ is not list:
        raise _Problem
    return tuple(map(_text, value))


def _sources(value: Any, source_ids: set[str]) -> tuple[str, ...]:
    sources = _texts(value)
    if not source_ids.issuperset(sources):
        raise _Problem
    return sources


def _source(value: Any, source_ids: set[str]) -> str:
    source = _text(value)
    if source not in source_ids:
        raise _Problem
    return source


def _items(value: Any) -> list[dict[str, Any]]:
    """A list of records: each one a mapping."""
    if value is None:
        return []
    if value.__class__ is not list:
        raise _Problem
    for item in value:
        if item.__class__ is not dict:
            raise _Problem
    return value


def _distinct(items: tuple[str, ...]) -> tuple[str, ...]:
    """effects.distinct: the same texts when none repeats another but for case."""
    if len(items) < 2 or len({item.casefold() for item in items}) == len(items):
        return items
    raise _Problem  # the full reading keeps the first spelling (never a problem: it is rare)


def _flag(value: Any) -> bool:
    if value is None:
        return True
    if value.__class__ is not bool:
        raise _Problem
    return bool(value)


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    text = _text(value)
    if text not in choices:
        raise _Problem
    return text


def _optional_choice(value: Any, choices: tuple[str, ...]) -> str | None:
    text = _optional(value)
    if text is not None and text not in choices:
        raise _Problem
    return text


def _advice(item: dict[str, Any], source_ids: set[str]) -> Advice:
    # With its source, the text may carry that source's numbers.
    if not _HELP_KEYS.issuperset(item):
        raise _Problem
    return Advice(
        _text(item.get("text")),
        _source(item.get("source"), source_ids),
        _optional(item.get("evidence")),
    )


def _warning(item: dict[str, Any], source_ids: set[str]) -> WarningSign:
    if not _WARNING_KEYS.issuperset(item):
        raise _Problem
    return WarningSign(
        _choice(item.get("tier"), TIERS),
        _text(item.get("text")),
        _source(item.get("source"), source_ids),
    )


def _label(node: Any, source_ids: set[str]) -> LabelFrequency | None:
    if node is None:
        return None
    if node.__class__ is not dict or not _LABEL_KEYS.issuperset(node):
        raise _Problem
    return LabelFrequency(
        _choice(node.get("category"), LABEL_CATEGORIES),
        _source(node.get("source"), source_ids),
        _flag(node.get("confirmed")),
    )


def _course(node: Any, source_ids: set[str]) -> TimeCourse | None:
    if node is None:
        return None
    if node.__class__ is not dict or not _COURSE_KEYS.issuperset(node):
        raise _Problem
    sources = _sources(node.get("sources"), source_ids)
    onset, course = _optional(node.get("onset")), _optional(node.get("course"))
    if (onset or course) and not sources:
        raise _Problem
    return TimeCourse(
        _text(node.get("text")),
        sources,
        onset,
        course,
        _optional_choice(node.get("reverses"), REVERSES),
    )


def _percent(value: Any) -> float:
    if value.__class__ is not float and value.__class__ is not int:
        raise _Problem
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= 100:
        raise _Problem
    return number


def _frequency(node: dict[str, Any], source_ids: set[str]) -> Frequency:
    if not _FREQUENCY_KEYS.issuperset(node):
        raise _Problem
    get = node.get
    low, high = _percent(get("low")), _percent(get("high"))
    if low > high:
        raise _Problem
    against = get("contradicted_by")
    contradicted_by = None
    if against is not None:
        if against.__class__ is not dict or not _AGAINST_KEYS.issuperset(against):
            raise _Problem
        contradicted_by = Contradiction(
            _source(against.get("source"), source_ids), _text(against.get("text"))
        )
    confirmed = _flag(get("confirmed"))
    if contradicted_by is not None and confirmed:
        raise _Problem
    return Frequency(
        low,
        high,
        _source(get("source"), source_ids),
        _text(get("population")),
        _optional_choice(get("qualifier"), QUALIFIERS),
        _optional(get("timeframe")),
        confirmed,
        _optional(get("note")),
        _optional(get("trial")),
        None,
        None,
        contradicted_by,
    )
