"""JSON: the documented shape of each view, lists written one compact item a line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

from anastro_cli.output.shapes import plain
from anastro_cli.output.views import EffectsView

if TYPE_CHECKING:
    from anastro_cli.output.views import View


@runtime_checkable
class StoredJson(Protocol):
    """Effects that carry their JSON already rendered (a compiled dataset's selection)."""

    def json_items(self) -> list[str]: ...


class JsonWriter:
    def write(self, view: View, out: TextIO) -> None:
        # ensure_ascii keeps control characters and odd bytes escaped in every locale.
        if isinstance(view, EffectsView) and isinstance(view.effects, StoredJson):
            # A compiled dataset's effects carry their JSON, rendered by effect_plain when
            # the store was written: a long list is streamed, never built in memory.
            write_items(view.effects.json_items(), out)
            return
        shape = plain(view)
        if isinstance(shape, list):
            # One compact item per line: still one JSON array, readable line by line, and
            # written by json's C encoder (indent= falls back to pure Python: 5x slower on a
            # large dataset).
            write_items((json.dumps(item, ensure_ascii=True) for item in shape), out)
        else:
            out.write(json.dumps(shape, indent=2, ensure_ascii=True))
            out.write("\n")


def write_items(items: Iterable[str], out: TextIO) -> None:
    """A JSON array, one item per line: the same bytes whether items are built or stored."""
    first = True
    for item in items:
        out.write(("[\n" if first else ",\n") + item)
        first = False
    out.write("[]\n" if first else "\n]\n")
