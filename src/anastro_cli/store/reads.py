"""The search index of any dataset: its store's, or one compiled in memory once."""

from __future__ import annotations

from anastro_cli.index import Index
from anastro_cli.model.dataset import Dataset
from anastro_cli.store.store import Store

_LAST_INDEX: list[tuple[Dataset, Index]] = []  # one entry: a process loads one dataset


def index_of(dataset: Dataset) -> Index:
    """The search index of dataset: its store's, or one compiled in memory, built once and
    checked by identity (never by a reused id())."""
    if isinstance(dataset.store, Store):
        return dataset.store
    if not _LAST_INDEX or _LAST_INDEX[0][0] is not dataset:
        if _LAST_INDEX:
            old = _LAST_INDEX[0][1]
            if isinstance(old, Store):
                old.close()
        _LAST_INDEX[:] = [(dataset, Store.compile(dataset))]
    return _LAST_INDEX[0][1]
