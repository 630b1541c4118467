"""Small helpers the test modules share."""

from __future__ import annotations

import re

from typer.testing import CliRunner, Result

from anastro_cli.cli.app import app

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke the CLI; never let an exception pass silently as a 'result'."""
    result = runner.invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result
