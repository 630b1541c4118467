"""The scalars of the line reader (lineyaml.py): plain scalars resolved exactly as parse_plain
resolves them, keys, one-line quoted scalars, one-line flow sequences of scalars, comments
after a value; NotLines for anything the line reader leaves to parse_plain."""

from __future__ import annotations

import re
from typing import Any

from anastro_cli.dataset.plainyaml import NotPlain, resolve_plain
from anastro_cli.dataset.yamlsafe import MAX_DEPTH


class NotLines(Exception):
    """A document the line reader leaves to parse_plain: outside its subset, or in doubt."""


# YAML's indicators: a value starting with one goes through special(), which takes a quote,
# `[`, a comment and `-` before a non-space, and declines the rest.
INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
MISSING: Any = object()  # special(): only a comment after the ':'
_KEY_CHARS = re.compile(r"[:#,\[\]{}]")  # a key holding any of these is declined
_FLOW_CHARS = re.compile(r"[:#?\[\]{}]")  # a flow item holding any of these is declined
_MAX_KEY = 512  # libyaml takes a key only within 1,024 characters of its start
_TEXT: Any = object()
_NUMBERS = (int, float)


class Scalars:
    """The scalars of one reading, with the resolvers it reads them with and what it has read."""

    def __init__(self, resolvers: dict[str, Any]) -> None:
        # A scalar whose first character has no resolver stays text: only the others are
        # resolved (parse_plain tries the empty lists of '.', 'o', 'y' ... to the same end).
        self.resolvers = {first: tried for first, tried in resolvers.items() if tried}
        self.all_resolvers = resolvers
        self.seen: dict[str, Any] = {}  # short plain scalars a resolver may read: how read
        self.empty = self.plain("")  # `key:` with nothing after it (null)

    def plain(self, value: str) -> Any:
        """A plain scalar resolved as parse_plain resolves it (a number read anew each time)."""
        known = self.seen.get(value, MISSING)
        if known is MISSING:
            try:
                resolved = resolve_plain(self.all_resolvers, value)
            except NotPlain:
                raise NotLines("a scalar parse_plain leaves to parse()") from None
            if len(self.seen) < 65536 and len(value) <= 40:
                kind = resolved.__class__
                self.seen[value] = (
                    _TEXT if resolved is value else kind if kind in _NUMBERS else resolved
                )
            return resolved
        if known is _TEXT:
            return value
        if known is int or known is float:
            return known(value)
        return known

    def key(self, raw: str) -> str:
        """The key written as raw (the text before ': '), checked: plain, short, text."""
        key = raw.rstrip(" ")
        if (
            not key
            or len(raw) > _MAX_KEY
            or key[0] in INDICATORS
            or _KEY_CHARS.search(key) is not None
            or self.plain(key).__class__ is not str
        ):
            raise NotLines(f"a key the line reader does not take: {raw!r}")
        return key

    def special(self, rest: str, depth: int) -> tuple[Any, bool]:
        """A value starting with an indicator or holding '#': (value, whether it is a plain
        scalar the next line may go on), or (MISSING, False) for a comment alone."""
        first = rest[0]
        if first == "#":
            return MISSING, False
        if first in "'\"":
            value, end = quoted(rest, 0)
            comment_only(rest, end)
            return value, False
        if first == "[":
            if depth >= MAX_DEPTH:
                raise NotLines("too deep")
            return self.flow(rest), False
        if first in INDICATORS and not (first == "-" and rest[1:2] not in ("", " ")):
            raise NotLines(f"a value starting with {first!r}")
        cut = rest.find(" #")
        if cut >= 0:
            rest = rest[:cut].rstrip(" ")
        if ": " in rest or rest[-1] == ":":
            raise NotLines("': ' or a final ':' in a plain scalar")
        return (self.plain(rest) if rest[0] in self.resolvers else rest), cut < 0

    def flow(self, text: str) -> list[Any]:
        """A flow sequence on one line, of plain and quoted scalars: `[a, 'b', "c d"]`."""
        items: list[Any] = []
        at, end = 1, len(text)
        while True:
            while at < end and text[at] == " ":
                at += 1
            if at >= end:
                raise NotLines("a flow sequence over lines")
            if text[at] == "]" and not items:
                at += 1
                break
            if text[at] in "'\"":
                item, at = quoted(text, at)
                items.append(item)
            else:
                stop = at
                while stop < end and text[stop] not in ",]":
                    stop += 1
                word = text[at:stop].rstrip(" ")
                if (
                    not word
                    or (word[0] in INDICATORS and (word[0] != "-" or word[1:2] in ("", " ")))
                    or _FLOW_CHARS.search(word)
                ):
                    raise NotLines(f"a flow item the line reader does not take: {word!r}")
                items.append(self.plain(word) if word[0] in self.resolvers else word)
                at = stop
            while at < end and text[at] == " ":
                at += 1
            if at < end and text[at] == ",":
                at += 1
                continue
            if at < end and text[at] == "]":
                at += 1
                break
            raise NotLines("a flow sequence the line reader does not take")
        comment_only(text, at)
        return items


def quoted(text: str, at: int) -> tuple[str, int]:
    """The one-line quoted scalar at text[at] (a quote): its value and the index after it.
    Single quotes: '' is a quote. Double quotes: declined if a backslash escape is in it."""
    quote = text[at]
    if quote == "'":
        end = text.find("'", at + 1)
        while end >= 0 and text[end + 1 : end + 2] == "'":
            end = text.find("'", end + 2)
        if end < 0:
            raise NotLines("a single-quoted scalar over lines")
        return text[at + 1 : end].replace("''", "'"), end + 1
    end = text.find('"', at + 1)
    if end < 0:
        raise NotLines("a double-quoted scalar over lines")
    value = text[at + 1 : end]
    if "\\" in value:
        raise NotLines("an escape in a double-quoted scalar")
    return value, end + 1


def comment_only(text: str, at: int) -> None:
    """Nothing but spaces and a comment after text[at] (a closing quote or bracket)."""
    tail = text[at:]
    if tail and not (tail[0] == " " and tail.lstrip(" ")[:1] == "#"):
        raise NotLines("text after a quoted scalar or a flow sequence")
