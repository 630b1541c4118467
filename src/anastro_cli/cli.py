"""The Typer app: parse, call the core, hand the result to a writer. No logic lives here."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, cast

import typer
from typer.core import TyperGroup

from anastro_cli import __version__, status
from anastro_cli.formats import Format

if TYPE_CHECKING:
    from anastro_cli.model import Dataset
    from anastro_cli.views import View


class _OneLineErrors(TyperGroup):
    """Usage errors as one `anastro:` line on stderr (exit 2), in every way the app is run."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # Found through typer's public names: older typer releases use the click package,
        # newer ones a vendored copy.
        click_exception: type[Exception] = next(
            c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
        )
        try:
            code = super().main(
                args,
                prog_name or "anastro",
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except click_exception as exc:
            from anastro_cli.safety import visible

            context = getattr(exc, "ctx", None)
            hint = f" (see: {context.command_path} --help)" if context is not None else ""
            message = " ".join(visible(getattr(exc, "format_message", exc.__str__)()).split())
            print(f"anastro: {message}{hint}", file=sys.stderr)
            code = int(getattr(exc, "exit_code", status.USAGE))
        except typer.Abort:
            print("anastro: interrupted", file=sys.stderr)
            code = 130
        code = code if isinstance(code, int) else status.OK
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="anastro",
    cls=_OneLineErrors,
    help="Offline reference for the side effects of anastrozole 1 mg (Arimidex). "
    "Reference information, not medical advice.",
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Population(str, enum.Enum):
    all_ = "all"
    women = "women"
    men = "men"
    premenopausal = "premenopausal"


class SourceKind(str, enum.Enum):
    label = "label"
    trial = "trial"
    review = "review"
    secondary = "secondary"
    seed = "seed"
    unconfirmed = "unconfirmed"


class DataMode(str, enum.Enum):
    merge = "merge"
    replace_ = "replace"


# ------------------------------------------------------------------ completion


def _complete(kind: str, incomplete: str) -> list[str]:
    try:
        from anastro_cli.dataset import load

        dataset = load()
    except Exception:
        return []
    if kind == "system":
        names = [s.id for s in dataset.systems]
    elif kind == "effect":
        names = [e.id for e in dataset.effects]
    else:
        names = [c.id for c in dataset.comparators]
        names += [b.lower() for c in dataset.comparators for b in c.brands]
    return [n for n in names if n.startswith(incomplete.lower())]


def _complete_system(incomplete: str) -> list[str]:
    return _complete("system", incomplete)


def _complete_effect(incomplete: str) -> list[str]:
    return _complete("effect", incomplete)


def _complete_drug(incomplete: str) -> list[str]:
    return _complete("drug", incomplete)


# ------------------------------------------------------------------ shared options

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour and box lines: auto (terminal only; honours NO_COLOR "
        "and FORCE_COLOR), always or never.",
        case_sensitive=False,
    ),
]
PagerOption = Annotated[
    bool, typer.Option("--pager", help="Page long output through $PAGER (terminal only).")
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="ANASTRO_DATA",
        help="Extra dataset file or folder (YAML; see 'Your own data' in the README).",
        show_default=False,
    ),
]
DataModeOption = Annotated[
    DataMode,
    typer.Option(
        "--data-mode",
        help="merge: --data adds to and overrides the bundled data; replace: use --data alone.",
        case_sensitive=False,
    ),
]
SystemOption = Annotated[
    str | None,
    typer.Option(
        "--system",
        "-s",
        help="Organ system: id, name or unambiguous prefix.",
        autocompletion=_complete_system,
        show_default=False,
    ),
]


