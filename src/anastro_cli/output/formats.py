"""The output formats and the writer of each machine format (the table writer is cli's to pick).

Only this small module loads at start-up (the CLI's --format option needs Format); each writer
module is imported when its format is chosen.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from anastro_cli.output.views import View


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    yaml = "yaml"


class Writer(Protocol):
    def write(self, view: View, out: TextIO) -> None: ...


def _json() -> Writer:
    from anastro_cli.output.json import JsonWriter

    return JsonWriter()


def _csv() -> Writer:
    from anastro_cli.output.csv import CsvWriter

    return CsvWriter()


def _markdown() -> Writer:
    from anastro_cli.output.markdown import MarkdownWriter

    return MarkdownWriter()


def _yaml() -> Writer:
    from anastro_cli.output.yaml import YamlWriter

    return YamlWriter()


# Every machine format and its writer; Format.table belongs to anastro_cli.table (Rich).
WRITERS: dict[Format, Callable[[], Writer]] = {
    Format.json: _json,
    Format.csv: _csv,
    Format.markdown: _markdown,
    Format.yaml: _yaml,
}
