"""The search command's work, free of Typer: `anastro search` runs it after parsing its
options, and __main__ runs it directly for `search WORDS --format json`, before Typer loads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anastro_cli import status
from anastro_cli.cli.choices import Color, DataMode, Population
from anastro_cli.cli.common import fail, note, open_dataset
from anastro_cli.cli.terminal import Output
from anastro_cli.output.formats import Format

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset


def run_search(
    query: list[str],
    limit: int = 10,
    population: Population | None = None,
    fmt: Format = Format.table,
    as_json: bool = False,
    color: Color = Color.auto,
    pager: bool | None = None,
    data: str | None = None,
    data_mode: DataMode = DataMode.merge,
) -> None:
    """Search, print the hits in the chosen format, and exit 1 (with one line) when nothing
    answers; the defaults are the command's."""
    from anastro_cli.output.views import SearchView
    from anastro_cli.search.answer import answer
    from anastro_cli.search.intent import illness_named, indication_named
    from anastro_cli.search.query import MAX_QUERY_CHARS, spaced
    from anastro_cli.store.reads import index_of
    from anastro_cli.text.fold import words

    text = " ".join(query).strip()
    if not text:
        fail("the search query is empty: try `anastro search fatigue`")
    if len(text) > MAX_QUERY_CHARS:
        fail(f"the search query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    dataset = open_dataset(data, data_mode)
    read = spaced(index_of(dataset), text)  # as search reads it: "jointpain" is joint pain
    hits, caveat = answer(dataset, read, limit, population.value if population else None)
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
        group = population.value if population else None
        fail(other_group(dataset, read, group) or not_covered(dataset, text), status.NOT_FOUND)
    if caveat is not None:
        note(caveat)
    Output(fmt, as_json, color, pager).emit(SearchView(dataset, text, tuple(hits)))


def other_group(dataset: Dataset, read: str, group: str | None) -> str | None:
    """For a search that --population emptied: the entries it found for another group
    ("'brain fog' is listed here only for men: ..."), rather than "not listed"."""
    from anastro_cli.search.answer import answer

    if group is None or group == "all":
        return None
    from anastro_cli.resolve import listed_for

    hits, _ = answer(dataset, read, 3, None)
    found = [h.effect for h in hits if h.effect and not listed_for(h.effect.populations, group)]
    if not found:
        return None
    groups = sorted({p for e in found for p in e.populations})
    named = "; ".join(f"{e.name} (anastro show {e.id})" for e in found)
    return f"{read[:80]!r} is listed here only for {', '.join(groups)}, not {group}: {named}"


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
