"""The first reading of a data file: a line by line reader of the common block-YAML subset. A
document it takes reads exactly as parse_plain reads it (values, types, key and item order);
anything else, or anything it is not sure of, it declines (NotLines) and parse_plain reads it.
It makes none of the event objects that are most of parse_plain's time on a large file.

Taken: block mappings of plain keys; `key: value`; `key:` and a nested mapping or sequence (at
the key's indent or deeper); `- value`, `- key: value`; plain scalars, also over more indented
lines (folded with spaces); one-line quoted scalars (no backslash); one-line flow sequences of
scalars; comments; blank lines between entries; a first `---`; CRLF. Plain scalars are read by
parse_plain's own resolvers. Declined: tabs, characters YAML does not print or reads as line
breaks, anchors, aliases, tags, block scalars, flow mappings, `?` keys, directives, later
document markers, odd keys (quoted, an indicator first, `#:,[]{}` in them, over 512 characters,
not text, repeated), a value that starts with an indicator (but `-x`, a quote, `[`, `#`), a
plain value with ': ' or a final ':', a plain scalar going on after a comment or blank line,
a quoted scalar over lines, an empty `-`, more nesting than parse_plain takes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from anastro_cli.dataset.linescalars import INDICATORS, MISSING, NotLines, Scalars
from anastro_cli.dataset.plainyaml import plain_resolvers
from anastro_cli.dataset.yamlsafe import MAX_DEPTH

__all__ = ["NotLines", "parse_lines"]


# What YAML reads as text: line feeds and printable characters, less tab, carriage return,
# NEL, the line and paragraph separators and the byte order mark (all declined here).
_NOT_TEXT = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# A plain scalar over lines is joined a line at a time; past this (a text field's limit is
# 20,000 characters) the file is left to libyaml, so the joining never grows quadratic.
MAX_FOLDED = 20_000
_TRAILING_SPACES = re.compile("(?<! ) +\n")  # from a run's first space: linear
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
CHUNK = 1 << 18  # characters split into lines at a time
_SLOW_FIRST = INDICATORS | {" "}
_NO_KEYS: dict[str, str] = {}


def parse_lines(text: str) -> dict[str, Any]:
    """One YAML document of the common block subset, as parse_plain reads it; NotLines for
    anything else (the caller reads it with parse_plain). The top level must be a mapping."""
    return _Reader(plain_resolvers()).read(text)


class _Reader(Scalars):
    """One reading: the scalars', keys' and lines' caches (heads, by_indent: see read())."""

    def __init__(self, resolvers: dict[str, Any]) -> None:
        super().__init__(resolvers)
        self.heads: dict[str, tuple[int, Any, int]] = {}
        self.by_indent: defaultdict[int, dict[str, str]] = defaultdict(dict)

    def read(self, text: str) -> dict[str, Any]:
        """The document as parse_plain reads it."""
        resolvers, heads, by_indent, empty = self.resolvers, self.heads, self.by_indent, self.empty
        plain, special, line_head = self.plain, self.special, self.line_head
        root: dict[str, Any] = {}
        stack: list[tuple[int, Any]] = [(0, root)]  # (indent, container) of each open one
        cur: Any = root  # the innermost open container (a dict or a list)
        cur_ind = 0  # its indent (a list's: the column of its '-')
        pending: Any = None  # a key of cur with nothing after its ':' yet
        cont: str | None = None  # a plain scalar, last in cur, that the next line may go on
        cont_key: Any = None  # its key in cur (None in a list)
        # While the next key line may be one of home's (cur itself, or cur a sequence at the
        # indent of its key in home), no key pending: home's key lines seen before, by their
        # text up to the ': ' (indent and key), so that such a line is read in a few steps.
        fast: dict[str, str] = {}
        home: Any = root
        entry = "\n"  # with a key pending in cur: an entry '- ' at its indent (else no line)
        started = False
        for chunk in _chunks(text):  # not the whole text's lines at once: less memory
            for line in chunk.split("\n"):
                at = line.find(": ")
                if at > 0:
                    key = fast.get(line[:at])
                    if key is not None:
                        rest = line[at + 2 :]
                        first = rest[0]
                        if (
                            first not in _SLOW_FIRST
                            and "#" not in rest
                            and ": " not in rest
                            and rest[-1] != ":"
                            and key not in home
                        ):
                            if cur is not home:  # the sequence at its key's indent ends
                                stack.pop()
                                cur = home
                            cur[key] = plain(rest) if first in resolvers else rest
                            cont, cont_key = rest, key
                            continue
                    # The line's head (indent, key, column) as line_head found it before
                    head = heads.get(line[:at])
                    rest = line[at + 2 :]
                elif line[-1:] == ":":
                    key = fast.get(line[:-1])
                    if key is not None and key not in home:  # `key:` in home, seen before
                        if cur is not home:
                            stack.pop()
                            cur = home
                        cur[key] = empty
                        pending, cont, fast = key, None, _NO_KEYS
                        entry = " " * cur_ind + "- "
                        continue
                    head = heads.get(line[:-1])
                    rest = ""
                elif line.startswith(entry) and len(stack) < MAX_DEPTH:
                    # The first entry '- value' of a sequence at its key's indent.
                    rest = line[cur_ind + 2 :]
                    first = rest[0]
                    if first not in _SLOW_FIRST and "#" not in rest:
                        new: Any = [plain(rest) if first in resolvers else rest]
                        cur[pending] = new
                        stack.append((cur_ind, new))
                        home, cur, fast = cur, new, by_indent[cur_ind]
                        pending, entry, cont, cont_key = None, "\n", rest, None
                        continue
                    head = None
                else:
                    head = None
                if head is not None:
                    ind, key, col = head
                    if rest[:1] == " ":
                        rest = rest.lstrip(" ")
                    if cont is not None:
                        if ind > cur_ind:
                            raise NotLines("a continuation line with ': ' or a final ':'")
                        cont = None
                else:
                    body = line.lstrip(" ")
                    if not body or body[0] == "#":
                        cont = None  # a blank line or a comment: no plain scalar goes on after it
                        continue
                    ind = len(line) - len(body)
                    if cont is not None:
                        if ind > cur_ind:  # the plain scalar goes on: folded with one space
                            if (
                                body[0] in INDICATORS
                                or ": " in body
                                or body[-1] == ":"
                                or " #" in body
                            ):
                                raise NotLines("a continuation line the line reader does not take")
                            if len(cont) > MAX_FOLDED:  # each line copies it: bound the cost
                                raise NotLines("a plain scalar longer than the line reader takes")
                            cont = cont + " " + body
                            value = plain(cont) if cont[0] in resolvers else cont
                            if cont_key is None:
                                cur[-1] = value
                            else:
                                cur[cont_key] = value
                            continue
                        cont = None
                    if not started:  # the first line: at the left edge, or a lone '---'
                        if ind:
                            raise NotLines("an indented top level")
                        started = True
                        if body == "---":
                            continue
                    if not ind and body[0] in ".-" and body[:3] in ("---", "..."):
                        raise NotLines("a document marker, or a line that starts like one")
                    key, col, rest = line_head(line, body, ind)
                dash = col != -1
                if pending is not None:
                    if ind > cur_ind or (dash and ind == cur_ind):
                        if len(stack) >= MAX_DEPTH:
                            raise NotLines("too deep")
                        new = [] if dash else {}
                        cur[pending] = new
                        cur, cur_ind = new, ind
                        stack.append((ind, new))
                    pending = None
                if ind != cur_ind:
                    while ind < cur_ind:  # the root's indent is 0: never popped
                        stack.pop()
                        cur_ind, cur = stack[-1]
                    if ind > cur_ind:
                        raise NotLines("a line indented more than its place")
                fast, entry = _NO_KEYS, "\n"
                if dash:
                    if cur.__class__ is not list:
                        raise NotLines("an entry '-' where a key belongs")
                    if key is None:  # '- value'
                        first = rest[0]
                        if first in INDICATORS or "#" in rest:
                            value, more = special(rest, len(stack))
                            if value is MISSING:
                                raise NotLines("an empty entry '-'")
                        else:  # line_head saw no ': ' and no final ':'
                            value = plain(rest) if first in resolvers else rest
                            more = True
                        cur.append(value)
                        if more:
                            cont, cont_key = rest, None
                        if stack[-2][0] == cur_ind:  # a key of the mapping may be next
                            fast, home = by_indent[cur_ind], stack[-2][1]
                        continue
                    if len(stack) >= MAX_DEPTH:
                        raise NotLines("too deep")
                    new = {}
                    cur.append(new)
                    cur, cur_ind = new, col
                    stack.append((col, new))
                elif cur.__class__ is list:
                    if stack[-2][0] != cur_ind:  # the top level is a mapping: stack[-2] is there
                        raise NotLines("a key where an entry '-' belongs")
                    stack.pop()  # a sequence at its key's indent ends
                    cur_ind, cur = stack[-1]
                if key in cur:
                    raise NotLines(f"a repeated key: {key!r}")
                if not rest:
                    cur[key] = empty
                    pending, entry = key, " " * cur_ind + "- "
                    continue
                first = rest[0]
                if first in INDICATORS or "#" in rest:
                    value, more = special(rest, len(stack))
                    if value is MISSING:  # only a comment after the ':'
                        cur[key] = empty
                        pending, entry = key, " " * cur_ind + "- "
                        continue
                else:
                    if ": " in rest or rest[-1] == ":":
                        raise NotLines("': ' or a final ':' in a plain scalar")
                    value = plain(rest) if first in resolvers else rest
                    more = True
                cur[key] = value
                if more:
                    cont, cont_key = rest, key
                fast, home = by_indent[cur_ind], cur
        if not root:
            raise NotLines("no key at all")  # parse_plain reads an empty document as None
        return root

    def line_head(self, line: str, body: str, ind: int) -> tuple[Any, int, str]:
        """A line's key (None for an entry '- value'), the column of the mapping an entry
        '- key:' starts (-1 for a key line, -2 for '- value') and the text after the ': ' (or
        after the '- '); a key line's head is remembered for the next line with its text."""
        if body[0] == "-" and (len(body) == 1 or body[1] == " "):
            rest = body[2:].lstrip(" ")
            if not rest:
                raise NotLines("an empty entry '-'")
            words = rest if "#" not in rest else rest.split(" #", 1)[0]  # before a comment
            if rest[0] in "'\"[#" or (": " not in words and words[-1] != ":"):
                return None, -2, rest
            col = ind + len(body) - len(rest)
            body = rest
        else:
            col = -1
        at = body.find(": ")
        if at >= 0:
            raw, rest = body[:at], body[at + 2 :].lstrip(" ")
        elif body[-1] == ":":
            raw, rest = body[:-1], ""
        else:
            raise NotLines("a line that is neither a key nor an entry")
        key = self.key(raw)
        text = line[: len(line) - len(body) + len(raw)]
        self.heads[text] = (ind, key, col)
        if col == -1:
            self.by_indent[ind][text] = key
        return key, col, rest


def _chunks(text: str) -> Iterator[str]:
    """text in pieces of about CHUNK characters, each ending at a line end (left out), with
    CR LF as LF and no spaces at a line's end; NotLines at the first piece holding a tab, a
    lone CR or a character YAML does not print or reads as a line break (a piece at a time, so
    that a document declined early costs little)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start + CHUNK)
        if stop < 0:
            stop = end
        chunk = text[start:stop]
        if "\r" in chunk:
            chunk = chunk.replace("\r\n", "\n")
            if stop < end and chunk[-1:] == "\r":  # its last line ended with CR LF
                chunk = chunk[:-1]
        if chunk.isascii():
            if chunk.encode("ascii").translate(None, _PRINTABLE_ASCII):
                raise NotLines("a character YAML does not print, a tab or a lone CR")
        elif _NOT_TEXT.search(chunk):
            raise NotLines("a character YAML does not print, a tab or another line break")
        if " \n" in chunk:
            chunk = _TRAILING_SPACES.sub("\n", chunk)
        yield chunk.rstrip(" ")
        start = stop + 1
