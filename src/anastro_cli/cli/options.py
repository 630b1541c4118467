"""The options every command shares, declared once (the choices they accept are in choices).

Imports only the format enum at start-up; completion loads the dataset inside the completer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from anastro_cli.cli.choices import Color, DataMode, Population
from anastro_cli.output.formats import Format


def _complete(kind: str, incomplete: str) -> list[str]:
    """Names for TAB completion; nothing (never a message) when the data cannot be read,
    including a stored part found damaged only as it is read."""
    try:
        from anastro_cli.dataset.load import load

        dataset = load()
        if kind == "system":
            names = [s.id for s in dataset.systems]
        elif kind == "effect":
            names = [e.id for e in dataset.effects]  # and what else show takes
            names += [t.id for t in dataset.topics] + [m.id for m in dataset.markers]
        else:
            names = [c.id for c in dataset.comparators]
            names += [b.lower() for c in dataset.comparators for b in c.brands]
    except Exception:
        return []
    return [n for n in names if n.startswith(incomplete.lower())]


def complete_system(incomplete: str) -> list[str]:
    return _complete("system", incomplete)


def complete_effect(incomplete: str) -> list[str]:
    return _complete("effect", incomplete)


def complete_drug(incomplete: str) -> list[str]:
    return _complete("drug", incomplete)


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour and box lines: auto (terminal only; honours NO_COLOR "
        "and FORCE_COLOR), always or never.",
        case_sensitive=False,
    ),
]
PagerOption = Annotated[
    bool | None,
    typer.Option(
        "--pager/--no-pager",
        help="Page through $PAGER (default less -FRX). Default: only on a terminal, and "
        "only when the output is taller than it; never when piped.",
        show_default=False,
    ),
]
DataOption = Annotated[
    str | None,  # text, not Path: an empty --data '' must be an error, not the current folder
    typer.Option(
        "--data",
        envvar="ANASTRO_DATA",
        help="Extra dataset file or folder (YAML; see 'Your own data' in the README).",
        show_default=False,
    ),
]
DataModeOption = Annotated[
    DataMode,
    typer.Option(
        "--data-mode",
        help="merge: --data adds to and overrides the bundled data; replace: use --data alone.",
        case_sensitive=False,
    ),
]
SystemOption = Annotated[
    str | None,
    typer.Option(
        "--system",
        "-s",
        help="Organ system: id, name or unambiguous prefix.",
        autocompletion=complete_system,
        show_default=False,
    ),
]
FullOption = Annotated[
    bool, typer.Option("--full", help="Everything: every figure and source, notes, monitoring.")
]
PopulationOption = Annotated[
    Population | None,
    typer.Option(
        "--population",
        "-p",
        help="Only effects that apply to this group.",
        case_sensitive=False,
        show_default=False,
    ),
]
