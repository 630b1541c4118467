"""Search quality report: recall@1 and recall@3 over the patient-style queries.

    python benchmarks/search_quality.py [--cases tests/fixtures/search_cases.yaml] [--misses]
    python benchmarks/search_quality.py --all     # every query set, one line each

The cases were written from the seed document and the label terms by someone who had not seen
the search code or the dataset. A case counts as found at k when any of its expected effects is
among the first k results. Targets (issue 3): recall@3 = 100%, recall@1 >= 90%.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.rank import search

ROOT = Path(__file__).resolve().parents[1]


SETS = [
    ROOT / "tests/fixtures/search_cases.yaml",
    ROOT / "benchmarks/holdout_queries.yaml",
    ROOT / "tests/fixtures/holdout2_queries.yaml",
    *sorted(
        (ROOT / "benchmarks").glob("holdout[1-9]*_queries.yaml"),
        key=lambda path: int(path.name.removeprefix("holdout").split("_")[0]),
    ),
]


def report(path: Path, dataset: Dataset, show_misses: bool) -> None:
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    at_1 = at_3 = 0
    misses: list[str] = []
    for case in cases:
        ranked = [hit.id for hit in search(dataset, case["query"], limit=3)]
        expected = set(case["expect"])
        if ranked[:1] and ranked[0] in expected:
            at_1 += 1
        else:
            misses.append(f"  {case['query']!r}: expected {sorted(expected)}, got {ranked}")
        if expected & set(ranked):
            at_3 += 1
    total = len(cases)
    print(
        f"{path.name}: {total} queries: recall@1 {at_1 / total:.1%} ({at_1}), "
        f"recall@3 {at_3 / total:.1%} ({at_3}); targets 90% and 100%"
    )
    if show_misses and misses:
        print("not first:")
        print("\n".join(misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=SETS[0])
    parser.add_argument("--all", action="store_true", help="report every query set")
    parser.add_argument("--misses", action="store_true", help="list the queries not at rank 1")
    args = parser.parse_args()
    dataset = load()
    for path in SETS if args.all else [args.cases]:
        report(path, dataset, args.misses)


if __name__ == "__main__":
    main()
