"""Benchmark (not a test): a province's communes scored under the 2025 pack.

1. Writes synthetic evidence files (``parscore synth``'s generator) to a temporary folder; not
   timed. Folders of 100, 1,000, 3,321 and 10,000 communes share the same files.
2. Batch end to end, as the user waits for it: the whole ``parscore batch FOLDER --pack P -o
   FILE`` process (read, check, score, rank, write CSV or xlsx; one worker per core), against
   ``bench/yaml_baseline.py``, which only reads the same files with ``yaml.CSafeLoader``. CPU time
   of the process and its workers, interleaved repetitions. Goal: <= 0.75x; 3,321 communes in
   <= 3 s wall on 2 cores. The same in one process (``-j 1``) shows what the workers cost and
   save.
3. Scale curve: batch CPU, wall and peak memory at each size, and CPU per commune.
4. The engine in one process, on the checked evidence in memory: ``score()`` (every
   explanation available, written when first read) and ``score_totals`` against
   ``bench/handwritten_2025.py``, the pack written by hand as plain Python. Every commune's totals
   must be equal (points, applicable maximum, rounded score, band, field points) or no ratio is
   printed and the exit code is 1. Goals: ``score()`` <= 10x, ``score_totals`` <= 1.5x. Shown
   beside them, without a goal: ``score()`` with the garbage collector paused (how much of its
   time is the collector walking the evidence held in memory), and ``score()`` with every leaf's
   rule trace and explanation read.

    python bench/bench_batch.py [--seed 2025] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handwritten_2025 import PACK_ID, score_2025
from harness import PARSCORE, PYTHON, QUICK, ROOT, interleave, interleave_processes, ratio, spread
from harness import run_process as run

from parscore.evidence_yaml import dump_evidence
from parscore.loader import LoadedEvidence, evidence_from_data, load_pack
from parscore.scoring import score
from parscore.synthetic import synthetic_communes
from parscore.totals import Totals, score_totals
from parscore.yamlio import load_yaml

PACK = ROOT / "rules" / "2025.yaml"
BASELINE = ROOT / "bench" / "yaml_baseline.py"
NATIONAL = 3321
SIZES = (100, 1000, NATIONAL) if QUICK else (100, 1000, NATIONAL, 10_000)


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


def write_communes(root: Path, seed: int) -> dict[int, Path]:
    """One folder per size; the smaller ones hold hard links to the first files of the largest."""
    pack = load_pack(PACK)
    largest = root / f"n{SIZES[-1]}"
    largest.mkdir()
    for name, evidence in synthetic_communes(pack, SIZES[-1], seed):
        (largest / name).write_text(dump_evidence(evidence), encoding="utf-8")
    folders = {SIZES[-1]: largest}
    names = sorted(p.name for p in largest.iterdir())
    for n in SIZES[:-1]:
        folder = folders[n] = root / f"n{n}"
        folder.mkdir()
        for name in names[:n]:
            os.link(largest / name, folder / name)
    return folders


def batch_argv(folder: Path, output: Path, *extra: str) -> list[str]:
    return [
        *PARSCORE,
        "batch",
        str(folder),
        "--pack",
        str(PACK),
        "-o",
        str(output),
        "--force",
        *extra,
    ]


def end_to_end(folder: Path, out: Path, repeat: int) -> None:
    cases = {
        "yaml": [PYTHON, str(BASELINE), str(folder)],
        "csv": batch_argv(folder, out / "batch.csv"),
        "xlsx": batch_argv(folder, out / "batch.xlsx"),
        "csv -j1": batch_argv(folder, out / "batch1.csv", "-j", "1"),
    }
    runs = interleave_processes(cases, repeat, warmup=0)
    cpu = {name: [r.cpu for r in rs] for name, rs in runs.items()}
    wall = {name: [r.wall for r in rs] for name, rs in runs.items()}
    print(f"read with yaml.CSafeLoader only (CPU): {spread(cpu['yaml'], digits=2)}")
    for name in ("csv", "xlsx"):
        print(f"parscore batch -o {name} (CPU): {spread(cpu[name], digits=2)}")
        print("  " + ratio(f"CPU / CSafeLoader, -o {name}", cpu[name], cpu["yaml"], 0.75))
        med = statistics.median(wall[name])
        verdict = "met" if med <= 3 else "MISSED"
        print(f"  wall: {spread(wall[name], digits=2)}  [aim <= 3 s on 2 cores: {verdict}]")
    print(f"parscore batch -o csv -j 1, one process (CPU): {spread(cpu['csv -j1'], digits=2)}")
    print("  " + ratio("workers / one process, CPU", cpu["csv"], cpu["csv -j1"], None))
    print("  " + ratio("workers / one process, wall", wall["csv"], wall["csv -j1"], None))


def scale_curve(folders: dict[int, Path], out: Path) -> None:
    print("n communes | batch CPU s | wall s | peak RSS MiB | CPU µs/commune | CSafeLoader CPU s")
    for n, folder in sorted(folders.items()):
        base = run([PYTHON, str(BASELINE), str(folder)])
        r = run(batch_argv(folder, out / "scale.csv"))
        print(
            f"{n:>10,} | {r.cpu:>11.2f} | {r.wall:>6.2f} | {r.rss_mb:>12.0f} | "
            f"{r.cpu / n * 1e6:>14.0f} | {base.cpu:>17.2f}"
        )


def engine(folder: Path, repeat: int) -> bool:
    pack = load_pack(PACK)
    communes: list[LoadedEvidence] = [
        evidence_from_data(load_yaml(p), pack) for p in sorted(folder.glob("*.yaml"))
    ]
    inputs = [(e.metrics, e.model.not_applicable) for e in communes]
    if pack.id != PACK_ID:
        print(f"hand-written floor: written for {PACK_ID} only; no ratio for {pack.id}")
        return True
    hands = [score_2025(m, na) for m, na in inputs]
    bad = sum(
        1
        for e, h in zip(communes, hands, strict=True)
        if not same_totals(score_totals(pack, e), h) or score(pack, e).total.points != h["points"]
    )
    if bad:
        print(f"hand-written floor: totals differ for {bad} communes: no ratio", file=sys.stderr)
        return False

    def timed(fn, collect: bool = True):  # type: ignore[no-untyped-def]
        def go() -> float:
            gc.collect()  # untimed: no run pays for the garbage an earlier one left
            if not collect:
                gc.disable()
            t0 = time.process_time()
            fn()
            spent = time.process_time() - t0
            gc.enable()
            return spent

        return go

    def words() -> None:  # every leaf's rule trace and explanation read (written on first read)
        for e in communes:
            for leaf in score(pack, e).leaves():
                _ = leaf.rule, leaf.explanation

    runs = interleave(
        {
            "hand": timed(lambda: [score_2025(m, na) for m, na in inputs]),
            "totals": timed(lambda: [score_totals(pack, e) for e in communes]),
            "score": timed(lambda: [score(pack, e) for e in communes]),
            "no-gc": timed(lambda: [score(pack, e) for e in communes], collect=False),
            "words": timed(words),
        },
        repeat,
    )
    n = len(communes)
    print(f"{n:,} communes in memory, totals of every one checked equal to the hand scorer's")
    for name in ("hand", "totals", "score", "no-gc", "words"):
        per = [t / n * 1e6 for t in runs[name]]
        print(f"{name:>6}: {spread(runs[name])}, {statistics.median(per):.0f} µs per commune")
    print(ratio("score() with explanations / hand-written", runs["score"], runs["hand"], 10))
    print(ratio("score_totals / hand-written", runs["totals"], runs["hand"], 1.5))
    print(
        "  shown, no goal: "
        + ratio("score(), garbage collector paused / hand", runs["no-gc"], runs["hand"], None)
    )
    print(
        "  shown, no goal: "
        + ratio("score() and every explanation read / hand", runs["words"], runs["hand"], None)
    )
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=2 if QUICK else 3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parscore-bench-") as tmp:
        root = Path(tmp)
        folders = write_communes(root, args.seed)
        size = sum(p.stat().st_size for p in folders[NATIONAL].iterdir()) / NATIONAL
        print(
            f"pack {PACK_ID}; synthetic communes (seed {args.seed}), {size / 1024:.1f} KiB of "
            f"YAML each; {os.cpu_count()} cores; whole processes, CPU of process + workers"
        )
        print(f"\n-- batch end to end, {NATIONAL:,} communes ({args.repeat} interleaved runs)")
        end_to_end(folders[NATIONAL], root, args.repeat)
        print("\n-- scale curve (one run each)")
        scale_curve(folders, root)
        print(f"\n-- engine in one process ({args.repeat + 2} interleaved runs of CPU time)")
        ok = engine(folders[1000 if QUICK else NATIONAL], args.repeat + 2)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
