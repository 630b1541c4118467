"""The benchmark helpers produce data anastro accepts (no timing is asserted anywhere)."""

from __future__ import annotations

import sys
from pathlib import Path

from anastro_cli.dataset.load import check, load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate_dataset import write


def test_generated_dataset_validates_and_loads(tmp_path: Path) -> None:
    folder = write(200, tmp_path / "synthetic")
    assert check(folder, merge_bundled=False) == []
    dataset = load(folder, "replace", use_cache=False)
    assert len(dataset.effects) == 200
    assert dataset.effect("synthetic-199") is not None
    assert all(f.confirmed is False for e in dataset.effects for f in e.frequencies)
