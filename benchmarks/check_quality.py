"""Symptom-check quality: how often `check` files a symptom under the right entry, brings an
urgent description to an emergency or same-day entry, and says honestly that a complaint is
not listed.

    python benchmarks/check_quality.py [--cases benchmarks/check1_cases.yaml] [--misses]

Each set was written by a helper who saw neither data nor code (only the list of entry ids):
a symptom as a patient or carer would type it, the entry a careful nurse would file it under
(or none) and whether a nurse would want it seen urgently. A case is right when check's first
answer is the expected entry (or, for none, when nothing is matched); an urgent case is
reached when any of its answers has an emergency or same-day sign; a case that is not urgent
raises a false alarm when one of its answers has (an entry's urgency is its most urgent sign, so
some ordinary symptoms share one: headache's is an emergency for a sudden, very severe one).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.check import check, segmented

ROOT = Path(__file__).resolve().parents[1]
SETS = sorted((ROOT / "benchmarks").glob("check[1-9]*_cases.yaml"))
URGENT = ("emergency", "same-day")


def scores(dataset: Dataset, cases: list[dict[str, Any]]) -> tuple[int, int, int, int, list[str]]:
    """(right, urgent reached, not-listed said honestly, false alarms, the misses as lines)."""
    right = reached = honest = alarms = 0
    misses: list[str] = []
    for case in cases:
        items = check(dataset, segmented(dataset, [case["symptom"]]))
        ids = [entry.id if (entry := i.effect or i.topic) else None for i in items]
        expect = case["expect"]
        good = all(i is None for i in ids) if expect is None else ids[:1] == [expect]
        right += good
        honest += good and case["expect"] is None
        urgent = any(i.urgency in URGENT for i in items)
        reached += bool(case["urgent"]) and urgent
        alarms += not case["urgent"] and urgent
        if not good or (case["urgent"] and not urgent):
            misses.append(f"  {case['symptom']!r}: expected {case['expect']}, got {ids}")
    return right, reached, honest, alarms, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=Path, action="append")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    dataset = load()
    for path in args.cases or SETS:
        cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
        right, reached, honest, alarms, misses = scores(dataset, cases)
        urgent = sum(bool(c["urgent"]) for c in cases)
        nulls = sum(c["expect"] is None for c in cases)
        print(
            f"{path.name}: right {right}/{len(cases)}, urgent reached {reached}/{urgent}, "
            f"not listed said honestly {honest}/{nulls}, "
            f"false alarms {alarms}/{len(cases) - urgent}"
        )
        if args.misses:
            print("\n".join(misses))


if __name__ == "__main__":
    main()
