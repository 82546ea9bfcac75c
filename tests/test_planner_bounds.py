"""Fix candidates for inputs with a declared maximum: the most the bounds allow is planned as the
best within reach, and the level out of reach says the maximum is why."""

from __future__ import annotations

from decimal import Decimal

from parscore.planning import fix_candidates
from parscore.scoring import score

from .test_planner import commune, make_pack


def test_a_declared_maximum_below_full_marks_plans_the_most_it_allows():
    """``visits`` declared at most 80, scored linear from 0 to 100: full marks are past the
    maximum, so the value at the maximum (3,2 of 4 points) is planned as the best within reach,
    and the level out of reach says the maximum is why."""
    pack = make_pack(
        "  visits: { label: Số lượt truy cập, type: number, min: 0, max: 80, unit: lượt }",
        [("1.1", "4", "score: { linear: { of: visits, from: 0, to: 100 } }")],
    )
    ev = commune({"visits": Decimal(40)})
    cands = fix_candidates(pack, ev)
    best = max(cands.candidates, key=lambda c: c.points_after)
    assert best.metrics == {"visits": Decimal(80)} and best.points_after == Decimal("3.2")
    assert (
        best.points_after == score(pack, ev.with_changes(metrics=best.metrics)).leaf("1.1").points
    )
    [blocked] = cands.blocked
    assert blocked.points == 4
    assert blocked.reason == (
        "Không đạt được: «Số lượt truy cập» không vượt quá 80 lượt (giới hạn khai báo của đầu"
        " vào): cao nhất đạt 3,2/4 điểm."
    )


def test_inputs_moved_together_to_their_declared_maximum_plan_the_most_they_allow():
    """``min(a, b)`` linear from 0 to 100, ``a`` at most 80 and ``b`` at most 90: neither alone
    nor both together reach full marks; both at 80 (3,2 of 4 points) is the best within reach."""
    pack = make_pack(
        "  a: { label: A, type: number, min: 0, max: 80 }\n"
        "  b: { label: B, type: number, min: 0, max: 90 }",
        [("1.1", "4", 'score: { linear: { of: "min(a, b)", from: 0, to: 100 } }')],
    )
    cands = fix_candidates(pack, commune({"a": Decimal(40), "b": Decimal(30)}))
    best = max(cands.candidates, key=lambda c: c.points_after)
    assert best.metrics == {"a": Decimal(80), "b": Decimal(80)}
    assert best.points_after == Decimal("3.2")
    [blocked] = cands.blocked
    assert blocked.reason == (
        "Không đạt được: «A» không vượt quá 80, «B» không vượt quá 90 (giới hạn khai báo của đầu"
        " vào): cao nhất đạt 3,2/4 điểm."
    )


def test_a_maximum_an_input_falls_from_is_not_said_as_the_reason():
    """Incidents (year to date, at most 10) cannot be planned down, and raising them to their
    maximum only loses points: the level out of reach says the count cannot fall, not that the
    maximum stops it."""
    pack = make_pack(
        "  incidents: { label: Số sự cố, type: count, min: 0, max: 10, year_to_date: true }",
        [("1.1", "2", 'score: { check: "incidents <= 2" }')],
    )
    cands = fix_candidates(pack, commune({"incidents": Decimal(5)}))
    [blocked] = cands.blocked
    assert cands.candidates == () and "không giảm được" in blocked.reason
