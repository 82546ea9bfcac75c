"""Reachability of a leaf's points: steps that can never apply, maxima that can never be reached.

The range of a rule's value is known when its ``of`` is a declared input alone: the input's
``min``/``max``, with the loader's defaults (a ``count`` is ≥ 0, a ``percent`` lies in 0–100).
Derived values and other expressions are not bounded here, so only the plain numbers of the rule
are checked for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..compiled import CompiledLeaf, CompiledRule, LoadedPack
from ..model.pack import CountRule, DeadlineRule, DeductRule, LinearRule, TiersRule
from ..numbers import vi_number
from ..yamlio import KeyPath
from .finding import Finding

__all__ = ["Range", "input_range", "reach_findings"]


@dataclass(frozen=True)
class Range:
    """Declared bounds of a value (``None``: unbounded on that side) and where they come from."""

    lo: Decimal | None
    hi: Decimal | None
    name: str

    def text(self) -> str:
        lo = vi_number(self.lo) if self.lo is not None else "−∞"
        hi = vi_number(self.hi) if self.hi is not None else "+∞"
        return f"'{self.name}' chỉ nhận giá trị từ {lo} đến {hi}"


def input_range(pack: LoadedPack, rule: CompiledRule) -> Range | None:
    """The declared range of the rule's ``of`` when it is a declared input alone."""
    expr = rule.expr
    if expr is None or len(expr.names) != 1:
        return None
    name = next(iter(expr.names))
    if expr.source.strip() != name:
        return None
    spec = pack.model.inputs.get(name)
    if spec is None or spec.type in ("bool", "date"):
        return None
    lo = (
        spec.min
        if spec.min is not None
        else (Decimal(0) if spec.type in ("count", "percent") else None)
    )
    hi = spec.max if spec.max is not None else (Decimal(100) if spec.type == "percent" else None)
    if lo is None and hi is None:
        return None
    return Range(lo, hi, name)


def reach_findings(pack: LoadedPack, leaf: CompiledLeaf) -> Iterator[Finding]:
    """Unreachable steps and maxima of one leaf (``best_of``: the maximum of any alternative)."""
    c = leaf.criterion
    base: KeyPath = (*leaf.path, "score")
    rule = leaf.rule
    if rule.kind == "best_of":
        reachable = False
        per_alt: list[Finding] = []
        for i, alt in enumerate(rule.alternatives):
            found = list(_rule_findings(pack, c.code, c.max, alt, (*base, "best_of", i)))
            per_alt += [f for f in found if f.code != "PL102"]
            reachable |= not any(f.code in ("PL102", "PL103", "PL105") for f in found)
        yield from per_alt
        if not reachable and c.max > 0:
            yield Finding(
                "PL102",
                "error",
                base,
                f"không phương án nào của tiêu chí {c.code} đạt được điểm tối đa {vi_number(c.max)}",
                "sửa ngưỡng hoặc điểm của ít nhất một phương án",
            )
        return
    found = list(_rule_findings(pack, c.code, c.max, rule, base))
    yield from (f for f in found if c.max > 0 or f.code != "PL102")


def _rule_findings(
    pack: LoadedPack, code: str, maximum: Decimal, rule: CompiledRule, path: KeyPath
) -> Iterator[Finding]:
    model = rule.model
    bounds = input_range(pack, rule)
    if isinstance(model, TiersRule):
        yield from _tiers(code, maximum, model, bounds, (*path, "tiers", "steps"))
    elif isinstance(model, LinearRule):
        yield from _linear(code, model, bounds, (*path, "linear"))
    elif isinstance(model, CountRule):
        each = model.count.each
        where = (*path, "count", "each")
        if each == 0:
            yield Finding(
                "PL105",
                "error",
                where,
                f"tiêu chí {code}: mỗi đơn vị được 0 điểm (each = 0), không bao giờ có điểm",
                "ghi số điểm cho mỗi đơn vị",
            )
        elif bounds is not None and bounds.hi is not None and bounds.hi * each < maximum:
            yield Finding(
                "PL102",
                "error",
                where,
                f"tiêu chí {code}: {bounds.text()}, nên được tối đa "
                f"{vi_number(bounds.hi * each)} điểm (mỗi đơn vị {vi_number(each)}), "
                f"không đạt điểm tối đa {vi_number(maximum)}",
                "tăng 'each' hoặc sửa giá trị tối đa của đầu vào",
            )
    elif isinstance(model, DeductRule) and model.deduct.each == 0:
        yield Finding(
            "PL106",
            "warning",
            (*path, "deduct", "each"),
            f"tiêu chí {code}: mỗi vi phạm trừ 0 điểm (each = 0), tiêu chí không bao giờ mất điểm",
            "ghi số điểm bị trừ cho mỗi vi phạm",
        )
    elif isinstance(model, DeadlineRule) and model.deadline.late == maximum and maximum > 0:
        yield Finding(
            "PL107",
            "warning",
            (*path, "deadline", "late"),
            f"tiêu chí {code}: trễ hạn vẫn được đủ {vi_number(maximum)} điểm (late = max), "
            "hạn chót không có tác dụng",
            "giảm điểm khi trễ hạn (late)",
        )


