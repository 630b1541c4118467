"""The installed wheel works from outside the checkout, with its data inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("anastro-*.whl")
    return built


def test_wheel_carries_the_dataset(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for data_file in ("effects.yaml", "comparisons.yaml", "sources.yaml", "anastrozole.yaml"):
        assert f"anastro_cli/data/{data_file}" in names
    lexicon = Path(__file__).resolve().parents[1] / "src" / "anastro_cli" / "text" / "lexicon"
    for word_list in sorted(lexicon.glob("*.txt")):
        assert f"anastro_cli/text/lexicon/{word_list.name}" in names
    assert "anastro_cli/cli/app.py" in names
    assert "anastro_cli/prebuilt/dataset.db" in names  # the bundled dataset, compiled


def _installed(wheel: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A new venv holding the wheel: (its folder, its python)."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    install = [*pip, "install", "--no-deps", "--no-index", "-q", str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    # Only after the install (so pip cannot see this environment's own copy of anastro and
    # skip it) does the venv reach this environment's dependencies, through a .pth file: no
    # network needed, and the venv's own site-packages, holding the wheel, come first.
    site = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    own_site = subprocess.run(
        [str(python), "-c", site], check=True, capture_output=True, text=True, timeout=60
    ).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(own_site, "zz_test_environment.pth").write_text("\n".join(sorted(here)) + "\n")
    return env_dir, python


def test_installed_wheel_runs_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir, python = _installed(wheel, tmp_path)
    assert (env_dir / "bin" / "anastro").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ANASTRO_DATA")}
    env["ANASTRO_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run(
        [str(env_dir / "bin" / "anastro"), "search", "fatigue"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Fatigue" in result.stdout
    where = subprocess.run(
        [str(python), "-c", "import anastro_cli; print(anastro_cli.__file__)"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert where.startswith(str(env_dir)), where


def test_the_first_run_after_install_reads_the_wheels_own_store(
    wheel: Path, tmp_path: Path
) -> None:
    """An empty cache: the store compiled into the wheel is copied in, so the first run
    parses no YAML (PyYAML never loads), and answers as a run that compiles the data."""
    _, python = _installed(wheel, tmp_path)
    probe = (
        "import sys\n"
        "from anastro_cli.__main__ import run\n"
        "sys.argv = ['anastro', 'search', 'joint', 'pain', '--json']\n"
        "try:\n    run()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('YAML', 'yaml' in sys.modules, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ANASTRO_DATA")}
    runs = {}
    for name, extra in (("first", {}), ("compiled", {"ANASTRO_NO_CACHE": "1"})):
        env_run = {**env, "ANASTRO_CACHE_DIR": str(tmp_path / f"cache-{name}"), **extra}
        result = subprocess.run(
            [str(python), "-c", probe],
            cwd=tmp_path,
            env=env_run,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        runs[name] = (result.stdout, result.stderr.split("YAML ")[-1].strip())
    assert runs["first"][1] == "False"  # no YAML parsed: the wheel's store was read
    assert runs["compiled"][1] == "True"
    assert runs["first"][0] == runs["compiled"][0]
    assert list((tmp_path / "cache-first" / "stores-v1").glob("dataset-*.db"))
