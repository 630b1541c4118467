"""Rich-free writers: JSON, CSV, Markdown and YAML. One class per format, one interface."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:  # the CLI imports Format at start-up; the views load only when writing
    from anastro_cli.views import CardView, View


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    yaml = "yaml"


class Writer(Protocol):
    def write(self, view: View, out: TextIO) -> None: ...


class JsonWriter:
    def write(self, view: View, out: TextIO) -> None:
        import json

        from anastro_cli.views import EffectsView, plain

        # ensure_ascii keeps control characters and odd bytes escaped in every locale.
        stored = getattr(getattr(view, "effects", None), "json_items", None)
        if isinstance(view, EffectsView) and stored is not None:
            # A compiled dataset's effects carry their JSON, rendered by effect_plain when
            # the store was written: a long list is streamed, never built in memory.
            _write_items(stored(), out)
            return
        shape = plain(view)
        if isinstance(shape, list):
            # One compact item per line: still one JSON array, readable line by line, and
            # written by json's C encoder (indent= falls back to pure Python: 5x slower on a
            # large dataset).
            _write_items((json.dumps(item, ensure_ascii=True) for item in shape), out)
        else:
            out.write(json.dumps(shape, indent=2, ensure_ascii=True))
            out.write("\n")


def _write_items(items: Iterable[str], out: TextIO) -> None:
    """A JSON array, one item per line: the same bytes whether items are built or stored."""
    first = True
    for item in items:
        out.write(("[\n" if first else ",\n") + item)
        first = False
    out.write("[]\n" if first else "\n]\n")


class YamlWriter:
    def write(self, view: View, out: TextIO) -> None:
        import yaml

        from anastro_cli.views import plain

        out.write(
            yaml.safe_dump(_scrub(plain(view)), sort_keys=False, allow_unicode=False, width=100)
        )


def _scrub(value: Any) -> Any:
    from anastro_cli.safety import clean

    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    return value


class CsvWriter:
    """RFC 4180: a header row, CRLF line ends, fields quoted when they need it."""

    def write(self, view: View, out: TextIO) -> None:
        import csv

        from anastro_cli.safety import clean
        from anastro_cli.views import rows

        headers, table = rows(view)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headers)
        for row in table:
            writer.writerow([_defuse(clean(cell)) for cell in row])


def _defuse(cell: str) -> str:
    # A cell a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection).
    if cell[:1] in ("=", "@", "\t", "\r") or (cell[:1] in ("+", "-") and not _is_number(cell)):
        return "'" + cell
    return cell


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class MarkdownWriter:
    def write(self, view: View, out: TextIO) -> None:
        from anastro_cli.views import CardView, rows

        if isinstance(view, CardView):
            self._card(view, out)  # a card pasted into notes should read as a card
        headers, table = rows(view)
        out.write("| " + " | ".join(_md(h) for h in headers) + " |\n")
        out.write("|" + "|".join("---" for _ in headers) + "|\n")
        for row in table:
            out.write("| " + " | ".join(_md(cell) for cell in row) + " |\n")
        if isinstance(view, CardView):
            self._card_end(view, out)

    def _card(self, view: CardView, out: TextIO) -> None:
        effect = view.effect
        system = view.dataset.system(effect.system)
        out.write(f"## {_md(effect.name)}\n\n")
        facts = [
            ("Organ system", system.name if system else effect.system),
            ("Who", ", ".join(effect.populations)),
            ("Seriousness", "serious" if effect.seriousness == "rare-serious" else "common"),
            ("Also called", "; ".join(effect.aliases)),
        ]
        for label, value in facts:
            if value:
                out.write(f"- **{label}:** {_md(value)}\n")
        out.write(f"\n**Why it happens.** {_md(effect.mechanism)}\n\n**How often**\n\n")

    def _card_end(self, view: CardView, out: TextIO) -> None:
        effect = view.effect
        for title, items in (
            ("When to contact your care team", effect.seek_care),
            ("What helps", effect.helps),
            ("Notes", effect.notes),
            ("Monitoring", effect.monitoring),
        ):
            if items:
                out.write(f"\n**{title}**\n\n")
                out.writelines(f"- {_md(item)}\n" for item in items)
        out.write(f"\n*{_md(view.dataset.drug.disclaimer)}*\n")


def _md(text: str) -> str:
    from anastro_cli.safety import clean

    escaped = clean(text).replace("\\", "\\\\").replace("|", "\\|")
    for char in "*_`[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


WRITERS: dict[Format, Callable[[], Writer]] = {
    Format.json: JsonWriter,
    Format.csv: CsvWriter,
    Format.markdown: MarkdownWriter,
    Format.yaml: YamlWriter,
}


def writer_for(fmt: Format, *, color: bool, width: int | None, ascii_only: bool) -> Writer:
    """The writer of a format; only the table writer brings in Rich."""
    if fmt is Format.table:
        from anastro_cli.render import TableWriter

        return TableWriter(color=color, width=width, ascii_only=ascii_only)
    return WRITERS[fmt]()
