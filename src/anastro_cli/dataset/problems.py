"""Problems found in data: where each one is (file, line, column, field) and the error that
carries them all."""

from __future__ import annotations

from typing import Any

from anastro_cli.dataset.yamlsafe import MarkedDict, MarkedList, Problem


class DataError(Exception):
    """The dataset could not be used; ``problems`` says exactly why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}" if first else "invalid dataset")


class Document:
    """One parsed data file."""

    def __init__(self, file: str, data: Any) -> None:
        self.file = file
        self.data = data


class Checker:
    """Collects problems while turning raw documents into model objects."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, node: Any, key: str | int | None, path: str, message: str) -> None:
        file, line, column = _where(node, key)
        self.problems.append(Problem(file, line, column, path, message))


def _where(node: Any, key: str | int | None) -> tuple[str, int, int]:
    file = getattr(node, "file", "") or "<data>"
    line, column = getattr(node, "line", 0), getattr(node, "column", 0)
    if isinstance(node, MarkedDict) and isinstance(key, str):
        line, column = node.mark_of(key)
    if isinstance(node, MarkedList) and isinstance(key, int):
        line, column = node.mark_of(key)
    return file, line, column


def mappings_only(checker: Checker, values: list[Any], path: str) -> list[Any]:
    """The items of a list of records; anything else is reported where it stands."""
    kept = []
    for index, item in enumerate(values):
        if isinstance(item, dict):
            kept.append(item)
        else:
            checker.add(values, index, f"{path}[{index}]", "must be a mapping")
    return kept
