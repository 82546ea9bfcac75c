"""``pick: {of: CHOICE_INPUT, points: {key: P}}`` — radio choices: the points of the option the
commune's value names (``≥ 80% → 5; 65–<80% → 3; < 65% → 0``).

Every option of the input has points (load-time error otherwise), each within 0..max.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from ..expr import EvalError, Value
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath
from .base import (
    BoundsOf,
    Docs,
    KindModel,
    Level,
    Lint,
    LoadContext,
    Nested,
    NonNegative,
    Outcome,
    RuleChange,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
)
from .registry import register

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..model.pack import InputSpec
    from ..wording import Wording

__all__ = ["PickRule", "PickSpec", "check_options", "choice_label", "input_label"]


class PickSpec(KindModel):
    of: str
    points: dict[str, NonNegative]


class PickRule(KindModel):
    pick: PickSpec


def choice_label(rule: CompiledRule, name: str, key: str) -> str:
    """An option's label (its key when the pack gives none)."""
    spec = rule.specs.get(name)
    return (spec.options or {}).get(key, key) if spec is not None else key


def input_label(rule: CompiledRule, name: str) -> str:
    spec = rule.specs.get(name)
    return spec.label if spec is not None else name


def check_options(
    ctx: LoadContext,
    name: str,
    name_path: KeyPath,
    keys: Iterable[str],
    keys_path: KeyPath,
    what: tuple[str, str, str],
) -> InputSpec | None:
    """Load checks of a kind that reads a choice input: ``name`` is a choice input and ``keys``
    are exactly its options. ``what``: the issue code, the kind and what each option needs, in
    words. Returns the input when it is a choice input."""
    code, kind, needs = what
    spec = ctx.inputs.get(name)
    if spec is None:
        return None  # the expression check already says the name is unknown
    if spec.type != "choice":
        ctx.add(
            code,
            name_path,
            f"{kind} cần một đầu vào kiểu choice, '{name}' có kiểu '{spec.type}'",
            "khai báo đầu vào với type: choice",
        )
        return None
    options = spec.options or {}
    given = list(keys)
    missing = [key for key in options if key not in given]
    if missing:
        ctx.add(
            code,
            keys_path,
            f"thiếu {needs} cho lựa chọn: {', '.join(f'{k} ({options[k]})' for k in missing)}",
            f"mọi lựa chọn của đầu vào đều phải có {needs}",
        )
    for key in given:
        if key not in options:
            ctx.add(
                code,
                (*keys_path, key),
                f"'{key}' không phải một lựa chọn của '{name}'",
                "các lựa chọn: " + ", ".join(options),
            )
    return spec


