"""Small helpers the test modules share."""

from __future__ import annotations

import re

from typer.testing import CliRunner, Result

from anastro_cli.cli.app import app

# One effect a data file needs, with its name and lowest figure left to fill in (.format).
EFFECT = """effects:
  - id: mine
    name: {name}
    system: general
    seriousness: common
    mechanism: Not known.
    frequencies:
      - {{low: {low}, high: 5, population: us, source: seed-organ, confirmed: false}}
"""

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke the CLI; never let an exception pass silently as a 'result'."""
    result = runner.invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


TYPER_ENTRY = "import sys; sys.argv[0] = 'anastro'; from anastro_cli.cli.app import main; main()"


def run_in_pty(
    args: list[str],
    env: dict[str, str],
    cols: int = 80,
    rows: int = 24,
    *,
    through_typer: bool = False,
) -> tuple[int, str]:
    """`python -m anastro_cli ARGS` on a pseudo-terminal of cols x rows: (exit code, all it
    wrote, escape codes and all). env is the whole environment of the process. With
    through_typer, the Typer app runs ARGS even where the console entry would not use it."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    process = subprocess.Popen(
        [sys.executable, *(["-c", TYPER_ENTRY] if through_typer else ["-m", "anastro_cli"]), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    code = process.wait(timeout=60)
    os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")
