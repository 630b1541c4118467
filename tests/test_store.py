"""The compiled store (store.py) answers exactly as the dataset it was compiled from.

search() ranks from stored postings and explains the few hits it shows entry by entry; these
tests hold it to the entry-by-entry reference (search.reference_search) on the bundled data and
on a generated dataset large enough to have many ties. The JSON that `list` streams from the
store must be byte-for-byte what the views render from the effects themselves.
"""

from __future__ import annotations

import io
import marshal
import os
import re
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset.files import data_files, read_documents
from anastro_cli.dataset.load import build, load
from anastro_cli.model.dataset import Dataset
from anastro_cli.output.json import JsonWriter
from anastro_cli.output.views import EffectsView
from anastro_cli.resolve import filter_effects
from anastro_cli.search.rank import search
from anastro_cli.store.codec import decode, encode, seal
from anastro_cli.store.lazy import LazyEffects, Selection
from anastro_cli.store.schema import StoreError
from anastro_cli.store.store import Store
from conftest import FIXTURES
from oracle import reference_search

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
    from anastro_cli.model.frozen import replace

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
    store = Store.compile(built)
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
    from anastro_cli.model.frozen import replace
    from anastro_cli.resolve import resolve_effect

    scanned = replace(dataset, effects=tuple(dataset.effects))  # no store: every effect read
    assert scanned.store is None
    assert resolve_effect(dataset, text) == resolve_effect(scanned, text)


def test_show_by_name_on_a_large_dataset_reads_only_that_effect(tmp_path: Path) -> None:
    from anastro_cli.resolve import resolve_effect

    fresh = load(write(300, tmp_path / "d"), "replace", use_cache=False)
    name = fresh.effects_at([123])[0].name
    found = resolve_effect(fresh, name.upper())
    assert found is not None
    assert found.id == "synthetic-123"
    assert "_all" not in vars(fresh.effects)


