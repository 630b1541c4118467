"""The search people and scripts run most, `anastro search WORDS [--format F]`, answered before
Typer loads (Typer and click are two thirds of a run). Only the plainest form is taken: words,
and at most one of --json, --format F, --format=F or -f F with F one of the formats in lower
case. Anything else (another option, a word that starts with "-", shell completion, ANASTRO_DATA
set) goes through Typer as before, and a test holds both ways to the same output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anastro_cli.output.formats import Format

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

_FORMAT_OPTIONS = ("--format", "-f")


def plain_search(
    argv: Sequence[str], environ: Mapping[str, str]
) -> tuple[list[str], Format] | None:
    """The query words and the format when `argv` is a plain search; None for anything else."""
    if not argv or argv[0] != "search" or "_ANASTRO_COMPLETE" in environ:
        return None
    if "ANASTRO_DATA" in environ:  # --data from the environment: Typer's rules apply
        return None
    names = {f.value for f in Format}
    words: list[str] = []
    chosen: list[Format] = []
    rest = list(argv[1:])
    while rest:
        word = rest.pop(0)
        if word == "--json":
            chosen.append(Format.json)
        elif word.startswith("--format=") and word.removeprefix("--format=") in names:
            chosen.append(Format(word.removeprefix("--format=")))
        elif word in _FORMAT_OPTIONS and rest and rest[0] in names:
            chosen.append(Format(rest.pop(0)))
        elif word.startswith("-") or "\x00" in word:
            return None
        else:
            words.append(word)
    if not words or len(chosen) > 1:
        return None
    return words, chosen[0] if chosen else Format.table
