"""Shared measuring for the benchmarks: whole processes, interleaved repetitions, ratios.

Every figure is a ratio against a baseline measured in the same run: the candidate and its
baseline run one after the other, repetition after repetition (so both see the same machine
load), and the ratio is reported as the median of the per-repetition ratios with their min–max.
Whole-process figures are the CPU time (user + system) of the child process and every process
it waited for (its workers), read with ``os.wait4``; wall time and peak resident memory too.

``PARSCORE_BENCH_QUICK=1`` asks for fewer repetitions and smaller runs (a few seconds each).

The package's bytecode is compiled first, as an installed package's is: with
``PYTHONDONTWRITEBYTECODE`` set (or a read-only tree), every child process would otherwise compile
parscore's sources again, and a command's figure would be mostly the compiler's.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The installed console script when there is one (what the user runs), else ``python -m``.
_SCRIPT = Path(PYTHON).with_name("parscore")
PARSCORE = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "parscore"]
QUICK = os.environ.get("PARSCORE_BENCH_QUICK", "") not in ("", "0")
compileall.compile_dir(ROOT / "parscore", quiet=1)


@dataclass(frozen=True)
class Run:
    cpu: float  # seconds, user + system, the child and the children it waited for
    wall: float  # seconds
    rss_mb: float  # peak resident set size of the largest process among them, MiB


def run_process(argv: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run ``argv`` to completion (output discarded); its CPU time, wall time and peak RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{err}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def interleave(cases: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """Run each case once per repetition, in turn (order rotated), ``repeat`` times."""
    names = list(cases)
    out: dict[str, list[float]] = {name: [] for name in names}
    for i in range(repeat):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            out[name].append(cases[name]())
    return out


def interleave_processes(
    cases: dict[str, Sequence[str]], repeat: int, warmup: int = 1
) -> dict[str, list[Run]]:
    """``interleave`` for whole processes; one unrecorded warm-up run of each first."""
    for argv in cases.values():
        for _ in range(warmup):
            run_process(argv)
    runs: dict[str, list[Run]] = {name: [] for name in cases}

    def one(name: str) -> Callable[[], float]:
        def go() -> float:
            runs[name].append(run_process(cases[name]))
            return 0.0

        return go

    interleave({name: one(name) for name in cases}, repeat)
    return runs


def spread(values: Sequence[float], unit: str = "s", digits: int = 3) -> str:
    """``median (min–max)`` of ``values``."""
    med = statistics.median(values)
    return f"{med:.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratio(
    label: str,
    candidate: Sequence[float],
    baseline: Sequence[float],
    goal: float | None,
    goal_text: str = "",
) -> str:
    """One result line: the median of the per-repetition ratios, their min–max, the goal."""
    ratios = [c / b for c, b in zip(candidate, baseline, strict=True) if b > 0]
    med = statistics.median(ratios)
    line = f"{label}: {med:.2f}x ({min(ratios):.2f}–{max(ratios):.2f}x, n={len(ratios)})"
    if goal is not None:
        verdict = "met" if med <= goal else "MISSED"
        line += f"  [goal <= {goal_text or f'{goal:g}x'}: {verdict}]"
    return line


def machine() -> str:
    """A one-line description of this machine and Python."""
    import platform

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model or 'unknown CPU'}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, load average {load:.2f}"
    )
