"""Where the bundled dataset lives, and its version read without loading it (for --version).

A leaf: --version imports this module alone, never the model or the dataset code."""

from __future__ import annotations

import re
from pathlib import Path


def bundled_data_dir() -> Path:
    """The dataset shipped in the wheel (anastro_cli/data), else the checkout's data/."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "data"


def dataset_info(folder: Path) -> str:
    """Dataset version and date without parsing the whole dataset (keeps --version instant)."""
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"(?m)^dataset:\s*\n((?:[ \t]+.*\n?)+)", text)
        if match:
            fields = dict(
                re.findall(r"(?m)^[ \t]+(\w+):\s*['\"]?([^'\"\n]*)['\"]?\s*$", match.group(1))
            )
            return f"dataset {fields.get('version', '?')} ({fields.get('date', '?')})"
    return "dataset version unknown"


def version_lines() -> str:
    """The two lines --version prints: the tool's version and the bundled dataset's."""
    from anastro_cli import __version__

    try:
        info = dataset_info(bundled_data_dir())
    except (OSError, ValueError):
        info = "dataset unreadable"
    return f"anastro {__version__}\n{info}"
