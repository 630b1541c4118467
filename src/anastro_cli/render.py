"""The one module that imports Rich: tables and cards for people at a terminal.

Every piece of text from the dataset or the user becomes a ``rich.text.Text`` (never a markup
string), after control characters are removed, so nothing is interpreted as markup or as a
terminal control sequence.
"""

from __future__ import annotations

import io
from typing import Any, TextIO

from rich import box  # noqa: TID253 - render.py is the one module allowed to import Rich
from rich.console import Console  # noqa: TID253
from rich.table import Table  # noqa: TID253
from rich.text import Text  # noqa: TID253

from anastro_cli.compare import HEAD_TO_HEAD, Row
from anastro_cli.lookup import frequencies, headline, trial_findings
from anastro_cli.model import DIFFERENCE_SHORT, MEASURE_UNITS, ArmValue, Frequency, SideEffect
from anastro_cli.safety import clean, to_ascii
from anastro_cli.search import highlight_spans
from anastro_cli.views import (
    AboutView,
    CardView,
    ComparatorsView,
    CompareView,
    EffectsView,
    SearchView,
    SourcesView,
    SystemsView,
    View,
)

BAR_WIDTH = 8
PARTIAL_BLOCKS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"  # 1/8 to 7/8 of a block
NARROW = 50  # below this many columns (or when a table cannot fit), records replace tables


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich would exit 1 ("nothing found"); let the CLI end quietly as for other formats.
        raise BrokenPipeError


class Grid:
    """A table, or below NARROW columns a list of records, filled the same way either way.

    Every header passes through the writer's cleaning; every column folds long words instead
    of cutting them, so a source id or an 'unconfirmed' mark is never lost to an ellipsis.
    """

    def __init__(self, writer: TableWriter, title: str | None) -> None:
        self.writer = writer
        self.title = title
        self.headers: list[Text] = []
        self.rows: list[list[Text] | None] = []  # None marks a section break
        self.options: list[dict[str, Any]] = []

    @property
    def row_count(self) -> int:
        return sum(1 for row in self.rows if row is not None)

    def add_column(self, header: str, **options: Any) -> None:
        self.headers.append(self.writer.text(header))
        self.options.append(options)

    def add_row(self, *cells: Text) -> None:
        self.rows.append(list(cells))

    def add_section(self) -> None:
        self.rows.append(None)

    def renderables(self) -> list[Any]:
        widths = self._widths(self.writer.console.width)
        return [self._table(widths)] if widths is not None else self._records()

    def _widths(self, available: int) -> list[int] | None:
        """Column widths that fit available: each column at least as wide as its longest
        word, the rest shared out by how much each column would like. None when even the
        longest words do not fit, so the caller prints records instead of cropping columns."""
        if available < NARROW:
            return None
        count = len(self.headers)
        # Columns are one space apart (collapsed padding), or two under a header rule.
        overhead = (count - 1) * (1 if self.writer.box is None else 2)
        # Headers stay whole ("Difference", not "Dif/fer/ence"): if they cannot, use records.
        return self._share(available, overhead, header_words=True)

    def _share(self, available: int, overhead: int, header_words: bool) -> list[int] | None:
        count = len(self.headers)
        least: list[int] = []
        most: list[int] = []
        for position, header in enumerate(self.headers):
            cells = [row[position] for row in self.rows if row is not None and position < len(row)]
            texts = [c.plain for c in cells] + ([header.plain] if header_words else [])
            # Headers may wrap, so only cell words set the least width; a long word in an
            # ordinary column may fold, but ids (keep_words) stay whole up to 32 characters.
            words = [len(w) for t in texts for w in t.split()] or [1]
            lines = [len(line) for t in [*texts, header.plain] for line in t.splitlines()]
            cap = 32 if self.options[position].get("keep_words") else 16
            least.append(max(min(max(words), cap), 1))
            most.append(max([*lines, least[-1]]))
        room = available - overhead
        if sum(least) > room:
            return None
        if sum(most) <= room:
            return most
        # Water-filling: columns that want little get all of it first, so a figure one or two
        # characters short of fitting is not wrapped to feed a long text column.
        widths = list(least)
        spare = room - sum(least)
        wants = sorted(range(count), key=lambda k: (most[k] - least[k], k))
        for position, index in enumerate(wants):
            share = spare // (count - position)
            extra = min(most[index] - least[index], share)
            widths[index] += extra
            spare -= extra
        return widths

    def _table(self, widths: list[int]) -> Table:
        writer = self.writer
        table = Table(
            title=writer.text(self.title, "bold") if self.title else None,
            box=writer.box,
            show_edge=False,
            header_style="bold" if writer.color else "",
            title_justify="left",
            pad_edge=False,
            collapse_padding=True,
            expand=False,
        )
        for header, options, width in zip(self.headers, self.options, widths, strict=True):
            table.add_column(
                header, overflow="fold", width=width, justify=options.get("justify", "left")
            )
        for row in self.rows:
            if row is None:
                table.add_section()
            else:
                table.add_row(*row)
        return table

    def _records(self) -> list[Any]:
        writer = self.writer
        result: list[Any] = []
        if self.title:
            result.append(writer.text(self.title, "bold"))
        for row in self.rows:
            if row is None:
                continue
            filled = [(h, c) for h, c in zip(self.headers, row, strict=False) if c.plain]
            if len(filled) == 1 and len(row) == 1:  # a group heading such as a system name
                result.append(Text("\n").append_text(row[0]))
                continue
            for index, (header, cell) in enumerate(filled):
                line = Text("- " if index == 0 else "  ")
                line.append_text(writer.text(f"{header.plain}: ", "bold"))
                line.append_text(cell)
                result.append(line)
        return result