class Output:
    """Where and how a result is written, decided once from the options and environment."""

    def __init__(self, fmt: Format, as_json: bool, color: Color, pager: bool = False) -> None:
        if as_json and fmt not in (Format.table, Format.json):
            fail(f"--json and --format {fmt.value} ask for different formats: choose one")
        if sys.stdout is None:
            fail("standard output is closed")
        self.format = Format.json if as_json else fmt
        self.color = _use_color(color)
        self.pager = pager

    def empty(self, view: View) -> None:
        """Before a 'nothing found' exit: scripts still get a well-formed empty result."""
        if self.format is not Format.table:
            self.emit(view)

    def emit(self, view: View) -> None:
        from anastro_cli.formats import writer_for

        encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower()
        ascii_only = "utf" not in encoding
        writer = writer_for(
            self.format, color=self.color, width=_terminal_width(), ascii_only=ascii_only
        )
        try:
            if self.pager and sys.stdout.isatty():
                import io

                buffer = io.StringIO()
                writer.write(view, buffer)
                _page(buffer.getvalue())
                return
            stream = cast(TextIO, AsciiStream(sys.stdout)) if ascii_only else sys.stdout
            writer.write(view, stream)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_pipe()


class AsciiStream:
    """A stdout that cannot encode Unicode gets arrows and dashes as ASCII, never an error."""

    encoding = "ascii"

    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, text: str) -> int:
        from anastro_cli.safety import to_ascii

        return self.target.write(to_ascii(text))

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


def _terminal_width() -> int:
    """COLUMNS when it is a positive number, else the terminal's width, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return min(int(columns), 1000)
    if sys.stdout.isatty():
        import shutil

        return max(shutil.get_terminal_size((80, 24)).columns, 20)
    return 80


def _use_color(choice: Color) -> bool:
    if choice is Color.always:
        return True
    if choice is Color.never:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _page(text: str) -> None:
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or "less -R")
    try:
        subprocess.run(
            command, input=text.encode(sys.stdout.encoding or "utf-8", "replace"), check=False
        )
    except (OSError, ValueError):
        sys.stdout.write(text)


def note(message: str) -> None:
    """A one-line remark on stderr that does not stop the command."""
    from anastro_cli.safety import clean

    print(f"anastro: {' '.join(clean(message).split())}", file=sys.stderr)


def fail(message: str, code: int = status.USAGE) -> NoReturn:
    """One clean line on stderr, then the exit code."""
    from anastro_cli.safety import clean

    line = " ".join(clean(message).split())
    print(f"anastro: {line}", file=sys.stderr)
    raise typer.Exit(code)


# Words that only describe the illness: "early breast cancer", "ER positive breast cancer".
ILLNESS_WORDS = frozenset(
    [
        "early",
        "advanced",
        "metastatic",
        "stage",
        "invasive",
        "ductal",
        "lobular",
        "hormone",
        "receptor",
        "positive",
        "negative",
        "er",
        "pr",
        "hr",
        "her2",
        "primary",
        "secondary",
        "recurrent",
        "postmenopausal",
    ]
)


def illness_named(text: str) -> bool:
    """True when the query is the illness itself ("early breast cancer"), not a symptom."""
    from anastro_cli.search import fold, words

    return "breast cancer" in fold(text) and all(w in ILLNESS_WORDS for w in words(text))


def indication_named(dataset: Dataset, text: str) -> str | None:
    """The use of anastrozole a query names (gynecomastia, PCOS ...), when it names one."""
    from anastro_cli.search import STOP_WORDS, fold

    wanted = {w for w in fold(text).split() if w not in STOP_WORDS}
    if illness_named(text):
        wanted = {"breast", "cancer"}
    for indication in dataset.drug.indications:
        named = set(fold(indication.text).split())
        # Every meaningful word must be in the use's name: "ovary cyst" is not PCOS.
        if wanted and wanted <= named:
            return indication.text
    return None


def nothing_found(message: str, close: list[str]) -> NoReturn:
    """Exit 1 with one line: what was not found and what is close to it."""
    hint = f" Did you mean: {', '.join(close)}?" if close else " Try: anastro list"
    fail(f"{message}{hint}", status.NOT_FOUND)


def _dataset(data: Path | None, mode: DataMode) -> Dataset:
    from anastro_cli.dataset import DataError, load

    try:
        return load(data, mode.value)
    except DataError as exc:
        where = f" (run: anastro validate {data})" if data is not None else ""
        fail(f"cannot use the dataset: {exc}{where}")


# ------------------------------------------------------------------ app


def _version(value: bool) -> None:
    if not value:
        return
    from anastro_cli.locate import bundled_data_dir

    version = f"anastro {__version__}"
    try:
        info = _dataset_info(bundled_data_dir())
    except (OSError, ValueError):
        info = "dataset unreadable"
    try:
        print(f"{version}\n{info}", flush=True)
    except BrokenPipeError:
        _quiet_pipe()
    raise typer.Exit(status.OK)


def _dataset_info(folder: Path) -> str:
    """Dataset version and date without parsing the whole dataset (keeps --version instant)."""
    import re

    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"(?m)^dataset:\s*\n((?:[ \t]+.*\n?)+)", text)
        if match:
            fields = dict(
                re.findall(r"(?m)^[ \t]+(\w+):\s*['\"]?([^'\"\n]*)['\"]?\s*$", match.group(1))
            )
            return f"dataset {fields.get('version', '?')} ({fields.get('date', '?')})"
    return "dataset version unknown"


OVERVIEW = """anastro: offline reference for the side effects of anastrozole 1 mg (Arimidex)

  anastro search fatigue                  find a side effect by the words you use
  anastro show arthralgia                 one effect: why, how often, what helps, when to call
  anastro list --system musculoskeletal   all effects, grouped by organ system
  anastro compare tamoxifen               trial figures against tamoxifen, letrozole, exemestane
  anastro about                           the drug, and what this tool is (and is not)

