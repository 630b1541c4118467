"""Build hook: compile the bundled dataset into the wheel (anastro_cli/prebuilt/dataset.db),
so the first run after install reads a store instead of parsing and compiling the YAML.

The store is compiled by anastro's own code from src/, in a process of its own with a private
cache folder, on the Python that builds the wheel (pip builds it with the one it installs
into). If it cannot be compiled (PyYAML or PyStemmer missing, say), the wheel is built without
it and the first run compiles the store as before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILE = (
    "import sys; from pathlib import Path; "
    "from anastro_cli.dataset.ship import compile_for_wheel; compile_for_wheel(Path(sys.argv[1]))"
)


class PrebuiltStore(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        folder = Path(tempfile.mkdtemp(prefix="anastro-prebuilt-"))
        self._folder = folder  # removed in finalize(), once the wheel holds the store
        out = folder / "dataset.db"
        env = {
            **os.environ,
            # The build environment's own path (pip's isolated one) stays after src.
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(Path(self.root) / "src"), os.environ.get("PYTHONPATH")) if p
            ),
            "ANASTRO_CACHE_DIR": str(folder / "cache"),
        }
        env.pop("ANASTRO_NO_CACHE", None)
        result = subprocess.run(
            [sys.executable, "-c", COMPILE, str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not out.is_file():
            last = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
            self.app.display_warning(f"anastro: wheel built without a prebuilt store ({last})")
            return
        build_data["force_include"][str(out)] = "anastro_cli/prebuilt/dataset.db"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
