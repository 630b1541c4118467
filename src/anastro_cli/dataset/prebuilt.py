"""The bundled dataset compiled when the wheel is built (hatch_build.py), shipped inside the
package as prebuilt/dataset.db: the first run after install copies it into the cache instead
of parsing and compiling the YAML. It is used only when its key is the one this installation
computes (the same data, code, stemmer and Python); any other store is compiled as before."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anastro_cli.dataset.cache import Cache

PREBUILT = Path(__file__).resolve().parents[1] / "prebuilt" / "dataset.db"


def adopt(cache: Cache) -> bool:
    """Copy the shipped store into the cache as this key's store; False when there is none
    (a checkout, an editable install) or it cannot be copied. Whether its key is this key is
    for Store.open to say: a store of another key is simply compiled over."""
    from anastro_cli.dataset.cache import _make_private

    if not cache.key or not PREBUILT.is_file():
        return False
    target = cache.file
    temporary: str | None = None
    try:
        _make_private(target.parent)
        handle, temporary = tempfile.mkstemp(
            prefix=f"dataset-{os.getpid()}-", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(handle, "wb") as out, PREBUILT.open("rb") as shipped:
            while chunk := shipped.read(1 << 20):
                out.write(chunk)
        os.replace(temporary, target)
    except BaseException as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            return False  # a read-only cache: compiled as before
        raise
    return True
