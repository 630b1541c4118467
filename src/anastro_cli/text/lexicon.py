"""The word lists of text/lexicon/*.txt, read on first use and kept for the process.

Each file says in its `#` header why the list exists; the rest is one entry a line, or
`from -> to` for a map. Files sit beside this module (found through __file__, so they work from
a wheel, a checkout or a zip-free install alike) and are part of the compiled store's cache key.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "lexicon"
ARROW = " -> "


def entries(name: str) -> list[str]:
    """The entries of one list, in file order, without comments or blank lines."""
    text = (FOLDER / f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def word_set(name: str) -> frozenset[str]:
    """A list as a set: stop words, filler, medicine words ..."""
    return frozenset(entries(name))


@cache
def word_map(name: str) -> dict[str, str]:
    """A `from -> to` list as a dict: spellings, lay words, population cues ..."""
    pairs = (entry.split(ARROW, 1) for entry in entries(name))
    return {source.strip(): target.strip() for source, target in pairs}


@cache
def word_pairs(name: str) -> frozenset[tuple[str, str]]:
    """A list of two-word entries as pairs: the context pairs."""
    return frozenset((first, second) for first, second in (e.split() for e in entries(name)))
