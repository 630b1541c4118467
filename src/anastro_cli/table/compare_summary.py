"""compare on one screen and a half: the trade-offs in a line each, then the key events of
the head-to-head trial (significant differences and serious outcomes first), in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anastro_cli.model.figures import cited
from anastro_cli.model.vocab import HEAD_TO_HEAD
from anastro_cli.output.shapes import p_below, verdict

if TYPE_CHECKING:
    from rich.text import Text

    from anastro_cli.compare import Row
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.model.records import ArmValue
    from anastro_cli.output.views import CompareView
    from anastro_cli.table.writer import TableWriter

MAX_ROWS = 30  # at 80 columns
KEY_MEASURES = ("percent_patients", "percent_change")


def key_rows(dataset: Dataset, rows: list[Row], limit: int) -> list[Row]:
    """The rows a reader needs first: head-to-head when there are any, one per event, those
    with a significant difference or a serious outcome first, then the largest differences."""
    direct = [r for r in rows if r.section == HEAD_TO_HEAD] or rows
    chosen: dict[tuple[str, str], Row] = {}
    for row in direct:
        missing = any(v is None or v.value is None for v in (row.drug_value, row.comparator_value))
        if row.measure not in KEY_MEASURES or missing:
            continue
        key = (row.effect or row.event.casefold(), row.measure)
        if key not in chosen or (row.confirmed and not chosen[key].confirmed):
            chosen[key] = row

    def importance(row: Row) -> tuple[int, int, float]:
        effect = dataset.effect(row.effect) if row.effect else None
        serious = effect is not None and effect.seriousness == "rare-serious"
        return (
            0 if p_below(row.p_value) else 1,
            0 if serious else 1,
            -abs(row.difference or 0.0),
        )

    return sorted(chosen.values(), key=importance)[:limit]


def arm(row: Row, value: ArmValue | None) -> str:
    """An arm's figure as the summary shows it: a change with its sign ("+2.8%")."""
    if value is None or value.value is None:
        return "-"
    unit = "%" if row.measure in KEY_MEASURES else ""
    sign = "+" if row.measure == "percent_change" and value.value > 0 else ""
    return f"{sign}{value.text}{unit}"


def render_compare_summary(writer: TableWriter, view: CompareView) -> None:
    c, dataset = view.comparison, view.dataset
    other = c.comparator.name
    width = writer.console.width
    writer.heading(f"Anastrozole vs {other}")
    used = 1
    if c.contrasts:
        cited_by = dict.fromkeys(cited(dataset, x.source) for x in c.contrasts[:6])
        heading = writer.text("In short", "bold")
        heading.append_text(writer.text(f" (from: {'; '.join(cited_by)})", "dim"))
        writer.print(_clip(writer, heading, width))
        used += 1
        for x in c.contrasts[:6]:
            line = writer.text(f" {x.topic}: ", "bold")
            line.append_text(writer.text(x.anastrozole))
            writer.print(_clip(writer, line, width))
            used += 1
    rows = key_rows(dataset, list(c.rows), MAX_ROWS - used - 6)
    if rows:
        trials = ", ".join(dict.fromkeys(r.trial.split(" (", 1)[0] for r in rows))
        kind = "head to head" if rows[0].section == HEAD_TO_HEAD else "each against tamoxifen"
        writer.print(writer.text(f"Key events in {trials} ({kind})", "bold"))
        event_width = min(80, max(20, width - 50))  # names legible, figures close
        header = writer.text(
            f" {'Event'.ljust(event_width)} {'Anastr.':>7} {_short(other):>7}  In words", "dim"
        )
        writer.print(header)
        unconfirmed = False
        for row in rows:
            first, second = (arm(row, v) for v in (row.drug_value, row.comparator_value))
            # the mark on the event's name, where the screen's edge never cuts it off
            mark = "" if row.confirmed else "*"
            unconfirmed = unconfirmed or not row.confirmed
            room = event_width - len(mark)
            event = row.event if len(row.event) <= room else row.event[: room - 3] + "..."
            text = f" {(event + mark).ljust(event_width)} {first:>7} {second:>7}  "
            line = writer.text(text)
            line.append_text(writer.text(verdict(row), _style(verdict(row))))
            writer.print(_clip(writer, line, width))
        if unconfirmed:
            writer.print(writer.text("* not confirmed in a primary source", "dim"))
        writer.print(
            writer.text(
                "similar: under a percentage point apart and not significant; "
                "untested: no p value given",
                "dim",
            )
        )
    else:
        writer.print(writer.text("No figures from a trial of the two drugs here.", "dim"))
    writer.print(
        writer.text(f"Every row, trial and note: anastro compare {c.comparator.id} --full", "dim")
    )


def _short(name: str) -> str:
    return name if len(name) <= 7 else name[:6] + "."


def _style(words: str) -> str:
    return "bold" if words.startswith("more") and "untested" not in words else ""


def _clip(writer: TableWriter, line: Text, width: int) -> Text:
    if len(line.plain) > width:
        line = line[: width - 3]
        line.append_text(writer.text("..."))
    return line