class Pick(ScoreKind):
    name = "pick"
    model = PickRule
    noun = "điểm theo lựa chọn"
    kind_words = "theo lựa chọn"
    docs: ClassVar[Docs] = {
        "PickRule": (
            "pick",
            "Điểm theo lựa chọn của một đầu vào kiểu choice: mỗi lựa chọn một mức điểm.",
            {"pick": "Đầu vào lựa chọn và điểm của từng lựa chọn."},
        ),
        "PickSpec": (
            "Điểm theo lựa chọn",
            "Đầu vào kiểu choice (of) và điểm của mọi lựa chọn (points).",
            {
                "of": "Tên một đầu vào kiểu choice.",
                "points": "Khóa lựa chọn → điểm (0..max); mọi lựa chọn của đầu vào đều phải có.",
            },
        ),
    }

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        assert isinstance(rule, PickRule)
        where = (*path, "pick", "points")
        what = ("PS419", "điểm theo lựa chọn", "điểm")
        spec = check_options(
            ctx, rule.pick.of, (*path, "pick", "of"), rule.pick.points, where, what
        )
        if spec is None:
            return
        for key, pts in rule.pick.points.items():
            if key in (spec.options or {}) and pts > ctx.maximum:
                ctx.add(
                    "PS419",
                    (*where, key),
                    f"điểm của lựa chọn '{key}' ({pts}) lớn hơn điểm tối đa {ctx.maximum}",
                )

    def plan(self, rule: CompiledRule) -> RulePlan:
        assert isinstance(rule.model, PickRule)
        name = rule.model.pick.of
        table = {key: (i, pts) for i, (key, pts) in enumerate(rule.model.pick.points.items())}

        def pick(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            key = env[name]
            hit = table.get(key) if isinstance(key, str) else None
            if hit is None:
                raise EvalError(
                    f"«{input_label(rule, name)}» không có lựa chọn {key!s}: chọn một trong "
                    + ", ".join(choice_label(rule, name, k) for k in table)
                )
            return Scored(hit[1], key, None, None, hit[0], ())

        return pick

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        assert isinstance(rule.model, PickRule) and isinstance(scored.value, str)
        name, key, pts = rule.model.pick.of, scored.value, scored.points
        text = (
            f"«{input_label(rule, name)}»: lựa chọn «{choice_label(rule, name, key)}»"
            f" → {vi_number(pts)} điểm"
        )
        better = [(k, p) for k, p in rule.model.pick.points.items() if p > pts]
        if better:
            k, p = min(better, key=lambda kp: kp[1])
            text += f"; lựa chọn «{choice_label(rule, name, k)}» được {vi_number(p)} điểm"
        return Outcome(pts, f"pick: {name} = {key} → {plain(pts)}", text + ".")

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        assert isinstance(rule.model, PickRule)
        name, pts = rule.model.pick.of, words.number
        options = "; ".join(
            f"«{choice_label(rule, name, key)}»: {pts(p)} điểm"
            for key, p in rule.model.pick.points.items()
        )
        return f"Theo lựa chọn «{input_label(rule, name)}»: {options}"

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        assert isinstance(rule.model, PickRule)
        name = rule.model.pick.of
        return [
            Level(
                min(pts, maximum),
                f"{input_label(rule, name)}: {choice_label(rule, name, key)}",
            )
            for key, pts in rule.model.pick.points.items()
        ]

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        assert isinstance(rule.model, PickRule)
        points = list(rule.model.pick.points.values())
        where = (*path, "pick", "points")
        if points and max(points) < maximum:
            yield Lint(
                "PL102",
                "error",
                where,
                f"tiêu chí {code} không bao giờ đạt điểm tối đa {vi_number(maximum)}: "
                f"lựa chọn cao nhất được {vi_number(max(points))} điểm",
                "cho lựa chọn tốt nhất điểm tối đa, hoặc sửa điểm tối đa",
            )
        falling = all(a >= b for a, b in itertools.pairwise(points))
        rising = all(a <= b for a, b in itertools.pairwise(points))
        if not (falling or rising):
            yield Lint(
                "PL115",
                "info",
                where,
                f"tiêu chí {code}: điểm các lựa chọn không tăng dần hay giảm dần theo thứ tự "
                f"({'; '.join(vi_number(p) for p in points)})",
                "liệt kê các lựa chọn theo thứ tự mức điểm nếu không có lý do khác",
            )

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        assert isinstance(old, PickRule) and isinstance(new, PickRule)
        a, b = old.pick.points, new.pick.points
        for key in [*a, *(k for k in b if k not in a)]:
            if a.get(key) != b.get(key):
                yield ("threshold_changed", f"{prefix}points[{key}]", a.get(key), b.get(key))

    def field_text(self, field: str, old: Any, new: Any, say: RuleWords) -> str | None:
        if not (field.startswith("points[") and field.endswith("]")):
            return None
        key = say.option(field[len("points[") : -1])
        if old is None:
            return f"thêm điểm cho lựa chọn «{key}»: {say.value(new)}"
        if new is None:
            return f"bỏ điểm của lựa chọn «{key}» ({say.value(old)})"
        return f"điểm của lựa chọn «{key}»: {say.value(old)} → {say.value(new)}"

    def text(self, spec: Any, say: RuleWords) -> str:
        points = "; ".join(
            f"«{say.option(k, spec['of'])}» → {say.value(p)} điểm"
            for k, p in spec["points"].items()
        )
        return f"{self.noun} {say.expression(spec['of'])}: {points}"


register(Pick())
