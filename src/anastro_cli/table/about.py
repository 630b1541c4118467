"""About the drug: what it is, its uses, blood markers and use in men."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anastro_cli.output.views import AboutView

if TYPE_CHECKING:
    from anastro_cli.table.writer import TableWriter


def render_about(writer: TableWriter, view: AboutView) -> None:
    if not view.full:
        render_about_summary(writer, view)
        return
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
    if dataset.topic("men") is not None:
        writer.print(writer.text("Use in men (off-label): anastro show men", "bold"))
    info = dataset.info
    writer.print(writer.text(f"Dataset {info.version} ({info.date}).", "dim"))
    writer.print(writer.text(drug.disclaimer, "bold"))


def render_about_summary(writer: TableWriter, view: AboutView) -> None:
    """What the drug is and does, its uses, and the topics to read next: one screen."""
    dataset = view.dataset
    drug = dataset.drug
    width = writer.console.width
    writer.heading(f"{drug.name} ({', '.join(drug.brands)})")
    facts = [
        ("What it is", f"{drug.drug_class}; {drug.dose}" if drug.dose else drug.drug_class),
        ("What it does", drug.summary),
        ("Why side effects", drug.why_side_effects),
    ]
    approved = [i.text for i in drug.indications if i.kind == "approved"]
    other = [i.text for i in drug.indications if i.kind != "approved"]
    if approved:
        facts.append(("Used for", "; ".join(approved)))
    if other:
        facts.append(("Also used (off-label)", "; ".join(other)))
    for label, text in facts:
        line = writer.text(f"{label}: ", "bold")
        line.append_text(writer.text(_clip(text, 2 * width - len(label) - 4)))
        writer.print(line)
    if dataset.topics:
        writer.print(writer.text("Questions beyond side effects (anastro show ID)", "bold"))
        id_width = max(len(t.id) for t in dataset.topics)
        for topic in dataset.topics:
            line = writer.text(f" {topic.id.ljust(id_width)}  ", "bold")
            line.append_text(writer.text(_clip(topic.title, width - id_width - 4)))
            writer.print(line)
    writer.print(
        writer.text(
            "More: anastro about --full; symptoms: anastro search, check, warnings",
            "dim",
        )
    )
    writer.print(writer.text("Reference information, not medical advice.", "dim"))


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 3, 1)].rstrip(" ,;") + "..."