def _holds_always(lower: bool, bound: Decimal, r: Range | None) -> bool:
    if r is None:
        return False
    if lower:
        return r.hi is not None and r.hi <= bound
    return r.lo is not None and r.lo >= bound


def _never_holds(lower: bool, bound: Decimal, r: Range | None) -> bool:
    if r is None:
        return False
    if lower:
        return r.lo is not None and r.lo > bound
    return r.hi is not None and r.hi < bound


def _tiers(
    code: str, maximum: Decimal, model: TiersRule, bounds: Range | None, path: KeyPath
) -> Iterator[Finding]:
    steps = model.tiers.steps
    lower = model.tiers.lower_is_better
    sign = "≤" if lower else "≥"
    shadow: int | None = None  # the first step that always holds
    best: Decimal | None = None  # points of the best step that can hold
    for i, step in enumerate(steps):
        where = (*path, i, "max" if lower else "min")
        if shadow is not None:
            yield Finding(
                "PL101",
                "error",
                where,
                f"tiêu chí {code}: bậc {i + 1} ({sign} {vi_number(step.bound)}) không bao giờ được "
                f"áp dụng vì bậc {shadow + 1} luôn đạt ({bounds.text() if bounds else ''})",
                "bỏ bậc này hoặc sửa ngưỡng các bậc",
            )
            continue
        if _never_holds(lower, step.bound, bounds):
            assert bounds is not None
            yield Finding(
                "PL101",
                "error",
                where,
                f"tiêu chí {code}: bậc {i + 1} ({sign} {vi_number(step.bound)}) không bao giờ đạt: "
                f"{bounds.text()}",
                "sửa ngưỡng trong khoảng giá trị của đầu vào, hoặc sửa min/max của đầu vào",
            )
            continue
        if best is None:
            best = step.points
        if _holds_always(lower, step.bound, bounds):
            shadow = i
        if i > 0 and step.points == steps[i - 1].points:
            yield Finding(
                "PL108",
                "info",
                (*path, i, "points"),
                f"tiêu chí {code}: bậc {i + 1} cho cùng số điểm với bậc {i} "
                f"({vi_number(step.points)}), một trong hai bậc là thừa",
            )
    if best is None or best < maximum:
        top = max(s.points for s in steps)
        reason = (
            f"điểm cao nhất của các bậc là {vi_number(top)}"
            if top < maximum
            else "bậc được điểm tối đa không bao giờ đạt"
        )
        yield Finding(
            "PL102",
            "error",
            path,
            f"tiêu chí {code} không bao giờ đạt điểm tối đa {vi_number(maximum)}: {reason}",
            "sửa điểm của bậc cao nhất cho bằng điểm tối đa, hoặc sửa điểm tối đa",
        )


def _linear(code: str, model: LinearRule, bounds: Range | None, path: KeyPath) -> Iterator[Finding]:
    a, b = model.linear.from_, model.linear.to
    if bounds is None or a == b:
        return
    lower = a > b
    if _never_holds(lower, b, bounds):
        yield Finding(
            "PL103",
            "error",
            (*path, "to"),
            f"tiêu chí {code}: điểm tối đa cần giá trị {'≤' if lower else '≥'} {vi_number(b)} (to), "
            f"nhưng {bounds.text()}",
            "sửa 'to' trong khoảng giá trị của đầu vào",
        )
    never_zero = (
        bounds.hi is not None and bounds.hi < a
        if lower
        else bounds.lo is not None and bounds.lo > a
    )
    if never_zero:
        yield Finding(
            "PL104",
            "warning",
            (*path, "from"),
            f"tiêu chí {code}: 'from' = {vi_number(a)} nằm ngoài khoảng giá trị của đầu vào "
            f"({bounds.text()}): xã luôn được một phần điểm",
            "đặt 'from' trong khoảng giá trị của đầu vào",
        )
