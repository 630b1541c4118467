"""Compiling the bundled dataset for the wheel (hatch_build.py runs this): the store that
dataset/prebuilt.py copies into an empty cache on the first run after install."""

from __future__ import annotations

from pathlib import Path


def compile_for_wheel(out: Path) -> str:
    """Compile the bundled dataset into a store file at out, under the key this code and
    this Python give it; the key. Run by the wheel's build hook, in a process of its own
    with a private cache folder."""
    from anastro_cli.bundled import bundled_data_dir
    from anastro_cli.dataset.cache import Cache
    from anastro_cli.dataset.files import data_files
    from anastro_cli.dataset.load import read_and_build
    from anastro_cli.store.store import Store

    paths = data_files(bundled_data_dir())
    cache = Cache(paths)
    if cache.stamped or not cache.key:  # the key must come from the bytes, never a stamp
        raise RuntimeError("no key for the bundled dataset")
    dataset = read_and_build(paths, cache.contents)
    Store.write(dataset, out, cache.key)
    return cache.key
