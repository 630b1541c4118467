"""A topic: a question beyond side effects, answered in a few sourced points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

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
    for point in topic.points:
        source = dataset.source(point.source)
        line = writer.text(point.text)
        line.append_text(writer.text(f" ({source.short if source else point.source})", "dim"))
        if not point.confirmed:
            line.append_text(writer.text(" *", "yellow"))
            unconfirmed = True
        grid.add_row(writer.text(" -"), line)
    writer.print(writer.text("Key points", "bold"))
    writer.print(grid)
    writer.bullets("What to do", [a.text for a in topic.actions])
    names = []
    for related in topic.related:
        effect, other = dataset.effect(related), dataset.topic(related)
        name = effect.name if effect else other.title if other else related
        names.append(f"{name} ({related})")
    if names:
        writer.bullets("See also (anastro show ID)", names)
    if unconfirmed:
        writer.print(writer.text("* not confirmed in a primary source", "dim"))
    writer.print(writer.text(dataset.drug.disclaimer, "dim"))
