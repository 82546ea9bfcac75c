"""Scoring: each kind at its edges, statuses, claims, strict evidence, and the JSON shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence, evidence_from_data, pack_from_text
from parscore.model.evidence import Evidence
from parscore.scoring import score
from parscore.yamlio import parse_yaml

PACK = """
pack: {id: t/xa/2025, title: T, province: T, level: xa, year: 2025, status: provisional, total: 10,
       goal: {total: 80}, bands: [{min: 80, label: Khá}, {min: 0, label: Yếu}]}
inputs:
  v: {label: V, type: number}
  d: {label: D, type: date}
  n: {label: N, type: count}
criteria:
  - code: "1"
    title: F
    max: 10
    children:
      - {code: "1.1", title: Tiers, max: 2, score: {tiers: {of: v, steps: [{min: 90, points: 2}, {min: 50, points: 1}]}}}
      - {code: "1.2", title: Linear down, max: 2, score: {linear: {of: v, from: 100, to: 0}}}
      - {code: "1.3", title: Deadline, max: 2, score: {deadline: {of: d, due: 2025-07-30, late: 0.5}}}
      - {code: "1.4", title: Count, max: 2, score: {count: {of: n, each: 0.75}}}
      - {code: "1.5", title: Formula, max: 2, score: {formula: "v / 10 - 5"}}
