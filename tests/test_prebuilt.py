"""The store compiled into the wheel (dataset/prebuilt.py, hatch_build.py): the first run
after install copies it into the cache when, and only when, its key is this installation's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from anastro_cli.dataset import load as loading
from anastro_cli.dataset import prebuilt
from anastro_cli.dataset.ship import compile_for_wheel
from anastro_cli.search.rank import Hit, search


def _said(hits: list[Hit]) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(h.id, h.score, tuple(m.text for m in h.matched)) for h in hits]


def _not_parsed(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the YAML was parsed: the prebuilt store was not used")


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A prebuilt store made as the build hook makes it, in place of the package's."""
    out = tmp_path / "prebuilt" / "dataset.db"
    out.parent.mkdir()
    monkeypatch.setenv("ANASTRO_CACHE_DIR", str(tmp_path / "build-cache"))
    key = compile_for_wheel(out)
    assert len(key) == 64
    monkeypatch.setenv("ANASTRO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(prebuilt, "PREBUILT", out)
    return out


def test_an_empty_cache_takes_the_shipped_store_and_answers_the_same(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = loading.load(use_cache=False)
    monkeypatch.setattr(loading, "read_and_build", _not_parsed)
    dataset = loading.load()
    for query in ("joint pain", "can she take hrt", "tiredniss"):
        assert _said(search(dataset, query)) == _said(search(compiled, query))
    assert [e.id for e in dataset.effects] == [e.id for e in compiled.effects]
    stores = list((Path(os.environ["ANASTRO_CACHE_DIR"]) / "stores-v1").glob("dataset-*.db"))
    assert len(stores) == 1
    assert stores[0].read_bytes() == shipped.read_bytes()
    assert not list(stores[0].parent.glob("*.tmp"))


def test_a_shipped_store_of_another_key_is_compiled_over(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another Python, stemmer or edited code gives another key: the copy is not believed."""
    from anastro_cli.dataset import cache

    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 100)
    parsed: list[int] = []
    real = loading.read_and_build

    def counted(*args: object, **kwargs: object) -> object:
        parsed.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_and_build", counted)
    dataset = loading.load()
    assert parsed == [1]
    assert search(dataset, "joint pain")[0].id == "arthralgia"


def test_with_extra_data_the_shipped_store_is_not_looked_at(
    shipped: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[object] = []

    def adopt(cache: object) -> bool:
        calls.append(cache)
        return False

    monkeypatch.setattr(prebuilt, "adopt", adopt)
    extra = tmp_path / "mine.yaml"
    extra.write_text("effects: []\n", encoding="utf-8")
    assert loading.load(extra, "merge").effects
    assert calls == []  # a merged dataset is never the shipped one
    loading.load()
    assert len(calls) == 1


def test_no_shipped_store_or_a_cache_it_cannot_be_copied_to_means_compiling(
    shipped: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from anastro_cli.dataset import cache as caching

    def unwritable(folder: Path) -> None:
        raise PermissionError(13, "read-only", str(folder))

    monkeypatch.setattr(caching, "_make_private", unwritable)
    assert loading.load().effects  # compiled in memory
    assert not list(tmp_path.rglob("*.tmp"))
    monkeypatch.setattr(prebuilt, "PREBUILT", tmp_path / "none" / "dataset.db")
    from anastro_cli.bundled import bundled_data_dir
    from anastro_cli.dataset.files import data_files

    paths = data_files(bundled_data_dir())
    assert prebuilt.adopt(caching.Cache(paths)) is False
