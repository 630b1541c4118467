"""The compiled store (store.py) answers exactly as the dataset it was compiled from.

search() ranks from stored postings and explains the few hits it shows entry by entry; these
tests hold it to the entry-by-entry reference (search.reference_search) on the bundled data and
on a generated dataset large enough to have many ties. The JSON that `list` streams from the
store must be byte-for-byte what the views render from the effects themselves.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anastro_cli.dataset import build, data_files, load, read_documents
from anastro_cli.formats import JsonWriter
from anastro_cli.locate import bundled_data_dir
from anastro_cli.lookup import filter_effects
from anastro_cli.model import Dataset
from anastro_cli.search import reference_search, search
from anastro_cli.store import LazyEffects, Selection, Store, decode, encode
from anastro_cli.views import EffectsView
from conftest import FIXTURES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate_dataset import write

QUERIES = [
    case["query"]
    for case in yaml.safe_load((FIXTURES / "search_cases.yaml").read_text(encoding="utf-8"))
] + [
    "joint pain",
    "pain",
    "up all night",
    "my wife has no sex drive",
    "testosterone",
    "tiredniss",
    "hot flushes and night sweats",
    "can't get it up since starting adex",
    "blood",
    "a",
    "the the the",
    "bone bone",
    "estrogen aromatase sleep",
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = write(1500, tmp_path_factory.mktemp("generated"))
    return load(folder, "replace", use_cache=False)


def _ranked(dataset: Dataset, query: str) -> list[tuple[str, float]]:
    return [(hit.id, hit.score) for hit in search(dataset, query, limit=None)]


def test_a_stored_dataset_is_the_dataset_it_was_compiled_from(dataset: Dataset) -> None:
    built = build(read_documents(data_files(bundled_data_dir())))
    assert built.store is None
    assert isinstance(dataset.effects, LazyEffects)
    assert dataset == built
    assert tuple(dataset.effects) == tuple(built.effects)
    assert dataset.effect("fatigue") == built.effect("fatigue")
    assert dataset.effect("no-such-effect") is None
    assert {s.id: dataset.effects_in(s.id) for s in built.systems} == {
        s.id: built.effects_in(s.id) for s in built.systems
    }


def test_encoding_round_trips_every_part_of_the_model(dataset: Dataset) -> None:
    for part in (dataset.drug, dataset.men, dataset.trials, dataset.figures, *dataset.effects):
        assert decode(encode(part)) == part


@pytest.mark.parametrize("query", QUERIES)
def test_search_ranks_as_the_entry_by_entry_reference(dataset: Dataset, query: str) -> None:
    assert _ranked(dataset, query) == reference_search(dataset, query)


@pytest.mark.parametrize(
    "query", ["joint pain", "sleep mood", "tired heart 12", "fractur", "vaginal dry libido"]
)
def test_search_on_a_large_dataset_ranks_as_the_reference(generated: Dataset, query: str) -> None:
    expected = reference_search(generated, query)
    assert len(expected) > 20  # many entries, many ties: the ordering is really exercised
    assert _ranked(generated, query) == expected
    top = search(generated, query, limit=10)
    assert [(h.id, h.score) for h in top] == expected[:10]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    query=st.lists(
        st.sampled_from(
            [
                "joint",
                "pain",
                "hot",
                "flush",
                "sleep",
                "tired",
                "bone",
                "wife",
                "he",
                "up",
                "all",
                "night",
                "sex",
                "drive",
                "hair",
                "thining",
                "nausia",
                "my",
                "the",
                "2",
            ]
        ),
        max_size=6,
    ).map(" ".join)
)
def test_any_word_mix_ranks_as_the_reference(dataset: Dataset, query: str) -> None:
    assert _ranked(dataset, query) == reference_search(dataset, query)


def test_a_changed_copy_does_not_answer_from_the_original_store(dataset: Dataset) -> None:
    from dataclasses import replace

    fewer = replace(dataset, effects=tuple(e for e in dataset.effects if e.id != "fatigue"))
    assert fewer.store is None
    assert fewer.effect("fatigue") is None
    assert dataset.effect("fatigue") is not None


def _json(view: EffectsView) -> str:
    out = io.StringIO()
    JsonWriter().write(view, out)
    return out.getvalue()


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_streamed_list_json_is_what_the_views_render(
    dataset: Dataset, generated: Dataset, which: str
) -> None:
    stored = dataset if which == "bundled" else generated
    effects = filter_effects(stored)
    assert isinstance(effects, Selection)
    rendered = tuple(effects)  # a plain tuple: the writer renders each effect itself
    streamed = _json(EffectsView(stored, effects, "t"))
    assert streamed == _json(EffectsView(stored, rendered, "t"))
    assert streamed.startswith("[\n{")
    assert streamed.endswith("}\n]\n")
    assert _json(EffectsView(stored, filter_effects(stored, serious=True)[:0], "t")) == "[]\n"


def test_filtering_reads_rows_not_effects(tmp_path: Path) -> None:
    fresh = load(write(300, tmp_path / "d"), "replace", use_cache=False)
    chosen = filter_effects(fresh, fresh.systems[0], serious=True)
    assert isinstance(chosen, Selection)
    assert len(chosen) == 30
    assert "_all" not in vars(fresh.effects)  # nothing read every effect
    assert all(e.system == fresh.systems[0].id for e in chosen)
    assert all(e.seriousness == "rare-serious" for e in chosen)
    assert "_all" not in vars(fresh.effects)


def test_a_memory_store_serves_a_dataset_without_a_cache(dataset: Dataset) -> None:
    built = build(read_documents(data_files(bundled_data_dir())))
    store = Store.compile(built, None)
    assert store.dataset() == built
    assert [h.id for h in search(built, "hot flushes")] == [
        h.id for h in search(dataset, "hot flushes")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "fatigue",
        "HOT-FLASHES",
        "hot_flashes",
        "Joint pain and stiffness (arthralgia)",
        "  vte ",
        "DVT",
        "no such thing",
        "tiredness",
    ],
)
def test_exact_names_resolve_through_the_store_as_by_scanning(dataset: Dataset, text: str) -> None:
    from dataclasses import replace

    from anastro_cli.lookup import resolve_effect

    scanned = replace(dataset, effects=tuple(dataset.effects))  # no store: every effect read
    assert scanned.store is None
    assert resolve_effect(dataset, text) == resolve_effect(scanned, text)


def test_show_by_name_on_a_large_dataset_reads_only_that_effect(tmp_path: Path) -> None:
    from anastro_cli.lookup import resolve_effect

    fresh = load(write(300, tmp_path / "d"), "replace", use_cache=False)
    name = fresh.effects_at([123])[0].name
    found = resolve_effect(fresh, name.upper())
    assert found is not None
    assert found.id == "synthetic-123"
    assert "_all" not in vars(fresh.effects)
