"""Scale benchmark: how `search` and `list --format json` grow with the dataset.

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--runs 3]

For each size it generates a synthetic dataset (benchmarks/generate_dataset.py), runs the
installed anastro with --data PATH --data-mode replace, first cold (no cache: YAML is parsed and
the cache written) and then warm (cache hit), and prints median wall time and peak memory: of
the largest process and, from one more cold run watched as it goes (a cold run may compile in
two processes), of all of them at once.
Targets (issue 6): linear or better, and under 1 s and 300 MiB at 100,000 effects (warm).
Issues 16 and 17: the cold run (compile) at most 10 s and 600 MiB at 100,000 effects; an
unfiltered `list` table a few seconds at most.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent / "generate_dataset.py"
MiB = 2**20
# Issue 16's targets at 100,000 effects: (what, command, figure, at most)
TARGET_SIZE = 100_000
TARGETS = [
    ("first run (compile)", "search joint pain", "cold", 10.0),
    ("first run (compile)", "list --format json", "cold", 10.0),
    ("first run, largest process", "search joint pain", "cold MiB", 600.0),
    ("first run, all processes at once", "search joint pain", "both MiB", 600.0),
    ("warm", "search joint pain", "warm", 0.3),
    ("warm", "list --format json", "warm", 1.0),
]


def generate(size: int, folder: Path) -> Path:
    """Write the dataset from a separate process: ru_maxrss of a child counts the memory of
    the process it was forked from, so this one must never hold a large dataset itself."""
    command = [sys.executable, str(GENERATOR), str(size), str(folder)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return folder


def run(
    command: list[str], env: dict[str, str], *, sample: bool = False
) -> tuple[float, int, int | None]:
    """Wall time, the peak RSS of the largest process (ru_maxrss: a cold run at 100,000
    effects forks a second process to compile beside the first) and, if sample, the peak of
    all of them at once (their Pss summed, sampled every 50 ms on Linux; None when nothing
    could be sampled). Sampling slows the run it watches (the kernel walks both processes'
    pages), so its time is not one to report."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a pipe nobody reads would fill and stop it
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        together: int | None = None
        sampling = sample and sys.platform == "linux"
        while True:  # wait4: this process stays small (see generate)
            done, status, usage = os.wait4(process.pid, os.WNOHANG if sampling else 0)
            if done:
                break
            now = _pss(process.pid)
            if now:
                together = max(together or 0, now)
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if process.returncode not in (0, 1):
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise SystemExit(f"failed: {' '.join(command)}: {message}")
    return elapsed, usage.ru_maxrss * 1024, together


def _pss(pid: int) -> int:
    """The proportional set size of pid and its children, in bytes (pages they share counted
    once between them); 0 for a process that has gone."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0
    for each in [pid, *map(int, children)]:
        try:
            rollup = Path(f"/proc/{each}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--anastro", default=shutil.which("anastro") or "anastro")
    args = parser.parse_args()
    print(
        f"{'effects':>8} {'command':24} {'cold':>9} {'cold MiB':>9} {'both MiB':>9} "
        f"{'warm':>9} {'warm MiB':>9}"
    )
    found: dict[tuple[int, str], dict[str, float | None]] = {}
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            folder = generate(size, Path(work) / f"d{size}")
            for label, extra in (
                ("search joint pain", ["search", "joint", "pain", "--json"]),
                ("list --format json", ["list", "--format", "json"]),
                ("list (table)", ["list"]),
            ):
                command = [args.anastro, *extra, "--data", str(folder), "--data-mode", "replace"]
                cold, warm, peaks, cold_peaks, together = [], [], [], [], []
                for attempt in range(args.runs):
                    cache = Path(work) / f"cache-{size}-{label}-{attempt}"
                    env = {**os.environ, "ANASTRO_CACHE_DIR": str(cache)}
                    elapsed, peak, _ = run(command, env)
                    cold.append(elapsed)
                    cold_peaks.append(peak)
                    elapsed, peak, _ = run(command, env)
                    warm.append(elapsed)
                    peaks.append(peak)
                    shutil.rmtree(cache, ignore_errors=True)  # 255 MB a store at 100,000
                # One more cold run, watched: the memory of all its processes at once.
                cache = Path(work) / f"cache-{size}-{label}-watched"
                env = {**os.environ, "ANASTRO_CACHE_DIR": str(cache)}
                together.append(run(command, env, sample=True)[2])
                shutil.rmtree(cache, ignore_errors=True)
                both = None if together[0] is None else together[0] / MiB
                found[size, label] = {
                    "cold": statistics.median(cold),
                    "cold MiB": max(cold_peaks) / MiB,
                    "both MiB": both,
                    "warm": statistics.median(warm),
                }
                print(
                    f"{size:>8} {label:24} {statistics.median(cold):8.2f}s "
                    f"{max(cold_peaks) / MiB:9.1f} {'n/a' if both is None else f'{both:.1f}':>9} "
                    f"{statistics.median(warm):8.2f}s {max(peaks) / MiB:9.1f}"
                )
    if any(size == TARGET_SIZE for size, _ in found):
        print(f"\ntargets at {TARGET_SIZE:,} effects (issue 16):")
        for what, label, figure, limit in TARGETS:
            value = found[TARGET_SIZE, label][figure]
            unit = " MiB" if figure.endswith("MiB") else " s"
            if value is None:  # not measured here: never counted as met
                print(f"  {what:34} {label:20} {'n/a':>8}{unit:4} (at most {limit:g}{unit}) n/a")
                continue
            verdict = "ok" if value <= limit else "MISSED"
            print(
                f"  {what:34} {label:20} {value:8.2f}{unit:4} (at most {limit:g}{unit}) {verdict}"
            )


if __name__ == "__main__":
    main()
