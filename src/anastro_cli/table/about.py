"""About the drug: what it is, its uses, blood markers and use in men."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anastro_cli.output.views import AboutView

if TYPE_CHECKING:
    from anastro_cli.table.writer import TableWriter


def render_about(writer: TableWriter, view: AboutView) -> None:
    dataset = view.dataset
    drug = dataset.drug
    writer.heading(f"{drug.name} ({', '.join(drug.brands)})")
    for label, value in (
        ("Class", drug.drug_class),
        ("Target", drug.target),
        ("Dose", drug.dose),
        ("Generics", drug.generics),
    ):
        if value:
            line = writer.text(f"{label}: ", "bold")
            line.append_text(writer.text(value))
            writer.print(line)
    writer.bullets("How it works", [drug.summary])
    if drug.conversions:
        arrow = " -> " if writer.ascii_only else " \u2192 "
        writer.bullets("What aromatase converts", [f"{a}{arrow}{b}" for a, b in drug.conversions])
    writer.bullets("Why side effects happen", [drug.why_side_effects])
    writer.bullets(
        "Used for", [f"{i.text} ({i.kind or 'use'}) [{i.source}]" for i in drug.indications]
    )
    if dataset.markers:
        writer.bullets(
            "Blood markers it shifts",
            [f"{m.name} ({m.direction}): {m.explanation}" for m in dataset.markers],
        )
    men = dataset.men
    if men.summary or men.points:
        writer.bullets(
            "Men taking it off-label",
            [men.summary, *[f"{p.text} [{p.source}]" for p in men.points]]
            if men.summary
            else [f"{p.text} [{p.source}]" for p in men.points],
        )
        writer.bullets(
            "Estradiol levels named by the sources (for reference only, never a guide to "
            "choosing a dose: that is for the prescriber; studies report pg/mL or pmol/L, "
            "which are different scales)",
            [
                f"{r.label}: {_range(r.low, r.high)} {r.unit} [{r.source}]"
                + ("" if r.confirmed else " (unconfirmed)")
                for r in men.estradiol_ranges
            ],
        )
        writer.bullets(
            "Trials in men",
            [
                f"{f.label}: {f.value} ({f.trial}) [{f.source}]"
                + ("" if f.confirmed else " (unconfirmed)")
                for f in men.findings
            ],
        )
    info = dataset.info
    writer.print(writer.text(f"Dataset {info.version} ({info.date}).", "dim"))
    writer.print(writer.text(drug.disclaimer, "bold"))


def _range(low: float | None, high: float | None) -> str:
    if low is None and high is not None:
        return f"below {high:g}"
    if high is None and low is not None:
        return f"above {low:g}"
    if low == high:
        return f"{low:g}"
    return f"{low:g}-{high:g}"
