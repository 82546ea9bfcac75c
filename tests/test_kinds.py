"""parscore.kinds: points and words come from one decision for every scoring kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings

from parscore.compiled import LoadedPack
from parscore.kinds import apply_rule, rule_points
from parscore.scoring import build_env
from parscore.wording import Wording

from .test_properties import metrics_strategy


def test_best_of_reports_the_winning_alternative(sample_pack: LoadedPack) -> None:
    rule = sample_pack.leaves["3.5"].rule
    env = {"digitized_rate": Decimal(90), "reuse_rate": Decimal(50)}
    outcome = apply_rule(rule, Decimal(2), env, Wording(sample_pack))
    assert (outcome.points, outcome.choice) == (Decimal("1.8"), 0)
    assert outcome.rule.startswith("best_of: max(1.8, 0) → 1.8 (#1: linear")
    env["reuse_rate"] = Decimal(80)
    assert apply_rule(rule, Decimal(2), env, Wording(sample_pack)).choice == 1


def test_deadline_words_use_vietnamese_dates(sample_pack: LoadedPack) -> None:
    rule = sample_pack.leaves["1.1"].rule
    outcome = apply_rule(
        rule, Decimal(1), {"cchc_plan_issued": dt.date(2025, 8, 5)}, Wording(sample_pack)
    )
    assert outcome.points == Decimal("0.5") and outcome.met is False
    assert "05/08/2025" in outcome.explanation and "30/07/2025" in outcome.explanation


@settings(max_examples=40, deadline=None)
@given(metrics_strategy)
def test_points_without_words_equal_points_with_words(
    sample_pack: LoadedPack, metrics: dict[str, object]
) -> None:
    env = build_env(sample_pack, metrics)  # type: ignore[arg-type]
    words = Wording(sample_pack)
    for code, leaf in sample_pack.leaves.items():
        exprs = [leaf.rule.expr] if leaf.rule.expr else [a.expr for a in leaf.rule.alternatives]
        if not any(e is not None and e.names <= env.keys() for e in exprs):
            continue
        if leaf.rule.expr is not None and not leaf.rule.expr.names <= env.keys():
            continue
        maximum = leaf.criterion.max
        assert (
            rule_points(leaf.rule, maximum, env).points
            == apply_rule(leaf.rule, maximum, env, words).points
        ), code
