"""Where the bundled dataset lives: inside the installed package, or the checkout's data/."""

from __future__ import annotations

from pathlib import Path


def bundled_data_dir() -> Path:
    """The dataset shipped in the wheel (anastro_cli/data), else the checkout's data/."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "data"
