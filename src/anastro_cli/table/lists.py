"""Lists of effects, search hits, organ systems and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from anastro_cli.model.figures import cited, frequencies, headline
from anastro_cli.output.views import EffectsView, SearchView, SourcesView, SystemsView
from anastro_cli.table.lines import FIELD_LABEL, snippet
from anastro_cli.table.writer import BAR_WIDTH
from anastro_cli.text.fold import highlight_spans

if TYPE_CHECKING:
    from anastro_cli.model.records import SideEffect
    from anastro_cli.search.rank import Hit
    from anastro_cli.table.writer import TableWriter


def _frequency_cells(
    writer: TableWriter, effect: SideEffect, view: EffectsView | SearchView
) -> list[Text]:
    figures = frequencies(view.dataset, effect)
    lead = headline(view.dataset, figures)
    if lead is None:
        return [writer.text("no figure", "dim"), writer.text(""), writer.text("")]
    value = writer.text(lead.text, "bold")
    if len(figures) > 1:
        value.append_text(writer.text(f" (+{len(figures) - 1} more)", "dim"))
    # Plain words on screen: the trial and the source's short title; ids stay in JSON/CSV.
    source = writer.text(cited(view.dataset, lead.source, lead.trial), "dim")
    if not lead.confirmed:
        source.append_text(writer.text(" *", "yellow"))
    return [value, writer.text(lead.band), source]


def render_effects(writer: TableWriter, view: EffectsView) -> None:
    table = writer.table(view.title)
    table.add_column("Effect", min_width=12)
    table.add_column("Frequency", min_width=8)
    table.add_column("Band", min_width=6)
    table.add_column("Source", min_width=8, keep_words=True)
    # Each headline is found in _frequency_cells; the chart needs them all first, for scale.
    lead_values = [
        headline(view.dataset, frequencies(view.dataset, e)) if view.chart else None
        for e in view.effects
    ]
    scale = max((f.high for f in lead_values if f is not None), default=0.0)
    if view.chart:
        table.add_column("Chart", min_width=BAR_WIDTH, no_wrap=True)
    current_system = None
    for effect, lead in zip(view.effects, lead_values, strict=True):
        if effect.system != current_system:
            current_system = effect.system
            system = view.dataset.system(effect.system)
            system_name = system.name if system else effect.system
            if table.row_count:
                table.add_section()
            table.add_row(writer.text(system_name.upper(), "bold magenta"))
        label = writer.text(effect.name)
        who = _who(effect)
        if who and not any(p in effect.name.casefold() for p in effect.populations):
            label.append_text(writer.text(f" ({who})", "dim"))
        if effect.seriousness == "rare-serious" and not view.serious_only:
            label.append_text(writer.text(" (serious)", "red"))
        cells = [label, *_frequency_cells(writer, effect, view)]
        if view.chart:
            cells.append(writer.bar(lead.high if lead else None, scale))
        table.add_row(*cells)
    writer.print(table)
    writer.print(
        writer.text(
            "* not confirmed in a primary source.  Every figure and its source: anastro "
            "show EFFECT --full.  Bands (CIOMS): very common >= 10%, common 1-10%, uncommon "
            "0.1-1%, rare 0.01-0.1%, very rare < 0.01%.",
            "dim",
        )
    )


def render_search(writer: TableWriter, view: SearchView) -> None:
    """One line per hit, best first: the id to type next (never broken), the name, how
    common, and why it matched; a line is cut with '...' rather than wrapped. Without colour,
    lines.py draws the same lines without Rich: a change here is a change there."""
    writer.print(writer.text(f"Search: {view.query}", "bold"))
    rows = [_search_row(writer, view, hit) for hit in view.hits]
    width = writer.console.width
    id_width = max((len(hit.id) for hit in view.hits), default=0)
    common_width = min(max((len(row[1].plain) for row in rows), default=0), 22)
    rest = width - id_width - common_width - 4
    show_why = rest >= 40
    name_width = rest // 2 if show_why else rest
    for hit, (name, common, why) in zip(view.hits, rows, strict=True):
        line = writer.text(hit.id.ljust(id_width), "bold")
        line.append_text(writer.text("  "))
        line.append_text(_fit(writer, name, max(name_width, 8)))
        if common_width and rest > 10:
            line.append_text(writer.text("  "))
            line.append_text(_fit(writer, common, common_width))
        if show_why:
            line.append_text(writer.text("  "))
            line.append_text(_fit(writer, why, rest - name_width - 2, pad=False))
        writer.print(line)
    if any("*" in row[1].plain for row in rows):
        writer.print(writer.text("* not confirmed in a primary source", "dim"))
    first = view.hits[0].id if view.hits else "EFFECT"
    writer.print(writer.text(f"Details: anastro show {first}", "dim"))


def _search_row(writer: TableWriter, view: SearchView, hit: Hit) -> tuple[Text, Text, Text]:
    """(name, how common, why it matched) of one hit."""
    stems = [s for m in hit.matched for s in m.stems]
    why = writer.text("")
    if hit.matched:
        match = hit.matched[0]
        why = writer.text(f"{FIELD_LABEL.get(match.field, match.field)}: ", "dim")
        why.append_text(_highlighted(writer, snippet(match.text, match.stems, 30), stems))
    if hit.effect is not None:
        name = _highlighted(writer, hit.effect.name, stems)
        lead = headline(view.dataset, frequencies(view.dataset, hit.effect))
        if lead is None:
            return name, writer.text("no figure", "dim"), why
        common = writer.text(f"{lead.text} {lead.band}")
        if not lead.confirmed:
            common.append_text(writer.text("*", "yellow"))
        return name, common, why
    if hit.topic is not None:
        return _highlighted(writer, hit.topic.title, stems), writer.text("question", "cyan"), why
    assert hit.marker is not None
    name = _highlighted(writer, f"{hit.marker.name} (blood marker)", stems)
    return name, writer.text(f"level {hit.marker.direction}", "dim"), why


def _fit(writer: TableWriter, text: Text, width: int, *, pad: bool = True) -> Text:
    """text cut to width with '...' (styles kept), padded to width for the next column."""
    if len(text.plain) > width:
        text = text[: max(width - 3, 1)]
        text.rstrip()
        text.append_text(writer.text("..."))
    if pad:
        text.pad_right(width - len(text.plain))
    return text


def _highlighted(writer: TableWriter, text: str, stems: list[str]) -> Text:
    result = writer.text(text)
    if writer.color:
        for start, end in highlight_spans(result.plain, stems):
            result.stylize("bold yellow", start, end)
    return result


def render_systems(writer: TableWriter, view: SystemsView) -> None:
    table = writer.table("Organ systems")
    table.add_column("Id", no_wrap=True)
    table.add_column("Name")
    table.add_column("Effects", justify="right")
    table.add_column("Description")
    for s in view.dataset.systems:
        count = view.dataset.effects_in(s.id)
        table.add_row(
            writer.text(s.id, "bold"),
            writer.text(s.name),
            writer.text(str(count)),
            writer.text(s.description),
        )
    writer.print(table)


def render_sources(writer: TableWriter, view: SourcesView) -> None:
    table = writer.table("Sources")
    table.add_column("Id", keep_words=True)
    table.add_column("Kind")
    table.add_column("Title and address")
    for s in view.sources:
        title = writer.text(s.title)
        if s.url:
            title.append_text(writer.text(f"\n{s.url}", "dim"))
        kind = writer.text(s.kind)
        if s.kind == "unconfirmed" or s.quality in (
            "recalled",
            "low_quality_copy",
            "low_secondary",
        ):
            kind.append_text(writer.text(f" ({s.quality})", "yellow"))
        table.add_row(writer.text(s.id, "bold"), kind, title)
    writer.print(table)


def _who(effect: SideEffect) -> str:
    return "" if effect.populations == ("all",) else ", ".join(effect.populations)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
