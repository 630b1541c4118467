"""Every reaction the label lists, typed as a clinician and as a patient would, brings its
entry first (queries written from the label terms by someone who saw neither data nor code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from anastro_cli.model.dataset import Dataset
from anastro_cli.model.figures import headline
from anastro_cli.model.records import Contradiction, Frequency
from anastro_cli.search.intent import answers
from anastro_cli.search.rank import search
from conftest import FIXTURES
from helpers import run


def _terms() -> list[dict[str, Any]]:
    terms: list[dict[str, Any]] = yaml.safe_load(
        (FIXTURES / "label_terms.yaml").read_text(encoding="utf-8")
    )
    return terms


def _first(dataset: Dataset, query: str) -> str | None:
    hits = answers(search(dataset, query, 10), query)
    return hits[0].id if hits else None


def test_every_label_entry_exists(dataset: Dataset) -> None:
    for term in _terms():
        assert dataset.effect(term["expect"]) is not None, term["expect"]


def test_label_terms_bring_their_entry_first(dataset: Dataset) -> None:
    """Every label term, as a clinician and as a patient would type it, brings its entry first.
    The module was written blind from the label terms; its first untouched run put 69 of 80
    first, and the 11 misses became general fixes (see CHANGELOG 0.3.1)."""
    queries = [
        (t[who], {t["expect"], *([t["also"]] if "also" in t else [])})
        for t in _terms()
        for who in ("clinician", "patient")
    ]
    assert len(queries) >= 60
    missed = [(q, expected, _first(dataset, q)) for q, expected in queries]
    assert [m for m in missed if m[2] not in m[1]] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Stevens-Johnson syndrome", "severe-skin-reactions"),
        ("pelvic pain", "pelvic-pain"),
        ("increased appetite", "increased-appetite"),
        ("bilirubin increased", "liver-problems"),
        ("accidental injury", "accidental-injury"),
        ("gastrointestinal disorder", "gastrointestinal-disorder"),
        ("trigger finger", "trigger-finger"),
        ("hypercalcaemia", "hypercalcaemia"),
    ],
)
def test_the_audit_misses_now_find_their_entry(dataset: Dataset, query: str, expected: str) -> None:
    assert _first(dataset, query) == expected


def test_a_match_on_general_words_only_is_not_an_answer(dataset: Dataset) -> None:
    ids = [h.id for h in answers(search(dataset, "Stevens-Johnson syndrome", 10), "x y")]
    hits = answers(search(dataset, "Stevens-Johnson syndrome", 10), "Stevens-Johnson syndrome")
    assert "carpal-tunnel" not in [h.id for h in hits]
    assert ids  # the same hits, asked with no specific word, are all kept


def test_contradicted_figures_say_so_and_never_lead(dataset: Dataset, runner: CliRunner) -> None:
    contradicted = [
        (effect.id, figure)
        for effect in dataset.effects
        for figure in effect.frequencies
        if figure.contradicted_by is not None
    ]
    assert len(contradicted) >= 12
    assert all(not figure.confirmed for _, figure in contradicted)
    for effect_id in {effect_id for effect_id, _ in contradicted}:
        shown = json.loads(run(runner, "show", effect_id, "--json").stdout)
        lead = shown["headline"]
        assert lead is not None
        texts = {f.text for e, f in contradicted if e == effect_id}
        # What the person reads first is a figure no stronger source contradicts.
        assert lead["text"] not in texts or lead["confirmed"], effect_id
    card = run(runner, "show", "arthralgia", "--full", env={"COLUMNS": "200"}).stdout
    assert "differs from 35.6% in ATAC" in card
    assert json.loads(run(runner, "show", "arthralgia", "--json").stdout)["headline"]["text"] == (
        "35.6%"
    )


def _figure(**extra: Any) -> Frequency:
    base: dict[str, Any] = {"low": 10.0, "high": 10.0, "source": "seed-organ", "population": "x"}
    return Frequency(**{**base, **extra})


def test_the_headline_rule_orders_by_standing(dataset: Dataset) -> None:
    seed = _figure(confirmed=False)
    unconfirmed = _figure(source="recalled", confirmed=False, arm_size=9000)
    review = _figure(source="bcr3636_t3")
    advanced = _figure(source="medlib_anastrozole_firstline", trial="Trials 0030 and 0027")
    adjuvant = _figure(source="pmc5532880_t2", trial="IBIS-II DCIS", arm_size=1449)
    atac = _figure(source="druglib_arimidex_old", trial="ATAC", arm_size=3092)
    against = _figure(
        source="druglib_arimidex_old",
        trial="ATAC",
        arm_size=9999,
        contradicted_by=Contradiction("bcr3636_t3", "35.6% in ATAC"),
    )
    order = [atac, adjuvant, advanced, review, unconfirmed, seed]
    for position, expected in enumerate(order):
        assert headline(dataset, [against, *order[position:]]) is expected
    assert headline(dataset, [against]) is None


def test_at_least_three_quarters_of_shown_effect_figures_are_confirmed(
    dataset: Dataset, runner: CliRunner
) -> None:
    """Counted as `show --json` lists them, every effect: the issue's 75% bar."""
    ids = [e["id"] for e in json.loads(run(runner, "list", "--json").stdout)]
    figures = [
        f for i in ids for f in json.loads(run(runner, "show", i, "--json").stdout)["frequencies"]
    ]
    confirmed = sum(f["confirmed"] is True for f in figures)
    assert len(ids) == len(dataset.effects)
    assert len(figures) > 150
    assert confirmed / len(figures) >= 0.75


def test_an_unconfirmed_trial_row_repeating_a_confirmed_figure_is_not_shown_twice(
    runner: CliRunner,
) -> None:
    figures = json.loads(run(runner, "show", "mood-changes", "--json").stdout)["frequencies"]
    atac = [f for f in figures if f["trial"] == "ATAC" and f["low"] == 19.3]
    assert [f["confirmed"] for f in atac] == [True]
    rows = json.loads(run(runner, "compare", "tamoxifen", "--full", "--json").stdout)["rows"]
    pair = [r for r in rows if r["event"] == "Mood disturbances"]
    assert [(r["drug_pct"], r["comparator_pct"], r["confirmed"]) for r in pair] == [
        (19.3, 17.9, False)
    ]  # the recalled pair keeps its row in compare


UNKNOWN_SOURCES = """\
effects:
  - id: test-effect
    name: Test effect
    aliases: [test effect]
    lay_terms: [testy feeling]
    system: general
    populations: [all]
    seriousness: common
    label_frequency: {category: common, source: no_such_label}
    mechanism: Not known.
    notes: []
    monitoring: []
    helps: []
    seek_care: []
    related: []
    sources: [nhs_anastrozole]
    frequencies:
      - {low: 5, high: 5, qualifier: null, population: women, source: nhs_anastrozole,
         confirmed: false, contradicted_by: {source: no_such_trial, text: "9% in ATAC"}}
"""


def test_validate_rejects_a_contradiction_or_label_category_citing_an_unknown_source(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(UNKNOWN_SOURCES, encoding="utf-8")
    result = run(runner, "validate", str(path))
    assert result.exit_code == 1
    assert "label_frequency.source: unknown source id 'no_such_label'" in result.stdout
    assert "contradicted_by.source: unknown source id 'no_such_trial'" in result.stdout
