"""The naive baseline the start-up benchmark compares against (issue 6).

What a first version of anastro would look like: Typer (0.29, as resolved by a plain install),
Rich and yaml.safe_load of the bundled YAML on every run, one substring search, one Rich table.
It is run by benchmarks/startup.py in its own virtual environment; it is not part of anastro.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.console import Console
from rich.table import Table

app = typer.Typer()
DATA = Path(os.environ.get("NAIVE_DATA", Path(__file__).resolve().parents[1] / "data"))


def load() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in sorted(DATA.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in document.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


def table(title: str, effects: list[dict[str, Any]]) -> None:
    grid = Table(title=title)
    grid.add_column("Effect")
    grid.add_column("System")
    grid.add_column("Mechanism")
    for effect in effects:
        grid.add_row(effect["name"], effect["system"], effect["mechanism"])
    Console().print(grid)


def version_callback(value: bool) -> None:
    if value:
        print(f"naive-anastro {load()['dataset']['version']}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True),
) -> None:
    """Naive anastro."""


@app.command()
def search(query: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """Substring search."""
    effects = [e for e in load()["effects"] if query.lower() in json.dumps(e).lower()]
    if as_json:
        print(json.dumps(effects, indent=2))
    else:
        table(f"Search: {query}", effects)


@app.command("list")
def list_effects(as_json: bool = typer.Option(False, "--json")) -> None:
    """All effects."""
    effects = load()["effects"]
    if as_json:
        print(json.dumps(effects, indent=2))
    else:
        table("Side effects", effects)


@app.command()
def compare(drug: str) -> None:
    """Figures for one comparator."""
    data = load()
    grid = Table(title=f"anastrozole vs {drug}")
    for column in ("Event", "Trial", "Values", "Source"):
        grid.add_column(column)
    for figure in data["figures"]:
        if drug in (figure.get("values") or {}):
            grid.add_row(figure["event"], figure["trial"], str(figure["values"]), figure["source"])
    Console().print(grid)


if __name__ == "__main__":
    app()
