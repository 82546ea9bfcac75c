"""A pack's consistency rules (``constraints``) checked against one commune's metrics.

Every entry path runs the same check: YAML evidence (:func:`parscore.loader.evidence_from_data`,
which the Excel import goes through too), scenarios (what-if), and the web app, which calls
:func:`check_constraints` on the metrics it holds and places each violation at its input.

A constraint is checked only when every name it reads has a value (declared, defaulted or
derived): a partial self-assessment is not refused for what it has not declared yet.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .compiled import LoadedPack
from .environment import build_env
from .errors import Issue
from .expr import EvalError, Value, decimal_context, evaluate
from .pack_rules import CompiledConstraint
from .vi import vi_value
from .yamlio import KeyPath, YamlDocument

__all__ = ["ConstraintViolation", "check_constraints", "constraint_issues"]

CODE = "PS520"


@dataclass(frozen=True)
class ConstraintViolation:
    """A constraint the metrics break: where to show it (``input``) and what to say."""

    constraint: CompiledConstraint
    input: str | None  # the first of the constraint's inputs the metrics declare
    values: tuple[tuple[str, str, Value], ...]  # (name, label, value) the check read

    @property
    def message(self) -> str:
        shown = ", ".join(f"{label}: {vi_value(value)}" for _, label, value in self.values)
        text = self.constraint.model.message
        return f"{text} ({shown})" if shown else text

    @property
    def path(self) -> KeyPath:
        return ("metrics", self.input) if self.input else ("metrics",)


def check_constraints(
    pack: LoadedPack, metrics: Mapping[str, Value], declared: Collection[str] | None = None
) -> list[ConstraintViolation]:
    """The pack's constraints that ``metrics`` (raw inputs, converted) violate. Each is placed at
    the first of its inputs among ``declared`` (default: the metrics' names)."""
    if not pack.constraints:
        return []
    env = build_env(pack, metrics)
    out: list[ConstraintViolation] = []
    with decimal_context():
        for constraint in pack.constraints:
            if not constraint.expr.names <= env.keys():
                continue
            try:
                holds = evaluate(constraint.expr, env)
            except EvalError:
                continue  # undecidable for these values (division by zero…): not a violation
            if holds is False or holds == 0:
                where = metrics if declared is None else declared
                out.append(_violation(pack, constraint, where, env))
    return out


def _violation(
    pack: LoadedPack,
    constraint: CompiledConstraint,
    declared: Collection[str],
    env: Mapping[str, Value],
) -> ConstraintViolation:
    names = constraint.model.inputs
    first = next((n for n in names if n in declared), None)
    shown = [n for n in names if n in env]
    shown += [n for n in sorted(constraint.expr.names) if n in env and n not in shown]
    inputs = pack.model.inputs
    values = tuple((n, inputs[n].label if n in inputs else n, env[n]) for n in shown)
    return ConstraintViolation(constraint, first, values)


def constraint_issues(
    pack: LoadedPack,
    metrics: Mapping[str, Value],
    doc: YamlDocument,
    declared: Collection[str] | None = None,
) -> list[Issue]:
    """Violations as located issues of a document's ``metrics`` (at the first named input the
    document declares; ``declared`` defaults to the names of ``metrics``)."""
    return [
        doc.issue(
            CODE,
            v.path,
            v.message,
            f"kiểm tra lại các số liệu này (ràng buộc thứ {v.constraint.index + 1} của gói quy tắc)",
        )
        for v in check_constraints(pack, metrics, declared)
    ]
