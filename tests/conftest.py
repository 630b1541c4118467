"""Shared fixtures: a CliRunner with a fixed terminal, a private cache, and the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache folder and a predictable, colourless 100-column terminal."""
    monkeypatch.setenv("ANASTRO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERMINAL_WIDTH", "100")
    for name in ("NO_COLOR", "FORCE_COLOR", "ANASTRO_DATA", "ANASTRO_NO_CACHE", "PAGER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load(use_cache=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
