"""Loading the dataset: the cached store when the data has not changed, otherwise parse,
validate and compile. PyYAML and the validators load only on a cache miss."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anastro_cli.bundled import bundled_data_dir
from anastro_cli.dataset.cache import Cache, cache_enabled
from anastro_cli.dataset.files import data_files, read_documents
from anastro_cli.dataset.problems import Checker, DataError, Document, mappings_only
from anastro_cli.dataset.yamlsafe import Problem, YamlFileError

if TYPE_CHECKING:
    from anastro_cli.model.dataset import Dataset

LIST_SECTIONS = (
    "systems",
    "sources",
    "effects",
    "markers",
    "comparators",
    "trials",
    "figures",
    "contrasts",
    "topics",
    "questions",
)
SINGLE_SECTIONS = ("dataset", "drug", "men")
KEYED_SECTIONS = (
    "systems",
    "sources",
    "effects",
    "markers",
    "comparators",
    "trials",
    "topics",
)


def load(data_path: Path | None = None, mode: str = "merge", *, use_cache: bool = True) -> Dataset:
    """Load the bundled dataset, optionally merged with (or replaced by) the one at data_path.

    The result reads its effects from a compiled store (store.py): the cached one when the
    data has not changed, else one written now, to the cache or, failing that, to memory."""
    from anastro_cli.store.schema import StoreError
    from anastro_cli.store.store import Store

    paths: list[Path] = []
    if data_path is None or mode == "merge":
        paths.extend(data_files(bundled_data_dir()))
    if data_path is not None:
        paths.extend(data_files(data_path))
    cache = Cache(paths) if use_cache and cache_enabled() else None
    if cache is not None:
        cached = _cached(cache)
        if cached is None and cache.stamped:
            cache.rehash()  # the stamp's store is gone or damaged: the files are read now
            cached = _cached(cache)
        if cached is None and data_path is None:
            from anastro_cli.dataset import prebuilt

            if prebuilt.adopt(cache):  # the first run after install: the wheel's own store
                cached = _cached(cache)
        if cached is not None:
            return cached
    with _collector_paused():
        # The bytes the key was made from are the bytes parsed: each file is read once.
        dataset = read_and_build(paths, cache.contents if cache is not None else None)
        if cache is not None:
            cache.contents.clear()  # parsed: the store is compiled from the dataset
        store = cache.write(dataset) if cache is not None else None
        if store is None:
            store = Store.compile(dataset)
    try:
        result = store.dataset()
    except StoreError:
        store.close()
        if store.path is None:
            raise
        return Store.compile(dataset).dataset()
    if cache is not None and store.path is not None:
        cache.remember()
    return result


def _cached(cache: Cache) -> Dataset | None:
    """The cached dataset of cache's key, if its store is there and fit to use."""
    from anastro_cli.store.schema import StoreError

    try:
        stored = cache.read()
    except StoreError:
        return None  # none yet, or damaged or stale: rebuilt
    try:
        dataset = stored.dataset()
    except StoreError:
        stored.close()
        return None
    cache.remember()
    return dataset


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a dataset is parsed, validated and compiled.

    That work makes millions of containers that all live on (the parsed YAML, the records,
    the index), so each collection finds nothing to free and only walks them again: at
    100,000 effects the collector took several seconds of a cold run. Nothing here makes
    reference cycles of any size; the collector is back on (if it was) afterwards."""
    import gc

    enabled = gc.isenabled()
    try:
        gc.disable()
        yield
    finally:
        if enabled:
            gc.enable()


def check(path: Path, *, merge_bundled: bool = True) -> list[Problem]:
    """Every problem in the dataset at path (for ``anastro validate``): merged over the bundled
    data by default, so its references to bundled sources, systems and effects resolve."""
    try:
        paths = data_files(path)
        bundled = data_files(bundled_data_dir()) if merge_bundled else []
        if bundled and {p.resolve() for p in paths} <= {p.resolve() for p in bundled}:
            bundled = []  # validating the bundled data itself
        documents = read_documents([*bundled, *paths])
        # Alone (not merged), the path must be a whole dataset: every section it needs.
        build(
            documents, standalone=bool(bundled) or not merge_bundled or _looks_complete(documents)
        )
    except DataError as exc:
        return exc.problems
    return []


def read_and_build(paths: list[Path], contents: dict[Path, bytes] | None = None) -> Dataset:
    """The dataset in these files (their bytes in contents, else read now, once): read fast,
    without marks, and validated; only when something is wrong are the same bytes read again
    with marks, so each problem is reported with its line exactly as a located reading does."""
    from anastro_cli.dataset.yamlsafe import read_bounded

    if contents is None:
        contents = {}
        for path in paths:
            with contextlib.suppress(YamlFileError):  # reported when it is read below
                contents[path] = read_bounded(path)
    try:
        return build(read_documents(paths, contents, located=False))
    except DataError:
        pass
    return build(read_documents(paths, contents))


def _looks_complete(documents: list[Document]) -> bool:
    keys = {key for document in documents for key in document.data}
    return {"dataset", "drug", "effects"} <= keys


def build(documents: list[Document], *, standalone: bool = True) -> Dataset:
    """Merge documents (later ones override earlier entries with the same id) and validate."""
    from anastro_cli.dataset.sections import convert

    checker = Checker()
    merged = _merge(documents, checker)
    dataset = convert(merged, checker, require_all=standalone)
    if checker.problems or dataset is None:
        raise DataError(checker.problems)
    return dataset


def _merge(documents: list[Document], checker: Checker) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for document in documents:
        data = document.data
        for key, value in data.items():
            if key in SINGLE_SECTIONS:
                merged[key] = value
            elif key in LIST_SECTIONS:
                if not isinstance(value, list):
                    checker.add(data, key, key, "must be a list")
                    continue
                merged.setdefault(key, [])
                mappings = mappings_only(checker, value, key)
                if key in KEYED_SECTIONS:
                    _repeated_ids(checker, value, key)
                    _merge_by_id(merged[key], mappings)
                else:
                    merged[key].extend(mappings)
            else:
                known = ", ".join((*SINGLE_SECTIONS, *LIST_SECTIONS))
                checker.add(data, key, key, f"unknown section (known: {known})")
    return merged


def _repeated_ids(checker: Checker, items: list[Any], section: str) -> None:
    """An id given twice in one file: a later file may replace an entry (that is how --data
    overrides), but within a file the second would silently win."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            checker.add(
                item,
                "id",
                f"{section}[{index}].id",
                f"{item_id!r} is already the id of {section}[{first[item_id]}] in this file",
            )
        else:
            first[item_id] = index


def _merge_by_id(target: list[Any], items: list[Any]) -> None:
    positions = {
        item.get("id"): index
        for index, item in enumerate(target)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    for item in items:
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str) and item_id in positions:
            target[positions[item_id]] = item
        else:
            if isinstance(item_id, str):
                positions[item_id] = len(target)
            target.append(item)
