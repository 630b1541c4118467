"""The table writer: a Rich console, plain when piped, and the pieces every view draws with.

Every piece of text from the dataset or the user becomes a ``rich.text.Text`` (never a markup
string), after control characters are removed, so nothing is interpreted as markup or as a
terminal control sequence. Each view's drawing lives in its own module, imported on use, so a
list table never loads the comparison code.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from anastro_cli.table.grid import Grid, PlainTable
from anastro_cli.text.sanitize import clean, to_ascii

if TYPE_CHECKING:
    from anastro_cli.output.views import View

BAR_WIDTH = 8
PARTIAL_BLOCKS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"  # 1/8 to 7/8 of a block
# Each view's renderer: the module under anastro_cli.table and its function.
RENDERERS: dict[str, tuple[str, str]] = {
    "EffectsView": ("lists", "render_effects"),
    "SearchView": ("lists", "render_search"),
    "SystemsView": ("lists", "render_systems"),
    "SourcesView": ("lists", "render_sources"),
    "CardView": ("card", "render_card"),
    "TopicView": ("topic", "render_topic"),
    "MarkerView": ("marker", "render_marker"),
    "WarningsView": ("checks", "render_warnings"),
    "CheckView": ("checks", "render_check"),
    "CompareView": ("comparison", "render_compare"),
    "ComparatorsView": ("comparison", "render_comparators"),
    "AboutView": ("about", "render_about"),
}


def renderer(view_type: type) -> Callable[[TableWriter, Any], None]:
    """The function that draws a view, from the module that owns it (imported on use)."""
    module, name = RENDERERS[view_type.__name__]
    found: Callable[[TableWriter, Any], None] = getattr(
        importlib.import_module(f"anastro_cli.table.{module}"), name
    )
    return found


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit 1 ("nothing found"); let the CLI end quietly as for other formats.
        raise BrokenPipeError


class TableWriter:
    def __init__(self, *, color: bool, width: int | None, ascii_only: bool) -> None:
        self.color = color
        self.width = width
        self.ascii_only = ascii_only

    # ----------------------------------------------------------------- plumbing

    def write(self, view: View, out: TextIO) -> None:
        # Plain (piped) output is rendered first, then written without the padding Rich adds
        # to the end of each line; terminal output goes straight through.
        target: Any = out if self.color else io.StringIO()
        self.console = _Console(
            file=target,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="auto" if self.color else None,
            width=self.width,
            markup=False,
            emoji=False,
            highlight=False,
            safe_box=True,
            soft_wrap=False,
            legacy_windows=False,
        )
        self._render(view)
        if not self.color:
            out.write("\n".join(line.rstrip() for line in target.getvalue().split("\n")))

    def _render(self, view: View) -> None:
        # Decoration (colour and box lines) belongs to terminals; piped output stays plain.
        self.box = box.SIMPLE_HEAVY if self.color and not self.ascii_only else None
        renderer(type(view))(self, view)

    def text(self, value: object, style: str = "") -> Text:
        string = clean(str(value))
        if self.ascii_only:
            string = to_ascii(string)
        return Text(string, style=style if self.color else "")

    def table(self, title: str | None = None) -> Grid:
        return Grid(self, title)

    def print(self, *items: Any) -> None:
        for item in items:
            for renderable in item.renderables() if isinstance(item, Grid) else [item]:
                if isinstance(renderable, PlainTable):
                    self.console.file.write(renderable)  # drawn already, plain
                else:
                    self.console.print(renderable)

    def heading(self, title: str) -> None:
        self.print(self.text(title, "bold underline"))

    def bullets(self, title: str, items: tuple[str, ...] | list[str]) -> None:
        if not items:
            return
        self.print(self.text(title, "bold"))
        mark = "-" if self.ascii_only or not self.color else "\u2022"
        grid = Table.grid(padding=(0, 1))  # a hanging indent for wrapped lines
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for item in items:
            grid.add_row(self.text(f" {mark}"), self.text(item))
        self.print(grid)

    def bar(self, value: float | None, scale: float) -> Text:
        if value is None or value <= 0 or scale <= 0:
            return self.text("")
        if self.ascii_only or not self.color:
            return self.text("#" * max(1, round(value / scale * BAR_WIDTH)), "cyan")
        # Eighths of a block, so 0.2% and 4.7% do not draw the same bar.
        eighths = max(1, round(value / scale * BAR_WIDTH * 8))
        full, part = divmod(eighths, 8)
        return self.text("\u2588" * full + (PARTIAL_BLOCKS[part] if part else ""), "cyan")

    def status(self, confirmed: bool) -> Text:
        return self.text("" if confirmed else "unconfirmed", "yellow")
