"""Piped tables are drawn without Rich's table (Grid._plain, fast at 100,000 rows): every
screen must come out exactly as Rich's table draws it, at every width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from anastro_cli.table import grid as grid_module
from helpers import run

COMMANDS = [
    ["list"],
    ["list", "--chart"],
    ["list", "--system", "musculoskeletal", "--serious"],
    ["systems"],
    ["sources"],
    ["show", "arthralgia"],
    ["show", "hot-flashes", "--full"],
    ["show", "bone"],
    ["search", "joint pain"],
    ["compare", "tamoxifen"],
    ["compare", "letrozole", "--full"],
    ["check", "hot flushes", "sore joints", "chest pain"],
    ["warnings"],
    ["about"],
]


def _through_rich(self: Any) -> list[Any]:
    widths = self._widths(self.writer.console.width)
    return self._records() if widths is None else [self._table(widths)]


@pytest.mark.parametrize("columns", ["50", "64", "80", "100", "132", "200"])
def test_plain_tables_are_drawn_as_rich_draws_them(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    env = {"COLUMNS": columns, "TERMINAL_WIDTH": columns}
    drawn: list[str] = []
    plain = grid_module.Grid._plain

    def counted(self: Any, widths: list[int]) -> str:
        drawn.append(plain(self, widths))
        return drawn[-1]

    monkeypatch.setattr(grid_module.Grid, "_plain", counted)
    for command in COMMANDS:
        fast = run(runner, *command, env=env)
        with monkeypatch.context() as patch:
            patch.setattr(grid_module.Grid, "renderables", _through_rich)
            slow = run(runner, *command, env=env)
        assert (fast.exit_code, fast.stdout) == (slow.exit_code, slow.stdout), command
    # The plain drawing was the one compared (narrow screens mostly list records instead).
    assert len(drawn) >= (1 if int(columns) < 80 else len(COMMANDS) // 3)


def test_generated_data_with_long_words_wraps_as_rich_does(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate_dataset import write

    folder = write(300, tmp_path / "generated")
    text = (folder / "synthetic.yaml").read_text(encoding="utf-8")
    # A word longer than any column folds; a name with accents is measured by Rich.
    text = text.replace("Breath flush 0", "Breathflushbreathflushbreathflushbreathflush 0")
    text = text.replace("Nausea mood 1", "Nausée humeur 1")
    # Wide characters take two columns each: padding must count columns, not characters.
    text = text.replace("Estrogen stiffness 2", "頭痛と疲労感がひどい 2 😀 頭痛と疲労感がひどい")
    (folder / "synthetic.yaml").write_text(text, encoding="utf-8")
    for columns in ("50", "72", "120"):
        env = {"COLUMNS": columns, "TERMINAL_WIDTH": columns}
        args = ["list", "--data", str(folder), "--data-mode", "replace"]
        fast = run(runner, *args, env=env)
        with monkeypatch.context() as patch:
            patch.setattr(grid_module.Grid, "renderables", _through_rich)
            slow = run(runner, *args, env=env)
        assert fast.exit_code == 0
        assert fast.stdout == slow.stdout
