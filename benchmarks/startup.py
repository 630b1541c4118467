"""Start-up benchmark: the installed anastro against the naive baseline and `python -c pass`.

    python benchmarks/startup.py [--runs 10] [--anastro PATH] [--baseline-python PATH]

Runs every command A B A B (anastro, naive baseline, floor, in turn), so machine noise hits all
three alike, and prints medians, ratios to the naive baseline and peak memory. The naive baseline
(benchmarks/naive_anastro.py) runs in its own virtual environment with the Typer release a plain
`pip install typer` resolves (0.29+), Rich and PyYAML; it is created on first use in
benchmarks/.venv-baseline. No test asserts a wall time: this is a report, not a gate.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE_VENV = HERE / ".venv-baseline"
# (label, anastro arguments, naive arguments, target ratio to the naive baseline or None)
CASES: list[tuple[str, list[str], list[str], float | None]] = [
    ("search fatigue (table)", ["search", "fatigue"], ["search", "fatigue"], 0.45),
    (
        "search fatigue --format json",
        ["search", "fatigue", "--format", "json"],
        ["search", "fatigue", "--json"],
        0.30,
    ),
    ("list", ["list"], ["list"], 0.45),
    ("compare tamoxifen", ["compare", "tamoxifen"], ["compare", "tamoxifen"], 0.45),
    ("--version", ["--version"], ["--version"], 0.30),
    ("--help", ["--help"], ["--help"], None),  # reported, no target: both pay for Typer
]


def baseline_python(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    python = BASELINE_VENV / "bin" / "python"
    if not python.exists():
        print(
            "creating the naive baseline's venv (typer, rich, pyyaml from PyPI)...", file=sys.stderr
        )
        subprocess.run([sys.executable, "-m", "venv", str(BASELINE_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "typer>=0.29", "rich", "pyyaml"], check=True
        )
    return python


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in bytes of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--anastro", default=shutil.which("anastro") or "anastro")
    parser.add_argument("--baseline-python")
    args = parser.parse_args()
    naive = [str(baseline_python(args.baseline_python)), str(HERE / "naive_anastro.py")]
    floor = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ANASTRO_CACHE_DIR": cache, "COLUMNS": "100"}
        subprocess.run([args.anastro, "list"], env=env, stdout=subprocess.DEVNULL, check=True)
        times: dict[str, dict[str, list[float]]] = {}
        memory: dict[str, int] = {}
        for _ in range(args.runs):
            for label, ours, theirs, _target in CASES:
                slot = times.setdefault(label, {"anastro": [], "naive": [], "floor": []})
                for name, command in (
                    ("anastro", [args.anastro, *ours]),
                    ("naive", [*naive, *theirs]),
                    ("floor", floor),
                ):
                    elapsed, peak = run_once(command, env)
                    slot[name].append(elapsed)
                    if name == "anastro":
                        memory[label] = max(memory.get(label, 0), peak)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; medians of {args.runs} runs, A B A B"
    )
    print(
        f"{'command':32} {'anastro':>9} {'naive':>9} {'floor':>8} {'ratio':>7} "
        f"{'target':>7} {'peak MiB':>9}"
    )
    for label, _ours, _theirs, target in CASES:
        ours_ms = statistics.median(times[label]["anastro"]) * 1000
        naive_ms = statistics.median(times[label]["naive"]) * 1000
        floor_ms = statistics.median(times[label]["floor"]) * 1000
        ratio = ours_ms / naive_ms
        verdict = "" if target is None else ("ok" if ratio <= target else "MISS")
        goal = "      -" if target is None else f"{target:6.2f}x"
        print(
            f"{label:32} {ours_ms:7.0f}ms {naive_ms:7.0f}ms {floor_ms:6.0f}ms {ratio:6.2f}x "
            f"{goal} {memory[label] / 2**20:8.1f} {verdict}"
        )


if __name__ == "__main__":
    main()
