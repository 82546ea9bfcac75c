"""The registry of scoring kinds, the ``score`` union built from it, and the functions that ask
a compiled rule's kind for its points, words and levels."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Union
from weakref import WeakKeyDictionary

from pydantic import BaseModel, Discriminator, Tag

from ..expr import Value
from .base import ORDER, Level, Outcome, RulePlan, Scored, ScoreKind

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..wording import Wording

__all__ = [
    "all_kinds",
    "apply_rule",
    "describe",
    "kind_named",
    "kind_of",
    "register",
    "rule_levels",
    "rule_plan",
    "rule_points",
    "rule_ready",
    "rule_union",
]

_KINDS: dict[str, ScoreKind] = {}
_BY_MODEL: dict[type, ScoreKind] = {}


def register(kind: ScoreKind) -> ScoreKind:
    assert kind.name in ORDER, kind.name
    _KINDS[kind.name] = kind
    _BY_MODEL[kind.model] = kind
    return kind


def kind_named(name: str) -> ScoreKind:
    return _KINDS[name]


def kind_of(rule: BaseModel) -> ScoreKind:
    """The kind of a score rule model."""
    return _BY_MODEL[type(rule)]


def all_kinds() -> tuple[ScoreKind, ...]:
    """Registered kinds, in :data:`ORDER`."""
    return tuple(_KINDS[n] for n in ORDER if n in _KINDS)


def _rule_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        kind = _BY_MODEL.get(type(value))
        return kind.name if kind is not None else None
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in _KINDS else None
    return None


def rule_union(*, simple: bool) -> Any:
    """The tagged union of the kinds registered so far (``simple``: without composite kinds)."""
    members = tuple(
        Annotated[k.model, Tag(k.name)] for k in all_kinds() if not (simple and k.composite)
    )
    return Annotated[
        Union[members],  # noqa: UP007 - a union built from a tuple
        Discriminator(
            _rule_tag,
            custom_error_type="score_kind",
            custom_error_message="cần đúng một kiểu chấm điểm",
        ),
    ]


# -- asking the kind of a compiled rule --------------------------------------------------------------

# Each rule is prepared once into a function of (maximum, env): its numbers (tier bounds, from/to,
# due date…) are read from the pack model once instead of on every commune.
_PLANS: WeakKeyDictionary[CompiledRule, RulePlan] = WeakKeyDictionary()


def rule_plan(rule: CompiledRule) -> RulePlan:
    """The prepared function behind :func:`rule_points` (made once per rule)."""
    run = _PLANS.get(rule)
    if run is None:
        run = _PLANS[rule] = _KINDS[rule.kind].plan(rule)
    return run


def rule_points(rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]) -> Scored:
    """The points of one rule, without the words. Raises EvalError."""
    return rule_plan(rule)(maximum, env)


def describe(rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording) -> Outcome:
    """The rule trace and the Vietnamese explanation of an outcome computed by rule_points
    (``words``: the pack's, for the units of its numbers)."""
    return _KINDS[rule.kind].describe(rule, maximum, scored, words)


def apply_rule(
    rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value], words: Wording
) -> Outcome:
    """Score one rule against ``maximum`` with the values in ``env``. Raises EvalError."""
    return describe(rule, maximum, rule_points(rule, maximum, env), words)


def rule_ready(rule: CompiledRule, env: Mapping[str, Value]) -> bool:
    """Whether ``env`` holds the values the rule needs to be scored."""
    ready = _KINDS[rule.kind].ready(rule)
    if ready is not None:
        return ready(env)
    return rule.expr is not None and rule.expr.names <= env.keys()


def rule_levels(rule: CompiledRule, maximum: Decimal) -> list[Level]:
    """Every level a rule can give (see :meth:`ScoreKind.levels`)."""
    return _KINDS[rule.kind].levels(rule, maximum)
