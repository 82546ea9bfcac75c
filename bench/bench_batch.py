"""Benchmark (not a test): a country's 3,321 communes scored under the 2025 pack.

1. Writes N synthetic evidence files (``parscore synth``'s generator) to a temporary folder;
   not timed.
2. End to end, as ``parscore batch`` does it: load the pack, read, check and score every file
   (worker processes, one per core by default), rank. Wall time and communes per second.
3. Scoring alone: the checked evidence already in memory, ``score_totals`` on each commune in one
   process (best of several passes). ``score`` with every explanation is timed too, for reference.
4. The floor: ``bench/handwritten_2025.py``, the same pack written by hand as Python, on the same
   communes in the same run. Every commune's totals must be equal (points, applicable maximum,
   rounded score, band, field points), or no ratio is printed and the exit code is 1.
5. Peak memory: tracemalloc's peak over one pass of scoring alone, and the maximum resident set
   size of this process and of the workers.

Targets (from the issue): scoring alone within 3x of the hand-written floor; end to end under
5 s on a 2-core machine. They are printed, never asserted.

    python bench/bench_batch.py [--n 3321] [--seed 2025] [--jobs N] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from parscore.batch import CommuneScore, summarise
from parscore.batch_run import collect_files, default_jobs, score_files
from parscore.evidence_yaml import dump_evidence
from parscore.loader import LoadedEvidence, evidence_from_data, load_pack
from parscore.scoring import score
from parscore.synthetic import synthetic_communes
from parscore.totals import Totals, score_totals
from parscore.yamlio import load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handwritten_2025 import PACK_ID, score_2025

ROOT = Path(__file__).resolve().parent.parent


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return min(runs)


def same_totals(totals: Totals, hand: dict[str, object]) -> bool:
    t = totals.total
    fields = {f.code: (f.points, f.applicable_max) for f in totals.fields}
    return (
        t.points == hand["points"]
        and t.applicable_max == hand["applicable"]
        and t.score == hand["score"]
        and t.band == hand["band"]
        and fields == hand["fields"]
    )


def max_rss_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3321)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pack", default=str(ROOT / "rules" / "2025.yaml"))
    args = parser.parse_args()
    pack_path = Path(args.pack)
    if not pack_path.exists():
        pack_path = ROOT / "tests" / "data" / "sample-pack.yaml"
    pack = load_pack(pack_path)
    n = args.n

    with tempfile.TemporaryDirectory(prefix="parscore-bench-") as tmp:
        folder = Path(tmp)
        for name, evidence in synthetic_communes(pack, n, args.seed):
            (folder / name).write_text(dump_evidence(evidence), encoding="utf-8")
        size = sum(p.stat().st_size for p in folder.iterdir()) / n

        # -- end to end -----------------------------------------------------------------------
        t0 = time.perf_counter()
        e2e_pack = load_pack(pack_path)
        outcomes = score_files(
            collect_files([str(folder)]), e2e_pack, str(pack_path), jobs=args.jobs
        )
        scored = [o for o in outcomes if isinstance(o, CommuneScore)]
        summary = summarise(scored, [o for o in outcomes if not isinstance(o, CommuneScore)])
        e2e = time.perf_counter() - t0
        if summary.errors or len(summary.communes) != n:
            print(f"end to end: {len(summary.errors)} files failed", file=sys.stderr)
            return 1

        # -- the same evidence, checked, in memory ----------------------------------------------
        communes: list[LoadedEvidence] = [
            evidence_from_data(load_yaml(path), pack) for path in sorted(folder.iterdir())
        ]

    def engine() -> list[Totals]:
        return [score_totals(pack, e) for e in communes]

    def full() -> None:
        for e in communes:
            score(pack, e)

    hand_ok = pack.id == PACK_ID
    inputs = [(e.metrics, e.model.not_applicable) for e in communes]

    def hand() -> list[dict[str, object]]:
        return [score_2025(m, na) for m, na in inputs]

    mismatched = 0
    if hand_ok:
        mismatched = sum(1 for t, h in zip(engine(), hand(), strict=True) if not same_totals(t, h))
    engine_s = hand_s = float("inf")
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        engine_s = min(engine_s, best_of(1, engine))
        if hand_ok:
            hand_s = min(hand_s, best_of(1, hand))
    full_s = best_of(max(1, args.repeat // 2), full)
    tracemalloc.start()
    engine()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    cores = os.cpu_count() or 1
    print(
        f"pack {pack.id} ({pack_path.relative_to(ROOT) if pack_path.is_relative_to(ROOT) else pack_path}),"
        f" {len(pack.leaves)} leaves; {n} synthetic communes (seed {args.seed}),"
        f" {size / 1024:.1f} KiB of YAML each; {cores} cores"
    )
    verdict = "met" if e2e < 5 else "MISSED"
    print(
        f"end to end (load pack, read, check, score, rank; {args.jobs} worker(s)): "
        f"{e2e:.2f} s, {n / e2e:,.0f} communes/s  [target < 5 s on 2 cores: {verdict}]"
    )
    print(
        f"scoring alone (score_totals, 1 process, best of {args.repeat}): {engine_s:.3f} s, "
        f"{n / engine_s:,.0f} communes/s, {engine_s / n * 1e6:.0f} µs per commune"
    )
    print(
        f"score() with rule traces and explanations (1 process): {full_s:.3f} s, "
        f"{n / full_s:,.0f} communes/s"
    )
    if hand_ok and mismatched:
        print(
            f"hand-written floor: totals differ for {mismatched} communes: no ratio",
            file=sys.stderr,
        )
        return 1
    if hand_ok:
        ratio = engine_s / hand_s
        verdict = "met" if ratio <= 3 else "MISSED"
        print(
            f"hand-written floor (bench/handwritten_2025.py, same {n} totals checked equal): "
            f"{hand_s:.3f} s, {n / hand_s:,.0f} communes/s"
        )
        print(f"ratio scoring alone / hand-written: {ratio:.2f}x  [target <= 3x: {verdict}]")
    else:
        print(f"hand-written floor: written for {PACK_ID} only; no ratio for {pack.id}")
    print(
        f"peak memory: {peak / 1024 / 1024:.1f} MiB traced while scoring alone; max RSS "
        f"{max_rss_mb(resource.RUSAGE_SELF):.0f} MiB (this process), "
        f"{max_rss_mb(resource.RUSAGE_CHILDREN):.0f} MiB (largest worker)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
