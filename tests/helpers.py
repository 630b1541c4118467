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
