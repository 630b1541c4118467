"""The flat table of each view that CSV and Markdown print, one function per view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from anastro_cli.model.figures import frequencies, headline
from anastro_cli.model.vocab import DIFFERENCE_UNITS
from anastro_cli.output.shapes import about_plain, plain
from anastro_cli.output.views import (
    AboutView,
    CardView,
    CheckView,
    ComparatorsView,
    CompareView,
    EffectsView,
    MarkerView,
    SearchView,
    SourcesView,
    SystemsView,
    TopicView,
    WarningsView,
)

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.model.records import ArmValue, SideEffect
    from anastro_cli.output.views import View

Table = tuple[list[str], list[list[str]]]
EFFECT_HEADERS = [
    "id",
    "name",
    "system",
    "populations",
    "seriousness",
    "frequency",
    "frequency_low",
    "frequency_high",
    "band",
    "frequency_trial",
    "frequency_source",
    "confirmed",
    "figures",
    "aliases",
]


def _join(values: Any) -> str:
    return "; ".join(str(v) for v in values)


def _word(flag: bool) -> str:
    """true / false: the same word JSON uses."""
    return "true" if flag else "false"


def _text(value: ArmValue | None) -> str:
    return "" if value is None else value.text


def _headline_cells(dataset: Dataset, effect: SideEffect) -> list[str]:
    figures = frequencies(dataset, effect)
    lead = headline(dataset, figures)
    if lead is None:
        return ["", "", "", "", "", "", "", "0"]
    return [
        lead.text,
        f"{lead.low:g}",  # numbers a spreadsheet can sort
        f"{lead.high:g}",
        lead.band,
        lead.trial or "",
        lead.source,
        _word(lead.confirmed),
        str(len(figures)),
    ]


def _effect_cells(dataset: Dataset, e: SideEffect) -> list[str]:
    return [
        e.id,
        e.name,
        e.system,
        _join(e.populations),
        e.seriousness,
        *_headline_cells(dataset, e),
        _join(e.aliases),
    ]


def _effects(view: EffectsView) -> Table:
    return EFFECT_HEADERS, [_effect_cells(view.dataset, e) for e in view.effects]


def _search(view: SearchView) -> Table:
    headers = ["score", "kind", *EFFECT_HEADERS, "matched"]
    table: list[list[str]] = []
    for hit in view.hits:
        matched = _join(f"{m.field}: {m.text}" for m in hit.matched)
        if hit.effect is not None:
            cells = _effect_cells(view.dataset, hit.effect)
            table.append([f"{hit.score:g}", "effect", *cells, matched])
        elif hit.marker is not None or hit.topic is not None:
            kind, name = ("marker", hit.marker.name) if hit.marker else ("topic", "")
            if hit.topic is not None:
                name = hit.topic.title
            start = [f"{hit.score:g}", kind, hit.id, name]
            blanks = [""] * (len(headers) - len(start) - 1)
            table.append([*start, *blanks, matched])
    return headers, table


CARD_HEADERS = [
    "effect",
    "frequency",
    "low",
    "high",
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
SOURCE_HEADERS = ["id", "kind", "quality", "year", "title", "url"]


def _card(view: CardView) -> Table:
    return CARD_HEADERS, [
        [
            view.effect.id,
            f.text,
            f"{f.low:g}",
            f"{f.high:g}",
            f.band,
            f.event or "",
            f.population,
            f.timeframe or "",
            f.trial or "",
            str(f.arm_size or ""),
            f.source,
            _word(f.confirmed),
            f.note or "",
        ]
        # Confirmed figures first, as on the card.
        for f in sorted(frequencies(view.dataset, view.effect), key=lambda f: not f.confirmed)
    ]


COMPARE_HEADERS = [
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


def _topic(view: TopicView) -> Table:
    """One row per point, then one per action: each with its source."""
    topic = view.topic
    headers = ["topic", "part", "text", "source", "confirmed"]
    table = [[topic.id, "summary", topic.summary, "", ""]]
    table += [[topic.id, "point", p.text, p.source, _word(p.confirmed)] for p in topic.points]
    table += [[topic.id, "action", a.text, a.source, ""] for a in topic.actions]
    return headers, table


def _marker(view: MarkerView) -> Table:
    """One row per part of the marker, as _topic: which way it moves, why, its names."""
    marker = view.marker
    headers = ["marker", "part", "text"]
    table = [
        [marker.id, "name", marker.name],
        [marker.id, "direction", marker.direction],
        [marker.id, "explanation", marker.explanation],
    ]
    table += [[marker.id, "lay_term", term] for term in marker.lay_terms]
    table += [[marker.id, "source", source] for source in marker.sources]
    return headers, table


def _warnings(view: WarningsView) -> Table:
    shape = plain(view)
    headers = ["tier", "effect", "name", "text", "source"]
    return headers, [[str(item[h]) for h in headers] for item in shape]


def _check(view: CheckView) -> Table:
    headers = [
        "symptom",
        "kind",
        "id",
        "name",
        "closest",
        "urgency",
        "action",
        "warning",
        "how_common",
        "time_course",
    ]
    table = []
    for item in plain(view):
        course = item["time_course"]["text"] if item["time_course"] else ""
        cells = [_word(c) if isinstance(c, bool) else c for c in (item[h] for h in headers[:-1])]
        table.append(["" if c is None else str(c) for c in cells] + [course])
    return headers, table


def _compare(view: CompareView) -> Table:
    return COMPARE_HEADERS, [
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
            _word(r.confirmed),
            r.direction or "",
            r.note or "",
        ]
        for r in view.comparison.rows
    ]


def _comparators(view: ComparatorsView) -> Table:
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


def _systems(view: SystemsView) -> Table:
    dataset = view.dataset
    headers = ["id", "name", "effects", "description"]
    return headers, [
        [s.id, s.name, str(dataset.effects_in(s.id)), s.description] for s in dataset.systems
    ]


def _sources(view: SourcesView) -> Table:
    return SOURCE_HEADERS, [
        [s.id, s.kind, s.quality, str(s.year or ""), s.title, s.url or ""] for s in view.sources
    ]


def _about(view: AboutView) -> Table:
    about = about_plain(view.dataset)
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


ROWS: dict[type, Callable[[Any], Table]] = {
    EffectsView: _effects,
    SearchView: _search,
    CardView: _card,
    TopicView: _topic,
    MarkerView: _marker,
    WarningsView: _warnings,
    CheckView: _check,
    CompareView: _compare,
    ComparatorsView: _comparators,
    SystemsView: _systems,
    SourcesView: _sources,
    AboutView: _about,
}


def rows(view: View) -> Table:
    """Headers and rows for CSV and Markdown: one row per effect, figure or source."""
    return ROWS[type(view)](view)
