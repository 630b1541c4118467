"""The warning signs, emergencies first and whole, and a symptom check most urgent first."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.table import Table

from anastro_cli.model.figures import how_common, warning_signs
from anastro_cli.model.vocab import TIER_ACTIONS, TIER_MARKS, TIERS
from anastro_cli.output.shapes import NOT_LISTED
from anastro_cli.output.views import CheckView, WarningsView

if TYPE_CHECKING:
    from rich.text import Text

    from anastro_cli.table.writer import TableWriter

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# The action words that open a warning line; the short form keeps the signs themselves.
ACTION = re.compile(
    r"^(?:call an ambulance or (?:your local emergency number|go to hospital)(?: at once)?"
    r"|stop taking anastrozole and see a doctor urgently, the same day,?"
    r"|(?:contact your care team|get urgent help|get help)"
    r"(?: the same day| straight away| promptly)?)"
    r"(?: (?:for|if|about|at once for))?\s+",
    re.IGNORECASE,
)
STYLES = {"emergency": "bold red", "same-day": "yellow", "next-visit": ""}
MIN_SIGN = 40  # characters of a shortened sign; below this the sign wraps in full
EMERGENCY_LINE = "Emergency: 999 (UK), 112 (EU), 911 (US) or your local emergency number."


def short_sign(text: str) -> str:
    """'Call an ambulance ... for chest pain that is severe' -> 'chest pain that is severe'."""
    short = ACTION.sub("", text.strip(), count=1).rstrip(".")
    return short[:1].upper() + short[1:]


def render_warnings(writer: TableWriter, view: WarningsView) -> None:
    """Every emergency sign whole, each effect's on lines of its own (the emergency route
    first), then the effects with a same-day sign by name. --full gives every line of every
    tier. A sign is never cut to fit a screen: what it leaves out may be the part that
    matters ("... or a crisis line")."""
    tiers = TIERS if view.full else ("emergency", "same-day")
    for tier in tiers:
        signs = warning_signs(view.dataset, (tier,))
        if not signs:
            continue
        header = writer.text(f"{TIER_MARKS[tier]}: {TIER_ACTIONS[tier]}", STYLES[tier] or "bold")
        writer.print(header)
        grid = Table.grid(padding=(0, 1))  # lines wrap under their own start
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        if tier == "same-day" and not view.full:
            names = ", ".join(dict.fromkeys(_short_name(e.name) for e, _ in signs))
            line = f"for some signs of: {names} (anastro show EFFECT)"
            grid.add_row(writer.text(" "), writer.text(line))
        for effect, sign in signs if tier != "same-day" or view.full else []:
            text = sign.text if view.full else short_sign(sign.text)
            grid.add_row(writer.text(" "), _cell(writer, f"{_short_name(effect.name)}: ", text))
        writer.print(grid)
    more = "" if view.full else "; every line and tier: --full"
    writer.print(writer.text(f"Reference information, not medical advice{more}", "dim"))


def _short_name(name: str) -> str:
    """'Allergic (hypersensitivity) reactions' -> 'Allergic reactions'."""
    return " ".join(re.sub(r"\([^)]*\)", "", name).split())


def _marked(writer: TableWriter, tier: str, text: str) -> Text:
    line = writer.text(f"{TIER_MARKS[tier]}: ", STYLES[tier] or "bold")
    line.append_text(writer.text(text))
    return line


def _cell(writer: TableWriter, label: str, text: str) -> Text:
    cell = writer.text(label, "bold")
    cell.append_text(writer.text(text))
    return cell


def render_check(writer: TableWriter, view: CheckView) -> None:
    """Each symptom most urgent first: the tier, what to do, how common, when it fades; each
    line under its symptom wraps under its own start."""
    dataset = view.dataset
    for item in view.items:
        heading = writer.text(f"{item.symptom}", "bold")
        lines: list[Text] = []
        closest = " (closest match: check its signs)" if item.closest else ""
        if item.effect is not None:
            effect = item.effect
            heading.append_text(writer.text(f"  -> {effect.name}{closest}", "dim"))
            if effect.urgency is not None:
                # Every tier's sign, most urgent first: the urgency is "if", not an order.
                for sign in sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier)):
                    lines.append(_marked(writer, sign.tier, sign.text))
            lines.append(writer.text(f"How common: {how_common(dataset, effect)}"))
            if effect.time_course is not None:  # whole sentences, never cut inside one
                first, *rest = SENTENCE_END.split(" ".join(effect.time_course.text.split()))
                more = f" (more: anastro show {effect.id})" if rest else ""
                lines.append(writer.text(f"Course: {first}{more}", "dim"))
        elif item.topic is not None:
            heading.append_text(writer.text(f"  -> {item.topic.title}{closest}", "dim"))
            tier = item.topic.urgency
            summary = item.topic.summary
            lines.append(writer.text(summary) if tier is None else _marked(writer, tier, summary))
        else:
            close = f" Closest names: {', '.join(item.close)}." if item.close else ""
            lines.append(writer.text(f"{NOT_LISTED[:1].upper()}{NOT_LISTED[1:]}.{close}", "yellow"))
        writer.print(heading)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for line in lines:
            grid.add_row(writer.text(" "), line)
        writer.print(grid)
    shown = [found.id for item in view.items if (found := item.effect or item.topic)]
    if shown:  # the handles for the whole cards, as search's "Details:" line
        others = f" (or {', '.join(shown[1:])})" if shown[1:] else ""
        writer.print(writer.text(f"Details: anastro show {shown[0]}{others}", "dim"))
    writer.print(writer.text(EMERGENCY_LINE, "bold red"))
    writer.print(writer.text("Reference information, not medical advice.", "dim"))
