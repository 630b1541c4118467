"""The bundled dataset against its promises: sourced numbers, seed coverage, trial tables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset.load import check
from anastro_cli.model.dataset import Dataset
from anastro_cli.search.rank import search
from anastro_cli.text.fold import fold
from conftest import FIXTURES

DIGIT = re.compile(r"(?<![A-Za-z\d])\d")  # CYP19A1 and E2 are names, not figures
# Keys whose values are identifiers, not figures (a trial id like "big-1-98" is not a number).
ID_KEYS = {
    "lay_terms",  # words people type ("when to call 999"): search routes, not figures
    "id",
    "trial",
    "effect",
    "related",
    "comparator",
    "system",
    "source",
    "sources",
    "version",
    "date",
    "head_to_head",
    "drug",
    "name",
    "url",
    "quality",
    "kind",
}
UNCONFIRMED_QUALITIES = {"recalled"}


def _raw() -> list[tuple[str, Any]]:
    folder = bundled_data_dir()
    return [
        (p.name, yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted(folder.glob("*.yaml"))
    ]


def _unsourced_numbers(node: Any, path: str, sourced: bool) -> list[str]:
    """Paths of numbers (or digit-bearing text) with no `source` in or above their mapping."""
    found: list[str] = []
    if isinstance(node, dict):
        # A source entry is its own citation: its title's years and pages are the reference.
        here = (
            sourced
            or "source" in node
            or ("sources" in node and "text" in node and "onset" in node)  # a time course
            or path.endswith(":sources")
            or ("title" in node and "kind" in node)
        )
        for key, value in node.items():
            if key in ID_KEYS or (key == "year" and "title" in node):
                continue
            found += _unsourced_numbers(value, f"{path}.{key}", here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _unsourced_numbers(value, f"{path}[{index}]", sourced)
    elif isinstance(node, bool) or node is None:
        pass
    elif not sourced and (
        isinstance(node, (int, float)) or (isinstance(node, str) and DIGIT.search(node))
    ):
        found.append(f"{path} = {node!r}")
    return found


def test_every_number_in_data_carries_a_source() -> None:
    problems: list[str] = []
    for name, document in _raw():
        for key, value in document.items():
            if key == "dataset":
                continue  # the dataset's own version and date
            problems += _unsourced_numbers(value, f"{name}:{key}", False)
    assert problems == []


def test_the_number_check_can_fail() -> None:
    assert _unsourced_numbers({"effects": [{"frequencies": [{"low": 5}]}]}, "x", False)
    assert not _unsourced_numbers({"frequencies": [{"low": 5, "source": "s"}]}, "x", False)


def test_bundled_data_validates_cleanly() -> None:
    assert check(bundled_data_dir()) == []


def test_every_cited_source_exists_and_every_figure_cites_one(dataset: Dataset) -> None:
    known = {s.id for s in dataset.sources}
    for effect in dataset.effects:
        assert set(effect.sources) <= known, effect.id
        for frequency in effect.frequencies:
            assert frequency.source in known, effect.id
    for figure in dataset.figures:
        assert figure.source in known, figure.event


def test_recalled_figures_are_never_shown_as_confirmed(dataset: Dataset) -> None:
    recalled = {s.id for s in dataset.sources if s.quality in UNCONFIRMED_QUALITIES}
    assert "recalled" in recalled
    for figure in dataset.figures:
        if figure.source in recalled:
            assert not figure.confirmed, (figure.trial, figure.event)
    for effect in dataset.effects:
        for frequency in effect.frequencies:
            if frequency.source in recalled:
                assert not frequency.confirmed, effect.id


def _seed_names() -> list[str]:
    lines = (FIXTURES / "seed_effect_names.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", _seed_names())
def test_every_seed_effect_is_in_the_dataset(dataset: Dataset, name: str) -> None:
    """Each side effect the seed names is found by name, alias or lay term (folded)."""
    wanted = fold(name)
    for effect in dataset.effects:
        names = [effect.name, effect.id.replace("-", " "), *effect.aliases, *effect.lay_terms]
        if wanted in {fold(n) for n in names}:
            return
    hits = search(dataset, name, limit=1)
    pytest.fail(
        f"{name!r} is not a name, alias or lay term of any effect "
        f"(search would give {hits[0].id if hits else 'nothing'})"
    )


def test_seed_frequencies_keep_each_source_apart(dataset: Dataset) -> None:
    """The seed gives hot flashes as 36% and twice as 35-40%: each stays a figure of its own
    (now citing the label or review copy that confirmed it), never merged into one."""
    hot = dataset.effect("hot-flashes")
    assert hot is not None
    figures = [(f.low, f.high, f.source) for f in hot.frequencies]
    assert (36.0, 36.0, "druglib_arimidex_old") in figures
    assert [(low, high) for low, high, _ in figures].count((35.0, 40.0)) == 2
    joints = dataset.effect("arthralgia")
    assert joints is not None
    ranges = {(f.low, f.high) for f in joints.frequencies if f.source.startswith("seed-")}
    assert {(27.0, 27.0), (20.0, 35.0), (25.0, 30.0), (20.0, 30.0)} <= ranges


def _trial_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(
        (FIXTURES / "trial_tables.yaml").read_text(encoding="utf-8")
    )
    return rows


@pytest.mark.parametrize(
    "row", _trial_rows(), ids=lambda r: f"{r['trial']}-{r['effect']}-{r.get('term', '')}"
)
def test_shipped_trial_figures_match_the_independent_transcription(
    dataset: Dataset, row: dict[str, Any]
) -> None:
    candidates = [
        f for f in dataset.figures if f.trial == row["trial"] and f.effect == row["effect"]
    ]
    assert candidates, f"no {row['effect']} figure for trial {row['trial']}"
    wanted = {arm: float(value) for arm, value in row["arms"].items()}
    matching = [
        f
        for f in candidates
        if all(
            (v := f.value(arm)) is not None and v.value == value for arm, value in wanted.items()
        )
    ]
    assert matching, (
        f"{row['trial']} {row['effect']}: no figure with {wanted}; shipped: "
        f"{[{a: v.value for a, v in f.values} for f in candidates]}"
    )
    assert row["source"] in {f.source for f in matching}, (
        f"{row['trial']} {row['effect']} {wanted}: source {row['source']} not among "
        f"{sorted({f.source for f in matching})}"
    )
    first, second = list(wanted)
    higher = row["higher"]
    if wanted[first] == wanted[second]:
        assert higher == "equal"
    else:
        assert higher == (first if wanted[first] > wanted[second] else second)


def test_fixture_files_exist() -> None:
    for name in ("seed_effect_names.txt", "trial_tables.yaml", "search_cases.yaml"):
        assert (FIXTURES / name).is_file(), name
    assert Path(bundled_data_dir(), "effects.yaml").is_file()
