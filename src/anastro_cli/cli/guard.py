"""How every run ends: no traceback reaches the user; a closed pipe exits quietly, an interrupt
with 130 and a terminate signal with 143; a full disk or a broken stdout is one line; a store
found damaged part-way is removed and the command run again from the data. Free of Typer: the
plain search of __main__ runs under it before Typer loads."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from anastro_cli import status
from anastro_cli.cli.common import quiet_pipe, say

if TYPE_CHECKING:  # annotations only: nothing more to load before a command runs
    from collections.abc import Callable
    from pathlib import Path


def guarded(command: Callable[[], None]) -> None:
    """Run a command as the console entry point does (see the module's docstring)."""
    import signal

    running = [True]  # once the command has ended, a late Ctrl-C is ignored

    def interrupt(signum: int, frame: object) -> None:
        if running[0]:
            raise Interrupted

    def terminate(signum: int, frame: object) -> None:
        if running[0]:
            raise Terminated

    with contextlib.suppress(ValueError, OSError):  # not the main thread: leave the defaults
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, terminate)
    try:
        try:
            _run_once(command, retry=True)
        except _DamagedStore as damaged:
            from anastro_cli.dataset.cache import forget_damaged

            say(f"anastro: {forget_damaged(damaged.path, damaged.identity)}")
            os.environ["ANASTRO_NO_CACHE"] = "1"  # this time from the data, in memory
            _run_once(command, retry=False)
        finally:
            running[0] = False
    except (KeyboardInterrupt, Interrupted, Terminated) as exc:  # as the command was ending
        _interrupted(exc)


class Interrupted(BaseException):
    """Ctrl-C (SIGINT), raised where the program is. Not a KeyboardInterrupt: Typer turns
    that into a silent exit 130, and every run, through Typer or not, ends the same way."""


class Terminated(Exception):
    """SIGTERM, raised where the program is, so cleanup (temporary files) still runs."""


class _DamagedStore(Exception):
    """A store found damaged part-way through a command: the command is run again."""

    def __init__(self, path: Path | None, identity: tuple[int, int, int] | None) -> None:
        super().__init__("damaged store")
        self.path = path
        self.identity = identity


def _run_once(command: Callable[[], None], *, retry: bool) -> None:
    try:
        command()
    except BrokenPipeError:
        quiet_pipe()
    except (KeyboardInterrupt, Interrupted, Terminated) as exc:
        _interrupted(exc)
    except SystemExit:
        raise
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRORS or os.environ.get("ANASTRO_DEBUG"):
            _internal(exc)
        _silence_stdout()
        say(f"anastro: cannot write the output: {exc.strerror or exc}")
        sys.exit(status.OUTPUT)
    except Exception as exc:
        from anastro_cli.store.schema import StoreError

        if retry and isinstance(exc, StoreError) and not os.environ.get("ANASTRO_DEBUG"):
            raise _DamagedStore(exc.path, exc.identity) from exc
        _internal(exc)


def _interrupted(exc: BaseException) -> NoReturn:
    interrupt = isinstance(exc, (KeyboardInterrupt, Interrupted))
    code = status.INTERRUPTED if interrupt else status.TERMINATED
    _silence_stdout()  # stdout now goes nowhere: nothing fails at shutdown
    say("anastro: interrupted")
    sys.exit(code)


OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _internal(exc: BaseException) -> NoReturn:
    if os.environ.get("ANASTRO_DEBUG"):
        raise exc
    from anastro_cli.text.sanitize import clean

    say(
        f"anastro: internal error: {clean(type(exc).__name__)}: "
        f"{' '.join(clean(str(exc)).split())[:300]} (set ANASTRO_DEBUG=1 for details)"
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
