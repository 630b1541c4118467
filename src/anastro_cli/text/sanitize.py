"""Making text safe to show: no control characters, and ASCII where a terminal needs it."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the invisible format characters
# that can reorder or hide text: the Arabic letter mark, zero-width and bidirectional marks,
# embeddings, overrides and isolates, the word joiner and invisible operators, the byte-order
# mark, and the interlinear annotation marks.
CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
ASCII_FALLBACK = str.maketrans(
    {
        "\u2192": "->",
        "\u2190": "<-",
        "\u2191": "up ",
        "\u2193": "down ",
        "\u2265": ">=",
        "\u2264": "<=",
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u00b7": "-",
        "\u2248": "~",
        "\u00d7": "x",
        "\u2022": "*",
        "\u2588": "#",
        "\u258f": "|",
        "\u00a0": " ",
    }
)


def clean(text: str) -> str:
    """Text safe for a terminal: control characters (ESC and friends) are dropped."""
    if text.isprintable():  # none of CONTROL is printable: nothing to drop (the common case)
        return text
    return CONTROL.sub("", text)


def visible(text: str) -> str:
    """Text for a message about input: control characters shown as escapes, not obeyed."""
    return CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def to_ascii(text: str) -> str:
    """Degrade typographic symbols for terminals that cannot show them."""
    translated = text.translate(ASCII_FALLBACK)
    return translated.encode("ascii", "replace").decode("ascii")
