"""Bounded, safe YAML reading that remembers where every value came from.

PyYAML is imported here only, and only when a file has to be parsed (a cached dataset needs no
YAML at all). Only the safe loader is used; before building anything, a streaming pass over the
parser events rejects documents that are too deep or whose aliases expand past a bound
("billion laughs"), so a hostile file costs bounded time and memory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from anastro_cli.model.frozen import record

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 1_000_000  # values that aliases may add beyond those written out


@record
class Problem:
    """One thing wrong with a data file, located as precisely as the file allows."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        from anastro_cli.text.sanitize import visible

        text = f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}"
        return visible(text)


class MarkedDict(dict[str, Any]):
    """A mapping that knows the line and column of itself and of each of its keys."""

    file: str = ""
    line: int = 0
    column: int = 0
    key_marks: dict[str, tuple[int, int]]

    def mark_of(self, key: str) -> tuple[int, int]:
        marks: dict[str, tuple[int, int]] = getattr(self, "key_marks", None) or {}
        return marks.get(key, (self.line, self.column))


class MarkedList(list[Any]):
    file: str = ""
    line: int = 0
    column: int = 0
    item_marks: list[tuple[int, int]]

    def mark_of(self, index: int) -> tuple[int, int]:
        marks: list[tuple[int, int]] = getattr(self, "item_marks", None) or []
        return marks[index] if index < len(marks) else (self.line, self.column)


class YamlFileError(Exception):
    """A file that cannot be read as a dataset document at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _fail(file: str, message: str, line: int = 1, column: int = 1) -> YamlFileError:
    return YamlFileError(Problem(file, line, column, "(file)", message))


def read_bounded(path: Path, opened: list[os.stat_result] | None = None) -> bytes:
    """A regular file's bytes, refusing anything larger than MAX_FILE_BYTES (or not a file).
    With opened, the stat of the very file read (through its handle, before and after the
    read) is appended to it: what a path names can change between a stat and an open."""
    import stat

    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _fail(name, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise _fail(
                name, f"file is too large ({info.st_size} bytes; the limit is {MAX_FILE_BYTES})"
            )
        with path.open("rb") as handle:
            if opened is not None:
                opened.append(os.fstat(handle.fileno()))
            data = handle.read(MAX_FILE_BYTES + 1)
            if opened is not None:
                opened.append(os.fstat(handle.fileno()))
    except OSError as exc:
        raise _fail(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while we looked
        raise _fail(name, f"file is too large (the limit is {MAX_FILE_BYTES} bytes)")
    return data


def read_text(path: Path) -> str:
    """Read a data file as UTF-8 text, refusing huge, binary or mis-encoded files."""
    return decode_text(read_bounded(path), str(path))


def decode_text(data: bytes, name: str) -> str:
    """A data file's bytes as UTF-8 text, refusing binary or mis-encoded files."""
    if b"\x00" in data:
        raise _fail(name, "this is a binary file, not YAML text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            name, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None
    return text


# YAML 1.2 (core schema) readings of plain scalars, stricter still: a number is written in
# decimal without a leading zero; `012`, `0b11`, `0x1F`, `1:30`, `1_000`, `yes` and `on` stay
# text (YAML 1.1 would read 10, 3, 31, 90, 1000, true), so a field that wants a number says so
# with its line instead of taking a silent number.
_BOOL = r"^(?:true|True|TRUE|false|False|FALSE)$"
_INT = r"^[-+]?(?:0|[1-9][0-9]{0,17})$"  # longer digit runs stay text: a problem, not a crash
_FLOAT = (
    r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?|(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+)$"
)


def yaml_12_scalars(loader: Any) -> None:
    import re

    tags = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in tags]
        for first, resolvers in loader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(_BOOL), list("tTfF"))
    digits = list("-+0123456789")
    loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(_INT), digits)
    loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(_FLOAT), digits)


def parse(text: str, file: str) -> Any:
    """Parse one YAML document into MarkedDict/MarkedList/scalars, within the bounds above."""
    import yaml

    loader_base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _check_shape(yaml, loader_base, text, file)

    problems: list[Problem] = []

    class Loader(loader_base):  # type: ignore[misc]
        pass

    yaml_12_scalars(Loader)

    def construct_mapping(loader: Any, node: Any) -> MarkedDict:
        result = MarkedDict()
        result.file = file
        result.line = node.start_mark.line + 1
        result.column = node.start_mark.column + 1
        result.key_marks = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key, str):
                problems.append(Problem(file, line, column, repr(key), "keys must be text"))
                continue
            if key in result:
                problems.append(Problem(file, line, column, key, "duplicate key"))
                continue
            result.key_marks[key] = (line, column)
            result[key] = loader.construct_object(value_node, deep=True)
        return result

    def construct_sequence(loader: Any, node: Any) -> MarkedList:
        result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
        result.file = file
        result.line = node.start_mark.line + 1
        result.column = node.start_mark.column + 1
        result.item_marks = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
        return result

    def construct_text(loader: Any, node: Any) -> str:
        # Dates and times stay text: the dataset never needs Python datetimes.
        return str(loader.construct_scalar(node))

    Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_text)
    try:
        document = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(file, exc) from None
    except RecursionError:
        raise _fail(file, "document is nested too deeply") from None
    if problems:
        raise YamlFileError(problems[0]) if len(problems) == 1 else MultiProblemError(problems)
    return document


class MultiProblemError(YamlFileError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0])
        self.problems = problems


def _check_shape(yaml: Any, loader_base: Any, text: str, file: str) -> None:
    """Stream the parser events once: bound nesting depth and alias expansion."""
    events = yaml.events
    stack: list[list[Any]] = []  # [anchor, expanded size]
    sizes: dict[str, int] = {}
    added = 0  # values that aliases add to the document once expanded
    documents = 0
    try:
        for event in yaml.parse(text, Loader=loader_base):
            if isinstance(event, events.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _fail(file, "more than one YAML document in the file", _line(event))
            if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    raise _fail(file, f"nested more than {MAX_DEPTH} levels deep", _line(event))
            elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
                anchor, size = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
                if stack:
                    stack[-1][1] += size
            elif isinstance(event, (events.ScalarEvent, events.AliasEvent)):
                size = 1
                if isinstance(event, events.AliasEvent):
                    size = sizes.get(event.anchor, 1)
                    added += size - 1
                elif event.anchor is not None:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1][1] += size
            if added > MAX_ALIAS_EXPANSION:
                raise _fail(
                    file,
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION} extra values "
                    "(an alias bomb?)",
                    _line(event),
                )
    except yaml.YAMLError as exc:
        raise _yaml_error(file, exc) from None


def _yaml_error(file: str, exc: Any) -> YamlFileError:
    """A PyYAML error as one located problem."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return _fail(file, f"YAML: {exc}")
    parts = (getattr(exc, "context", None), getattr(exc, "problem", None))
    message = " ".join(str(part) for part in parts if part)
    return _fail(file, f"YAML syntax: {message}", mark.line + 1, mark.column + 1)


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return int(mark.line) + 1 if mark is not None else 1
