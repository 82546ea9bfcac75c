"""Which inputs are parts of which: on time of received, done of planned (never larger).

Read from the pack's expressions: in ``ratio(a, b)`` the part ``a`` is a share of the whole ``b``
(a rate); in ``b - a`` the handled ``a`` comes out of ``b``; in ``a >= b`` the served ``a``
answers the requested ``b``. One level only (a whole is never itself a part), between numeric
inputs of one type. The synthetic communes keep parts below their wholes; the year-end projection
keeps a part's rate of its whole; the planner raises a year-to-date rate's part and whole together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .compiled import CompiledRule, LoadedPack
from .expr import Expression

__all__ = ["RATIO", "parts_of", "rate_parts", "rules_with_expressions"]

RATIO, DIFFERENCE, COMPARISON = "ratio", "difference", "comparison"


def parts_of(pack: LoadedPack) -> dict[str, str]:
    """Input -> the input it is a part of (done of planned, on time of received)."""
    return {part: whole for part, (whole, _) in _part_pairs(pack).items()}


def rate_parts(pack: LoadedPack) -> dict[str, str]:
    """The parts of :func:`parts_of` that are the numerator of a rate, ``ratio(part, whole)``,
    somewhere in the pack -> their whole (the denominator)."""
    return {part: whole for part, (whole, rate) in _part_pairs(pack).items() if rate}


def rules_with_expressions(rule: CompiledRule) -> Iterator[CompiledRule]:
    """A rule and its ``best_of`` alternatives, each that has an expression."""
    if rule.expr is not None:
        yield rule
    for alt in rule.alternatives:
        yield from rules_with_expressions(alt)


def _part_pairs(pack: LoadedPack) -> dict[str, tuple[str, bool]]:
    """Part -> (whole, whether the pair is a ``ratio`` anywhere in the pack)."""
    exprs: list[Expression] = [e for _, e in pack.derived]
    for leaf in pack.leaves.values():
        if leaf.applies_if is not None:
            exprs.append(leaf.applies_if)
        for rule in rules_with_expressions(leaf.rule):
            assert rule.expr is not None
            exprs.append(rule.expr)
    part_of: dict[str, str] = {}
    ratios: set[tuple[str, str]] = set()
    inputs = pack.model.inputs
    for expr in exprs:
        if len(expr.names) < 2 or not _may_pair(expr.source):
            continue  # no two names, or none of the three forms: nothing to walk
        for part, whole, how in _pairs(expr.tree):
            if how == RATIO:
                ratios.add((part, whole))
            if (
                part in inputs
                and whole in inputs
                and part != whole
                and part not in part_of
                and inputs[part].type in ("count", "number")
                and inputs[whole].type == inputs[part].type
                and whole not in part_of  # one level only: wholes are drawn first
            ):
                part_of[part] = whole
    return {part: (whole, (part, whole) in ratios) for part, whole in part_of.items()}


def _may_pair(source: str) -> bool:
    """Whether ``source`` may hold one of :func:`_pairs`'s forms: each needs its own text (``ratio``,
    ``-`` or ``>``), so an expression without any of them is not walked."""
    return "ratio" in source or "-" in source or ">" in source


def _pairs(tree: ast.AST) -> Iterator[tuple[str, str, str]]:
    """(part, whole, how) name pairs that the expression implies."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "ratio"
            and len(node.args) == 2
        ):
            a, b = node.args
            if isinstance(a, ast.Name) and isinstance(b, ast.Name):
                yield a.id, b.id, RATIO
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
            if isinstance(node.left, ast.Name) and isinstance(node.right, ast.Name):
                yield node.right.id, node.left.id, DIFFERENCE
        elif isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = node.left, node.comparators[0]
            if (
                isinstance(left, ast.Name)
                and isinstance(right, ast.Name)
                and isinstance(node.ops[0], ast.GtE | ast.Gt)
            ):
                yield left.id, right.id, COMPARISON