"""


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return pack_from_text(PACK)


def run(pack: LoadedPack, **metrics: Any) -> Any:
    values = {k: Decimal(v) if isinstance(v, int | str) else v for k, v in metrics.items()}
    return score(pack, LoadedEvidence(Evidence(commune="X"), values))


@pytest.mark.parametrize(
    ("v", "tiers", "linear", "formula"),
    [
        ("90", "2", "0.2", "2"),
        ("89.999", "1", "0.20002", "2"),
        ("50", "1", "1", "0"),
        ("49.99", "0", "1.0002", "0"),
        ("0", "0", "2", "0"),
        ("120", "2", "0", "2"),
        ("-5", "0", "2", "0"),
    ],
)
def test_tiers_linear_formula_edges(
    pack: LoadedPack, v: str, tiers: str, linear: str, formula: str
) -> None:
    result = run(pack, v=v, d=dt.date(2025, 7, 30), n=0)
    assert result.leaf("1.1").points == Decimal(tiers)
    assert result.leaf("1.2").points == Decimal(linear)
    assert result.leaf("1.5").points == Decimal(formula)


@pytest.mark.parametrize(
    ("day", "points"),
    [(dt.date(2025, 7, 30), "2"), (dt.date(2025, 7, 31), "0.5"), (dt.date(2024, 1, 1), "2")],
)
def test_deadline(pack: LoadedPack, day: dt.date, points: str) -> None:
    assert run(pack, v=0, d=day, n=0).leaf("1.3").points == Decimal(points)


def test_count_is_capped(pack: LoadedPack) -> None:
    assert run(pack, v=0, d=dt.date(2025, 1, 1), n=2).leaf("1.4").points == Decimal("1.5")
    assert run(pack, v=0, d=dt.date(2025, 1, 1), n=9).leaf("1.4").points == 2


def test_missing_input_scores_zero_with_status(pack: LoadedPack) -> None:
    result = run(pack, v=95)
    leaf = result.leaf("1.3")
    assert (leaf.status, leaf.points, leaf.missing_inputs) == ("missing", 0, ("d",))
    assert result.leaf("1.1").status == "full"


def test_totals_are_exact_then_rounded(pack: LoadedPack) -> None:
    result = run(pack, v="33.33", d=dt.date(2025, 7, 1), n=1)
    t = result.total
    # 1.1: 0; 1.2: 2 × (100 − 33.33)/100 = 1.3334; 1.3: 2; 1.4: 0.75; 1.5: clamp(−1.667) = 0
    assert t.points == Decimal("4.0834")
    assert t.score == Decimal("40.83")
    assert t.band == "Yếu" and t.gap == Decimal("39.17") and t.goal_met is False


def test_claims_over_computed_points_are_flagged(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    result = score(sample_pack, sample_evidence)
    assert result.leaf("1.1").over_claim is True
    assert result.leaf("3.2.2").over_claim is False
    assert [w.criterion for w in result.warnings if w.code == "W010"] == ["1.1"]


def test_strict_evidence_zeroes_at_risk_leaves(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    lenient = score(sample_pack, sample_evidence)
    strict = score(sample_pack, sample_evidence, strict_evidence=True)
    assert lenient.leaf("1.1").status == strict.leaf("1.1").status == "at_risk"
    assert lenient.leaf("1.1").points == Decimal("0.5")
    assert strict.leaf("1.1").points == 0
    assert strict.total.points == lenient.total.points - Decimal("0.5")


def test_tracked_leaves_carry_no_points(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    result = score(sample_pack, sample_evidence)
    leaf = result.leaf("9.1")
    assert leaf.tracked and leaf.met is True and leaf.points == 0 and leaf.max == 0


def test_inputs_are_not_mutated(sample_pack: LoadedPack, sample_evidence: LoadedEvidence) -> None:
    before = dict(sample_evidence.metrics)
    score(sample_pack, sample_evidence)
    changed = sample_evidence.with_changes(metrics={"initiatives": Decimal(3)})
    assert sample_evidence.metrics == before
    assert score(sample_pack, changed).leaf("1.3").points == Decimal("1.5")


def test_json_has_the_shape_of_formats_section_3(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    data = score(sample_pack, sample_evidence).to_dict()
    assert set(data) >= {"pack", "commune", "year", "as_of", "total", "criteria", "warnings"}
    assert set(data["pack"]) == {"id", "revision", "sha256", "status"}
    assert set(data["total"]) == {
        "points",
        "points_display",
        "max",
        "applicable_max",
        "score",
        "band",
        "goal",
        "gap",
        "goal_met",
    }
    assert data["total"] == {
        "points": "10.7",
        "points_display": "10.7",
        "max": "20",
        "applicable_max": "20",
        "score": "53.5",
        "band": "Yếu",
        "goal": "90",
        "gap": "36.5",
        "goal_met": False,
    }
    field = data["criteria"][1]
    assert set(field) >= {"code", "title", "points", "max", "applicable_max", "status", "children"}
    leaf = next(c for c in field["children"] if c["code"] == "3.2.2")
    assert set(leaf) >= {
        "code",
        "points",
        "max",
        "lost",
        "status",
        "inputs",
        "rule",
        "evidence",
        "claim",
        "appraisal",
    }
    assert leaf["inputs"]["on_time_rate"] == "99.84"
    assert leaf["rule"] == "tiers: 99.84 ≥ 98 → 0.5 (next: ≥ 99.9 → 1)"
    assert leaf["evidence"] == {"required": 1, "found": 1, "missing": [], "documents": ["bc-01"]}
    assert leaf["points"] == "0.5" and leaf["lost"] == "0.5" and leaf["status"] == "partial"
    assert all(isinstance(v, str) for v in data["total"].values() if not isinstance(v, bool | None))


def test_json_points_are_exact_with_rounded_display_figures(sample_pack: LoadedPack) -> None:
    """A 0.025-point leaf is "0.025" in JSON (its display figure "0.03"), so exact leaf points
    add up to exact totals, and points + lost = applicable maximum exactly."""
    evidence = evidence_from_data(
        parse_yaml("commune: X\nmetrics: {online_rate: 50.625}\n", "x.yaml"), sample_pack
    )
    data = score(sample_pack, evidence).to_dict()

    def leaves(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for node in nodes:
            out.extend(leaves(node["children"]) if "children" in node else [node])
        return out

    every = leaves(data["criteria"])
    online = next(leaf for leaf in every if leaf["code"] == "3.3")
    assert (online["points"], online["points_display"]) == ("0.025", "0.03")
    assert (online["lost"], online["lost_display"]) == ("1.975", "1.98")
    for leaf in every:
        assert Decimal(leaf["points"]) + Decimal(leaf["lost"]) == Decimal(leaf["applicable_max"])
    assert sum(Decimal(leaf["points"]) for leaf in every) == Decimal(data["total"]["points"])
