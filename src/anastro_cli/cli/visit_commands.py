"""The commands for a person with symptoms: warnings, check and report."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from anastro_cli import status
from anastro_cli.cli.choices import Color, DataMode
from anastro_cli.cli.common import fail, open_dataset
from anastro_cli.cli.options import (
    ColorOption,
    DataModeOption,
    DataOption,
    FormatOption,
    FullOption,
    JsonOption,
    PagerOption,
    PopulationOption,
)
from anastro_cli.cli.terminal import Output
from anastro_cli.output.formats import Format

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset

SymptomsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Symptoms in your own words: one per argument, or one argument with commas.",
        show_default=False,
    ),
]


class ReportFormat(str, enum.Enum):
    markdown = "markdown"
    html = "html"


def warnings(
    full: FullOption = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """Warning signs: every emergency sign in full, then the same-day ones by name.

    EMERGENCY: call an ambulance or your local emergency number. TODAY: contact your care
    team today. --full adds every line in full and the next-visit tier.

    Examples:

      anastro warnings

      anastro warnings --full --format markdown
    """
    from anastro_cli.output.views import WarningsView

    dataset = open_dataset(data, data_mode)
    Output(fmt, as_json, color, pager).emit(WarningsView(dataset, full))


def _symptoms(symptoms: list[str]) -> list[str]:
    """The symptoms as typed, checked before the dataset loads: each quoted one (or the
    words of unquoted text, which are cut into symptoms once it has loaded: _cut)."""
    from anastro_cli.search.check import MAX_SYMPTOMS, pieces, split_symptoms
    from anastro_cli.search.query import MAX_QUERY_CHARS

    found = split_symptoms(symptoms)
    if not found:
        fail('name at least one symptom: try `anastro check "hot flushes" "stiff joints"`')
    if not any(character.isalnum() for symptom in found for character in symptom):  # "?"
        typed = " ".join(found)[:60]
        fail(f"nothing to check in {typed!r}: use words that describe the symptom")
    parts = pieces(symptoms)
    unquoted = [word for text, cut in parts if cut for word in text.split()]
    quoted = [text for text, cut in parts if not cut and text]
    if not unquoted and len(found) > MAX_SYMPTOMS:
        fail(f"at most {MAX_SYMPTOMS} symptoms at a time ({len(found)} given)")
    if len(unquoted) > MAX_WORDS:
        fail(f"at most {MAX_WORDS} words at a time ({len(unquoted)} given)")
    for symptom in [*unquoted, *quoted]:
        if len(symptom) > MAX_QUERY_CHARS:
            fail(f"a symptom is too long ({len(symptom)} characters; at most {MAX_QUERY_CHARS})")
    return found


MAX_WORDS = 200  # unquoted words, before they are cut into at most MAX_SYMPTOMS symptoms


def _cut(dataset: Dataset, symptoms: list[str]) -> list[str]:
    from anastro_cli.search.check import MAX_SYMPTOMS, segmented
    from anastro_cli.search.query import MAX_QUERY_CHARS

    cut = segmented(dataset, symptoms)
    if len(cut) > MAX_SYMPTOMS:
        fail(f"at most {MAX_SYMPTOMS} symptoms at a time ({len(cut)} given)")
    longest = max(cut, key=len, default="")
    if len(longest) > MAX_QUERY_CHARS:  # unquoted words that stayed one symptom
        fail(f"a symptom is too long ({len(longest)} characters; at most {MAX_QUERY_CHARS})")
    return cut


def check_symptoms(
    symptoms: SymptomsArgument,
    population: PopulationOption = None,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """Check several symptoms at once, most urgent first.

    Each symptom is matched to a side effect (or a topic, or honestly "not listed") and
    shown with its urgency, what to do, how common it is and how it tends to go.

    Examples:

      anastro check "chest pain" "hot flushes" "one leg swollen and painful"

      anastro check "stiff joints, tired, dry eyes" --json

      anastro check "brain fog" --population women
    """
    from anastro_cli.output.views import CheckView
    from anastro_cli.search.check import check

    _symptoms(symptoms)
    dataset = open_dataset(data, data_mode)
    group = population.value if population else None
    items = tuple(check(dataset, _cut(dataset, symptoms), group))
    Output(fmt, as_json, color, pager).emit(CheckView(dataset, items))
    if not any(item.effect or item.topic for item in items):
        raise typer.Exit(status.NOT_FOUND)


def report_visit(
    symptoms: SymptomsArgument,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="markdown or html.", case_sensitive=False),
    ] = ReportFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (else to the screen).", show_default=False
        ),
    ] = None,
    population: PopulationOption = None,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """A one-page visit summary to print or send: your symptoms, how common each is, when
    to get help, what helps and its evidence, questions to ask, and the sources.

    Examples:

      anastro report "stiff joints" "hot flushes" --format html -o visit.html

      anastro report "tired, dry vagina" > visit.md
    """
    from datetime import date

    from anastro_cli.output.report import html_report, markdown_report
    from anastro_cli.search.check import check

    _symptoms(symptoms)
    dataset = open_dataset(data, data_mode)
    items = check(dataset, _cut(dataset, symptoms), population.value if population else None)
    today = date.today().isoformat()
    text = (html_report if fmt is ReportFormat.html else markdown_report)(dataset, items, today)
    if output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            from anastro_cli.cli.common import quiet_pipe

            quiet_pipe()
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        print(f"anastro: wrote {output}", file=sys.stderr)
    if not any(item.effect or item.topic for item in items):
        raise typer.Exit(status.NOT_FOUND)
