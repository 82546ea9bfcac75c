"""Each leaf's decision before any words: declared n/a, applies_if false, missing, error, scored."""

from __future__ import annotations

from decimal import Decimal

from parscore.kinds import Scored
from parscore.leaf_plans import decide_leaf, leaf_plan
from parscore.loader import evidence_from_data, pack_from_text
from parscore.scoring import build_env
from parscore.yamlio import parse_yaml

PACK = pack_from_text(
    """
pack: { id: t/xa/2025, title: T, province: T, level: xa, year: 2025, status: provisional, total: 3 }
inputs:
  has_units: { label: Có đơn vị, type: bool }
  units: { label: Số đơn vị, type: count }
  spent: { label: Chi, type: number }
criteria:
  - code: "1"
    title: Một
    max: 3
    children:
      - { code: "1.1", title: A, max: 1, applies_if: has_units, score: { count: { of: units, each: 1 } } }
      - { code: "1.2", id: b, title: B, max: 1, na_allowed: true, score: { check: has_units } }
      - { code: "1.3", title: C, max: 1, score: { formula: "spent / (units - units)" } }
"""
)


def _decide(metrics: str, extra: str = "") -> dict[str, tuple[str, object]]:
    evidence = evidence_from_data(parse_yaml(f"commune: X\nmetrics: {metrics}\n{extra}"), PACK)
    env = build_env(PACK, evidence.metrics)
    return {code: decide_leaf(leaf, env, evidence.model) for code, leaf in PACK.leaves.items()}


def test_states() -> None:
    d = _decide("{ has_units: false }", 'not_applicable: { b: "không có" }')
    assert d["1.1"] == ("na", None)
    assert d["1.2"] == ("na_declared", "không có")  # declared under the stable id
    assert d["1.3"] == ("missing", None)
    d = _decide("{ has_units: true, units: 2, spent: 5 }")
    assert d["1.1"][0] == "scored" and isinstance(d["1.1"][1], Scored)
    assert d["1.1"][1].points == Decimal(1)  # 2 × 1, capped at the maximum
    assert d["1.2"][0] == "scored" and d["1.2"][1].met is True  # type: ignore[union-attr]
    state, message = d["1.3"]
    assert state == "error" and "chia cho 0" in str(message)
    d = _decide("{ units: 2 }")
    assert d["1.1"] == ("missing", None)  # applies_if cannot be told without has_units


def test_plans_are_made_once_per_leaf() -> None:
    leaf = PACK.leaves["1.1"]
    assert leaf_plan(leaf) is leaf_plan(leaf)
