"""`list` from a compiled store (issue 16): filtering by whole columns chooses and orders the
effects exactly as row-by-row filtering did, the array joined from the stored JSON is what the
views render byte for byte, and every row is checked (its CRC, one printable ASCII object)
before the first byte is handed out, in the bulk scan and in the lookup by position."""

from __future__ import annotations

import io
import sqlite3
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from anastro_cli.dataset.cache import stores_dir
from anastro_cli.dataset.load import load
from anastro_cli.model.dataset import Dataset
from anastro_cli.model.frozen import replace
from anastro_cli.model.records import SideEffect, System
from anastro_cli.output.json import JsonWriter
from anastro_cli.output.views import EffectsView
from anastro_cli.resolve import filter_effects
from anastro_cli.store.lazy import Selection
from anastro_cli.store.schema import StoreError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate_dataset import write


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """A 600-effect dataset through a cache of its own: read back from its store."""
    folder = write(600, tmp_path_factory.mktemp("generated"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANASTRO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return load(folder, "replace")


def _reference(
    dataset: Dataset, system: System | None, population: str | None, serious: bool
) -> list[str]:
    """Row-by-row filtering, as it was before whole columns: ids in display order."""
    order = {s.id: i for i, s in enumerate(dataset.systems)}
    rows = [
        (order.get(e.system, len(order)), position, e.id)
        for position, e in enumerate(dataset.effects)
        if (system is None or e.system == system.id)
        and (
            population is None
            or population in e.populations
            or "all" in e.populations
            or population == "all"
        )
        and (not serious or e.seriousness == "rare-serious")
    ]
    return [effect_id for *_, effect_id in sorted(rows)]


def _json(dataset: Dataset, effects: Any) -> str:
    out = io.StringIO()
    JsonWriter().write(EffectsView(dataset, effects, "t"), out)
    return out.getvalue()


@pytest.mark.parametrize("population", [None, "women", "men", "all"])
@pytest.mark.parametrize("serious", [False, True])
@pytest.mark.parametrize("which", [None, 0, -1])
def test_columns_choose_and_order_as_rows_did(
    generated: Dataset, population: str | None, serious: bool, which: int | None
) -> None:
    assert generated.store is not None
    system = None if which is None else generated.systems[which]
    built = replace(generated, effects=tuple(generated.effects))  # no store: its own columns
    expected = _reference(built, system, population, serious)
    for dataset in (generated, built):
        chosen = filter_effects(dataset, system, population, serious)
        assert [e.id for e in chosen] == expected
    chosen = filter_effects(generated, system, population, serious)
    assert isinstance(chosen, Selection)
    # The stored JSON (a bulk scan for most rows, lookups for a few) is the rendered shape.
    assert _json(generated, chosen) == _json(built, tuple(chosen))


def test_the_array_is_written_to_a_standard_stream_as_its_text(
    generated: Dataset, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    chosen = filter_effects(generated)
    text = _json(generated, tuple(chosen))
    JsonWriter().write(EffectsView(generated, chosen, "t"), sys.stdout)
    sys.stdout.flush()
    assert capfdbinary.readouterr().out == text.encode("ascii")


ESC = "{" + chr(27) + "[31m}"
# Rows whose checksum is right (a crafted store, a bug), each still refused before any output.
CRAFTED: dict[str, Any] = {
    "an escape sequence": ESC,
    "a NUL": '{"x": "\x00"}',
    "a line break inside": '{"x":\n1}',
    "a tab": '{"x":\t1}',
    "DEL": '{"x": "\x7f"}',
    "not ASCII": '{"x": "caf\u00e9"}',
    "not an object": '["x"]',
    "an object after a number": '1, {"x": 1}',
    "half an object": '{"x": 1',
    "nothing": "",
    "a number": 7,
}


@pytest.mark.parametrize("few", [False, True], ids=["bulk", "by position"])
@pytest.mark.parametrize("damage", CRAFTED, ids=list(CRAFTED))
def test_a_crafted_row_with_a_right_checksum_is_refused(
    tmp_path: Path, damage: str, few: bool
) -> None:
    dataset, chosen = _damaged(tmp_path, CRAFTED[damage], few)
    with pytest.raises(StoreError):
        _json(dataset, chosen)


@pytest.mark.parametrize("few", [False, True], ids=["bulk", "by position"])
def test_a_wrong_checksum_is_refused(tmp_path: Path, few: bool) -> None:
    dataset, chosen = _damaged(tmp_path, None, few)  # the text changed, its checksum not
    with pytest.raises(StoreError):
        _json(dataset, chosen)


def test_a_missing_row_is_refused(tmp_path: Path) -> None:
    load()
    stored = next(stores_dir().glob("dataset-*.db"))
    with sqlite3.connect(stored) as db:
        db.execute("DELETE FROM effect WHERE id = 'fatigue'")
    db.close()
    with pytest.raises(StoreError):
        filter_effects(load())
    with sqlite3.connect(stored) as db:  # as many rows as before, one past the end
        db.execute(
            "INSERT INTO effect SELECT position + 5000, 'x' || id, system, 'men',"
            " seriousness, record, plain, plain_crc FROM effect WHERE position = 0"
        )
    db.close()
    again = load()
    with pytest.raises(StoreError):
        _json(again, filter_effects(again))
    # Without the row past the end, but with rows past the gap: each position is its own row
    # or nothing (never the row after it).
    again = load()  # the damage found closed the store
    chosen = filter_effects(again, population="women")
    assert isinstance(chosen, Selection)
    assert max(chosen.positions) < len(again.effects) <= len(chosen) * 4
    with pytest.raises(StoreError):
        _json(again, chosen)


def _damaged(tmp_path: Path, text: Any, few: bool) -> tuple[Dataset, Any]:
    """The bundled store with fatigue's stored JSON replaced (text None: its checksum left
    as it was), and the selection `list` would write: all effects, or fatigue's system."""
    load()
    stored = next(stores_dir().glob("dataset-*.db"))
    with sqlite3.connect(stored) as db:
        if text is None:
            db.execute("UPDATE effect SET plain = replace(plain, 'a', 'b') WHERE id = 'fatigue'")
        else:
            crc = zlib.crc32(text.encode() if isinstance(text, str) else b"")
            db.execute(
                "UPDATE effect SET plain = ?, plain_crc = ? WHERE id = 'fatigue'", (text, crc)
            )
    db.close()
    dataset = load()
    fatigue = dataset.effect("fatigue")
    assert isinstance(fatigue, SideEffect)
    system = dataset.system(fatigue.system) if few else None
    chosen = filter_effects(dataset, system)
    assert isinstance(chosen, Selection)
    assert any(e == "fatigue" for e in _ids(dataset, chosen))
    size = len(dataset.effects)
    assert (len(chosen) * 4 < size) == few  # the path meant: a lookup, or a scan
    return dataset, chosen


def _ids(dataset: Dataset, chosen: Selection) -> list[str]:
    assert dataset.store is not None
    with sqlite3.connect(next(stores_dir().glob("dataset-*.db"))) as db:
        ids = dict(db.execute("SELECT position, id FROM effect").fetchall())
    db.close()
    return [ids[p] for p in chosen.positions]
