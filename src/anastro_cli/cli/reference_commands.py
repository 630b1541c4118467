"""The reference commands: systems, sources, about and validate."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from anastro_cli import status
from anastro_cli.cli.choices import Color, DataMode, SourceKind
from anastro_cli.cli.common import fail, open_dataset
from anastro_cli.cli.options import (
    ColorOption,
    DataModeOption,
    DataOption,
    FormatOption,
    FullOption,
    JsonOption,
    PagerOption,
)
from anastro_cli.cli.terminal import Output
from anastro_cli.output.formats import Format


def list_systems(
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """List the organ systems that --system accepts.

    With a description and the number of effects in each.

    Example:

      anastro systems
    """
    from anastro_cli.output.views import SystemsView

    dataset = open_dataset(data, data_mode)
    Output(fmt, as_json, color, pager).emit(SystemsView(dataset))


def list_sources(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only these sources: ids (as JSON and CSV give them) or words of their titles.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        SourceKind | None,
        typer.Option(
            "--kind", help="Only sources of this kind.", case_sensitive=False, show_default=False
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """List the sources that figures cite, or look up some of them.

    Id, kind (with its quality when that is weak), title and address of each; every format
    but the table also gives the quality and year.

    Examples:

      anastro sources

      anastro sources nhs_anastrozole

      anastro sources "J Oncol" --format csv

      anastro sources --kind trial --format csv
    """
    from anastro_cli.output.views import SourcesView

    dataset = open_dataset(data, data_mode)
    chosen = tuple(s for s in dataset.sources if kind is None or s.kind == kind.value)
    asked = [" ".join(n.casefold().split()) for n in names or [] if n.strip()]
    if names and not asked:
        fail("name a source: an id (anastro sources nhs_anastrozole) or words of its title")
    short = [a for a in asked if len(a) < 3 and a not in {s.id.casefold() for s in chosen}]
    if short:
        fail(f"{short[0]!r} is too short to look up: give an id or three letters or more")
    if asked:  # each argument an id, or else a phrase of titles: the sources any of them name
        chosen = tuple(
            s
            for s in chosen
            if any(
                a == s.id.casefold() or a in " ".join(f"{s.id} {s.title}".casefold().split())
                for a in asked
            )
        )
    if not chosen:
        from anastro_cli.output.rows import SOURCE_HEADERS

        Output(fmt, as_json, color).empty_list(SOURCE_HEADERS)
        called = f"called {' or '.join(repr(a[:40]) for a in asked)}" if asked else ""
        of_kind = f"of kind {kind.value!r}" if kind else ""
        fail(
            f"no source {' '.join(filter(None, [of_kind, called]))}: see anastro sources",
            status.NOT_FOUND,
        )
    Output(fmt, as_json, color, pager).emit(SourcesView(dataset, chosen))


def about_drug(
    full: FullOption = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """About anastrozole: what it is and does, its uses, and the topics to read next.

    --full adds the blood markers it shifts, every use with its source, and the disclaimer.

    Example:

      anastro about
    """
    from anastro_cli.output.views import AboutView

    dataset = open_dataset(data, data_mode)
    Output(fmt, as_json, color, pager).emit(AboutView(dataset, full))


def validate_data(
    path: Annotated[
        Path, typer.Argument(help="Dataset file or folder to check.", show_default=False)
    ],
    alone: Annotated[
        bool,
        typer.Option(
            "--alone",
            help="Check the path on its own, without merging it "
            "over the bundled data (then dataset, drug, systems, sources and "
            "effects may be missing).",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
) -> None:
    """Check a dataset file or folder for problems.

    Every problem is printed as file:line:column: field: message; with --format json, as a
    list of {file, line, column, field, message}.

    Exits 0 when the data is clean and 1 when it is not.

    Examples:

      anastro validate my-clinic-notes.yaml

      anastro validate ./data
    """
    from anastro_cli.dataset.load import check

    problems = check(path, merge_bundled=not alone)
    if fmt is Format.json or as_json:
        import json

        shape = [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "field": p.field,
                "message": p.message,
            }
            for p in problems
        ]
        print(json.dumps(shape, indent=2, ensure_ascii=True))
    else:
        for problem in problems:
            print(problem)
    if problems:
        fail(f"{len(problems)} problem(s) in {path}", status.NOT_FOUND)
    print(f"anastro: {path}: no problems found", file=sys.stderr)
