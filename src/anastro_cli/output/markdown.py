"""Markdown: a table of each view's rows, and a card that reads as a card when pasted."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from anastro_cli.output.rows import rows
from anastro_cli.output.views import CardView
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.output.views import View


class MarkdownWriter:
    def write(self, view: View, out: TextIO) -> None:
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
    escaped = clean(text).replace("\\", "\\\\").replace("|", "\\|")
    for char in "*_`[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())
