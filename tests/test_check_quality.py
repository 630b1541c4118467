"""The blind check sets (benchmarks/check*_cases.yaml) as floors: their first runs are in the
files' headers; sets 1 and 2 then informed check's rules, set 3 nothing (its floor is its first
run); these guard against regressions only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from anastro_cli.model.dataset import Dataset

SETS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(SETS))
from check_quality import scores  # noqa: E402


@pytest.mark.parametrize(
    ("name", "right", "urgent", "honest", "alarms"),
    [
        ("check1_cases.yaml", 77, 28, 16, 13),
        ("check2_cases.yaml", 88, 28, 19, 11),
        ("check3_cases.yaml", 93, 29, 18, 16),
    ],
)
def test_check_sets_stay_at_their_floors(
    dataset: Dataset, name: str, right: int, urgent: int, honest: int, alarms: int
) -> None:
    """Right, urgent reached and honest may not fall; false alarms (answers with an urgent
    sign to a case that is not urgent) may not rise."""
    cases: list[dict[str, Any]] = yaml.safe_load((SETS / name).read_text(encoding="utf-8"))
    got_right, got_urgent, got_honest, got_alarms, misses = scores(dataset, cases)
    assert got_right >= right, "\n".join(misses)
    assert got_urgent >= urgent
    assert got_honest >= honest
    assert got_alarms <= alarms
