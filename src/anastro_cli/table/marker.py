"""A blood test anastrozole moves: which way, why, the sources, and the effects that name it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anastro_cli.model.figures import cited
from anastro_cli.output.views import MarkerView
from anastro_cli.text.fold import fold

if TYPE_CHECKING:
    from anastro_cli.table.writer import TableWriter

# How a marker's direction reads on screen.
MOVES = {"down": "anastrozole lowers it.", "up": "anastrozole raises it."}


def render_marker(writer: TableWriter, view: MarkerView) -> None:
    marker, dataset = view.marker, view.dataset
    writer.heading(marker.name)
    moves = MOVES.get(marker.direction, f"anastrozole moves it {marker.direction}.")
    writer.print(writer.text(f"Blood test: {moves}", "bold"))
    writer.print(writer.text(marker.explanation))
    named = dict.fromkeys(cited(dataset, source) for source in marker.sources)
    if named:
        writer.print(writer.text(f"Sources: {'; '.join(named)}", "dim"))
    # the side effects whose names say the test's own words ("cholesterol": raised cholesterol)
    wanted = set(fold(marker.id.replace("-", " ")).split())
    related = [
        f"{e.name} ({e.id})"
        for e in dataset.effects
        if wanted <= {w for t in (e.name, *e.aliases, *e.lay_terms) for w in fold(t).split()}
    ]
    writer.bullets("See also (anastro show ID)", related[:3])
    writer.print(writer.text(dataset.drug.disclaimer, "dim"))
