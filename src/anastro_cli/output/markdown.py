"""Markdown: a table of each view's rows, and a card that reads as a card when pasted."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from anastro_cli.model.vocab import TIER_MARKS, TIERS
from anastro_cli.output.rows import rows
from anastro_cli.output.views import CardView
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.model.records import Advice
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
        signs = sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier))
        helps = sorted(effect.helps, key=lambda h: h.evidence is None)
        for title, items in (
            ("When to get help", [(TIER_MARKS[w.tier], w.text) for w in signs]),
            ("What helps", [("", _help_line(h)) for h in helps]),
            (
                "When it starts and fades",
                [("", effect.time_course.text)] if effect.time_course else [],
            ),
            ("Notes", [("", note) for note in effect.notes]),
            ("Monitoring", [("", item) for item in effect.monitoring]),
        ):
            if items:
                out.write(f"\n**{title}**\n\n")
                out.writelines(_item(mark, text) for mark, text in items)
        out.write(f"\n*{_md(view.dataset.drug.disclaimer)}*\n")


def _md(text: str) -> str:
    escaped = clean(text).replace("\\", "\\\\").replace("|", "\\|")
    for char in "*_`[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


def _help_line(item: Advice) -> str:
    return f"{item.text} (evidence: {item.evidence})" if item.evidence else item.text


def _item(mark: str, text: str) -> str:
    """One bullet; a tier's mark in bold (it survives a printer without colour)."""
    return f"- **{_md(mark)}:** {_md(text)}\n" if mark else f"- {_md(text)}\n"