class TableWriter:
    def __init__(self, *, color: bool, width: int | None, ascii_only: bool) -> None:
        self.color = color
        self.width = width
        self.ascii_only = ascii_only

    # ----------------------------------------------------------------- plumbing

    def write(self, view: View, out: TextIO) -> None:
        # Plain (piped) output is rendered first, then written without the padding Rich adds
        # to the end of each line; terminal output goes straight through.
        target: Any = out if self.color else io.StringIO()
        self.console = _Console(
            file=target,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="auto" if self.color else None,
            width=self.width,
            markup=False,
            emoji=False,
            highlight=False,
            safe_box=True,
            soft_wrap=False,
            legacy_windows=False,
        )
        self._render(view)
        if not self.color:
            out.write("\n".join(line.rstrip() for line in target.getvalue().split("\n")))

    def _render(self, view: View) -> None:
        # Decoration (colour and box lines) belongs to terminals; piped output stays plain.
        self.box = box.SIMPLE_HEAVY if self.color and not self.ascii_only else None
        handlers: dict[type, Any] = {
            EffectsView: self._effects,
            SearchView: self._search,
            CardView: self._card,
            CompareView: self._compare,
            ComparatorsView: self._comparators,
            SystemsView: self._systems,
            SourcesView: self._sources,
            AboutView: self._about,
        }
        handlers[type(view)](view)

    def text(self, value: object, style: str = "") -> Text:
        string = clean(str(value))
        if self.ascii_only:
            string = to_ascii(string)
        return Text(string, style=style if self.color else "")

    def table(self, title: str | None = None) -> Grid:
        return Grid(self, title)

    def print(self, *items: Any) -> None:
        for item in items:
            for renderable in item.renderables() if isinstance(item, Grid) else [item]:
                self.console.print(renderable)

    def heading(self, title: str) -> None:
        self.print(self.text(title, "bold underline"))

    def bullets(self, title: str, items: tuple[str, ...] | list[str]) -> None:
        if not items:
            return
        self.print(self.text(title, "bold"))
        mark = "-" if self.ascii_only or not self.color else "\u2022"
        grid = Table.grid(padding=(0, 1))  # a hanging indent for wrapped lines
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for item in items:
            grid.add_row(self.text(f" {mark}"), self.text(item))
        self.print(grid)

    def bar(self, value: float | None, scale: float) -> Text:
        if value is None or value <= 0 or scale <= 0:
            return self.text("")
        if self.ascii_only or not self.color:
            return self.text("#" * max(1, round(value / scale * BAR_WIDTH)), "cyan")
        # Eighths of a block, so 0.2% and 4.7% do not draw the same bar.
        eighths = max(1, round(value / scale * BAR_WIDTH * 8))
        full, part = divmod(eighths, 8)
        return self.text("\u2588" * full + (PARTIAL_BLOCKS[part] if part else ""), "cyan")

    def status(self, confirmed: bool) -> Text:
        return self.text("" if confirmed else "unconfirmed", "yellow")

    # ----------------------------------------------------------------- list

    def _frequency_cells(self, effect: SideEffect, view: EffectsView | SearchView) -> list[Text]:
        figures = frequencies(view.dataset, effect)
        lead = headline(view.dataset, figures)
        if lead is None:
            return [self.text("no figure", "dim"), self.text(""), self.text("")]
        value = self.text(lead.text, "bold")
        if len(figures) > 1:
            value.append_text(self.text(f" (+{len(figures) - 1} more)", "dim"))
        source = self.text(f"{lead.trial or _short(lead.population)} [{lead.source}]", "dim")
        if not lead.confirmed:
            source.append_text(self.text(" unconfirmed", "yellow"))
        return [value, self.text(lead.band), source]

    def _effects(self, view: EffectsView) -> None:
        table = self.table(view.title)
        table.add_column("Effect", min_width=12)
        table.add_column("Frequency", min_width=8)
        table.add_column("Band", min_width=6)
        table.add_column("Source", min_width=8, keep_words=True)
        lead_values = [headline(view.dataset, frequencies(view.dataset, e)) for e in view.effects]
        scale = max((f.high for f in lead_values if f is not None), default=0.0)
        if view.chart:
            table.add_column("Chart", min_width=BAR_WIDTH, no_wrap=True)
        current_system = None
        for effect, lead in zip(view.effects, lead_values, strict=True):
            if effect.system != current_system:
                current_system = effect.system
                system = view.dataset.system(effect.system)
                system_name = system.name if system else effect.system
                if table.row_count:
                    table.add_section()
                table.add_row(self.text(system_name.upper(), "bold magenta"))
            label = self.text(effect.name)
            who = _who(effect)
            if who and not any(p in effect.name.casefold() for p in effect.populations):
                label.append_text(self.text(f" ({who})", "dim"))
            if effect.seriousness == "rare-serious" and not view.serious_only:
                label.append_text(self.text(" (serious)", "red"))
            cells = [label, *self._frequency_cells(effect, view)]
            if view.chart:
                cells.append(self.bar(lead.high if lead else None, scale))
            table.add_row(*cells)
        self.print(table)
        self.print(
            self.text(
                "Every figure and its source: anastro show EFFECT.  "
                "Bands (CIOMS): very common >= 10%, common 1-10%, uncommon 0.1-1%, "
                "rare 0.01-0.1%, very rare < 0.01%.",
                "dim",
            )
        )

    # ----------------------------------------------------------------- search

    def _search(self, view: SearchView) -> None:
        table = self.table(f"Search: {view.query}")
        table.add_column("Effect", min_width=12)
        table.add_column("Why it matched", min_width=14)
        table.add_column("Frequency", min_width=8)
        table.add_column("Band", min_width=6)
        table.add_column("Source", keep_words=True)
        for hit in view.hits:
            stems = [s for m in hit.matched for s in m.stems]
            why = Text()
            for index, match in enumerate(hit.matched[:3]):
                if index:
                    why.append_text(self.text("; "))
                why.append_text(self.text(f"{_FIELD_LABEL.get(match.field, match.field)}: ", "dim"))
                why.append_text(self.highlighted(_snippet(match.text, match.stems), stems))
                if match.kind == "fuzzy":
                    why.append_text(self.text(" (close spelling)", "dim"))
            if hit.effect is not None:
                name = self.highlighted(hit.effect.name, stems)
                cells = self._frequency_cells(hit.effect, view)
            else:
                assert hit.marker is not None
                name = self.highlighted(f"{hit.marker.name} (blood marker)", stems)
                cells = [
                    self.text(f"level {hit.marker.direction}", "dim"),
                    self.text(""),
                    self.text(""),
                ]
            # The id is what `anastro show` takes, so it leads the name.
            name.append_text(self.text(f"\n{hit.id}", "dim"))
            table.add_row(name, why, *cells)
        self.print(table)
        first = view.hits[0].id if view.hits else "EFFECT"
        self.print(self.text(f"Details: anastro show {first}", "dim"))

    def highlighted(self, text: str, stems: list[str]) -> Text:
        result = self.text(text)
        if self.color:
            for start, end in highlight_spans(result.plain, stems):
                result.stylize("bold yellow", start, end)
        return result

    # ----------------------------------------------------------------- show

    def _card(self, view: CardView) -> None:
        effect, dataset = view.effect, view.dataset
        system = dataset.system(effect.system)
        self.heading(effect.name)
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
            line = self.text(f"{label}: ", "bold")
            line.append_text(self.text(value))
            self.print(line)
        self.print(self.text("Why it happens", "bold"))
        self.print(Text("  ").append_text(self.text(effect.mechanism)))
        # Confirmed figures first; unconfirmed ones follow, marked, never dropped.
        figures = frequencies(dataset, effect)
        self._frequency_table(sorted(figures, key=lambda f: not f.confirmed))
        findings = trial_findings(dataset, effect)
        if findings:
            table = self.table("Other trial findings")
            for column in ("Finding", "Trial", "Anastrozole", "Comparator"):
                table.add_column(column)
            table.add_column("Source", keep_words=True)
            for f in findings:
                source = self.text(f.source)
                if not f.confirmed:
                    source.append_text(self.text(" unconfirmed", "yellow"))
                table.add_row(
                    self.text(f.event),
                    self.text(f.trial),
                    self.text(f.value),
                    self.text(f.comparator),
                    source,
                )
            self.print(table)
        self.bullets("When to contact your care team", effect.seek_care)
        self.bullets("What helps", effect.helps)
        self.bullets("Notes", effect.notes)
        self.bullets("Monitoring", effect.monitoring)
        if effect.related:
            related = [dataset.effect(r) for r in effect.related]
            self.bullets("Related", [f"{e.name} ({e.id})" for e in related if e is not None])
        cited = sorted({f.source for f in frequencies(dataset, effect)} | set(effect.sources))
        self.bullets(
            "Sources (anastro sources for details)",
            [_source_line(dataset.source(s), s) for s in cited],
        )
        self.print(self.text(dataset.drug.disclaimer, "dim"))

    def _frequency_table(self, figures: list[Frequency]) -> None:
        if not figures:
            self.print(self.text("No frequency figure in the dataset.", "dim"))
            return
        table = self.table("How often")
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
            source = self.text(f.source)
            if not f.confirmed:
                source.append_text(self.text(" unconfirmed", "yellow"))
            table.add_row(self.text(f.text, "bold"), self.text(f.band), self.text(where), source)
        self.print(table)

    # ----------------------------------------------------------------- compare

    def _compare(self, view: CompareView) -> None:
        c = view.comparison
        other = c.comparator.name
        self.heading(f"Anastrozole vs {other}")
        # The plain-language trade-offs come first; the trial figures that back them follow.
        if c.contrasts:
            table = self.table("In short: what the sources say, with or without numbers")
            table.add_column("Topic")
            table.add_column("Anastrozole")
            table.add_column(other)
            table.add_column("Source", keep_words=True)
            for x in c.contrasts:
                table.add_row(
                    self.text(x.topic, "bold"),
                    self.text(x.anastrozole),
                    self.text(x.comparator_text),
                    self.text(x.source),
                )
            self.print(table)
        comparator = c.comparator
        self.bullets(
            f"About {other}",
            [
                f"Class: {comparator.drug_class}",
                f"How it works: {comparator.mechanism}",
                f"Who can take it: {comparator.who_can_take}",
                *[f"{p.text} [{p.source}]" for p in comparator.points],
            ],
        )
        percent_rows = [r for r in c.rows if r.measure == "percent_patients"]
        scale = max(
            (
                v.value
                for r in percent_rows
                for v in (r.drug_value, r.comparator_value)
                if v is not None and v.value is not None
            ),
            default=0.0,
        )
        direct = [r for r in c.rows if r.section == HEAD_TO_HEAD]
        own = [r for r in c.rows if r.section != HEAD_TO_HEAD]
        if direct:
            trials = ", ".join(t.name for t in c.head_to_head_trials)
            table = self._compare_table(f"Head to head ({trials})", "Anastrozole", other)
            for row in direct:
                self._compare_row(table, row, scale)
            self.print(table)
        elif not own:
            self.print(self.text("No figures to compare.", "dim"))
        for trial_name in dict.fromkeys(r.trial for r in own):
            block = [r for r in own if r.trial == trial_name]
            drug = block[0].drug
            table = self._compare_table(
                f"Not compared head to head with {other.lower()}: {trial_name}, "
                f"{drug} against tamoxifen",
                drug.capitalize(),
                "Tamoxifen",
            )
            for row in block:
                self._compare_row(table, row, scale)
            self.print(table)
        self.bullets("Reading this table", list(c.notes))

    def _compare_table(self, title: str, first: str, second: str) -> Grid:
        table = self.table(title)
        table.add_column("Event", min_width=10)
        table.add_column("Trial", min_width=6)
        table.add_column(first, min_width=8)
        table.add_column(second, min_width=8)
        table.add_column("Difference", justify="right", min_width=5)
        table.add_column("Higher", min_width=6)
        table.add_column("Source", min_width=8, keep_words=True)
        return table

    def _compare_row(self, table: Grid, row: Row, scale: float) -> None:
        def cell(value: ArmValue | None) -> Text:
            if value is None or value.value is None:
                pooled = "-" if row.pooled is None else f"both arms {row.pooled:g}%"
                return self.text(pooled, "dim")
            unit = "%" if row.measure in ("percent_patients", "percent_change") else ""
            result = self.text(f"{value.text}{unit}", "bold")
            if row.measure == "percent_patients":
                result.append_text(self.text(" "))
                result.append_text(self.bar(value.value, scale))
            return result

        event = self.text(row.event)
        missing = any(v is None or v.value is None for v in (row.drug_value, row.comparator_value))
        if missing and row.note and not row.direction:
            event.append_text(self.text(f" ({row.note.rstrip('.')})", "dim"))
        if row.measure != "percent_patients":
            event.append_text(self.text(f" ({MEASURE_UNITS.get(row.measure, row.measure)})", "dim"))
        if row.direction:
            event.append_text(self.text(f" - {row.direction}", "italic"))
        source = self.text(", ".join(row.sources), "dim")
        if not row.confirmed:
            source.append_text(self.text(" unconfirmed", "yellow"))
        difference = ""
        if row.difference is not None:
            number = "0" if row.difference == 0 else f"{row.difference:+g}"
            difference = f"{number} {DIFFERENCE_SHORT.get(row.measure, '')}".strip()
        higher = self.text(_higher_label(row))
        if row.p_value and higher.plain:
            higher.append_text(self.text(f" (p {_p(row.p_value)})", "dim"))
        table.add_row(
            event,
            self.text(row.trial),
            cell(row.drug_value),
            cell(row.comparator_value),
            self.text(difference),
            higher,
            source,
        )

    def _comparators(self, view: ComparatorsView) -> None:
        table = self.table("anastro compare DRUG: what anastrozole can be compared with")
        for column in (
            "Drug",
            "Brands",
            "Head-to-head trials with anastrozole",
            "Own trials against tamoxifen",
        ):
            table.add_column(column)
        for s in view.comparators:
            table.add_row(
                self.text(s.comparator.name, "bold"),
                self.text(", ".join(s.comparator.brands)),
                self.text(", ".join(t.name for t in s.head_to_head) or "none"),
                self.text(", ".join(t.name for t in s.own_trials) or "-"),
            )
        self.print(table)

    # ----------------------------------------------------------------- reference

    def _systems(self, view: SystemsView) -> None:
        table = self.table("Organ systems")
        table.add_column("Id", no_wrap=True)
        table.add_column("Name")
        table.add_column("Effects", justify="right")
        table.add_column("Description")
        for s in view.dataset.systems:
            count = view.dataset.effects_in(s.id)
            table.add_row(
                self.text(s.id, "bold"),
                self.text(s.name),
                self.text(str(count)),
                self.text(s.description),
            )
        self.print(table)

    def _sources(self, view: SourcesView) -> None:
        table = self.table("Sources")
        table.add_column("Id", keep_words=True)
        table.add_column("Kind")
        table.add_column("Title and address")
        for s in view.sources:
            title = self.text(s.title)
            if s.url:
                title.append_text(self.text(f"\n{s.url}", "dim"))
            kind = self.text(s.kind)
            if s.kind == "unconfirmed" or s.quality in (
                "recalled",
                "low_quality_copy",
                "low_secondary",
            ):
                kind.append_text(self.text(f" ({s.quality})", "yellow"))
            table.add_row(self.text(s.id, "bold"), kind, title)
        self.print(table)

    def _about(self, view: AboutView) -> None:
        dataset = view.dataset
        drug = dataset.drug
        self.heading(f"{drug.name} ({', '.join(drug.brands)})")
        for label, value in (
            ("Class", drug.drug_class),
            ("Target", drug.target),
            ("Dose", drug.dose),
            ("Generics", drug.generics),
        ):
            if value:
                line = self.text(f"{label}: ", "bold")
                line.append_text(self.text(value))
                self.print(line)
        self.bullets("How it works", [drug.summary])
        if drug.conversions:
            arrow = " -> " if self.ascii_only else " \u2192 "
            self.bullets("What aromatase converts", [f"{a}{arrow}{b}" for a, b in drug.conversions])
        self.bullets("Why side effects happen", [drug.why_side_effects])
        self.bullets(
            "Used for", [f"{i.text} ({i.kind or 'use'}) [{i.source}]" for i in drug.indications]
        )
        if dataset.markers:
            self.bullets(
                "Blood markers it shifts",
                [f"{m.name} ({m.direction}): {m.explanation}" for m in dataset.markers],
            )
        men = dataset.men
        if men.summary or men.points:
            self.bullets(
                "Men taking it off-label",
                [men.summary, *[f"{p.text} [{p.source}]" for p in men.points]]
                if men.summary
                else [f"{p.text} [{p.source}]" for p in men.points],
            )
            self.bullets(
                "Estradiol levels named by the sources (for reference only, never a guide to "
                "choosing a dose: that is for the prescriber; studies report pg/mL or pmol/L, "
                "which are different scales)",
                [
                    f"{r.label}: {_range(r.low, r.high)} {r.unit} [{r.source}]"
                    + ("" if r.confirmed else " (unconfirmed)")
                    for r in men.estradiol_ranges
                ],
            )
            self.bullets(
                "Trials in men",
                [
                    f"{f.label}: {f.value} ({f.trial}) [{f.source}]"
                    + ("" if f.confirmed else " (unconfirmed)")
                    for f in men.findings
                ],
            )
        info = dataset.info
        self.print(self.text(f"Dataset {info.version} ({info.date}).", "dim"))
        self.print(self.text(drug.disclaimer, "bold"))


