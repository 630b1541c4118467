"""The terminal: colour (NO_COLOR, FORCE_COLOR), width, ASCII-only streams, the pager, and
which writer a format gets. Writers and the table load only when output is written."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO, cast

from anastro_cli.cli.choices import Color
from anastro_cli.cli.common import fail, quiet_pipe
from anastro_cli.output.formats import WRITERS, Format

if TYPE_CHECKING:
    from anastro_cli.output.formats import Writer
    from anastro_cli.output.views import View


def writer_for(fmt: Format, *, color: bool, width: int | None, ascii_only: bool) -> Writer:
    """The writer of a format; only the table writer brings in Rich (and without colour, only
    for views that need it: a search list is plain lines)."""
    if fmt is Format.table and width is not None and not color:
        from anastro_cli.table.lines import PlainTableWriter

        return PlainTableWriter(width=width, ascii_only=ascii_only)
    if fmt is Format.table:
        from anastro_cli.table.writer import TableWriter

        return TableWriter(color=color, width=width, ascii_only=ascii_only)
    return WRITERS[fmt]()


class Output:
    """Where and how a result is written, decided once from the options and environment."""

    def __init__(self, fmt: Format, as_json: bool, color: Color, pager: bool | None = None) -> None:
        if as_json and fmt not in (Format.table, Format.json):
            fail(f"--json and --format {fmt.value} ask for different formats: choose one")
        if sys.stdout is None:
            fail("standard output is closed")
        self.format = Format.json if as_json else fmt
        self.color = use_color(color)
        self.pager = pager

    def empty(self, view: View) -> None:
        """Before a 'nothing found' exit: scripts still get a well-formed empty result."""
        if self.format is not Format.table:
            self.emit(view)

    def empty_list(self, headers: list[str]) -> None:
        """'Nothing found' for a command whose result has no view to empty: an empty list in
        JSON and YAML, a header row in CSV and Markdown."""
        lines = {
            Format.json: "[]",
            Format.yaml: "[]",
            Format.csv: ",".join(headers),
            Format.markdown: "| " + " | ".join(headers) + " |\n|" + "---|" * len(headers),
        }
        line = lines.get(self.format)
        if line is not None:
            try:
                sys.stdout.write(line + ("\r\n" if self.format is Format.csv else "\n"))
                sys.stdout.flush()
            except BrokenPipeError:
                quiet_pipe()

    def emit(self, view: View) -> None:
        encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower()
        ascii_only = "utf" not in encoding
        writer = writer_for(
            self.format, color=self.color, width=terminal_width(), ascii_only=ascii_only
        )
        try:
            if self.pager is not False and sys.stdout.isatty():
                import io

                buffer = io.StringIO()
                writer.write(view, buffer)
                text = buffer.getvalue()
                if self.pager or taller_than_terminal(text):
                    page(text)
                    return
                stream = cast(TextIO, AsciiStream(sys.stdout)) if ascii_only else sys.stdout
                stream.write(text)
                sys.stdout.flush()
                return
            stream = cast(TextIO, AsciiStream(sys.stdout)) if ascii_only else sys.stdout
            writer.write(view, stream)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_pipe()


class AsciiStream:
    """A stdout that cannot encode Unicode gets arrows and dashes as ASCII, never an error."""

    encoding = "ascii"

    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, text: str) -> int:
        from anastro_cli.text.sanitize import to_ascii

        return self.target.write(to_ascii(text))

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


def terminal_width() -> int:
    """COLUMNS when it is a positive number, else the terminal's width, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return min(int(columns), 1000)
    if sys.stdout.isatty():
        import shutil

        return max(shutil.get_terminal_size((80, 24)).columns, 20)
    return 80


def use_color(choice: Color) -> bool:
    if choice is Color.always:
        return True
    if choice is Color.never:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def taller_than_terminal(text: str) -> bool:
    """Whether text takes more rows than the terminal has (long lines count as they wrap)."""
    import shutil

    size = shutil.get_terminal_size((80, 24))
    width = max(terminal_width(), 1)
    rows = sum(max(1, -(-len(line) // width)) for line in text.rstrip("\n").split("\n"))
    return rows > max(size.lines, 1)


def page(text: str) -> None:
    """Show text through $PAGER as git does (less -FRX when unset). A pager that cannot be
    started, cannot be parsed (an empty or unbalanced PAGER) or fails is skipped: the text is
    printed as it is, never lost."""
    import shlex
    import subprocess

    try:
        command = shlex.split(os.environ.get("PAGER") or "less -FRX")
    except ValueError:
        command = []
    if command:
        data = text.encode(sys.stdout.encoding or "utf-8", "replace")
        try:
            # as git does: a PAGER of plain "less" shows colour, not escape codes
            env = {"LESS": "FRX", "LV": "-c", **os.environ}
            if subprocess.run(command, input=data, check=False, env=env).returncode == 0:
                return
        except OSError:
            pass
    sys.stdout.write(text)
    sys.stdout.flush()
