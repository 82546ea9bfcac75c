"""How each leaf is decided, prepared once per leaf: declared not applicable, ``applies_if``
false, inputs missing, an evaluation error, or scored (with the rule's numbers, no words yet).

The general path, and the reference: :func:`parscore.scoring.score` and
:func:`parscore.totals.score_totals` take it for whatever the direct path (:mod:`parscore.leaf_direct`,
:mod:`parscore.pack_direct`) leaves to it, and ``score()`` decides a leaf again here to write its
words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from weakref import WeakKeyDictionary

from .compiled import CompiledLeaf
from .expr import EvalError, Value, evaluate
from .kinds import Scored, kind_named, rule_plan
from .model.evidence import Evidence

__all__ = ["LeafDecision", "LeafPlan", "decide_leaf", "leaf_plan"]

LeafDecision = tuple[str, Scored | str | None]
LeafPlan = Callable[[Mapping[str, Value], Evidence], LeafDecision]
_LEAF_PLANS: WeakKeyDictionary[CompiledLeaf, LeafPlan] = WeakKeyDictionary()


def decide_leaf(leaf: CompiledLeaf, env: Mapping[str, Value], evidence: Evidence) -> LeafDecision:
    """What happens to a leaf, before any words: ``("na_declared", reason)``, ``("na", None)``
    (applies_if false), ``("missing", None)``, ``("error", message)`` or ``("scored", Scored)``."""
    return leaf_plan(leaf)(env, evidence)


def leaf_plan(leaf: CompiledLeaf) -> LeafPlan:
    """The prepared function behind :func:`decide_leaf` (made once per leaf)."""
    plan = _LEAF_PLANS.get(leaf)
    if plan is None:
        plan = _LEAF_PLANS[leaf] = _leaf_plan(leaf)
    return plan


def _leaf_plan(leaf: CompiledLeaf) -> LeafPlan:
    c = leaf.criterion
    code, key, maximum = c.code, c.key, c.max
    applies = leaf.applies_if
    rule = leaf.rule
    run = rule_plan(rule)
    ready = kind_named(rule.kind).ready(rule)  # None: the names of the rule's expression
    needs = rule.expr.names if rule.expr is not None else frozenset()

    def decide(env: Mapping[str, Value], evidence: Evidence) -> LeafDecision:
        declared = evidence.not_applicable
        if declared:
            reason = declared.get(code, declared.get(key))
            if reason is not None:
                return "na_declared", reason
        keys = env.keys()
        if applies is not None:
            if not applies.names <= keys:
                return "missing", None
            try:
                if not evaluate(applies, env):
                    return "na", None
            except EvalError as exc:
                return "error", str(exc)
        if ready is None:
            if not needs <= keys:
                return "missing", None
        elif not ready(env):
            return "missing", None
        try:
            return "scored", run(maximum, env)
        except EvalError as exc:
            return "error", str(exc)

    return decide
