"""Typed access to one mapping of raw YAML, recording problems instead of raising."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from anastro_cli.dataset.problems import Checker, mappings_only
from anastro_cli.text.sanitize import clean

MAX_TEXT = 20_000  # characters in one text field: a paragraph, never a file's worth
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
LESS_THAN = re.compile(r"^\s*<\s*(\d+(?:\.\d+)?)\s*$")
# Descriptive text carries no numbers: a number there would have no source (text in a record
# with its own source may: a topic point, a help with its trial, a time course).
# (A digit whose character before it, if any, is not a letter or digit: the digit is matched
# first and the look-behind checks the pair, several times faster than looking behind at
# every position.)
UNSOURCED_DIGIT = re.compile(r"\d(?<![A-Za-z\d]\d)")
TEXT_FIELDS = frozenset(
    {
        "mechanism",
        "notes",
        "monitoring",
        "helps",
        "seek_care",
        "explanation",
        "summary",
        "text",
        "description",
        "why_side_effects",
        "who_can_take",
        "disclaimer",
    }
)


class FieldReader:
    """Typed access to one mapping, recording problems instead of raising."""

    def __init__(self, checker: Checker, node: Any, path: str, *, sourced: bool = False) -> None:
        self.checker = checker
        self.node = node if isinstance(node, dict) else {}
        self.path = path
        self.ok = isinstance(node, dict)
        # Text in a record that names its own source may carry that source's numbers.
        self.sourced = sourced or "source" in self.node
        if not self.ok:
            checker.add(node, None, path, "must be a mapping")

    def problem(self, key: str, message: str) -> None:
        self.checker.add(self.node, key, f"{self.path}.{key}", message)

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return default
        if not isinstance(value, str):
            # YAML reads 1.10 as 1.1 and 2026 as a number: text must be written as text.
            self.problem(key, f"must be text, not {value!r} (put it in quotes)")
            return default
        if len(value) > MAX_TEXT:
            self.problem(key, f"is too long ({len(value)} characters; at most {MAX_TEXT})")
            return default
        text = clean(value).strip()  # control characters never enter the model
        if required and not text:
            self.problem(key, "must not be empty")
        if key in TEXT_FIELDS:
            self._no_digits(key, text)
        return text

    def items(self, key: str) -> list[Any]:
        """A list-of-records field's mappings; a missing field is empty, anything else is a
        problem reported at its own line."""
        value = self.node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, "must be a list")
            return []
        return mappings_only(self.checker, value, f"{self.path}.{key}")

    def opt_text(self, key: str) -> str | None:
        return self.text(key, required=False) or None

    def _no_digits(self, key: str, text: str, index: int | None = None) -> None:
        if not self.sourced and UNSOURCED_DIGIT.search(text):
            where = f"{key}[{index}]" if index is not None else key
            self.checker.add(
                self.node,
                key,
                f"{self.path}.{where}",
                "descriptive text must not contain numbers; put figures in a sourced field",
            )

    def text_list(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(key, "must be a list of text")
            return ()
        result: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                where = f"{self.path}.{key}[{index}]"
                self.checker.add(value, index, where, f"must be text, not {item!r} (quote it)")
                continue
            if len(item) > MAX_TEXT:
                where = f"{self.path}.{key}[{index}]"
                self.checker.add(value, index, where, f"is too long (at most {MAX_TEXT})")
                continue
            text = clean(item).strip()
            if not text:
                self.checker.add(value, index, f"{self.path}.{key}[{index}]", "must not be empty")
                continue
            if key in TEXT_FIELDS:
                self._no_digits(key, text, index)
            result.append(text)
        return tuple(result)

    def number(
        self,
        key: str,
        *,
        required: bool = True,
        low: float | None = None,
        high: float | None = None,
    ) -> float | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            self.problem(key, f"must be a number, not {shown}")
            return None
        number = float(value)
        if not math.isfinite(number):
            self.problem(key, "must be a finite number")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.problem(key, f"must be between {low:g} and {high:g}, not {number:g}")
            return None
        return number

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self.node.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(key, f"must be a whole number >= 0, not {value!r}")
            return None
        return value

    def flag(self, key: str, default: bool = True) -> bool:
        value = self.node.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(key, "must be true or false")
            return default
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.text(key, required=required)
        if not value:
            return None
        if value not in choices:
            self.problem(key, f"unknown value {value!r} (expected one of: {', '.join(choices)})")
            return None
        return value

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if value and not ID_PATTERN.match(value):
            self.problem(key, f"{value!r} is not a valid id (lowercase letters, digits, -_.)")
        return value

    def check_keys(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.node:
            if key not in allowed_set:
                self.problem(key, f"unknown field (allowed: {', '.join(sorted(allowed_set))})")


def records(checker: Checker, merged: dict[str, Any], key: str) -> Iterator[tuple[str, Any, Any]]:
    values = merged.get(key) or []
    per_file: dict[str, int] = {}  # positions count within each file, as its author sees them
    for item in values:
        file = getattr(item, "file", "")
        index = per_file.get(file, 0)
        per_file[file] = index + 1
        label = item.get("id") if isinstance(item, dict) else None
        path = f"{key}[{label}]" if isinstance(label, str) and label else f"{key}[{index}]"
        yield path, item, values


class Refs:
    def __init__(self, checker: Checker, source_ids: set[str]) -> None:
        self.checker = checker
        self.source_ids = source_ids

    def source(self, reader: FieldReader, key: str = "source") -> str:
        value = reader.text(key)
        if value and value not in self.source_ids:
            reader.problem(key, f"unknown source id {value!r}")
        return value

    def sources(self, reader: FieldReader, key: str = "sources") -> tuple[str, ...]:
        values = reader.text_list(key)
        for value in values:
            if value not in self.source_ids:
                reader.problem(key, f"unknown source id {value!r}")
        return values


def unique(checker: Checker, seen: set[str], reader: FieldReader, value: str) -> None:
    if value in seen:
        reader.problem("id", f"duplicate id {value!r}")
    seen.add(value)
