"""The Typer app: one-line usage errors, the root and --version, the commands, and main().

Command modules register here and never import this module, so there is no import circle.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from anastro_cli import status
from anastro_cli.cli import compare_command, effect_commands, reference_commands, visit_commands
from anastro_cli.cli.common import quiet_pipe


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
        words = list(sys.argv[1:] if args is None else args)
        unknown = self._not_a_command(words)
        if unknown is None and any("\x00" in word for word in words):
            # No argv of a real process holds one, but a caller of app() can pass it, and
            # checking a path with one raises ValueError inside click.
            unknown = "an argument contains a NUL character"
        if unknown is not None:
            print(f"anastro: {unknown}", file=sys.stderr)
            if standalone_mode:
                sys.exit(status.USAGE)
            return status.USAGE
        try:
            code = super().main(
                self._arranged(words),
                prog_name or "anastro",
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except click_exception as exc:
            from anastro_cli.text.sanitize import visible

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

    def _arranged(self, words: list[str]) -> list[str]:
        return arranged(words, self.commands)

    def _not_a_command(self, words: list[str]) -> str | None:
        """A first word that is neither an option nor a command reads as a question: one
        line suggesting the search, instead of 'No such command'."""
        first = next((w for w in words if not w.startswith("-")), None)
        if first is None or first in self.commands or first == "help" or words[0] != first:
            return None
        from anastro_cli.text.sanitize import visible

        query = " ".join(visible(w) for w in words)[:80].replace('"', "'")
        return (
            f'{visible(first)[:40]!r} is not a command: to look it up, try anastro search "{query}"'
        )


def arranged(words: list[str], commands: Collection[str]) -> list[str]:
    """`anastro help [COMMAND]` is `--help`; options every command takes (--json, --data,
    --data-mode) may come before the command too: they are moved after it."""
    words = list(words)
    if words[:1] == ["help"]:
        rest = [w for w in words[1:2] if w in commands]
        return [*rest, "--help"]
    moved: list[str] = []
    while words:
        first = words[0]
        if first == "--json" or first.startswith(("--data=", "--data-mode=")):
            moved.append(words.pop(0))
        elif first in ("--data", "--data-mode") and len(words) > 1:
            moved += [words.pop(0), words.pop(0)]
        else:
            break
    if moved and words and words[0] in commands:
        return [words[0], *moved, *words[1:]]
    return [*moved, *words]


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


def _version(value: bool) -> None:
    if not value:
        return
    from anastro_cli.bundled import version_lines

    try:
        print(version_lines(), flush=True)
    except BrokenPipeError:
        quiet_pipe()
    raise typer.Exit(status.OK)


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


app.command("list")(effect_commands.list_effects)
app.command("search")(effect_commands.search_effects)
app.command("show")(effect_commands.show_effect)
app.command("check")(visit_commands.check_symptoms)
app.command("warnings")(visit_commands.warnings)
app.command("report")(visit_commands.report_visit)
app.command("compare")(compare_command.compare_drugs)
app.command("systems")(reference_commands.list_systems)
app.command("sources")(reference_commands.list_sources)
app.command("about")(reference_commands.about_drug)
app.command("validate")(reference_commands.validate_data)
COMMANDS = tuple(app.registered_commands)


@contextlib.contextmanager
def only_the_invoked_command(words: list[str]) -> Iterator[None]:
    """Typer turns every registered command into a click command, with all its parameters,
    on every run (1-2 ms a command); a run needs only the command it invokes. When the words
    name one (after the moves of `arranged`), only it is registered while the app runs;
    otherwise (no command, --help, an unknown word, shell completion) every command is."""
    words = arranged(words, [info.name or "" for info in COMMANDS])
    completing = "_ANASTRO_COMPLETE" in os.environ
    chosen = [info for info in COMMANDS if words and info.name == words[0] and not completing]
    app.registered_commands = chosen or list(COMMANDS)
    try:
        yield
    finally:
        app.registered_commands = list(COMMANDS)


def main() -> None:
    """Console entry point: no traceback ever reaches the user; a closed pipe exits quietly,
    an interrupt with 130 and a terminate signal with 143; a full disk or a broken stdout is
    one line; a cache found damaged part-way is removed and the answer built from the data."""
    import signal

    running = [True]  # once the command has ended, a late Ctrl-C is ignored

    def interrupt(signum: int, frame: object) -> None:
        if running[0]:
            raise KeyboardInterrupt

    def terminate(signum: int, frame: object) -> None:
        if running[0]:
            raise Terminated

    with contextlib.suppress(ValueError, OSError):  # not the main thread: leave the defaults
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, terminate)
    try:
        try:
            _run_once(retry=True)
        except _DamagedStore as damaged:
            from anastro_cli.dataset.cache import forget_damaged

            print(f"anastro: {forget_damaged(damaged.path, damaged.identity)}", file=sys.stderr)
            os.environ["ANASTRO_NO_CACHE"] = "1"  # this time from the data, in memory
            _run_once(retry=False)
        finally:
            running[0] = False
    except (KeyboardInterrupt, Terminated) as exc:  # arrived as the command was ending
        _interrupted(exc)


class Terminated(Exception):
    """SIGTERM, raised where the program is, so cleanup (temporary files) still runs."""


class _DamagedStore(Exception):
    """A store found damaged part-way through a command: the command is run again."""

    def __init__(self, path: Path | None, identity: tuple[int, int, int] | None) -> None:
        super().__init__("damaged store")
        self.path = path
        self.identity = identity


def _run_once(*, retry: bool) -> None:
    try:
        with only_the_invoked_command(sys.argv[1:]):
            app()
    except BrokenPipeError:
        quiet_pipe()
    except (KeyboardInterrupt, Terminated) as exc:
        _interrupted(exc)
    except SystemExit:
        raise
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRORS or os.environ.get("ANASTRO_DEBUG"):
            _internal(exc)
        _silence_stdout()
        print(f"anastro: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        sys.exit(status.OUTPUT)
    except Exception as exc:
        from anastro_cli.store.schema import StoreError

        if retry and isinstance(exc, StoreError) and not os.environ.get("ANASTRO_DEBUG"):
            raise _DamagedStore(exc.path, exc.identity) from exc
        _internal(exc)


def _interrupted(exc: BaseException) -> NoReturn:
    code = status.INTERRUPTED if isinstance(exc, KeyboardInterrupt) else status.TERMINATED
    _silence_stdout()  # stdout now goes nowhere: nothing fails at shutdown
    print("anastro: interrupted", file=sys.stderr)
    sys.exit(code)


OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _internal(exc: BaseException) -> NoReturn:
    if os.environ.get("ANASTRO_DEBUG"):
        raise exc
    from anastro_cli.text.sanitize import clean

    print(
        f"anastro: internal error: {clean(type(exc).__name__)}: "
        f"{' '.join(clean(str(exc)).split())[:300]} (set ANASTRO_DEBUG=1 for details)",
        file=sys.stderr,
    )
    sys.exit(status.INTERNAL)


def _silence_stdout() -> None:
    """Point the process's stdout at /dev/null, so what is left in its buffer cannot fail at
    exit (a harness that replaced sys.stdout, such as a test runner, is left alone)."""
    if sys.stdout is None or sys.stdout is not sys.__stdout__:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else 1
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
