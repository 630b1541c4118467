"""A topic: a question beyond side effects, answered in a few sourced points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from anastro_cli.model.figures import cited
from anastro_cli.model.vocab import TIER_MARKS
from anastro_cli.output.views import TopicView

if TYPE_CHECKING:
    from anastro_cli.table.writer import TableWriter


def render_topic(writer: TableWriter, view: TopicView) -> None:
    topic, dataset = view.topic, view.dataset
    writer.heading(topic.title)
    writer.print(writer.text(topic.summary))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    unconfirmed = False
    # the points a source confirms first; the rest after, marked (data order within each)
    for point in sorted(topic.points, key=lambda p: not p.confirmed):
        line = writer.text(point.text)
        line.append_text(writer.text(f" ({cited(dataset, point.source)})", "dim"))
        if not point.confirmed:
            line.append_text(writer.text(" *", "yellow"))
            unconfirmed = True
        grid.add_row(writer.text(" -"), line)
    writer.print(writer.text("Key points", "bold"))
    writer.print(grid)
    writer.bullets(
        "What to do",
        [
            f"{TIER_MARKS[a.kind]}: {a.text}" if a.kind in TIER_MARKS else a.text
            for a in topic.actions
        ],
    )
    names = []
    for related in topic.related:
        effect, other = dataset.effect(related), dataset.topic(related)
        name = effect.name if effect else other.title if other else related
        names.append(f"{name} ({related})")
    if names:
        writer.bullets("See also (anastro show ID)", names)
    if topic.id == "men":
        unconfirmed = _men_figures(writer, view) or unconfirmed
    if unconfirmed:
        writer.print(writer.text("* not confirmed in a primary source", "dim"))
    writer.print(writer.text(dataset.drug.disclaimer, "dim"))


def _men_figures(writer: TableWriter, view: TopicView) -> bool:
    """The estradiol levels and trials in men that the dataset keeps as figures; True when
    one of them is marked as not confirmed."""
    men, dataset = view.dataset.men, view.dataset
    writer.bullets(
        "Estradiol levels named by the sources (for reference only, never a guide to "
        "choosing a dose: that is for the prescriber; studies report pg/mL or pmol/L, "
        "which are different scales)",
        [
            f"{r.label}: {_range(r.low, r.high)} {r.unit} ({cited(dataset, r.source)})"
            + ("" if r.confirmed else " *")
            for r in men.estradiol_ranges
        ],
    )
    writer.bullets(
        "Trials in men",
        [
            f"{f.label}: {f.value} ({cited(dataset, f.source, f.trial)})"
            + ("" if f.confirmed else " *")
            for f in men.findings
        ],
    )
    return any(not r.confirmed for r in men.estradiol_ranges) or any(
        not f.confirmed for f in men.findings
    )


def _range(low: float | None, high: float | None) -> str:
    if low is None and high is not None:
        return f"below {high:g}"
    if high is None and low is not None:
        return f"above {low:g}"
    if low == high:
        return f"{low:g}"
    return f"{low:g}-{high:g}"
