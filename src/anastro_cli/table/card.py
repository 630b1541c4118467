"""One effect's card: what it is, how often, why, what helps and when to get help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from anastro_cli.model.figures import cited, frequencies, how_common, trial_findings
from anastro_cli.model.vocab import TIER_MARKS, TIERS
from anastro_cli.output.views import CardView

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.model.records import Frequency, LabelFrequency, SideEffect
    from anastro_cli.table.writer import TableWriter


def render_card(writer: TableWriter, view: CardView) -> None:
    if not view.full:
        render_answer(writer, view)
        return
    effect, dataset = view.effect, view.dataset
    system = dataset.system(effect.system)
    writer.heading(effect.name)
    facts = [
        ("Organ system", system.name if system else effect.system),
        (
            "Who",
            "anyone taking it"
            if "all" in effect.populations
            else ", ".join(effect.populations) + " only",
        ),
        (
            "Seriousness",
            "serious: know the warning signs below"
            if effect.seriousness == "rare-serious"
            else "not among the serious effects",
        ),
    ]
    if effect.label_frequency is not None:
        facts.append(("Label frequency", label_category(effect.label_frequency)))
    if effect.aliases:
        facts.append(("Also called", ", ".join(effect.aliases)))
    for label, value in facts:
        line = writer.text(f"{label}: ", "bold")
        line.append_text(writer.text(value))
        writer.print(line)
    writer.print(writer.text("Why it happens", "bold"))
    writer.print(Text("  ").append_text(writer.text(effect.mechanism)))
    # Confirmed figures first; unconfirmed ones follow, marked, never dropped.
    figures = frequencies(dataset, effect)
    marked = _frequency_table(writer, dataset, sorted(figures, key=lambda f: not f.confirmed))
    findings = trial_findings(dataset, effect)
    if findings:
        table = writer.table("Other trial findings")
        for column in ("Finding", "Trial", "Anastrozole", "Comparator"):
            table.add_column(column)
        table.add_column("Source", keep_words=True)
        for f in findings:
            source = writer.text(cited(dataset, f.source))
            if not f.confirmed:
                source.append_text(writer.text(" *", "yellow"))
                marked = True
            table.add_row(
                writer.text(f.event),
                writer.text(f.trial),
                writer.text(f.value),
                writer.text(f.comparator),
                source,
            )
        writer.print(table)
    if marked:
        differs = any(f.contradicted_by is not None for f in figures)
        writer.print(writer.text(FIGURE_LEGEND + (DIFFERS_LEGEND if differs else ""), "dim"))
    warning_signs(writer, effect)
    helps(writer, effect)
    if effect.time_course is not None:
        writer.print(writer.text("When it starts and fades", "bold"))
        writer.print(Text("  ").append_text(writer.text(effect.time_course.text)))
    writer.bullets("Notes", effect.notes)
    writer.bullets("Monitoring", effect.monitoring)
    if effect.related:
        related = [dataset.effect(r) for r in effect.related]
        writer.bullets("Related", [f"{e.name} ({e.id})" for e in related if e is not None])
    sources = sorted({f.source for f in figures} | set(effect.sources))
    writer.bullets(
        "Sources (anastro sources for details)",
        [_source_line(dataset.source(s), s) for s in sources],
    )
    writer.print(writer.text(dataset.drug.disclaimer, "dim"))


FIGURE_LEGEND = "* not confirmed in a primary source."
DIFFERS_LEGEND = (
    "  'differs from' names the stronger source that contradicts a figure; such a figure is "
    "never the headline."
)


def _frequency_table(writer: TableWriter, dataset: Dataset, figures: list[Frequency]) -> bool:
    """The figure table; True when a row carries a mark the legend explains."""
    if not figures:
        writer.print(writer.text("No frequency figure in the dataset.", "dim"))
        return False
    table = writer.table("How often")
    table.add_column("Figure", no_wrap=True)
    table.add_column("Band", min_width=6)
    table.add_column("Who / where")
    table.add_column("Source", keep_words=True)
    for f in figures:
        where = f.population
        if f.event:
            where += f" ({f.event})"
        if f.arm_size:
            where += f", n={f.arm_size}"
        if f.timeframe:
            where += f"; {f.timeframe}"
        source = writer.text(cited(dataset, f.source))
        if f.contradicted_by is not None:
            source.append_text(writer.text(f" * differs from {f.contradicted_by.text}", "red"))
        elif not f.confirmed:
            source.append_text(writer.text(" *", "yellow"))
        table.add_row(writer.text(f.text, "bold"), writer.text(f.band), writer.text(where), source)
    writer.print(table)
    return any(not f.confirmed for f in figures)


def _source_line(source: Any, source_id: str) -> str:
    """The full title, with the year when known; the id is in `anastro sources`."""
    if source is None:
        return source_id
    year = f" ({source.year})" if source.year and str(source.year) not in source.title else ""
    return f"{source.title}{year}"


def _study(evidence: str) -> str:
    """The study part of an evidence line, before its results: 'HOPE RCT, n=121 (Irwin et
    al., J Clin Oncol 2015;33:1104)', brackets left balanced."""
    head, depth = "", 0
    for char in evidence:
        if char == ":" and depth == 0:
            break
        depth += {"(": 1, ")": -1}.get(char, 0)
        head += char
    return head.rstrip() + ")" * max(depth, 0)


