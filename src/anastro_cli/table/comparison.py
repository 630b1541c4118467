"""anastrozole against another drug: the trade-offs, then each trial's table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from anastro_cli.model.figures import cited
from anastro_cli.model.vocab import DIFFERENCE_SHORT, HEAD_TO_HEAD, MEASURE_UNITS
from anastro_cli.output.shapes import verdict
from anastro_cli.output.views import ComparatorsView, CompareView

if TYPE_CHECKING:
    from anastro_cli.compare import Row
    from anastro_cli.model.records import ArmValue
    from anastro_cli.table.grid import Grid
    from anastro_cli.table.writer import TableWriter


def render_compare(writer: TableWriter, view: CompareView) -> None:
    if not view.full:
        from anastro_cli.table.compare_summary import render_compare_summary

        render_compare_summary(writer, view)
        return
    c = view.comparison
    other = c.comparator.name
    writer.heading(f"Anastrozole vs {other}")
    # The plain-language trade-offs come first; the trial figures that back them follow.
    if c.contrasts:
        table = writer.table("In short: what the sources say, with or without numbers")
        table.add_column("Topic")
        table.add_column("Anastrozole")
        table.add_column(other)
        table.add_column("Source", keep_words=True)
        for x in c.contrasts:
            table.add_row(
                writer.text(x.topic, "bold"),
                writer.text(x.anastrozole),
                writer.text(x.comparator_text),
                writer.text(cited(view.dataset, x.source)),
            )
        writer.print(table)
    comparator = c.comparator
    writer.bullets(
        f"About {other}",
        [
            f"Class: {comparator.drug_class}",
            f"How it works: {comparator.mechanism}",
            f"Who can take it: {comparator.who_can_take}",
            *[f"{p.text} ({cited(view.dataset, p.source)})" for p in comparator.points],
        ],
    )
    percent_rows = [r for r in c.rows if r.measure == "percent_patients"]
    scale = max(
        (
            v.value
            for r in percent_rows
            for v in (r.drug_value, r.comparator_value)
            if v is not None and v.value is not None
        ),
        default=0.0,
    )
    direct = [r for r in c.rows if r.section == HEAD_TO_HEAD]
    own = [r for r in c.rows if r.section != HEAD_TO_HEAD]
    if direct:
        trials = ", ".join(t.name for t in c.head_to_head_trials)
        table = _compare_table(writer, f"Head to head ({trials})", "Anastrozole", other)
        for row in direct:
            _compare_row(writer, view, table, row, scale)
        writer.print(table)
    elif not own:
        writer.print(writer.text("No figures to compare.", "dim"))
    for trial_name in dict.fromkeys(r.trial for r in own):
        block = [r for r in own if r.trial == trial_name]
        drug = block[0].drug
        table = _compare_table(
            writer,
            f"Not compared head to head with {other.lower()}: {trial_name}, "
            f"{drug} against tamoxifen",
            drug.capitalize(),
            "Tamoxifen",
        )
        for row in block:
            _compare_row(writer, view, table, row, scale)
        writer.print(table)
    writer.bullets("Reading this table", list(c.notes))


def _compare_table(writer: TableWriter, title: str, first: str, second: str) -> Grid:
    table = writer.table(title)
    table.add_column("Event", min_width=10)
    table.add_column("Trial", min_width=6)
    table.add_column(first, min_width=8)
    table.add_column(second, min_width=8)
    table.add_column("Difference", justify="right", min_width=5)
    table.add_column("In words", min_width=6)
    table.add_column("Source", min_width=8, keep_words=True)
    return table


def _compare_row(
    writer: TableWriter, view: CompareView, table: Grid, row: Row, scale: float
) -> None:
    def cell(value: ArmValue | None) -> Text:
        if value is None or value.value is None:
            pooled = "-" if row.pooled is None else f"both arms {row.pooled:g}%"
            return writer.text(pooled, "dim")
        from anastro_cli.table.compare_summary import arm

        result = writer.text(arm(row, value), "bold")
        if row.measure == "percent_patients":
            result.append_text(writer.text(" "))
            result.append_text(writer.bar(value.value, scale))
        return result

    event = writer.text(row.event)
    missing = any(v is None or v.value is None for v in (row.drug_value, row.comparator_value))
    if missing and row.note and not row.direction:
        event.append_text(writer.text(f" ({row.note.rstrip('.')})", "dim"))
    if row.measure != "percent_patients":
        event.append_text(writer.text(f" ({MEASURE_UNITS.get(row.measure, row.measure)})", "dim"))
    if row.direction:
        event.append_text(writer.text(f" - {row.direction}", "italic"))
    source = writer.text("; ".join(cited(view.dataset, s) for s in row.sources), "dim")
    if not row.confirmed:
        source.append_text(writer.text(" *", "yellow"))
    difference = ""
    if row.difference is not None:
        number = "0" if row.difference == 0 else f"{row.difference:+g}"
        difference = f"{number} {DIFFERENCE_SHORT.get(row.measure, '')}".strip()
    higher = writer.text(verdict(row))
    if row.p_value and higher.plain:
        higher.append_text(writer.text(f" (p {_p(row.p_value)})", "dim"))
    table.add_row(
        event,
        writer.text(row.trial),
        cell(row.drug_value),
        cell(row.comparator_value),
        writer.text(difference),
        higher,
        source,
    )


def render_comparators(writer: TableWriter, view: ComparatorsView) -> None:
    table = writer.table("anastro compare DRUG: what anastrozole can be compared with")
    for column in (
        "Drug",
        "Brands",
        "Head-to-head trials with anastrozole",
        "Own trials against tamoxifen",
    ):
        table.add_column(column)
    for s in view.comparators:
        table.add_row(
            writer.text(s.comparator.name, "bold"),
            writer.text(", ".join(s.comparator.brands)),
            writer.text(", ".join(t.name for t in s.head_to_head) or "none"),
            writer.text(", ".join(t.name for t in s.own_trials) or "-"),
        )
    writer.print(table)


def _p(value: str) -> str:
    text = value.strip()
    return text if text[:1] in "<>=≤≥" or text.upper() == "NR" else f"= {text}"
