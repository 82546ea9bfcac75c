"""Random small rule packs and evidence for planner properties, and a brute-force planner.

Leaves are drawn from templates that deliberately share raw inputs: a rate and a count read the
same numerator, two checks pull one percentage in opposite directions, a deduction and a
comparison both lower one count, a count raises the denominator of the rate. So candidates
interact, conflict and merge, and the optimiser's grouping is exercised.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence, pack_from_text
from parscore.model.evidence import Document, Evidence
from parscore.planning import Candidate, CandidateSet, merge_changes
from parscore.planning.sharing import shared_efforts
from parscore.scoring import score

AS_OF = dt.date(2025, 10, 31)

TEMPLATES: dict[str, str] = {
    "rate": "tiers: { of: rate, steps: [ { min: 90, points: {m} }, { min: 50, points: {h} } ] }",
    "count_n": "count: { of: n, each: {t} }",
    "count_d": "count: { of: d, each: {t} }",
    "linear_p": "linear: { of: p, from: 20, to: 100 }",
    "min_pq": 'linear: { of: "min(p, q)", from: 50, to: 90 }',
    "check_q": 'check: "q >= 80"',
    "check_q_low": 'check: "q <= 30"',
    "check_flag": "check: flag",
    "deduct_v": "deduct: { of: v, each: {h} }",
    "check_v_n": 'check: "v < n"',
    "deadline": "deadline: { of: day, due: 2025-11-30, late: {h} }",
    "deadline_past": "deadline: { of: day, due: 2025-09-30, late: {h} }",
    "formula_p": 'formula: "min(p, 60) / 60 * {m}"',
    "best": "best_of: [ { linear: { of: q, from: 0, to: 100 } }, { check: flag } ]",
}

INPUTS = """\
inputs:
  n: { label: Số việc hoàn thành, type: count, unit: việc }
  d: { label: Tổng số việc, type: count, unit: việc }
  v: { label: Số vi phạm, type: count }
  p: { label: Tỷ lệ P, type: percent }
  q: { label: Tỷ lệ Q, type: percent }
  flag: { label: Đã thực hiện, type: bool }
  cond: { label: Có áp dụng, type: bool, default: true }
  day: { label: Ngày hoàn thành, type: date }
derived:
  rate: ratio(n, d) * 100
"""

half = st.integers(min_value=1, max_value=8).map(lambda n: Decimal(n) / 2)


@st.composite
def leaf_specs(draw: Any) -> dict[str, Any]:
    return {
        "template": draw(st.sampled_from(sorted(TEMPLATES))),
        "max": draw(half),
        "effort": draw(st.integers(min_value=1, max_value=4)),
        "conditional": draw(st.integers(0, 5)) == 0,
        "evidence": draw(st.integers(0, 3)) == 0,
        "na": draw(st.integers(0, 6)) == 0,
    }


@st.composite
def plan_cases(draw: Any, max_leaves: int = 4) -> tuple[LoadedPack, LoadedEvidence]:
    leaves = draw(st.lists(leaf_specs(), min_size=1, max_size=max_leaves))
    pack = pack_from_text(pack_text(leaves))
    metrics: dict[str, Any] = {
        "n": Decimal(draw(st.integers(0, 12))),
        "d": Decimal(draw(st.integers(0, 12))),
        "v": Decimal(draw(st.integers(0, 4))),
        "p": draw(st.decimals(min_value=0, max_value=100, places=1)),
        "q": draw(st.decimals(min_value=0, max_value=100, places=0)),
        "flag": draw(st.booleans()),
        "cond": draw(st.booleans()),
        "day": draw(st.dates(min_value=dt.date(2025, 6, 1), max_value=dt.date(2026, 2, 1))),
    }
    dropped = draw(st.lists(st.sampled_from(sorted(metrics)), max_size=1))
    for name in dropped:
        metrics.pop(name)
    na = {f"1.{i}": "Không có" for i, leaf in enumerate(leaves, 1) if leaf["na"]}
    docs = [
        Document(id=f"doc-{i}", title="Báo cáo", kind="bao_cao", supports=[f"1.{i}"])
        for i, leaf in enumerate(leaves, 1)
        if leaf["evidence"] and draw(st.booleans())
    ]
    model = Evidence(commune="Xã Thử", year=2025, as_of=AS_OF, documents=docs, not_applicable=na)
    return pack, LoadedEvidence(model=model, metrics=metrics)


def pack_text(leaves: Sequence[dict[str, Any]]) -> str:
    total = sum((leaf["max"] for leaf in leaves), Decimal(0))
    lines = [
        "pack:",
        "  id: thu/xa/2025",
        "  title: Gói thử của bộ lập kế hoạch",
        "  province: Mẫu",
        "  level: xa",
        "  year: 2025",
        "  status: provisional",
        f"  total: {total}",
        "  scale: 100",
        "  rounding: { places: 2, mode: half_up }",
        "  goal: { total: 90 }",
        INPUTS.rstrip(),
        "criteria:",
        '  - code: "1"',
        "    title: Lĩnh vực thử",
        f"    max: {total}",
        "    children:",
    ]
    for i, leaf in enumerate(leaves, 1):
        m = leaf["max"]
        rule = (
            TEMPLATES[leaf["template"]]
            .replace("{m}", str(m))
            .replace("{h}", str(m / 2))
            .replace("{t}", str(m / 3))
        )
        lines += [
            f'      - code: "1.{i}"',
            f"        title: Tiêu chí {i} ({leaf['template']})",
            f"        max: {m}",
            f"        effort: {leaf['effort']}",
            "        na_allowed: true",
            f"        score: {{ {rule} }}",
        ]
        if leaf["conditional"]:
            lines.append("        applies_if: cond")
        if leaf["evidence"]:
            lines.append("        evidence: [ { kind: bao_cao, title: Báo cáo kết quả } ]")
    return "\n".join(lines) + "\n"


def brute_force(
    pack: LoadedPack, evidence: LoadedEvidence, cands: CandidateSet, target: Decimal, strict: bool
) -> tuple[int | None, Decimal, Decimal, int]:
    """Every subset of candidates with at most one per leaf, re-scored as a whole.

    Returns (least effort reaching target or None, best score at that effort, best score of all,
    least effort reaching the best score).
    """
    per_leaf: dict[str, list[Candidate]] = {}
    for c in cands.candidates:
        per_leaf.setdefault(c.code, []).append(c)
    applicable = cands.base.total.applicable_max
    least: int | None = None
    at_least = Decimal(-1)
    best, best_effort = cands.base.total.score, 0
    for combo in itertools.product(*[[None, *opts] for opts in per_leaf.values()]):
        picks = [c for c in combo if c is not None]
        merged = merge_changes(picks)
        if merged is None:
            continue
        metrics, docs = merged
        result = score(
            pack,
            evidence.with_changes(metrics=metrics, documents=docs),
            strict_evidence=strict,
            goal=target,
        )
        if result.total.applicable_max != applicable:
            continue
        effort = sum(shared_efforts(picks))  # a document two picks need counts once
        value = result.total.score
        if value >= target and (least is None or effort < least):
            least, at_least = effort, value
        elif value >= target and effort == least:
            at_least = max(at_least, value)
        if value > best or (value == best and effort < best_effort):
            best, best_effort = value, effort
    return least, at_least, best, best_effort


def combos(cands: CandidateSet) -> int:
    counts: dict[str, int] = {}
    for c in cands.candidates:
        counts[c.code] = counts.get(c.code, 0) + 1
    n = 1
    for k in counts.values():
        n *= k + 1
    return n
