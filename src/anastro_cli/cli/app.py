"""The Typer app: one-line usage errors, the root and --version, the commands, and main().

Command modules register here and never import this module, so there is no import circle.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Collection, Iterator, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from anastro_cli import status
from anastro_cli.cli import compare_command, effect_commands, reference_commands, visit_commands
from anastro_cli.cli.common import quiet_pipe, say
from anastro_cli.cli.guard import guarded


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
            say(f"anastro: {unknown}")
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
            say(f"anastro: {message}{hint}")
            code = int(getattr(exc, "exit_code", status.USAGE))
        except typer.Abort:
            say("anastro: interrupted")
            code = 130
        except SystemExit as exc:  # fail() in a command: a code, as typer.Exit would give
            code = exc.code if isinstance(exc.code, int) or exc.code is None else 1
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
        import difflib

        from anastro_cli.text.sanitize import visible

        meant = difflib.get_close_matches(first.casefold(), sorted(self.commands), 1, 0.75)
        if meant and len(first) >= 3 and not _a_data_word(first):
            # a command mistyped ("serch", "shwo", "compair"), not a word of a question
            # ("sores on my lips", "reporting side effects")
            params = getattr(self.commands[meant[0]], "params", [])
            takes = any(getattr(p, "param_type_name", "") == "argument" for p in params)
            rest = " ".join(visible(w) for w in words[1:])[:80] if takes else ""
            if rest or not takes:  # "shower" alone is no "show" without a name
                suggestion = f"anastro {meant[0]} {rest}".rstrip()
                query = " ".join(visible(w) for w in words)[:80].replace('"', "'")
                search = f' (or: anastro search "{query}")' if rest else ""
                return (
                    f"{visible(first)[:40]!r} is not a command; did you mean: {suggestion}{search}"
                )
        query = " ".join(visible(w) for w in words)[:80].replace('"', "'")
        return (
            f'{visible(first)[:40]!r} is not a command: to look it up, try anastro search "{query}"'
        )


def _a_data_word(word: str) -> bool:
    """True when the word, stemmed, is one the dataset's names, lay terms or texts use (a
    question's word, not a mistyped command); False when the data cannot be read."""
    try:
        from anastro_cli.dataset.load import load
        from anastro_cli.store.reads import index_of
        from anastro_cli.text.fold import fold, stem

        folded = fold(word).split()
        return bool(folded) and bool(index_of(load()).stem_info([stem(folded[0])]))
    except Exception:  # an error path: never let the hint fail the message
        return False


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
    """Console entry point: the app, run under the guard (see cli.guard)."""
    guarded(_invoke)


def _invoke() -> None:
    with only_the_invoked_command(sys.argv[1:]):
        app()
