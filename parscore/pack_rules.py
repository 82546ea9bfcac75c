"""Load-time checks of a pack's top-level rules: ``constraints`` and ``adjustments``.

A constraint's ``check`` is compiled like every other expression; its ``inputs`` (where a
violation is shown) must be declared inputs. Bonus and penalty item codes are unique across both
groups, since evidence names an item by its code alone, and differ from every criterion's code
(``explain CODE`` and the pages name either by its code).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .errors import Issue, did_you_mean
from .expr import Expression, ExpressionError, compile_expression
from .model.citation import with_parents
from .model.pack import Constraint, RulePack
from .yamlio import KeyPath, YamlDocument

__all__ = ["CompiledConstraint", "check_adjustments", "compile_constraints"]


@dataclass(frozen=True, eq=False)
class CompiledConstraint:
    """A pack constraint with its check compiled; ``index`` is its place in ``constraints``."""

    index: int
    model: Constraint
    expr: Expression


def compile_constraints(
    model: RulePack, doc: YamlDocument, names: Collection[str]
) -> tuple[tuple[CompiledConstraint, ...], list[Issue]]:
    """Every constraint compiled against ``names`` (inputs and derived values), and the problems."""
    out: list[CompiledConstraint] = []
    issues: list[Issue] = []
    for i, constraint in enumerate(model.constraints):
        path: KeyPath = ("constraints", i)
        ok = True
        for j, name in enumerate(constraint.inputs):
            if name not in model.inputs:
                ok = False
                issues.append(
                    doc.issue(
                        "PS420",
                        (*path, "inputs", j),
                        f"ràng buộc nêu đầu vào '{name}' không có trong mục inputs",
                        did_you_mean(name, model.inputs) or "chỉ nêu các đầu vào đã khai báo",
                    )
                )
        try:
            expr = compile_expression(constraint.check, names)
        except ExpressionError as exc:
            issues.append(doc.issue(exc.code, (*path, "check"), exc.message, exc.hint))
            continue
        if ok:
            out.append(CompiledConstraint(i, constraint, expr))
    return tuple(out), issues


def check_adjustments(model: RulePack, doc: YamlDocument) -> list[Issue]:
    """Bonus and penalty item codes must be unique (evidence names an item by its code)."""
    issues: list[Issue] = []
    seen: set[str] = set()
    criteria = (
        {node.code for node, _ in with_parents(model.criteria)}
        if model.adjustments.codes()
        else set()
    )
    for side in ("bonus", "penalty"):
        group = getattr(model.adjustments, side)
        for i, item in enumerate(group.items if group is not None else ()):
            if item.code in seen:
                issues.append(
                    doc.issue(
                        "PS421",
                        ("adjustments", side, "items", i, "code"),
                        f"mã điểm thưởng/điểm trừ '{item.code}' bị trùng",
                        "mỗi mục thưởng hoặc trừ cần một mã riêng",
                    )
                )
            elif item.code in criteria:
                issues.append(
                    doc.issue(
                        "PS421",
                        ("adjustments", side, "items", i, "code"),
                        f"mã điểm thưởng/điểm trừ '{item.code}' trùng mã một tiêu chí",
                        "đặt mã riêng cho mục thưởng, trừ, ví dụ T1 (thưởng), V1 (trừ)",
                    )
                )
            seen.add(item.code)
    return issues
