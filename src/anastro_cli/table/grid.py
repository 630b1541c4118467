"""A table that becomes a list of records when the terminal is too narrow for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from anastro_cli.table.writer import TableWriter

NARROW = 50  # below this many columns (or when a table cannot fit), records replace tables


class Grid:
    """A table, or below NARROW columns a list of records, filled the same way either way.

    Every header passes through the writer's cleaning; every column folds long words instead
    of cutting them, so a source id or an 'unconfirmed' mark is never lost to an ellipsis.
    """

    def __init__(self, writer: TableWriter, title: str | None) -> None:
        self.writer = writer
        self.title = title
        self.headers: list[Text] = []
        self.rows: list[list[Text] | None] = []  # None marks a section break
        self.options: list[dict[str, Any]] = []

    @property
    def row_count(self) -> int:
        return sum(1 for row in self.rows if row is not None)

    def add_column(self, header: str, **options: Any) -> None:
        self.headers.append(self.writer.text(header))
        self.options.append(options)

    def add_row(self, *cells: Text) -> None:
        self.rows.append(list(cells))

    def add_section(self) -> None:
        self.rows.append(None)

    def renderables(self) -> list[Any]:
        widths = self._widths(self.writer.console.width)
        if widths is None:
            return self._records()
        if self.writer.box is None and not self.writer.color:
            return [PlainTable(self._plain(widths))]
        return [self._table(widths)]

    def _widths(self, available: int) -> list[int] | None:
        """Column widths that fit available: each column at least as wide as its longest
        word, the rest shared out by how much each column would like. None when even the
        longest words do not fit, so the caller prints records instead of cropping columns."""
        if available < NARROW:
            return None
        count = len(self.headers)
        # Columns are one space apart (collapsed padding), or two under a header rule.
        overhead = (count - 1) * (1 if self.writer.box is None else 2)
        # Headers stay whole ("Difference", not "Dif/fer/ence"): if they cannot, use records.
        return self._share(available, overhead, header_words=True)

    def _share(self, available: int, overhead: int, header_words: bool) -> list[int] | None:
        count = len(self.headers)
        least: list[int] = []
        most: list[int] = []
        for position, header in enumerate(self.headers):
            cells = [row[position] for row in self.rows if row is not None and position < len(row)]
            texts = [c.plain for c in cells] + ([header.plain] if header_words else [])
            # Headers may wrap, so only cell words set the least width; a long word in an
            # ordinary column may fold, but ids (keep_words) stay whole up to 32 characters.
            words = [len(w) for t in texts for w in t.split()] or [1]
            lines = [len(line) for t in [*texts, header.plain] for line in t.splitlines()]
            cap = 32 if self.options[position].get("keep_words") else 16
            least.append(max(min(max(words), cap), 1))
            most.append(max([*lines, least[-1]]))
        room = available - overhead
        if sum(least) > room:
            return None
        if sum(most) <= room:
            return most
        # Water-filling: columns that want little get all of it first, so a figure one or two
        # characters short of fitting is not wrapped to feed a long text column.
        widths = list(least)
        spare = room - sum(least)
        wants = sorted(range(count), key=lambda k: (most[k] - least[k], k))
        for position, index in enumerate(wants):
            share = spare // (count - position)
            extra = min(most[index] - least[index], share)
            widths[index] += extra
            spare -= extra
        return widths

    def _table(self, widths: list[int]) -> Table:
        writer = self.writer
        table = Table(
            title=writer.text(self.title, "bold") if self.title else None,
            box=writer.box,
            show_edge=False,
            header_style="bold" if writer.color else "",
            title_justify="left",
            pad_edge=False,
            collapse_padding=True,
            expand=False,
        )
        for header, options, width in zip(self.headers, self.options, widths, strict=True):
            table.add_column(
                header, overflow="fold", width=width, justify=options.get("justify", "left")
            )
        for row in self.rows:
            if row is None:
                table.add_section()
            else:
                table.add_row(*row)
        return table

    def _plain(self, widths: list[int]) -> str:
        """The lines _table draws when there is no colour and no box (piped output), drawn
        here: Rich's table costs about a millisecond a row, too much for 100,000 rows. Each
        cell is wrapped as Rich wraps it (Text.wrap, skipped for a one-line ASCII cell)."""
        console = self.writer.console
        justify = [options.get("justify", "left") for options in self.options]
        lines: list[str] = []
        if self.title:
            title = self.writer.text(self.title)
            lines += _wrapped(console, title, sum(widths) + len(widths) - 1, "left", {})
        blank = [[" " * width] for width in widths]
        known: dict[tuple[str, int, str], list[str]] = {}  # a source title, wrapped once
        for row in [self.headers, *self.rows]:
            if row is None:
                continue  # a section break draws nothing without a box
            cells = [
                _wrapped(console, cell, width, how, known)
                for cell, width, how in zip(row, widths, justify, strict=False)
            ]
            cells += blank[len(cells) :]
            height = max(len(cell) for cell in cells)
            if row is self.headers:  # Rich sets a wrapped header row on its last line
                cells = [
                    [" " * width] * (height - len(cell)) + cell
                    for cell, width in zip(cells, widths, strict=True)
                ]
            for index in range(height):
                lines.append(
                    " ".join(
                        cell[index] if index < len(cell) else " " * width
                        for cell, width in zip(cells, widths, strict=True)
                    )
                )
        return "\n".join(lines) + "\n"

    def _records(self) -> list[Any]:
        writer = self.writer
        result: list[Any] = []
        if self.title:
            result.append(writer.text(self.title, "bold"))
        for row in self.rows:
            if row is None:
                continue
            filled = [(h, c) for h, c in zip(self.headers, row, strict=False) if c.plain]
            if len(filled) == 1 and len(row) == 1:  # a group heading such as a system name
                result.append(Text("\n").append_text(row[0]))
                continue
            for index, (header, cell) in enumerate(filled):
                line = Text("- " if index == 0 else "  ")
                line.append_text(writer.text(f"{header.plain}: ", "bold"))
                line.append_text(cell)
                result.append(line)
        return result


class PlainTable(str):
    """A table already drawn as plain lines (Grid._plain): written as it is."""


def _wrapped(
    console: Any, text: Text, width: int, justify: str, known: dict[tuple[str, int, str], list[str]]
) -> list[str]:
    """text's lines in a cell of width, as a Rich table cell wraps, justifies and pads them
    (known: texts wrapped already, by their plain text: there is no style without colour)."""
    plain = text.plain
    if len(plain) <= width and plain.isascii() and plain.isprintable() and justify != "center":
        line = plain.rstrip()  # one line: nothing to wrap (ASCII: one cell per character)
        return [line.rjust(width) if justify == "right" else line.ljust(width)]
    lines = known.get((plain, width, justify))
    if lines is None:
        wrapped = text.wrap(console, width, justify=justify, overflow="fold")  # type: ignore[arg-type]
        # Padded by screen columns, as Rich pads: a wide character (CJK, emoji) takes two.
        lines = known[plain, width, justify] = [
            line.plain + " " * max(width - cell_len(line.plain), 0) for line in wrapped
        ]
    return lines