def label_category(label: LabelFrequency) -> str:
    """'common (label)', with the mark when the category was not read in a copy."""
    mark = "" if label.confirmed else ", not confirmed"
    return f"{label.category} (label{mark})"


def warning_signs(writer: TableWriter, effect: SideEffect) -> None:
    """Warning signs most urgent first, each marked in words (they survive NO_COLOR)."""
    ordered = sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier))
    if not ordered:
        return
    writer.print(writer.text("When to get help", "bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for sign in ordered:
        style = {"emergency": "bold red", "same-day": "yellow"}.get(sign.tier, "")
        grid.add_row(writer.text(f" {TIER_MARKS[sign.tier]}", style), writer.text(sign.text))
    writer.print(grid)


def helps(writer: TableWriter, effect: SideEffect) -> None:
    """What helps: trial-backed items first, each saying what backs it."""
    ordered = sorted(effect.helps, key=lambda h: h.evidence is None)
    if not ordered:
        return
    writer.print(writer.text("What helps", "bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in ordered:
        line = writer.text(item.text)
        if item.evidence:
            line.append_text(writer.text(f" Evidence: {item.evidence}", "dim"))
        mark = "TRIAL" if item.evidence else "TIP"
        grid.add_row(writer.text(f" {mark}", "cyan" if item.evidence else "dim"), line)
    writer.print(grid)


def render_answer(writer: TableWriter, view: CardView) -> None:
    """The one-screen answer: how common in plain words, when it starts and fades, the
    warning signs most urgent first, the best-backed helps, and where the rest is."""
    effect, dataset = view.effect, view.dataset
    width = writer.console.width
    writer.heading(effect.name)
    writer.print(_fact(writer, "How common", how_common(dataset, effect), width))
    if effect.time_course is not None:  # whole: its end is often whether it gets better
        when = writer.text("When: ", "bold")
        when.append_text(writer.text(" ".join(effect.time_course.text.split())))
        writer.print(when)
    signs = sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier))
    if signs:
        writer.print(writer.text("When to get help", "bold"))
        for sign in signs[:3]:
            style = {"emergency": "bold red", "same-day": "yellow"}.get(sign.tier, "")
            writer.print(
                _bullet(writer, TIER_MARKS[sign.tier], sign.text, width, style, clip=False)
            )
    helps_first = sorted(effect.helps, key=lambda h: h.evidence is None)
    if helps_first:
        writer.print(writer.text("What helps", "bold"))
        for item in helps_first[:3]:
            text = item.text
            if item.evidence:
                text += f" ({_study(item.evidence)})"
            mark, style = ("TRIAL", "cyan") if item.evidence else ("TIP", "dim")
            writer.print(_bullet(writer, mark, text, width, style))
    more = max(len(signs) - 3, 0) + max(len(effect.helps) - 3, 0)
    extra = f" ({more} more tips and signs)" if more > 0 else ""
    writer.print(writer.text(f"Everything{extra}: anastro show {effect.id} --full", "dim"))
    writer.print(writer.text("Reference information, not medical advice.", "dim"))


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 3, 1)].rstrip(" ,;") + "..."


def _fact(writer: TableWriter, label: str, text: str, width: int) -> Text:
    line = writer.text(f"{label}: ", "bold")
    line.append_text(writer.text(_clip(text, 2 * width - len(label) - 4)))
    return line


def _bullet(
    writer: TableWriter, mark: str, text: str, width: int, style: str, *, clip: bool = True
) -> Table:
    """A marked line with a hanging indent, clipped to about two screen rows (a warning sign
    is never clipped: its condition must be read whole)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=11)
    grid.add_column(overflow="fold")
    shown = _clip(text, 2 * (width - 13) - 4) if clip else text
    grid.add_row(writer.text(f" {mark}", style), writer.text(shown))
    return grid
