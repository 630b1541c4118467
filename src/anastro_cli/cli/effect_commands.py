"""The effect commands: list, search and show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from anastro_cli import status
from anastro_cli.cli.choices import Color, DataMode
from anastro_cli.cli.common import fail, note, nothing_found, open_dataset
from anastro_cli.cli.options import (
    ColorOption,
    DataModeOption,
    DataOption,
    FormatOption,
    FullOption,
    JsonOption,
    PagerOption,
    PopulationOption,
    SystemOption,
    complete_effect,
)
from anastro_cli.cli.terminal import Output
from anastro_cli.output.formats import Format

if TYPE_CHECKING:
    pass


def list_effects(
    system: SystemOption = None,
    population: PopulationOption = None,
    serious: Annotated[
        bool,
        typer.Option(
            "--serious", help="Only the effects the data marks serious (not all are rare)."
        ),
    ] = False,
    chart: Annotated[bool, typer.Option("--chart", help="Add a bar for each frequency.")] = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """List side effects by organ system, with how often they occur.

    Each effect shows its headline figure, its CIOMS band and the source of that figure;
    `anastro show EFFECT` gives every figure.

    Examples:

      anastro list --system musculoskeletal

      anastro list --serious --population women

      anastro list --chart --format markdown > effects.md
    """
    from anastro_cli.output.views import EffectsView
    from anastro_cli.resolve import UnknownName, filter_effects, resolve_system

    dataset = open_dataset(data, data_mode)
    chosen_system = None
    if system is not None:
        try:
            chosen_system = resolve_system(dataset, system)
        except UnknownName as exc:
            fail(f"{exc}. Valid systems: {', '.join(s.id for s in dataset.systems)}")
    effects = filter_effects(
        dataset, chosen_system, population.value if population else None, serious
    )
    if not effects:
        Output(fmt, as_json, color).empty(EffectsView(dataset, (), ""))
        fail("no side effect matches these filters", status.NOT_FOUND)
    title = "Side effects of anastrozole"
    if chosen_system:
        title += f": {chosen_system.name}"
    Output(fmt, as_json, color, pager).emit(
        EffectsView(dataset, effects, title, chart, serious_only=serious)
    )


def search_effects(
    query: Annotated[
        list[str],
        typer.Argument(help="Words to look for, as you would say them.", show_default=False),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, help="Most results to show.")
    ] = 10,
    population: PopulationOption = None,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """Find side effects and topics from everyday words, typos or clinical terms.

    Results come best match first, with the words that matched. A query that says who it is
    about (she, my wife, men) keeps effects of the other group out of the first three;
    --population keeps only effects that apply to that group.

    Examples:

      anastro search fatigue

      anastro search "aching knees"

      anastro search hot flushes --json
    """
    from anastro_cli.cli.searching import run_search

    run_search(query, limit, population, fmt, as_json, color, pager, data, data_mode)


def show_effect(
    effect: Annotated[
        list[str],
        typer.Argument(
            help="Effect, topic or blood test: id, name or alias (typos are forgiven).",
            autocompletion=complete_effect,
            show_default=False,
        ),
    ],
    full: FullOption = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """One side effect, topic or blood test: how common, when to get help, what helps.

    The first screen answers; --full adds every figure with its source, band, trial and arm
    size, the notes and the sources. Topics (interactions, pregnancy, missed-dose ...) show
    their key points, each with its source; a blood test (estradiol, FSH ...) which way
    anastrozole moves it and why.

    Examples:

      anastro show arthralgia

      anastro show "hot flashes" --full

      anastro show missed-dose

      anastro show estradiol
    """
    from anastro_cli.model.records import Marker, SideEffect, Topic
    from anastro_cli.output.views import CardView, MarkerView, TopicView
    from anastro_cli.search.intent import best_shown
    from anastro_cli.search.query import MAX_QUERY_CHARS
    from anastro_cli.search.suggest import suggestions

    text = " ".join(effect).strip()
    if not text:
        fail("name an effect: try `anastro show arthralgia`")
    if len(text) > MAX_QUERY_CHARS:
        fail(f"the effect name is too long ({len(text)} characters)")
    dataset = open_dataset(data, data_mode)
    found, exact, close = best_shown(dataset, text)
    if found is None:
        from anastro_cli.output.rows import CARD_HEADERS

        Output(fmt, as_json, color).empty_list(CARD_HEADERS)
        nothing_found(f"nothing here is called {text[:80]!r}.", close or suggestions(dataset, text))
    name = found.title if isinstance(found, Topic) else found.name
    if not exact:
        # the id, to type next time, unless the name already ends with it: "Muscle pain (myalgia)"
        named = name if name.casefold().endswith(f"({found.id})") else f"{name} ({found.id})"
        note(f"nothing is called {text[:80]!r}; showing the best match, {named}")
    output = Output(fmt, as_json, color, pager)
    if isinstance(found, SideEffect):
        output.emit(CardView(dataset, found, full))
    elif isinstance(found, Marker):
        output.emit(MarkerView(dataset, found))
    else:
        output.emit(TopicView(dataset, found))
