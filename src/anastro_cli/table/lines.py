"""The search list without Rich, for output that is not coloured (a pipe, NO_COLOR).

render_search (lists.py) draws one line per hit through Rich. When nothing in those lines
needs Rich (each is printable ASCII no wider than the terminal, so Rich neither wraps a line
nor measures a wide character) the lines here are its output byte for byte, and Rich (about
75 ms of import) is never loaded; otherwise the table writer draws them as before. How common
each effect is comes from the JSON its store keeps, so no trial figure is decoded either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from anastro_cli.output.views import SearchView
from anastro_cli.text.fold import highlight_spans
from anastro_cli.text.sanitize import clean, to_ascii

if TYPE_CHECKING:
    from anastro_cli.output.views import View
    from anastro_cli.search.rank import Hit

FIELD_LABEL = {
    "name": "name",
    "alias": "also called",
    "lay": "people say",
    "text": "text",
    "question": "asks about",
}


class PlainTableWriter:
    """The table format without colour: the search list as plain lines where it can be,
    everything else (and any search list that needs Rich) through the table writer."""

    def __init__(self, *, width: int, ascii_only: bool) -> None:
        self.width = width
        self.ascii_only = ascii_only

    def write(self, view: View, out: TextIO) -> None:
        if isinstance(view, SearchView):
            lines = search_lines(view, self.width, self.ascii_only)
            if lines is not None:
                out.write("\n".join(lines) + "\n")
                return
        from anastro_cli.table.writer import TableWriter

        TableWriter(color=False, width=self.width, ascii_only=self.ascii_only).write(view, out)


def search_lines(view: SearchView, width: int, ascii_only: bool) -> list[str] | None:
    """The lines render_search prints without colour, or None when Rich is needed for them."""

    def text(value: object) -> str:  # as TableWriter.text makes each piece
        cleaned = clean(str(value))
        return to_ascii(cleaned) if ascii_only else cleaned

    rows = [_row(view, hit, text) for hit in view.hits]
    id_width = max((len(hit.id) for hit in view.hits), default=0)
    common_width = min(max((len(row[1]) for row in rows), default=0), 22)
    rest = width - id_width - common_width - 4
    show_why = rest >= 40
    name_width = rest // 2 if show_why else rest
    lines = [text(f"Search: {view.query}")]
    for hit, (name, common, why) in zip(view.hits, rows, strict=True):
        line = text(hit.id.ljust(id_width)) + text("  ") + _fit(text, name, max(name_width, 8))
        if common_width and rest > 10:
            line += text("  ") + _fit(text, common, common_width)
        if show_why:
            line += text("  ") + _fit(text, why, rest - name_width - 2, pad=False)
        lines.append(line)
    if any("*" in row[1] for row in rows):
        lines.append(text("* not confirmed in a primary source"))
    first = view.hits[0].id if view.hits else "EFFECT"
    lines.append(text(f"Details: anastro show {first}"))
    if not all(len(line) <= width and line.isascii() and line.isprintable() for line in lines):
        return None
    return [line.rstrip() for line in lines]


def _row(view: SearchView, hit: Hit, text: Callable[[object], str]) -> tuple[str, str, str]:
    """(name, how common, why it matched) of one hit, as _search_row makes them."""
    why = text("")
    if hit.matched:
        match = hit.matched[0]
        why = text(f"{FIELD_LABEL.get(match.field, match.field)}: ")
        why += text(snippet(match.text, match.stems, 30))
    if hit.effect is not None:
        lead = _headline(view, hit)
        if lead is None:
            return text(hit.effect.name), text("no figure"), why
        figure, band, confirmed = lead
        common = text(f"{figure} {band}") + ("" if confirmed else text("*"))
        return text(hit.effect.name), common, why
    if hit.topic is not None:
        return text(hit.topic.title), text("question"), why
    assert hit.marker is not None
    return text(f"{hit.marker.name} (blood marker)"), text(f"level {hit.marker.direction}"), why


def _headline(view: SearchView, hit: Hit) -> tuple[str, str, bool] | None:
    """The headline figure's text, band and standing: from the effect's stored JSON (whose
    headline is the one the table shows), else worked out from the figures."""
    store = view.dataset.store
    stored = store.effect_json(hit.id) if store is not None else None
    if stored is not None:
        lead = json.loads(stored)["headline"]
        return None if lead is None else (lead["text"], lead["band"], lead["confirmed"])
    from anastro_cli.model.figures import frequencies, headline

    assert hit.effect is not None
    figure = headline(view.dataset, frequencies(view.dataset, hit.effect))
    return None if figure is None else (figure.text, figure.band, figure.confirmed)


def _fit(text: Callable[[object], str], value: str, width: int, *, pad: bool = True) -> str:
    """value cut to width with '...', padded to width for the next column (as lists._fit)."""
    if len(value) > width:
        value = value[: max(width - 3, 1)].rstrip() + text("...")
    if pad:
        value += " " * (width - len(value))
    return value


def snippet(text: str, stems: tuple[str, ...], radius: int = 60) -> str:
    """A window of long text around its first matched word."""
    if len(text) <= radius * 2:
        return text
    spans = highlight_spans(text, stems)
    start = max(0, spans[0][0] - radius // 2) if spans else 0
    end = min(len(text), start + radius * 2)
    return ("..." if start else "") + text[start:end].strip() + ("..." if end < len(text) else "")
