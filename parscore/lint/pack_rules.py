"""Lint of a pack's top-level rules: constraints no evidence could satisfy, and bonus or
penalty items their cap makes partly unreachable.

A constraint is decidable here when every raw input its check reads has a finite domain (yes/no
inputs, or inputs with a fixed list of options): every combination is tried, derived values
included; a check without names is a constant. A single comparison of a numeric input with a
number (``rate > 100``) is decided on the input's declared range.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..compiled import LoadedPack
from ..environment import build_env
from ..expr import EvalError, Value, decimal_context, evaluate
from ..numbers import vi_number
from ..pack_rules import CompiledConstraint
from .finding import Finding
from .ranges import declared_range

__all__ = ["pack_rule_findings"]

MAX_COMBINATIONS = 4096


def pack_rule_findings(pack: LoadedPack) -> Iterator[Finding]:
    for constraint in pack.constraints:
        yield from _constraint_findings(pack, constraint)
    yield from _adjustment_findings(pack)


def _constraint_findings(pack: LoadedPack, constraint: CompiledConstraint) -> Iterator[Finding]:
    path = ("constraints", constraint.index)
    raw: set[str] = set()
    for name in constraint.expr.names:
        raw |= pack.derived_inputs.get(name, {name})
    for j, name in enumerate(constraint.model.inputs):
        if name not in raw:
            yield Finding(
                "PL172",
                "warning",
                (*path, "inputs", j),
                f"ràng buộc nêu đầu vào '{name}' nhưng điều kiện không dùng nó",
                "lỗi sẽ được chỉ ở đầu vào này; nêu các đầu vào mà điều kiện đọc",
            )
    outcomes = _outcomes(pack, constraint, sorted(raw))
    if outcomes is None:
        outcomes = _compared_to_range(pack, constraint)
    if outcomes is None:
        return
    if True not in outcomes:
        yield Finding(
            "PL170",
            "error",
            (*path, "check"),
            f"không minh chứng nào thỏa được ràng buộc «{constraint.model.check}»",
            "mọi minh chứng khai báo đủ số liệu sẽ bị từ chối; sửa điều kiện",
        )
    elif False not in outcomes:
        yield Finding(
            "PL171",
            "info",
            (*path, "check"),
            f"ràng buộc «{constraint.model.check}» luôn đúng: không kiểm tra được gì",
        )


def _outcomes(
    pack: LoadedPack, constraint: CompiledConstraint, names: list[str]
) -> set[bool] | None:
    """Every value the check takes over all combinations; None when not decidable."""
    domains: list[list[Value]] = []
    for name in names:
        domain = _domain(pack, name)
        if domain is None:
            return None
        domains.append(domain)
    size = 1
    for domain in domains:
        size *= len(domain)
    if size > MAX_COMBINATIONS:
        return None
    seen: set[bool] = set()
    with decimal_context():
        for values in itertools.product(*domains):
            env = build_env(pack, dict(zip(names, values, strict=True)))
            if not constraint.expr.names <= env.keys():
                continue
            try:
                seen.add(bool(evaluate(constraint.expr, env)))
            except EvalError:
                continue
    return seen or None


_MIRROR = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Eq: ast.Eq}


def _compared_to_range(pack: LoadedPack, constraint: CompiledConstraint) -> set[bool] | None:
    """``INPUT op NUMBER`` (or ``NUMBER op INPUT``) decided on the input's declared range."""
    source = constraint.expr.source
    node = ast.parse(source.strip(), mode="eval").body
    if not isinstance(node, ast.Compare) or len(node.ops) != 1:
        return None
    left, right, op = node.left, node.comparators[0], type(node.ops[0])
    if isinstance(left, ast.Constant) and isinstance(right, ast.Name):
        left, right, op = right, left, _MIRROR.get(op, ast.NotEq)
    if not (isinstance(left, ast.Name) and isinstance(right, ast.Constant)):
        return None
    bounds = declared_range(pack, left.id)
    text = ast.get_source_segment(source.strip(), right)
    if bounds is None or text is None or isinstance(right.value, bool):
        return None
    try:
        bound = Decimal(text)
    except ArithmeticError:
        return None
    lo, hi = bounds.lo, bounds.hi
    can_hold = {
        ast.Gt: hi is None or hi > bound,
        ast.GtE: hi is None or hi >= bound,
        ast.Lt: lo is None or lo < bound,
        ast.LtE: lo is None or lo <= bound,
        ast.Eq: (lo is None or lo <= bound) and (hi is None or bound <= hi),
    }
    can_fail = {
        ast.Gt: lo is None or lo <= bound,
        ast.GtE: lo is None or lo < bound,
        ast.Lt: hi is None or hi >= bound,
        ast.LtE: hi is None or hi > bound,
        ast.Eq: True,
    }
    if op not in can_hold:
        return None
    return {value for value, possible in ((True, can_hold[op]), (False, can_fail[op])) if possible}


def _domain(pack: LoadedPack, name: str) -> list[Value] | None:
    spec = pack.model.inputs.get(name)
    if spec is None:
        return None
    if spec.type == "bool":
        return [True, False]
    options: Any = getattr(spec, "options", None)  # inputs with a fixed list of options
    if isinstance(options, dict) and options:
        return list(options)
    return None


def _adjustment_findings(pack: LoadedPack) -> Iterator[Finding]:
    scale = pack.model.pack.scale
    for side in ("bonus", "penalty"):
        group = getattr(pack.model.adjustments, side)
        if group is None:
            continue
        word = "điểm thưởng" if side == "bonus" else "điểm trừ"
        if group.max > scale:
            yield Finding(
                "PL173",
                "warning",
                ("adjustments", side, "max"),
                f"mức tối đa {word} ({vi_number(group.max)}) lớn hơn thang điểm"
                f" ({vi_number(scale)})",
            )
        for i, item in enumerate(group.items):
            if item.points > group.max:
                yield Finding(
                    "PL174",
                    "warning",
                    ("adjustments", side, "items", i, "points"),
                    f"mục {item.code} ({vi_number(item.points)} điểm) vượt mức tối đa {word}"
                    f" ({vi_number(group.max)}): chỉ được tính {vi_number(group.max)}",
                )
            if side == "penalty" and item.evidence:
                yield Finding(
                    "PL175",
                    "info",
                    ("adjustments", side, "items", i, "evidence"),
                    f"mục trừ {item.code} yêu cầu tài liệu kiểm chứng: điểm trừ vẫn luôn được"
                    " tính, kể cả khi thẩm định, dù thiếu tài liệu",
                    "tài liệu chỉ để đối chiếu; chỉ điểm thưởng thiếu tài liệu mới không được tính",
                )
