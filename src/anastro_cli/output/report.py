"""A visit summary to print or send: Markdown ready to paste, or one self-contained HTML page
with print styles (A4 and Letter), no script and no remote assets.

Both are built from the same sections, so they always say the same things.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from anastro_cli import __version__
from anastro_cli.model.figures import frequencies, headline, how_common
from anastro_cli.model.vocab import TIER_MARKS, TIERS
from anastro_cli.output.markdown import md as _md
from anastro_cli.text.sanitize import clean

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset
    from anastro_cli.search.check import Checked

MAX_QUESTIONS = 6
MAX_HELPS = 4  # every trial-backed help, then practical tips up to this many in all
EMERGENCY = (
    "In an emergency call an ambulance or your local emergency number (999 UK, 112 EU, 911 US)."
)


@dataclass
class Part:
    """One symptom's part of the summary: a heading and labelled lines."""

    heading: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, text); label may be ""


@dataclass
class Summary:
    title: str
    intro: str
    parts: list[Part]
    questions: list[str]
    sources: list[tuple[str, str]]  # (title, web address or "")
    footer: str


def summary(dataset: Dataset, items: list[Checked], today: str) -> Summary:
    cited: dict[str, None] = {}
    parts: list[Part] = []
    effect_ids: set[str] = set()
    for item in items:
        effect, topic = item.effect, item.topic
        if effect is not None:
            effect_ids.add(effect.id)
            part = Part(f"{item.symptom}: {effect.name}")
            part.lines.append(("How common", how_common(dataset, effect)))
            lead = headline(dataset, frequencies(dataset, effect))
            if lead is not None:
                cited[lead.source] = None
            course = effect.time_course
            part.lines.append(("How it goes", course.text if course else "not known"))
            if course is not None:
                cited.update(dict.fromkeys(course.sources))
            for sign in sorted(effect.seek_care, key=lambda w: TIERS.index(w.tier)):
                part.lines.append((TIER_MARKS[sign.tier], sign.text))
                cited[sign.source] = None
            backed = [h for h in effect.helps if h.evidence]
            tips = [h for h in effect.helps if not h.evidence][: max(0, MAX_HELPS - len(backed))]
            for tip in [*backed, *tips]:
                why = f" Evidence: {tip.evidence}." if tip.evidence else " (practical advice)"
                part.lines.append(("Helps", tip.text + why))
                cited[tip.source] = None
        elif topic is not None:
            part = Part(f"{item.symptom}: {topic.title}", [("", topic.summary)])
            for point in topic.points[:3]:
                part.lines.append(("", point.text))
                cited[point.source] = None
        else:
            part = Part(
                item.symptom,
                [
                    (
                        "",
                        "Not listed among anastrozole's side effects in "
                        "the sources here: mention it at your appointment.",
                    )
                ],
            )
        parts.append(part)
    chosen = [q for q in dataset.questions if set(q.effects) & effect_ids]
    chosen += [q for q in dataset.questions if not q.effects]
    questions = []
    for question in chosen[:MAX_QUESTIONS]:
        questions.append(question.text)
        cited[question.source] = None
    sources = []
    for source_id in cited:
        source = dataset.source(source_id)
        if source is not None:
            sources.append((source.title, _web_address(source.url)))
    info = dataset.info
    return Summary(
        title="Anastrozole (Arimidex): my symptoms for this appointment",
        intro=(
            f"Prepared {today} with anastro {__version__}, dataset {info.version} "
            f"({info.date}). Most urgent first. {EMERGENCY}"
        ),
        parts=parts,
        questions=questions,
        sources=sources,
        footer=dataset.drug.disclaimer,
    )


def markdown_report(dataset: Dataset, items: list[Checked], today: str) -> str:
    report = summary(dataset, items, today)
    out = [f"# {_md(report.title)}", "", _md(report.intro), ""]
    for part in report.parts:
        out += [f"## {_md(part.heading)}", ""]
        for label, text in part.lines:
            out.append(f"- **{_md(label)}:** {_md(text)}" if label else f"- {_md(text)}")
        out.append("")
    if report.questions:
        out += ["## Questions to ask", ""]
        out += [f"{n}. {_md(q)}" for n, q in enumerate(report.questions, 1)] + [""]
    out += ["## Sources", ""]
    out += [f"- {_md(title)}" + (f" <{url}>" if url else "") for title, url in report.sources]
    out.append("")
    out += [f"*{_md(report.footer)}*", ""]
    return "\n".join(out)


def _web_address(url: str | None) -> str:
    """An http(s) address safe to print inside <...> (Markdown) or href="..." (HTML)."""
    if not url or not url.startswith(("http://", "https://")):
        return ""
    return "" if any(c in url for c in "<>\"' \\") or not url.isprintable() else url


CSS = """
@page { size: A4; margin: 12mm 13mm; }
@media print { @page { size: auto; } a { color: inherit; text-decoration: none; } }
body { font: 9.5pt/1.3 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #111;
  max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 15pt; margin: 0 0 .3em; }
h2 { font-size: 11.5pt; margin: .9em 0 .2em; border-bottom: 1px solid #bbb; }
ul, ol { margin: .2em 0 .4em 1.2em; padding: 0; }
li { margin: .08em 0; }
.intro, .footer { font-size: 9pt; color: #333; }
.sources { font-size: 8pt; color: #333; overflow-wrap: anywhere; }
.EMERGENCY { color: #b00000; font-weight: bold; }
.TODAY { color: #8a5a00; font-weight: bold; }
.NEXT-VISIT { font-weight: bold; }

"""


def html_report(dataset: Dataset, items: list[Checked], today: str) -> str:
    report = summary(dataset, items, today)
    e = _html
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
        f'<p class="intro">{e(report.intro)}</p>',
    ]
    for part in report.parts:
        out.append(f"<section><h2>{e(part.heading)}</h2><ul>")
        for label, text in part.lines:
            css = f' class="{label.replace(" ", "-")}"' if label in TIER_MARKS.values() else ""
            mark = f"<b{css}>{e(label)}:</b> " if label else ""
            out.append(f"<li>{mark}{e(text)}</li>")
        out.append("</ul></section>")
    if report.questions:
        out.append("<section><h2>Questions to ask</h2><ol>")
        out += [f"<li>{e(q)}</li>" for q in report.questions]
        out.append("</ol></section>")
    out.append('<h2>Sources</h2><ul class="sources">')
    for title, url in report.sources:
        link = f' <a href="{e(url)}">{e(url)}</a>' if url else ""
        out.append(f"<li>{e(title)}{link}</li>")
    out.append(f'</ul><p class="footer"><em>{e(report.footer)}</em></p></body></html>')
    return "\n".join(out) + "\n"


def _html(text: str) -> str:
    return html.escape(" ".join(clean(text).split()), quote=True)