def _run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANASTRO_CACHE_DIR": str(cache)}
    env.pop("ANASTRO_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "anastro_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


BOMB = "x = ('a',)\nfor _ in range(60):\n    x = (x, x)\n"

# Each damages a good store the way a disk, a crash or a hostile hand might (reviewer repros).
DAMAGE = {
    "postings of the wrong length": "UPDATE term SET entries = x'0102' WHERE stem = 'fatigu'",
    "postings past the last entry": "UPDATE term SET entries = x'ffffff7f' WHERE stem = 'fatigu'",
    "a field code out of range": "UPDATE term SET codes = x'09' WHERE stem = 'fatigu'",
    "a record nested too deep": "UPDATE effect SET record = :deep WHERE id = 'fatigue'",
    "a record of shared references": "UPDATE effect SET record = :bomb WHERE id = 'fatigue'",
    "JSON with a NUL and an escape": (
        "UPDATE effect SET plain = '{\"x\": \"' || char(0) || char(27) || '[31m\"}'"
    ),
    "a number that is text": "UPDATE meta SET value = 'abc' WHERE name = 'longest'",
    "a name that is a number": "UPDATE effect SET record = :named WHERE id = 'fatigue'",
    "ranking data of the wrong type": "UPDATE meta SET value = :entries WHERE name = 'entries'",
    "a population group that is a list": ("UPDATE meta SET value = :listed WHERE name = 'entries'"),
    "ranking data with a number for a title": (
        "UPDATE meta SET value = :numbered WHERE name = 'entries'"
    ),
    "a vocabulary of numbers": "UPDATE meta SET value = :vocabulary WHERE name = 'vocabulary'",
    "a core part of the wrong type": "UPDATE meta SET value = :stringy WHERE name = 'core:systems'",
    "a stored effect shape without its headline": (
        "UPDATE effect SET plain = :shapeless, plain_crc = :shapeless_crc WHERE id = 'fatigue'"
    ),
    "JSON that is not JSON": "UPDATE effect SET plain = '{\"id\": 1, ]}'",
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_store_gives_one_line_then_is_rebuilt(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    assert _run("search", "fatigue", "--json", cache=cache).returncode == 0
    (stored,) = (cache / "stores-v1").glob("dataset-*.db")
    deep: tuple[Any, ...] = ("a",)
    for _ in range(1800):  # deeper than Python's recursion limit, within marshal's
        deep = (deep,)
    namespace: dict[str, Any] = {}
    exec(BOMB, namespace)  # builds the test's own hostile value
    with sqlite3.connect(stored) as db:
        (record,) = db.execute("SELECT record FROM effect WHERE id = 'fatigue'").fetchone()
        named = list(marshal.loads(record[4:]))  # past the blob's checksum
        named[2] = 42  # the name
        (entries,) = db.execute("SELECT value FROM meta WHERE name = 'entries'").fetchone()
        frequencies, names, populations = marshal.loads(entries[4:])
        listed = (frequencies, names, [["all"], *populations[1:]])
        shapeless = '{"kind": "effect", "id": "fatigue"}'
        numbered = (frequencies, [7, *names[1:]], populations)
        # Sealed with a right checksum, so the typed decoding behind it is what is tested.
        values = {
            "deep": seal(marshal.dumps(deep)),
            "bomb": seal(marshal.dumps(namespace["x"])),
            "named": seal(marshal.dumps(named)),
            "entries": seal(marshal.dumps(("x", [], []))),
            "listed": seal(marshal.dumps(listed)),
            "numbered": seal(marshal.dumps(numbered)),
            "stringy": seal(marshal.dumps("x")),
            "shapeless": shapeless,
            "shapeless_crc": zlib.crc32(shapeless.encode("ascii")),
            "vocabulary": seal(marshal.dumps({"tired": 5})),
        }
        wanted = set(re.findall(r":(\w+)", DAMAGE[damage]))
        db.execute(DAMAGE[damage], {k: v for k, v in values.items() if k in wanted})
    db.close()
    command = ["list", "--format", "json"] if "JSON" in damage else ["search", "fatigue", "-n", "3"]
    if "nested" in damage or "shared" in damage or "name" in damage:
        command = ["show", "fatigue"]
    if "vocabulary" in damage:
        command = ["search", "tierd"]
    if "core part" in damage:  # the parts beside the effects: the full card reads them
        command = ["show", "fatigue", "--full"]
    first = _run(*command, cache=cache)
    # Found damaged part-way: one line, the file removed, and the answer built from the data.
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("\n") == 1
    assert "damaged" in first.stderr
    assert "Traceback" not in first.stderr
    assert "\x00" not in first.stdout
    assert "\x1b" not in first.stdout
    assert "atigue" in first.stdout
    assert first.stdout.count("Organ system") <= 1  # the answer is printed once
    assert not stored.exists()
    again = _run(*command, cache=cache)
    assert again.returncode == 0, again.stderr
    assert "atigue" in again.stdout


@pytest.mark.parametrize(
    "change",
    [
        "CREATE VIEW extra AS SELECT 1",
        "CREATE TRIGGER extra AFTER INSERT ON meta BEGIN SELECT 1; END",
        "CREATE TABLE extra (x)",
        "ALTER TABLE effect ADD COLUMN extra TEXT GENERATED ALWAYS AS ('{}')",
    ],
    ids=["view", "trigger", "table", "generated column"],
)
def test_a_store_of_another_shape_is_not_opened(tmp_path: Path, change: str) -> None:
    cache = tmp_path / "cache"
    assert _run("search", "fatigue", cache=cache).returncode == 0
    (stored,) = (cache / "stores-v1").glob("dataset-*.db")
    with sqlite3.connect(stored) as db:
        db.execute(change)
    db.close()
    result = _run("search", "fatigue", "--json", cache=cache)
    assert result.returncode == 0
    assert '"id": "fatigue"' in result.stdout
    with sqlite3.connect(stored) as db:  # rebuilt in place, in its own shape
        names = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert "extra" not in names


def test_a_store_others_could_write_is_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _run("search", "fatigue", cache=cache).returncode == 0
    (stored,) = (cache / "stores-v1").glob("dataset-*.db")
    stored.chmod(0o666)
    with sqlite3.connect(stored) as db:  # what another user might have written there
        db.execute("UPDATE effect SET plain = '{\"forged\": 1}' WHERE id = 'fatigue'")
    db.close()
    result = _run("list", "--format", "json", cache=cache)
    assert result.returncode == 0
    assert "forged" not in result.stdout


def test_a_cache_folder_that_loops_does_not_stop_a_lookup(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = _run("search", "fatigue", "--json", cache=loop)
    assert result.returncode == 0, result.stderr
    assert '"id": "fatigue"' in result.stdout


def test_decoding_shares_references_and_checks_types(dataset: Dataset) -> None:
    namespace: dict[str, Any] = {}
    exec(BOMB, namespace)
    value = decode(marshal.loads(marshal.dumps(namespace["x"])))  # 2^60 leaves, 60 tuples
    assert isinstance(value, tuple)
    with pytest.raises(StoreError):
        decode(["NoSuchType", 1])
    good = encode(dataset.effects[0])
    assert decode(good) == dataset.effects[0]
    for field, wrong in [(2, 5), (6, ("a", 1)), (15, ("not a frequency",))]:
        bad = list(good)
        bad[field] = wrong
        with pytest.raises(StoreError):
            decode(bad)


def test_only_the_damaged_file_itself_is_removed(tmp_path: Path) -> None:
    from anastro_cli.dataset.cache import forget_damaged as _forget_damaged

    stored = tmp_path / "dataset.db"
    stored.write_bytes(b"a store another anastro has just put here")
    info = stored.stat()
    old_identity = (info.st_dev, info.st_ino, info.st_mtime_ns - 1)
    assert "removed" in _forget_damaged(stored, old_identity)
    assert stored.exists()  # not the file that was read: left alone
    assert "removed" in _forget_damaged(stored, (info.st_dev, info.st_ino, info.st_mtime_ns))
    assert not stored.exists()
    assert "in memory" in _forget_damaged(None, None)


def test_a_changed_byte_in_a_core_part_is_found_on_opening_and_quietly_rebuilt(
    tmp_path: Path,
) -> None:
    """Every core part's checksum is checked when the store opens, before any output: the
    store is rebuilt from the data at once (as any store unfit to open is), and the card is
    printed once, whole."""
    cache = tmp_path / "cache"
    assert _run("search", "fatigue", "--json", cache=cache).returncode == 0
    (stored,) = (cache / "stores-v1").glob("dataset-*.db")
    with sqlite3.connect(stored) as db:
        (blob,) = db.execute("SELECT value FROM meta WHERE name = 'core:sources'").fetchone()
        changed = blob[:-1] + bytes([blob[-1] ^ 0x01])
        db.execute("UPDATE meta SET value = ? WHERE name = 'core:sources'", (changed,))
    db.close()
    result = _run("show", "fatigue", "--full", cache=cache)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("Organ system") == 1
    with sqlite3.connect(stored) as db:
        (now,) = db.execute("SELECT value FROM meta WHERE name = 'core:sources'").fetchone()
    db.close()
    assert now == blob  # compiled again from the data


def test_a_stem_is_read_from_the_store_once(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query's long words are looked up to read run-together words apart and again to
    weigh them: the second lookup (and a stem not in the index) costs no SQL."""
    store = Store.compile(dataset)
    reads: list[str] = []
    rows = store._rows

    def counted(sql: str, parameters: Any = ()) -> list[Any]:
        reads.append(sql)
        return rows(sql, parameters)

    monkeypatch.setattr(store, "_rows", counted)
    first = store.stem_info(["fatigu", "zzzqqq"])
    again = store.stem_info(["zzzqqq", "fatigu", "fatigu"])
    assert first == again
    assert "fatigu" in first
    assert "zzzqqq" not in first
    assert len(reads) == 1
