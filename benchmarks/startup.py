"""Start-up benchmark: the installed anastro against a bare two-command Typer app.

    python benchmarks/startup.py [--runs 10] [--anastro PATH]

The floor is benchmarks/bare_typer.py on this interpreter and this Typer release: nothing built
on Typer starts faster. Every case runs A B A B (anastro, then the bare app), so machine noise
hits both alike; the report gives medians, the ratio to the bare app, peak memory, and the first
run after install (empty cache) against a warm run. No test asserts a time: this is a report.
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
# (label, anastro arguments, bare-app arguments, target ratio to the bare app or None)
CASES: list[tuple[str, list[str], list[str], float | None]] = [
    (
        "search fatigue --format json",
        ["search", "fatigue", "--format", "json"],
        ["search", "fatigue", "--json"],
        1.2,
    ),
    ("search fatigue (table)", ["search", "fatigue"], ["search", "fatigue"], 1.5),
    ("--version", ["--version"], ["search", "x"], 1.1),
    ("show arthralgia", ["show", "arthralgia"], ["show", "x"], None),
    ("compare tamoxifen", ["compare", "tamoxifen"], ["show", "x"], None),
]
PEAK_TARGET_MIB = 40
FIRST_RUN_TARGET = 3.0


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
    # The console script beside this interpreter: a shim on PATH (pyenv, asdf) would add its
    # own start-up to every anastro run and none to the bare app's.
    beside = Path(sys.executable).parent / "anastro"
    default = str(beside) if beside.exists() else shutil.which("anastro") or "anastro"
    parser.add_argument("--anastro", default=default)
    args = parser.parse_args()
    bare = [sys.executable, str(HERE / "bare_typer.py")]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ANASTRO_CACHE_DIR": cache, "COLUMNS": "100", "PAGER": "cat"}
        # Bytecode as an installed wheel has it: with PYTHONDONTWRITEBYTECODE set (as in some
        # CI and sandboxes), an editable install would compile every anastro module on each
        # run (some 30 ms) while Typer's, installed with its bytecode, would not.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        first_runs: list[float] = []
        for index in range(3):  # a new cache folder each time: the first run after install
            fresh = {**env, "ANASTRO_CACHE_DIR": os.path.join(cache, f"first{index}")}
            first_runs.append(run_once([args.anastro, *CASES[0][1]], fresh)[0])
        subprocess.run([args.anastro, "list"], env=env, stdout=subprocess.DEVNULL, check=True)
        times: dict[str, dict[str, list[float]]] = {}
        memory: dict[str, int] = {}
        for _ in range(args.runs):
            for label, ours, theirs, _target in CASES:
                slot = times.setdefault(label, {"anastro": [], "bare": []})
                for name, command in (
                    ("anastro", [args.anastro, *ours]),
                    ("bare", [*bare, *theirs]),
                ):
                    elapsed, peak = run_once(command, env)
                    slot[name].append(elapsed)
                    if name == "anastro":
                        memory[label] = max(memory.get(label, 0), peak)
    import typer

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Typer {typer.__version__}; medians of {args.runs} runs, "
        "A B A B against benchmarks/bare_typer.py"
    )
    print(f"{'command':30} {'anastro':>9} {'bare':>8} {'ratio':>7} {'target':>7} {'peak MiB':>9}")
    for label, _ours, _theirs, target in CASES:
        ours_ms = statistics.median(times[label]["anastro"]) * 1000
        bare_ms = statistics.median(times[label]["bare"]) * 1000
        ratio = ours_ms / bare_ms
        verdict = "" if target is None else ("ok" if ratio <= target else "MISS")
        goal = "      -" if target is None else f"{target:6.2f}x"
        peak_mib = memory[label] / 2**20
        mark = "" if peak_mib <= PEAK_TARGET_MIB else " (over 40 MiB)"
        print(
            f"{label:30} {ours_ms:7.0f}ms {bare_ms:6.0f}ms {ratio:6.2f}x {goal} "
            f"{peak_mib:8.1f}{mark} {verdict}"
        )
    warm = statistics.median(times[CASES[0][0]]["anastro"])
    first = statistics.median(first_runs)
    verdict = "ok" if first / warm <= FIRST_RUN_TARGET else "MISS"
    print(
        f"first run after install (empty cache), {CASES[0][0]}: {first * 1000:.0f}ms, "
        f"{first / warm:.1f}x a warm run (target {FIRST_RUN_TARGET:.0f}x) {verdict}"
    )


if __name__ == "__main__":
    main()
