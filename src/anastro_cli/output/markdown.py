"""Markdown: a table of each view's rows, and a card that reads as a card when pasted."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from anastro_cli.model.figures import frequencies, headline, how_common
from anastro_cli.model.vocab import TIER_MARKS, TIERS
from anastro_cli.output.rows import rows
from anastro_cli.output.views import CardView
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.model.records import Advice
    from anastro_cli.output.views import View


class MarkdownWriter:
    def write(self, view: View, out: TextIO) -> None:
        if isinstance(view, CardView) and not view.full:
            _answer(view, out)  # a note ready to paste, source titles rather than ids
            return
        if isinstance(view, CardView):
            self._card(view, out)  # a card pasted into notes should read as a card
        headers, table = rows(view)
        out.write("| " + " | ".join(md(h) for h in headers) + " |\n")
        out.write("|" + "|".join("---" for _ in headers) + "|\n")
        for row in table:
            out.write("| " + " | ".join(md(cell) for cell in row) + " |\n")
        if isinstance(view, CardView):
            self._card_end(view, out)

    def _card(self, view: CardView, out: TextIO) -> None:
        effect = view.effect
        system = view.dataset.system(effect.system)
        out.write(f"## {md(effect.name)}\n\n")
        facts = [
            ("Organ system", system.name if system else effect.system),
            ("Who", ", ".join(effect.populations)),
            ("Seriousness", "serious" if effect.seriousness == "rare-serious" else "common"),
            ("Also called", "; ".join(effect.aliases)),
        ]
        for label, value in facts:
            if value:
                out.write(f"- **{label}:** {md(value)}\n")
        out.write(f"\n**Why it happens.** {md(effect.mechanism)}\n\n**How often**\n\n")

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
        out.write(f"\n*{md(view.dataset.drug.disclaimer)}*\n")


def md(text: str) -> str:
    """Text as Markdown that renders as the same text: no markup, no HTML, one line."""
    escaped = clean(text).replace("\\", "\\\\").replace("|", "\\|")
    for char in "*_`[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


def _help_line(item: Advice) -> str:
    return f"{item.text} (evidence: {item.evidence})" if item.evidence else item.text


def _item(mark: str, text: str) -> str:
    """One bullet; a tier's mark in bold (it survives a printer without colour)."""
    return f"- **{md(mark)}:** {md(text)}\n" if mark else f"- {md(text)}\n"


def _answer(view: CardView, out: TextIO) -> None:
    effect, dataset = view.effect, view.dataset
    out.write(f"## {md(effect.name)}\n\n")
    out.write(f"- **How common:** {md(how_common(dataset, effect))}\n")
    if effect.time_course is not None:
        out.write(f"- **How it goes:** {md(effect.time_course.text)}\n")
    for sign in sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier)):
        out.write(f"- **{md(TIER_MARKS[sign.tier])}:** {md(sign.text)}\n")
    for item in sorted(effect.helps, key=lambda h: h.evidence is None):
        out.write(f"- **Helps:** {md(_help_line(item))}\n")
    lead = headline(dataset, frequencies(dataset, effect))
    cited = dict.fromkeys(
        [*([lead.source] if lead else []), *(w.source for w in effect.seek_care)]
        + [h.source for h in effect.helps]
        + list(effect.time_course.sources if effect.time_course else ())
    )
    titles = [source.title for source in map(dataset.source, cited) if source is not None]
    out.write("\n**Sources:** " + "; ".join(md(t) for t in titles) + "\n")
    out.write(f"\n*{md(dataset.drug.disclaimer)}*\n")
