"""``one_of: {chosen: CHOICE_INPUT, options: {key: rule}, switchable: false}`` — alternatives of
which the commune chose one: the chosen alternative is scored, the others are ignored (not the
best of them, unlike ``best_of``).

The planner keeps the commune's choice and plans within the chosen alternative, unless the pack
marks the choice ``switchable: true`` (the commune may still change it this year): then the
other alternatives are planned too, and switching the choice is a change it may propose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from ..expr import EvalError, Value
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..yamlio import KeyPath
from .base import (
    BoundsOf,
    Docs,
    KindModel,
    Level,
    Lint,
    LoadContext,
    Nested,
    Outcome,
    RuleChange,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    dump_rule,
)
from .pick import check_options, choice_label, input_label
from .registry import describe, kind_named, register, rule_levels, rule_plan, rule_ready

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..wording import Wording

    SimpleRule = BaseModel  # at run time: the union of simple kinds (see kinds/__init__.py)

__all__ = ["OneOfRule", "OneOfSpec"]


class OneOfSpec(KindModel):
    chosen: str
    options: dict[str, SimpleRule]
    switchable: bool = False


class OneOfRule(KindModel):
    one_of: OneOfSpec


def _spec(rule: CompiledRule) -> OneOfSpec:
    assert isinstance(rule.model, OneOfRule)
    return rule.model.one_of


def _alternative(rule: CompiledRule, env: Mapping[str, Value]) -> tuple[int, str] | None:
    key = env.get(_spec(rule).chosen)
    keys = list(_spec(rule).options)
    return (keys.index(key), key) if isinstance(key, str) and key in keys else None


class OneOf(ScoreKind):
    name = "one_of"
    model = OneOfRule
    noun = "phương án xã lựa chọn"
    kind_words = "theo phương án xã đã chọn"
    composite = True
    docs: ClassVar[Docs] = {
        "OneOfRule": (
            "one_of",
            "Chấm theo phương án xã đã chọn (không lấy phương án cao điểm nhất).",
            {"one_of": "Đầu vào lựa chọn phương án và cách chấm của từng phương án."},
        ),
        "OneOfSpec": (
            "Phương án xã lựa chọn",
            "Đầu vào kiểu choice (chosen) và cách chấm của từng lựa chọn (options).",
            {
                "chosen": "Tên một đầu vào kiểu choice: phương án xã đã chọn.",
                "options": "Khóa lựa chọn → cách chấm; mọi lựa chọn của đầu vào đều phải có.",
                "switchable": "true: khi lập kế hoạch được đề xuất đổi phương án; mặc định false"
                " (giữ phương án xã đã chọn).",
            },
        ),
    }
    field_words: ClassVar[dict[str, str]] = {
        "chosen": "đầu vào chọn phương án",
        "switchable": "được đổi phương án khi lập kế hoạch",
    }

    def expression(self, rule: BaseModel, path: KeyPath) -> tuple[str, KeyPath]:
        assert isinstance(rule, OneOfRule)
        return rule.one_of.chosen, (*path, "one_of", "chosen")

    def parts(self, rule: BaseModel, path: KeyPath) -> list[tuple[BaseModel, KeyPath]]:
        assert isinstance(rule, OneOfRule)
        return [(alt, (*path, "one_of", "options", k)) for k, alt in rule.one_of.options.items()]

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        assert isinstance(rule, OneOfRule)
        spec = rule.one_of
        where = (*path, "one_of")
        what = ("PS422", "phương án xã lựa chọn", "cách chấm")
        check_options(ctx, spec.chosen, (*where, "chosen"), spec.options, (*where, "options"), what)

    def plan(self, rule: CompiledRule) -> RulePlan:
        plans = {
            key: rule_plan(alt)
            for key, alt in zip(_spec(rule).options, rule.alternatives, strict=True)
        }
        index = {key: i for i, key in enumerate(plans)}

        def one_of(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            key = env[_spec(rule).chosen]
            run = plans.get(key) if isinstance(key, str) else None
            if run is None or not isinstance(key, str):
                raise EvalError(f"phương án {key!s} không có trong các lựa chọn")
            scored = run(maximum, env)
            i = index[key]
            parts = tuple(scored if j == i else None for j in range(len(plans)))
            return Scored(scored.points, key, scored.met, i, None, parts)

        return one_of

    def ready(self, rule: CompiledRule) -> Callable[[Mapping[str, Value]], bool]:
        def ready(env: Mapping[str, Value]) -> bool:
            found = _alternative(rule, env)
            if found is None:
                return _spec(rule).chosen in env  # a wrong value is an error, not missing
            return rule_ready(rule.alternatives[found[0]], env)

        return ready

    def needed(self, rule: CompiledRule, env: Mapping[str, Value]) -> frozenset[str] | None:
        found = _alternative(rule, env)
        if found is None:
            return None
        alt = rule.alternatives[found[0]]
        names = {_spec(rule).chosen, *(alt.expr.names if alt.expr is not None else ())}
        return frozenset(names)

    def choice_words(self, rule: CompiledRule, choice: int) -> str:
        key = list(_spec(rule).options)[choice]
        return f"phương án «{choice_label(rule, _spec(rule).chosen, key)}»"

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        assert scored.choice is not None and isinstance(scored.value, str)
        inner = scored.parts[scored.choice]
        assert inner is not None
        chosen = describe(rule.alternatives[scored.choice], maximum, inner, words)
        label = choice_label(rule, _spec(rule).chosen, scored.value)
        return Outcome(
            chosen.points,
            f"one_of: {scored.value} → {plain(chosen.points)} ({chosen.rule})",
            f"Xã chọn phương án «{label}» (các phương án khác không tính): {chosen.explanation}",
            met=chosen.met,
            choice=scored.choice,
        )

    def _prefixed(self, rule: CompiledRule, i: int, maximum: Decimal) -> list[Level]:
        key = list(_spec(rule).options)[i]
        label = choice_label(rule, _spec(rule).chosen, key)
        return [
            Level(lv.points, f"phương án «{label}»: {lv.requirement}", lv.measured)
            for lv in rule_levels(rule.alternatives[i], maximum)
        ]

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        name = _spec(rule).chosen
        alts = [
            f"«{choice_label(rule, name, key)}»: "
            + kind_named(alt.kind).rule_words(alt, maximum, words)
            for key, alt in zip(_spec(rule).options, rule.alternatives, strict=True)
        ]
        return f"Theo phương án xã chọn ({input_label(rule, name)}): " + "; ".join(alts)

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        out = [lv for i in range(len(rule.alternatives)) for lv in self._prefixed(rule, i, maximum)]
        return sorted(out, key=lambda lv: lv.points)

    def levels_for(
        self, rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]
    ) -> list[Level]:
        found = _alternative(rule, env)
        if _spec(rule).switchable or found is None:
            return self.levels(rule, maximum)
        return self._prefixed(rule, found[0], maximum)

    def fixed_inputs(self, rule: CompiledRule) -> frozenset[str]:
        return frozenset() if _spec(rule).switchable else frozenset({_spec(rule).chosen})

    def level_at(
        self, rule: CompiledRule, maximum: Decimal, points: Decimal, choice: int | None
    ) -> Level | None:
        if choice is None:
            return super().level_at(rule, maximum, points, choice)
        met = [lv for lv in self._prefixed(rule, choice, maximum) if lv.points <= points]
        return max(met, key=lambda lv: lv.points) if met else None

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        for key, alt in zip(_spec(rule).options, rule.alternatives, strict=True):
            where = (*path, "one_of", "options", key)
            yield from kind_named(alt.kind).reach(code, maximum, alt, bounds_of, where)

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        assert isinstance(old, OneOfRule) and isinstance(new, OneOfRule)
        a, b = old.one_of, new.one_of
        if a.switchable != b.switchable:
            yield ("rule_changed", prefix + "switchable", a.switchable, b.switchable)
        for key in [*a.options, *(k for k in b.options if k not in a.options)]:
            x, y = a.options.get(key), b.options.get(key)
            where = f"{prefix}options[{key}]"
            if x is None or y is None:
                yield ("rule_changed", where, dump_rule(x), dump_rule(y))
            elif x != y:
                yield from nested(x, y, where + ".")

    def text(self, spec: Any, say: RuleWords) -> str:
        options = " | ".join(
            f"«{say.option(k, spec['chosen'])}»: {say.rule(alt)}"
            for k, alt in spec["options"].items()
        )
        return f"{self.noun} theo {say.expression(spec['chosen'])}: {options}"


register(OneOf())