def _higher_label(row: Row) -> str:
    """Which arm is higher; for a change such as bone density, which arm fell more."""
    if row.higher is None:
        return ""
    if row.measure == "percent_change" and row.higher != "equal":
        lower = row.comparator if row.higher == row.drug else row.drug
        return f"lower: {lower}"
    return row.higher


def _p(value: str) -> str:
    text = value.strip()
    return text if text[:1] in "<>=≤≥" or text.upper() == "NR" else f"= {text}"


_FIELD_LABEL = {"name": "name", "alias": "also called", "lay": "people say", "text": "text"}


def _who(effect: SideEffect) -> str:
    return "" if effect.populations == ("all",) else ", ".join(effect.populations)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _snippet(text: str, stems: tuple[str, ...], radius: int = 60) -> str:
    """A window of long text around its first matched word."""
    if len(text) <= radius * 2:
        return text
    spans = highlight_spans(text, stems)
    start = max(0, spans[0][0] - radius // 2) if spans else 0
    end = min(len(text), start + radius * 2)
    return ("..." if start else "") + text[start:end].strip() + ("..." if end < len(text) else "")


def _range(low: float | None, high: float | None) -> str:
    if low is None and high is not None:
        return f"below {high:g}"
    if high is None and low is not None:
        return f"above {low:g}"
    if low == high:
        return f"{low:g}"
    return f"{low:g}-{high:g}"


def _source_line(source: Any, source_id: str) -> str:
    if source is None:
        return source_id
    return f"{source_id}: {source.title}"