Every command takes --format table|json|csv|markdown|yaml.  More: anastro --help
Reference information, not medical advice: talk to your care team about your own treatment."""


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the tool and dataset versions.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Offline reference for the side effects of anastrozole 1 mg (Arimidex).

    Reference information, not medical advice.
    """
    if ctx.invoked_subcommand is None:
        print(OVERVIEW)
        raise typer.Exit(status.OK)


@app.command("list")
def list_effects(
    system: SystemOption = None,
    population: Annotated[
        Population | None,
        typer.Option(
            "--population",
            "-p",
            help="Only effects that apply to this group.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    serious: Annotated[
        bool, typer.Option("--serious", help="Only rare but serious effects.")
    ] = False,
    chart: Annotated[bool, typer.Option("--chart", help="Add a bar for each frequency.")] = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = False,
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
    from anastro_cli.lookup import UnknownName, filter_effects, resolve_system
    from anastro_cli.views import EffectsView

    dataset = _dataset(data, data_mode)
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


@app.command()
def search(
    query: Annotated[
        list[str],
        typer.Argument(help="Words to look for, as you would say them.", show_default=False),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, help="Most results to show.")
    ] = 10,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = False,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """Find side effects from everyday words, typos or clinical terms.

    Results come best match first, with the words that matched.

    Examples:

      anastro search fatigue

      anastro search "aching knees"

      anastro search hot flushes --json
    """
    from anastro_cli.search import MAX_QUERY_CHARS, suggestions, words
    from anastro_cli.search import search as run_search
    from anastro_cli.views import SearchView

    text = " ".join(query).strip()
    if not text:
        fail("the search query is empty: try `anastro search fatigue`")
    if len(text) > MAX_QUERY_CHARS:
        fail(f"the search query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    dataset = _dataset(data, data_mode)
    hits = run_search(dataset, text, limit)
    if not hits or illness_named(text):
        use = indication_named(dataset, text)
        if use is not None:
            Output(fmt, as_json, color).empty(SearchView(dataset, text, ()))
            fail(
                f"{text[:80]!r} is not a side effect: it is one of anastrozole's uses "
                f"({use}). See: anastro about",
                status.NOT_FOUND,
            )
    if not hits and not words(text):
        fail(f"nothing to search for in {text[:60]!r}: use words that describe the symptom")
    if not hits:
        Output(fmt, as_json, color).empty(SearchView(dataset, text, ()))
        nothing_found(f"no side effect matches {text[:80]!r}.", suggestions(dataset, text))
    Output(fmt, as_json, color, pager).emit(SearchView(dataset, text, tuple(hits)))


@app.command()
def show(
    effect: Annotated[
        list[str],
        typer.Argument(
            help="Effect id, name or alias (typos are forgiven).",
            autocompletion=_complete_effect,
            show_default=False,
        ),
    ],
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = False,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """One side effect in full: why, how often, what helps.

    Every frequency is listed with its source, band, trial and arm size.

    Examples:

      anastro show arthralgia

      anastro show "hot flashes" --format markdown
    """
    from anastro_cli.lookup import resolve_effect
    from anastro_cli.search import MAX_QUERY_CHARS, covers_query, suggestions
    from anastro_cli.search import search as run_search
    from anastro_cli.views import CardView

    text = " ".join(effect).strip()
    if not text:
        fail("name an effect: try `anastro show arthralgia`")
    if len(text) > MAX_QUERY_CHARS:
        fail(f"the effect name is too long ({len(text)} characters)")
    dataset = _dataset(data, data_mode)
    found = resolve_effect(dataset, text)
    if found is None:
        hits = [h for h in run_search(dataset, text, 5) if h.effect is not None]
        if not hits or not covers_query(hits[0], text):
            # Only a match on every word may stand in for the name ("weight loss" must not
            # quietly become Weight gain); otherwise say what is close and stop.
            close = [h.effect.name for h in hits[:3] if h.effect is not None]
            nothing_found(
                f"no side effect called {text[:80]!r}.", close or suggestions(dataset, text)
            )
        found = hits[0].effect
        assert found is not None
        note(
            f"no effect is called {text[:80]!r}; showing the best match, {found.name} ({found.id})"
        )
    Output(fmt, as_json, color, pager).emit(CardView(dataset, found))


@app.command()
def compare(
    drug: Annotated[
        str | None,
        typer.Argument(
            help="tamoxifen, letrozole or exemestane (or a brand: Nolvadex, "
            "Femara, Aromasin). Leave out to list them.",
            autocompletion=_complete_drug,
            show_default=False,
        ),
    ] = None,
    system: SystemOption = None,
    trial: Annotated[
        str | None,
        typer.Option(
            "--trial",
            "-t",
            help="Head-to-head trial to show: an id or name "
            "(e.g. ibis-ii-dcis), or 'all'. Default: the main trial and its substudies.",
            show_default=False,
        ),
    ] = None,
    all_events: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also show events not linked to a side effect "
            "(e.g. any adverse event, withdrawals).",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = False,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """Compare anastrozole with tamoxifen, letrozole or exemestane.

    Figures come trial by trial: head-to-head trials first, and never two trials in one row.

    Examples:

      anastro compare tamoxifen

      anastro compare Femara --system musculoskeletal

      anastro compare tamoxifen --trial ibis-ii-dcis

      anastro compare
    """
    from anastro_cli.compare import available
    from anastro_cli.compare import compare as run_compare
    from anastro_cli.lookup import UnknownName, resolve_comparator, resolve_system
    from anastro_cli.views import ComparatorsView, CompareView

    dataset = _dataset(data, data_mode)
    output = Output(fmt, as_json, color, pager)
    if drug is None:
        output.emit(ComparatorsView(dataset, tuple(available(dataset))))
        return
    system_id = None
    if system is not None:
        try:
            system_id = resolve_system(dataset, system).id
        except UnknownName as exc:
            fail(f"{exc}. Valid systems: {', '.join(s.id for s in dataset.systems)}")
    try:
        comparator = resolve_comparator(dataset, drug)
    except UnknownName as exc:
        known = ", ".join(f"{c.id} ({', '.join(c.brands)})" for c in dataset.comparators)
        fail(f"{exc}. anastro can compare with: {known}")
    try:
        comparison = run_compare(
            dataset, comparator.id, system=system_id, linked_only=not all_events, trial=trial
        )
    except UnknownName as exc:
        fail(f"{exc}. Trials: all, {', '.join(exc.choices)}")
    if not comparison.rows and (trial is not None or not comparison.contrasts):
        notes = [t.note for t in comparison.chosen_trials if t.note and trial is not None]
        why = f". {notes[0]}" if len(notes) == 1 else ""
        output.empty(CompareView(dataset, comparison))
        fail(
            f"no figures for {comparison.comparator.name} with these filters{why}", status.NOT_FOUND
        )
    output.emit(CompareView(dataset, comparison))


@app.command()
def systems(
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = False,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """List the organ systems that --system accepts.

    With a description and the number of effects in each.

    Example:

      anastro systems
    """
    from anastro_cli.views import SystemsView

    dataset = _dataset(data, data_mode)
    Output(fmt, as_json, color, pager).emit(SystemsView(dataset))


@app.command()
def sources(
    kind: Annotated[
        SourceKind | None,
        typer.Option(
            "--kind", help="Only sources of this kind.", case_sensitive=False, show_default=False
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = False,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """List the sources that figures cite.

    Id, kind, quality, title and address of each.

    Examples:

      anastro sources

      anastro sources --kind trial --format csv
    """
    from anastro_cli.views import SourcesView

    dataset = _dataset(data, data_mode)
    chosen = tuple(s for s in dataset.sources if kind is None or s.kind == kind.value)
    if not chosen:
        fail(f"no source of kind {kind.value if kind else ''!r}", status.NOT_FOUND)
    Output(fmt, as_json, color, pager).emit(SourcesView(dataset, chosen))


@app.command()
def about(
    fmt: FormatOption = Format.table,
    as_json: JsonOption = False,
    color: ColorOption = Color.auto,
    pager: PagerOption = False,
    data: DataOption = None,
    data_mode: DataModeOption = DataMode.merge,
) -> None:
    """About anastrozole, and what this tool is.

    Class, target, uses, the markers it shifts, notes for men, and the disclaimer.

    Example:

      anastro about
    """
    from anastro_cli.views import AboutView

    dataset = _dataset(data, data_mode)
    Output(fmt, as_json, color, pager).emit(AboutView(dataset))


@app.command()
def validate(
    path: Annotated[
        Path, typer.Argument(help="Dataset file or folder to check.", show_default=False)
    ],
    alone: Annotated[
        bool,
        typer.Option(
            "--alone",
            help="Check the path on its own, without merging it "
            "over the bundled data (then dataset, drug, systems, sources and "
            "effects may be missing).",
        ),
    ] = False,
) -> None:
    """Check a dataset file or folder for problems.

    Every problem is printed as file:line:column: field: message.

    Exits 0 when the data is clean and 1 when it is not.

    Examples:

      anastro validate my-clinic-notes.yaml

      anastro validate ./data
    """
    from anastro_cli.dataset import check

    problems = check(path, merge_bundled=not alone)
    for problem in problems:
        print(problem)
    if problems:
        fail(f"{len(problems)} problem(s) in {path}", status.NOT_FOUND)
    print(f"anastro: {path}: no problems found", file=sys.stderr)


def main() -> None:
    """Console entry point: no traceback ever reaches the user, a closed pipe exits quietly."""
    try:
        app()
    except BrokenPipeError:
        _quiet_pipe()
    except KeyboardInterrupt:
        print("anastro: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        from anastro_cli.store import StoreError

        if os.environ.get("ANASTRO_DEBUG"):
            raise
        if isinstance(exc, StoreError):  # found damaged part-way through a command
            print(f"anastro: {_forget_damaged(exc.path, exc.identity)}", file=sys.stderr)
            sys.exit(status.INTERNAL)
        from anastro_cli.safety import clean

        print(
            f"anastro: internal error: {clean(type(exc).__name__)}: "
            f"{' '.join(clean(str(exc)).split())[:300]} (set ANASTRO_DEBUG=1 for details)",
            file=sys.stderr,
        )
        sys.exit(status.INTERNAL)


def _forget_damaged(path: Path | None, identity: tuple[int, int, int] | None) -> str:
    """Remove a damaged cached dataset (if it is still the file that was read: another anastro
    may have put a good one in its place since) and say truthfully what happened."""
    from anastro_cli.safety import clean

    if path is None:
        return "internal error: the dataset built in memory could not be read"
    try:
        info = path.stat()
        if identity is None or (info.st_dev, info.st_ino, info.st_mtime_ns) == identity:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        return (
            f"the cached copy of the dataset is damaged and could not be removed "
            f"({clean(exc.strerror or str(exc))}): delete {clean(str(path))}"
        )
    return "the cached copy of the dataset was damaged and has been removed; run the command again"


def _quiet_pipe() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(status.OK)
