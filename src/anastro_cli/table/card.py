"""One effect's card: what it is, how often, why, what helps and when to get help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from anastro_cli.model.figures import frequencies, trial_findings
from anastro_cli.output.views import CardView

if TYPE_CHECKING:
    from anastro_cli.model.records import Frequency
    from anastro_cli.table.writer import TableWriter


def render_card(writer: TableWriter, view: CardView) -> None:
    effect, dataset = view.effect, view.dataset
    system = dataset.system(effect.system)
    writer.heading(effect.name)
    facts = [
        ("Organ system", system.name if system else effect.system),
        ("Who", ", ".join(effect.populations)),
        (
            "Seriousness",
            "serious: know the warning signs below"
            if effect.seriousness == "rare-serious"
            else "not among the serious effects",
        ),
    ]
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
    _frequency_table(writer, sorted(figures, key=lambda f: not f.confirmed))
    findings = trial_findings(dataset, effect)
    if findings:
        table = writer.table("Other trial findings")
        for column in ("Finding", "Trial", "Anastrozole", "Comparator"):
            table.add_column(column)
        table.add_column("Source", keep_words=True)
        for f in findings:
            source = writer.text(f.source)
            if not f.confirmed:
                source.append_text(writer.text(" unconfirmed", "yellow"))
            table.add_row(
                writer.text(f.event),
                writer.text(f.trial),
                writer.text(f.value),
                writer.text(f.comparator),
                source,
            )
        writer.print(table)
    writer.bullets("When to contact your care team", effect.seek_care)
    writer.bullets("What helps", effect.helps)
    writer.bullets("Notes", effect.notes)
    writer.bullets("Monitoring", effect.monitoring)
    if effect.related:
        related = [dataset.effect(r) for r in effect.related]
        writer.bullets("Related", [f"{e.name} ({e.id})" for e in related if e is not None])
    cited = sorted({f.source for f in frequencies(dataset, effect)} | set(effect.sources))
    writer.bullets(
        "Sources (anastro sources for details)",
        [_source_line(dataset.source(s), s) for s in cited],
    )
    writer.print(writer.text(dataset.drug.disclaimer, "dim"))


def _frequency_table(writer: TableWriter, figures: list[Frequency]) -> None:
    if not figures:
        writer.print(writer.text("No frequency figure in the dataset.", "dim"))
        return
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
        source = writer.text(f.source)
        if not f.confirmed:
            source.append_text(writer.text(" unconfirmed", "yellow"))
        table.add_row(writer.text(f.text, "bold"), writer.text(f.band), writer.text(where), source)
    writer.print(table)


def _source_line(source: Any, source_id: str) -> str:
    if source is None:
        return source_id
    return f"{source_id}: {source.title}"
