"""The warning signs on one screen, and a symptom check most urgent first."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from anastro_cli.model.figures import how_common, warning_signs
from anastro_cli.model.vocab import TIER_ACTIONS, TIER_MARKS, TIERS
from anastro_cli.output.shapes import NOT_LISTED
from anastro_cli.output.views import CheckView, WarningsView

if TYPE_CHECKING:
    from rich.text import Text

    from anastro_cli.table.writer import TableWriter

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
    """Every emergency sign on a line of its own, then the same-day signs by name: one
    screen at 80x24. --full gives every line of every tier in full."""
    width = writer.console.width
    tiers = TIERS if view.full else ("emergency", "same-day")
    for tier in tiers:
        signs = warning_signs(view.dataset, (tier,))
        if not signs:
            continue
        header = writer.text(f"{TIER_MARKS[tier]}: {TIER_ACTIONS[tier]}", STYLES[tier] or "bold")
        writer.print(header)
        if tier == "same-day" and not view.full:
            names = dict.fromkeys(_short_name(e.name) for e, _ in signs)
            writer.print(writer.text("  " + ", ".join(names) + " (anastro show EFFECT)"))
            continue
        for effect, sign in signs:
            text = sign.text if view.full else short_sign(sign.text)
            writer.print(
                _cell(writer, f"  {_short_name(effect.name)}: ", text, width, clip=not view.full)
            )
    more = "" if view.full else "; every line and tier: --full"
    writer.print(writer.text(f"Reference information, not medical advice{more}", "dim"))


def _short_name(name: str) -> str:
    """'Allergic (hypersensitivity) reactions' -> 'Allergic reactions'."""
    return " ".join(re.sub(r"\([^)]*\)", "", name).split())


def _cell(writer: TableWriter, label: str, text: str, width: int, *, clip: bool) -> Text:
    cell = writer.text(label, "bold")
    room = width - len(label)
    if clip and len(text) > room:
        text = text[: max(room - 3, 1)].rstrip(" ,;") + "..."
    cell.append_text(writer.text(text))
    return cell


def render_check(writer: TableWriter, view: CheckView) -> None:
    """Each symptom most urgent first: the tier, what to do, how common, when it fades."""
    dataset = view.dataset
    for item in view.items:
        heading = writer.text(f"{item.symptom}", "bold")
        if item.effect is not None:
            effect = item.effect
            tier = effect.urgency
            heading.append_text(writer.text(f"  -> {effect.name}", "dim"))
            writer.print(heading)
            if tier is not None:
                # Every tier's sign, most urgent first: the urgency is "if", not an order.
                for sign in sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier)):
                    mark = writer.text(f"  {TIER_MARKS[sign.tier]}: ", STYLES[sign.tier] or "bold")
                    mark.append_text(writer.text(sign.text))
                    writer.print(mark)
            writer.print(writer.text(f"  How common: {how_common(dataset, effect)}"))
            if effect.time_course is not None:
                course = f"  Course: {effect.time_course.text}"
                width = writer.console.width
                if len(course) > width:  # one line here; the whole text is on its card
                    course = course[: width - 3].rstrip() + "..."
                writer.print(writer.text(course, "dim"))
        elif item.topic is not None:
            heading.append_text(writer.text(f"  -> {item.topic.title}", "dim"))
            writer.print(heading)
            tier = item.topic.urgency
            if tier is None:
                writer.print(writer.text(f"  {item.topic.summary}"))
            else:
                mark = writer.text(f"  {TIER_MARKS[tier]}: ", STYLES[tier] or "bold")
                mark.append_text(writer.text(item.topic.summary))
                writer.print(mark)
        else:
            writer.print(heading)
            close = f" Closest names: {', '.join(item.close)}." if item.close else ""
            writer.print(
                writer.text(f"  {NOT_LISTED[:1].upper()}{NOT_LISTED[1:]}.{close}", "yellow")
            )
    shown = [found.id for item in view.items if (found := item.effect or item.topic)]
    if shown:  # the handles for the whole cards, as search's "Details:" line
        others = f" (or {', '.join(shown[1:])})" if shown[1:] else ""
        writer.print(writer.text(f"Details: anastro show {shown[0]}{others}", "dim"))
    writer.print(writer.text(EMERGENCY_LINE, "bold red"))
    writer.print(writer.text("Reference information, not medical advice.", "dim"))
