"""Finding and reading the dataset's YAML files (no validation here)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from anastro_cli.dataset.problems import DataError, Document
from anastro_cli.dataset.yamlsafe import MarkedDict, MultiProblemError, Problem, YamlFileError

DATA_SUFFIXES = (".yaml", ".yml")
_NOT_READ: Any = object()


def data_files(path: Path) -> list[Path]:
    """The YAML files a dataset path names: the file itself, or a folder's *.yaml files."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())
        if not found:
            raise DataError([Problem(str(path), 0, 0, "(folder)", "no .yaml files in this folder")])
        return found
    if not path.exists():
        raise DataError([Problem(str(path), 0, 0, "(file)", "no such file or folder")])
    return [path]


def read_documents(
    paths: Iterable[Path], contents: dict[Path, bytes] | None = None, *, located: bool = True
) -> list[Document]:
    """Parse each file: from the bytes already read for it (contents), else from the disk.

    located=False reads plain dicts and lists, without the marks that say where each value
    stands: first line by line (parse_lines, the common block subset), then from libyaml's
    events (parse_plain: several times faster and smaller than with marks); a file neither
    takes is still parsed with marks. Problems found in a plain reading have no lines: read
    again located."""
    from anastro_cli.dataset.lineyaml import NotLines, parse_lines
    from anastro_cli.dataset.plainyaml import NotPlain, parse_plain
    from anastro_cli.dataset.yamlsafe import decode_text, parse, read_bounded

    documents: list[Document] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            raw = contents[path] if contents and path in contents else read_bounded(path)
            text = decode_text(raw, str(path))
            data: Any = _NOT_READ
            if not located:
                with contextlib.suppress(NotLines):
                    data = parse_lines(text)
                if data is _NOT_READ:
                    with contextlib.suppress(NotPlain):
                        data = parse_plain(text)
            if data is _NOT_READ:
                data = parse(text, str(path))
        except MultiProblemError as exc:
            problems.extend(exc.problems)
            continue
        except YamlFileError as exc:
            problems.append(exc.problem)
            continue
        if data is None:
            data = MarkedDict()
            data.file = str(path)
        if not isinstance(data, dict):
            problems.append(Problem(str(path), 1, 1, "(file)", "the top level must be a mapping"))
            continue
        documents.append(Document(str(path), data))
    if problems:
        raise DataError(problems)
    return documents
