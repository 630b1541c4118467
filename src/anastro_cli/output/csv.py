"""CSV (RFC 4180): a header row, CRLF line ends, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, TextIO

from anastro_cli.output.rows import rows
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.output.views import View


class CsvWriter:
    """RFC 4180: a header row, CRLF line ends, fields quoted when they need it."""

    def write(self, view: View, out: TextIO) -> None:
        headers, table = rows(view)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headers)
        for row in table:
            writer.writerow([defuse(clean(cell)) for cell in row])


def defuse(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection)."""
    if cell[:1] in ("=", "@", "\t", "\r") or (cell[:1] in ("+", "-") and not _is_number(cell)):
        return "'" + cell
    return cell


def _is_number(text: str) -> bool:
    """A plain finite number ('-5.2', '+3'); '-inf', '-nan' and '-1e999' are not."""
    import math

    if any(c.isalpha() and c not in "eE" for c in text):
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False
