"""The search index compiled in parts (store/indexing.py: compile_part, finish), as the
parallel write compiles it: joined, the parts are the index compiled whole, field for field and
in the same order, wherever the effects are split; and a part read back from its bytes is the
part (but its phrases, which go to the store's rows apart)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset.files import data_files
from anastro_cli.dataset.load import read_and_build
from anastro_cli.model.dataset import Dataset
from anastro_cli.store import indexing
from anastro_cli.store.indexing import CompiledIndex, Part, compile_index, compile_part, finish

FIELDS = (
    "postings",
    "named",
    "idf",
    "vocabulary",
    "phrases",
    "checksums",
    "frequencies",
    "names",
    "populations",
    "suggestions",
    "longest",
)


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return read_and_build(data_files(bundled_data_dir()))


def _fields(index: CompiledIndex, *, phrases: bool = True) -> dict[str, Any]:
    """Every field, a dict as its items in order (the order rows are written in)."""
    found = {
        name: list(value.items()) if isinstance(value, dict) else value
        for name in FIELDS
        for value in [getattr(index, name)]
    }
    found["named"] = sorted(index.named)
    if not phrases:
        del found["phrases"], found["checksums"]
    return found


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_parts_joined_are_the_index_wherever_it_is_split(
    bundled: Dataset, data: st.DataObject
) -> None:
    whole = _fields(compile_index(bundled))
    split = data.draw(st.integers(0, len(bundled.effects)), label="split")
    # Chunks of 7 entries: a part spans several, and a split falls inside one or between two.
    chunk = data.draw(st.sampled_from([7, indexing.CHUNK]), label="chunk")
    saved, indexing.CHUNK = indexing.CHUNK, chunk
    try:
        parts = [compile_part(bundled, 0, split), compile_part(bundled, split, None)]
    finally:
        indexing.CHUNK = saved
    assert _fields(finish(parts)) == whole


def test_the_whole_index_has_every_kind_of_entry(bundled: Dataset) -> None:
    # The test above means something only if the parts hold effects, markers and topics.
    index = compile_index(bundled)
    effects, markers, topics = len(bundled.effects), len(bundled.markers), len(bundled.topics)
    assert min(effects, markers, topics) > 0
    assert len(index.names) == effects + markers + topics
    assert index.phrases
    assert index.longest >= 4
    assert index.suggestions


def test_a_part_read_back_from_its_bytes_is_the_part_but_its_phrases(bundled: Dataset) -> None:
    split = len(bundled.effects) // 3
    first = compile_part(bundled, 0, split)
    rest = compile_part(bundled, split, None)
    read = Part.from_bytes(rest.to_bytes())
    assert (read.phrases, read.checksums) == ([], [])
    assert _fields(finish([first, read]), phrases=False) == _fields(
        compile_index(bundled), phrases=False
    )
    assert read.longest == rest.longest
    assert read.longest > 0


@pytest.mark.parametrize("split", [1, 2])
def test_a_name_in_both_parts_is_suggested_once(split: int, tmp_path: Path) -> None:
    # Generated effects share their aliases and lay terms across the split.
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate_dataset import write

    dataset = read_and_build(data_files(write(30, tmp_path)))
    index = finish([compile_part(dataset, 0, split), compile_part(dataset, split, None)])
    texts = [text for text, _ in index.suggestions]
    assert len(texts) == len(set(texts))
    assert _fields(index) == _fields(compile_index(dataset))
