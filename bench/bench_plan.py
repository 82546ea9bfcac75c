"""Benchmark (not a test): plan the 2025 pack for a commune with every leaf as low as it goes.

Prints the time to plan (candidates, searches, joint options, knapsack, re-scoring each fix),
the time to score the same commune once, and their ratio, measured in the same run.

The commune is built from the pack itself: every input starts at 0 / "no", then each input in
turn takes the value (among a few) that lowers the total most. Dates are late but still ahead of
the data date, so deadlines stay plannable; a deadline rule's ``late`` points cannot be lost by
declaring a date, so those leaves keep them. Falls back to the sample pack when the 2025 pack is
not there.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from parscore.compiled import LoadedPack
from parscore.expr import Value
from parscore.loader import LoadedEvidence, load_pack
from parscore.model.evidence import Evidence
from parscore.planner import plan_fixes
from parscore.scoring import score

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 6, 30)
LATE = dt.date(2026, 3, 31)
TRIES: tuple[Value, ...] = (Decimal(0), Decimal(1), Decimal(10), Decimal(100), Decimal(10000))


def zero_commune(pack: LoadedPack) -> LoadedEvidence:
    metrics: dict[str, Value] = {}
    for name, spec in pack.model.inputs.items():
        metrics[name] = {"bool": False, "date": LATE}.get(spec.type, Decimal(0))

    def total(m: dict[str, Value]) -> Decimal:
        ev = LoadedEvidence(Evidence(commune="Xã 0", year=pack.model.pack.year, as_of=AS_OF), m)
        return score(pack, ev).total.points

    for _ in range(2):
        for name, spec in pack.model.inputs.items():
            if spec.type == "date":
                continue
            tries = (False, True) if spec.type == "bool" else TRIES
            if spec.type == "percent":
                tries = tuple(t for t in tries if isinstance(t, Decimal) and t <= 100)
            best = min(tries, key=lambda v, n=name: (total({**metrics, n: v}), str(v)))
            metrics[name] = best
    model = Evidence(commune="Xã 0", year=pack.model.pack.year, as_of=AS_OF)
    return LoadedEvidence(model=model, metrics=metrics)


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> int:
    path = ROOT / "rules" / "2025.yaml"
    if not path.exists():
        path = ROOT / "tests" / "data" / "sample-pack.yaml"
    pack = load_pack(path)
    evidence = zero_commune(pack)
    base = score(pack, evidence)
    leaves = [leaf for leaf in base.leaves() if leaf.max > 0]
    at_zero = sum(1 for leaf in leaves if leaf.points == 0)
    plan = plan_fixes(pack, evidence)
    plan_s = timed(lambda: plan_fixes(pack, evidence), 3)
    score_s = timed(lambda: score(pack, evidence), 50)
    print(f"pack: {pack.id} ({path.relative_to(ROOT)}), {len(leaves)} scored leaves")
    print(f"commune: {at_zero}/{len(leaves)} leaves at 0 points, score {base.total.score}")
    print(
        f"plan: target {plan.target}, reachable {plan.reachable}, {len(plan.fixes)} fixes, "
        f"effort {plan.total_effort}, final score {plan.final_score}, "
        f"{len(plan.candidates.candidates)} candidates, {len(plan.candidates.blocked)} blocked"
    )
    print(f"planning time: {plan_s * 1000:.1f} ms (median of 3)")
    print(f"scoring time:  {score_s * 1000:.2f} ms (median of 50)")
    print(f"ratio planning / scoring: {plan_s / score_s:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
