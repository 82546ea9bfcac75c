"""Benchmark (not a test): how long the user waits for one command, as whole processes.

Every command runs as its own process (the installed ``parscore`` script), interleaved with its
baseline, repetition after repetition; figures are CPU time (user + system) of the process.

- Cold start: ``parscore score EVIDENCE --pack PACK`` against ``python -c "import yaml,
  pydantic"``. Goal <= 2.5x. Without ``--pack`` (the pack found by its id) is shown too, and
  the first run of a pack (pack cache off: ``PARSCORE_CACHE_DIR=off``). The runs use a cache
  folder of their own (the warm-up run writes the pack's entry), not the user's.
- Views against one ``score`` of the same file: ``plan`` <= 1.25x, HTML report <= 1.25x, Word
  report <= 1.6x.

    python bench/bench_cli.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PARSCORE, PYTHON, QUICK, ROOT, interleave_processes, ratio, spread

EVIDENCE = ROOT / "evidence" / "dan-tien-2025.yaml"
PACK = ROOT / "rules" / "2025.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5 if QUICK else 11)
    args = parser.parse_args()
    ps = PARSCORE
    ev, pk = str(EVIDENCE), str(PACK)
    with tempfile.TemporaryDirectory(prefix="parscore-bench-") as tmp:
        out = Path(tmp)
        os.environ["PARSCORE_CACHE_DIR"] = str(out / "cache")  # inherited by every run
        cases = {
            "import": [PYTHON, "-c", "import yaml, pydantic"],
            "score": [*ps, "score", ev, "--pack", pk],
            "score (no pack cache)": [
                "env",
                "PARSCORE_CACHE_DIR=off",
                *ps,
                "score",
                ev,
                "--pack",
                pk,
            ],
            "score (pack by id)": [*ps, "score", ev],
            "plan": [*ps, "plan", ev, "--pack", pk],
            "report html": [*ps, "report", ev, "--pack", pk, "-o", str(out / "r.html"), "--force"],
            "report docx": [*ps, "report", ev, "--pack", pk, "-o", str(out / "r.docx"), "--force"],
        }
        runs = interleave_processes(cases, args.repeat)
    cpu = {name: [r.cpu for r in rs] for name, rs in runs.items()}
    print(
        f"{EVIDENCE.relative_to(ROOT)} on {PACK.relative_to(ROOT)}; {args.repeat} interleaved runs"
    )
    for name, values in cpu.items():
        rss = max(r.rss_mb for r in runs[name])
        print(f"{name:>20}: CPU {spread(values)}, peak RSS {rss:.0f} MiB")
    print(
        ratio("cold start: score --pack / import yaml, pydantic", cpu["score"], cpu["import"], 2.5)
    )
    print(
        ratio(
            "score, pack cache off (a pack's first run) / import yaml, pydantic",
            cpu["score (no pack cache)"],
            cpu["import"],
            None,
        )
    )
    print(
        ratio(
            "score, pack found by id / import yaml, pydantic",
            cpu["score (pack by id)"],
            cpu["import"],
            None,
        )
    )
    print(ratio("plan / score", cpu["plan"], cpu["score"], 1.25))
    print(ratio("report html / score", cpu["report html"], cpu["score"], 1.25))
    print(ratio("report docx / score", cpu["report docx"], cpu["score"], 1.6))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
