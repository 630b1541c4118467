"""JSON: the documented shape of each view, lists written one compact item a line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

from anastro_cli.output.shapes import hit_plain, match_plain, plain
from anastro_cli.output.views import EffectsView, SearchView

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.output.views import View
    from anastro_cli.search.rank import Hit


@runtime_checkable
class StoredJson(Protocol):
    """Effects that carry their JSON already rendered (a compiled dataset's selection)."""

    def json_array(self) -> Iterable[bytes]: ...


class JsonWriter:
    def write(self, view: View, out: TextIO) -> None:
        # ensure_ascii keeps control characters and odd bytes escaped in every locale.
        if isinstance(view, EffectsView) and isinstance(view.effects, StoredJson):
            # A compiled dataset's effects carry their JSON, rendered by effect_plain when
            # the store was written: the array is joined from it, checked, and written once.
            write_ascii(view.effects.json_array(), out)
            return
        if isinstance(view, SearchView) and view.dataset.store is not None:
            # Every item is made before the first is written: damage found in the store
            # never leaves half an array.
            write_items([_hit_json(view.dataset, hit) for hit in view.hits], out)
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


def _hit_json(dataset: Dataset, hit: Hit) -> str:
    """A search hit as hit_plain shapes it, byte for byte; an effect's own fields come from the
    JSON its store keeps (rendered by effect_plain when the store was written), so a search
    never works out every figure of the effects it prints."""
    store = dataset.store
    stored = store.effect_json(hit.id) if hit.effect is not None and store is not None else None
    if stored is None:
        return json.dumps(hit_plain(dataset, hit), ensure_ascii=True)
    extra = {"score": hit.score, "matched": [match_plain(m) for m in hit.matched]}
    # json.dumps separates items with ", ": the stored object, its "}" dropped, then these.
    return f"{stored[:-1]}, {json.dumps(extra, ensure_ascii=True)[1:]}"


def write_items(items: Iterable[str], out: TextIO) -> None:
    """A JSON array, one item per line: the same bytes whether items are built or stored."""
    first = True
    for item in items:
        out.write(("[\n" if first else ",\n") + item)
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_ascii(parts: Iterable[bytes], out: TextIO) -> None:
    """ASCII bytes, written as out would write their text: straight to the binary stream
    beneath a standard stream whose encoding keeps ASCII as it is and which translates no
    newline (POSIX), else as text."""
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", None) or "").lower().replace("_", "-")
    if buffer is not None and os.linesep == "\n" and encoding in ASCII_KEPT:
        out.flush()
        for part in parts:
            buffer.write(part)
    else:
        for part in parts:
            out.write(part.decode("ascii"))


ASCII_KEPT = ("utf-8", "utf8", "ascii", "us-ascii", "latin-1", "iso8859-1", "iso-8859-1")
