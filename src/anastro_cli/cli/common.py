"""What every command does the same way: one-line messages, failing, loading the dataset."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from anastro_cli import status
from anastro_cli.cli.choices import DataMode
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset


def say(line: str) -> None:
    """Write one line to stderr. A stderr nobody reads (a closed pipe) is pointed at the null
    device instead of failing: the line is lost, the exit code the line came with is not."""
    try:
        print(line, file=sys.stderr, flush=True)
    except (BrokenPipeError, ValueError):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())


def note(message: str) -> None:
    """A one-line remark on stderr that does not stop the command."""
    say(f"anastro: {' '.join(clean(message).split())}")


def fail(message: str, code: int = status.USAGE) -> NoReturn:
    """One clean line on stderr, then the exit code (SystemExit, not typer.Exit: the plain
    search runs before Typer loads; the app turns it back into a code, see app.py)."""
    say(f"anastro: {' '.join(clean(message).split())}")
    raise SystemExit(code)


def nothing_found(message: str, close: list[str]) -> NoReturn:
    """Exit 1 with one line: what was not found and what is close to it."""
    names = ", ".join(close)
    hint = f" Did you mean: {names}{'' if names.endswith('?') else '?'}" if close else ""
    hint = hint or " Try: anastro list"
    fail(f"{message}{hint}", status.NOT_FOUND)


def open_dataset(data: str | None, mode: DataMode) -> Dataset:
    from anastro_cli.dataset.load import load
    from anastro_cli.dataset.problems import DataError
    from anastro_cli.text.sanitize import visible

    if data is not None and not data.strip():
        fail("--data is empty: give a dataset file or folder (or leave --data out)")
    path = Path(data) if data is not None else None
    try:
        return load(path, mode.value)
    except DataError as exc:
        where = f" (run: anastro validate {visible(str(path))})" if path is not None else ""
        fail(f"cannot use the dataset: {visible(str(exc))}{where}")


def quiet_pipe() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(status.OK)
