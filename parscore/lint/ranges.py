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
from ..kinds import kind_named
from ..numbers import vi_number
from .finding import Finding

__all__ = ["Range", "declared_range", "input_range", "reach_findings"]


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

    def holds_always(self, lower: bool, bound: Decimal) -> bool:
        """Whether ``value ≤ bound`` (``lower``) or ``value ≥ bound`` holds for every value."""
        if lower:
            return self.hi is not None and self.hi <= bound
        return self.lo is not None and self.lo >= bound

    def never_holds(self, lower: bool, bound: Decimal) -> bool:
        """Whether ``value ≤ bound`` (``lower``) or ``value ≥ bound`` holds for no value."""
        if lower:
            return self.lo is not None and self.lo > bound
        return self.hi is not None and self.hi < bound


def input_range(pack: LoadedPack, rule: CompiledRule) -> Range | None:
    """The declared range of the rule's ``of`` when it is a declared input alone."""
    expr = rule.expr
    if expr is None or len(expr.names) != 1:
        return None
    name = next(iter(expr.names))
    if expr.source.strip() != name:
        return None
    return declared_range(pack, name)


def declared_range(pack: LoadedPack, name: str) -> Range | None:
    """The declared range of a numeric input (a count is ≥ 0, a percent 0–100)."""
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
    """Unreachable steps and maxima of one leaf (each kind checks its own rule)."""
    c = leaf.criterion
    rule = leaf.rule
    found = kind_named(rule.kind).reach(
        c.code, c.max, rule, lambda r: input_range(pack, r), (*leaf.path, "score")
    )
    yield from (Finding(*f) for f in found if c.max > 0 or f.code != "PL102")
