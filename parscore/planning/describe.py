"""Vietnamese descriptions of fixes: which raw input changes, by how much, and what it gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..compiled import CompiledLeaf, LoadedPack
from ..expr import EvalError, Value, evaluate
from ..kinds import apply_rule, kind_named
from ..model.evidence import Document
from ..model.pack import InputSpec
from ..numbers import round_to, vi_number
from ..scoring import build_env
from ..vi import vi_date, vi_value
from .levels import requirement_for

__all__ = ["change_text", "describe_attach", "describe_raise", "points_text", "vi_value"]


def _unit(spec: InputSpec) -> str:
    if spec.unit == "%" or (spec.unit is None and spec.type == "percent"):
        return " điểm phần trăm"
    return f" {spec.unit}" if spec.unit else ""


def change_text(name: str, spec: InputSpec, old: Value | None, new: Value) -> str:
    """``Tăng Số hồ sơ đúng hạn (dossiers_on_time) từ 1.248 lên 1.249 (+1 hồ sơ)``."""
    label = f"{spec.label} ({name})"
    if isinstance(new, bool):
        was = vi_value(old) if old is not None else "chưa khai báo"
        return f"Chuyển «{spec.label}» ({name}) từ {was} thành {vi_value(new)}"
    if isinstance(new, dt.date):
        was = f" (hiện khai báo ngày {vi_date(old)})" if isinstance(old, dt.date) else ""
        return f"Hoàn thành «{spec.label}» ({name}) chậm nhất ngày {vi_date(new)}{was}"
    if not isinstance(old, Decimal):
        return f"Khai báo {label} = {vi_value(new)}"
    delta = new - old
    verb, word, sign = ("Tăng", "lên", "+") if delta > 0 else ("Giảm", "xuống", "−")
    return (
        f"{verb} {label} từ {vi_value(old)} {word} {vi_value(new)} "
        f"({sign}{vi_value(abs(delta))}{_unit(spec)})"
    )


def _titles(documents: Sequence[Document]) -> str:
    return "; ".join(d.title for d in documents)


def describe_raise(
    pack: LoadedPack,
    leaf: CompiledLeaf,
    metrics: Mapping[str, Value],
    changes: Mapping[str, Value],
    documents: Sequence[Document],
    requirement: str,
) -> str:
    """The change in raw inputs, the rule's value before and after, and the level reached."""
    inputs = pack.model.inputs
    parts = [
        change_text(n, inputs[n], metrics.get(n, _default(pack, n)), v) for n, v in changes.items()
    ]
    text = "; ".join(parts)
    before = build_env(pack, metrics)
    after = build_env(pack, {**metrics, **changes})
    effect = _effect(leaf, before, after, set(changes))
    maximum = leaf.criterion.max
    try:
        outcome = apply_rule(leaf.rule, maximum, after)
        reached = requirement_for(leaf.rule, maximum, outcome.points, outcome.choice) or requirement
        text += f"{effect} → đạt «{reached}»: {points_text(pack, outcome.points)}/{vi_number(maximum)} điểm"
    except EvalError:
        text += effect
    if documents:
        text += f"; kèm tài liệu kiểm chứng: {_titles(documents)}"
    if leaf.criterion.survey:
        text += " (chấm qua điều tra xã hội học: điểm là ước tính)"
    return text


def describe_attach(
    pack: LoadedPack, documents: Sequence[Document], secured: Decimal, strict: bool
) -> str:
    tail = "được tính khi thẩm định" if strict else "không bị trừ khi thẩm định"
    return (
        f"Bổ sung tài liệu kiểm chứng: {_titles(documents)} "
        f"({points_text(pack, secured)} điểm đã đạt được bảo đảm {tail})"
    )


def points_text(pack: LoadedPack, value: Decimal) -> str:
    """Points as reported: rounded once by the pack's rule, with a decimal comma."""
    rounding = pack.model.pack.rounding
    return vi_number(round_to(value, rounding.places, rounding.mode))


def _default(pack: LoadedPack, name: str) -> Value | None:
    spec = pack.model.inputs[name]
    if spec.default is None:
        return None
    return Decimal(spec.default) if type(spec.default) is int else spec.default


def _effect(
    leaf: CompiledLeaf, before: dict[str, Value], after: dict[str, Value], changed: set[str]
) -> str:
    """``(on_time_rate: 99,84 → 99,92)`` when the rule reads something other than the input."""
    rule = leaf.rule
    if kind_named(rule.kind).composite:
        try:
            choice = apply_rule(rule, leaf.criterion.max, after).choice
        except EvalError:
            return ""
        if choice is None:
            return ""
        rule = rule.alternatives[choice]
    expr = rule.expr
    if expr is None or not kind_named(rule.kind).shows_value or expr.source in changed:
        return ""
    try:
        old, new = evaluate(expr, before), evaluate(expr, after)
    except (EvalError, KeyError):
        return ""
    if isinstance(old, bool) or isinstance(new, bool) or old == new:
        return ""
    return f" ({expr.source}: {vi_value(old)} → {vi_value(new)})"
