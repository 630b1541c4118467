"""The effect commands: list, search and show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from anastro_cli import status
from anastro_cli.cli.common import fail, note, nothing_found, open_dataset
from anastro_cli.cli.options import (
    Color,
    ColorOption,
    DataMode,
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
    from anastro_cli.model.dataset import Dataset


def list_effects(
    system: SystemOption = None,
    population: PopulationOption = None,
    serious: Annotated[
        bool, typer.Option("--serious", help="Only rare but serious effects.")
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
    from anastro_cli.output.views import SearchView
    from anastro_cli.search.intent import answers, for_whom, illness_named, indication_named
    from anastro_cli.search.query import MAX_QUERY_CHARS
    from anastro_cli.search.rank import search as run_search
    from anastro_cli.search.scope import in_scope, medicines_together
    from anastro_cli.text.fold import words

    text = " ".join(query).strip()
    if not text:
        fail("the search query is empty: try `anastro search fatigue`")
    if len(text) > MAX_QUERY_CHARS:
        fail(f"the search query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    dataset = open_dataset(data, data_mode)
    found = run_search(dataset, text, max(limit, 10) if population else limit)
    hits = for_whom(answers(found, text), text, population.value if population else None)
    _, caveat = in_scope(found, text)
    together = medicines_together(dataset, text)
    if together is not None:  # "can I take paracetamol with it": the interactions topic
        from anastro_cli.model.frozen import replace

        lead = max([together.score, *(h.score for h in hits)])
        hits = [replace(together, score=lead), *[h for h in hits if h.id != together.id]]
    hits = hits[:limit]
    if not any(h.effect for h in hits) or illness_named(text):
        use = indication_named(dataset, text)
        if use is not None:
            message = f"{text[:80]!r} is not a side effect: it is one of anastrozole's uses ({use})"
            if not hits or illness_named(text):
                Output(fmt, as_json, color).empty(SearchView(dataset, text, ()))
                fail(f"{message}. See: anastro about", status.NOT_FOUND)
            note(message)
    if not hits and not words(text):
        fail(f"nothing to search for in {text[:60]!r}: use words that describe the symptom")
    if not hits:
        Output(fmt, as_json, color).empty(SearchView(dataset, text, ()))
        fail(not_covered(dataset, text), status.NOT_FOUND)
    if caveat is not None:
        note(caveat)
    Output(fmt, as_json, color, pager).emit(SearchView(dataset, text, tuple(hits)))


def not_covered(dataset: Dataset, text: str) -> str:
    """The one line for a query no entry answers: another medicine, a subject outside the
    tool, or a symptom the label and sources here do not list (with close names)."""
    from anastro_cli.search.scope import outside_scope
    from anastro_cli.search.suggest import suggestions

    asked = repr(text[:80])
    line = outside_scope(text).not_covered(asked)
    if line is not None:
        return line
    close = [name.rstrip("?") for name in suggestions(dataset, text)]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    return (
        f"{asked} is not listed among anastrozole's side effects or topics in the label or "
        "the sources here. If it worries you, tell your care team; you can also report it "
        f"(anastro show reporting).{hint}"
    )


def show_effect(
    effect: Annotated[
        list[str],
        typer.Argument(
            help="Effect or topic: id, name or alias (typos are forgiven).",
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
    """One side effect or topic: how common, when to get help, what helps.

    The first screen answers; --full adds every figure with its source, band, trial and arm
    size, the notes and the sources. Topics (interactions, pregnancy, missed-dose ...) show
    their key points, each with its source.

    Examples:

      anastro show arthralgia

      anastro show "hot flashes" --full

      anastro show missed-dose
    """
    from anastro_cli.model.records import SideEffect
    from anastro_cli.output.views import CardView, TopicView
    from anastro_cli.search.intent import best_covering
    from anastro_cli.search.query import MAX_QUERY_CHARS
    from anastro_cli.search.suggest import suggestions

    text = " ".join(effect).strip()
    if not text:
        fail("name an effect: try `anastro show arthralgia`")
    if len(text) > MAX_QUERY_CHARS:
        fail(f"the effect name is too long ({len(text)} characters)")
    dataset = open_dataset(data, data_mode)
    found, exact, close = best_covering(dataset, text)
    if found is None:
        from anastro_cli.output.rows import CARD_HEADERS

        Output(fmt, as_json, color).empty_list(CARD_HEADERS)
        nothing_found(f"nothing here is called {text[:80]!r}.", close or suggestions(dataset, text))
    name = found.name if isinstance(found, SideEffect) else found.title
    if not exact:
        note(f"nothing is called {text[:80]!r}; showing the best match, {name} ({found.id})")
    output = Output(fmt, as_json, color, pager)
    if isinstance(found, SideEffect):
        output.emit(CardView(dataset, found, full))
    else:
        output.emit(TopicView(dataset, found))
