"""The compare command: anastrozole against tamoxifen, letrozole or exemestane."""

from __future__ import annotations

from typing import Annotated

import typer

from anastro_cli import status
from anastro_cli.cli.choices import Color, DataMode
from anastro_cli.cli.common import fail, note, open_dataset
from anastro_cli.cli.options import (
    ColorOption,
    DataModeOption,
    DataOption,
    FormatOption,
    FullOption,
    JsonOption,
    PagerOption,
    SystemOption,
    complete_drug,
)
from anastro_cli.cli.terminal import Output
from anastro_cli.output.formats import Format


def compare_drugs(
    drug: Annotated[
        str | None,
        typer.Argument(
            help="tamoxifen, letrozole or exemestane (or a brand: Nolvadex, "
            "Femara, Aromasin). Leave out to list them.",
            autocompletion=complete_drug,
            show_default=False,
        ),
    ] = None,
    system: SystemOption = None,
    trial: Annotated[
        str | None,
        typer.Option(
            "--trial",
            "-t",
            help="Head-to-head trial to show: an id or name "
            "(e.g. ibis-ii-dcis), or 'all'. Default: the main trial and its substudies.",
            show_default=False,
        ),
    ] = None,
    all_events: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also show events not linked to a side effect "
            "(e.g. any adverse event, withdrawals).",
        ),
    ] = False,
    full: FullOption = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """Compare anastrozole with tamoxifen, letrozole or exemestane.

    First the trade-offs and the key events of the head-to-head trial (significant differences
    and serious outcomes first), in words; --full shows every row of every trial, head-to-head
    trials first, and never two trials in one row.

    Examples:

      anastro compare tamoxifen

      anastro compare Femara --system musculoskeletal

      anastro compare tamoxifen --trial ibis-ii-dcis

      anastro compare
    """
    from anastro_cli.compare import available
    from anastro_cli.compare import compare as run_compare
    from anastro_cli.output.views import ComparatorsView, CompareView
    from anastro_cli.resolve import (
        UnknownName,
        misspelt_comparator,
        resolve_comparator,
        resolve_system,
    )

    dataset = open_dataset(data, data_mode)
    output = Output(fmt, as_json, color, pager)
    if drug is None:
        output.emit(ComparatorsView(dataset, tuple(available(dataset))))
        return
    system_id = None
    if system is not None:
        try:
            system_id = resolve_system(dataset, system).id
        except UnknownName as exc:
            fail(f"{exc}. Valid systems: {', '.join(s.id for s in dataset.systems)}")
    try:
        comparator = resolve_comparator(dataset, drug)
    except UnknownName as exc:
        misspelt = misspelt_comparator(dataset, drug)
        if misspelt is None:
            known = ", ".join(f"{c.id} ({', '.join(c.brands)})" for c in dataset.comparators)
            fail(f"{exc}. anastro can compare with: {known}")
        note(f"no drug is called {drug[:40]!r}; comparing with {misspelt.name}")
        comparator = misspelt
    try:
        comparison = run_compare(
            dataset, comparator.id, system=system_id, linked_only=not all_events, trial=trial
        )
    except UnknownName as exc:
        fail(f"{exc}. Trials: all, {', '.join(exc.choices)}")
    if not comparison.rows and (trial is not None or not comparison.contrasts):
        notes = [t.note for t in comparison.chosen_trials if t.note and trial is not None]
        why = f". {notes[0]}" if len(notes) == 1 else ""
        output.empty(CompareView(dataset, comparison))
        fail(
            f"no figures for {comparison.comparator.name} with these filters{why}", status.NOT_FOUND
        )
    output.emit(CompareView(dataset, comparison, full))
