"""Which raw inputs can move a leaf's points (levers), and on what grid they move.

A leaf's rule reads names; derived names are expanded into the raw inputs they are computed from.
Not every raw input is a sensible thing to change: in ``ratio(on_time, received)`` the denominator
is the size of the workload, not a lever, and in ``served >= requests`` the right-hand side is
what is being measured against. Such inputs have the role ``scale`` or ``reference``; every other
raw input the rule reads is a ``lever``. The planner changes levers first and falls back to all
raw inputs only when no lever can reach a level.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from decimal import Decimal
from weakref import WeakKeyDictionary

from ..compiled import CompiledLeaf, CompiledRule, LoadedPack
from ..expr import Expression
from ..frozen_records import frozen_record
from ..kinds import kind_named
from ..model.pack import InputSpec

__all__ = ["LeverSet", "grid_step", "lever_set", "rule_expressions", "rule_numbers"]

LEVER, SCALE, REFERENCE = "lever", "scale", "reference"
MAX_PLACES = 6


@frozen_record
class LeverSet:
    """Raw inputs of a leaf's rule, in first-use order: preferred levers, then the rest."""

    preferred: tuple[str, ...]
    others: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.preferred + self.others


def rule_expressions(rule: CompiledRule) -> Iterator[Expression]:
    """The expressions a rule evaluates (its own, or each ``best_of`` alternative's)."""
    if rule.expr is not None:
        yield rule.expr
    for alt in rule.alternatives:
        yield from rule_expressions(alt)


def lever_set(pack: LoadedPack, leaf: CompiledLeaf) -> LeverSet:
    """Classify the raw inputs the leaf's rule reads (``applies_if`` is never a lever)."""
    derived = dict(pack.derived)
    roles: dict[str, set[str]] = {}
    order: list[str] = []

    def note(name: str, role: str) -> None:
        if name not in roles:
            roles[name] = set()
            order.append(name)
        roles[name].add(role)

    def visit(node: ast.AST, role: str) -> None:
        if isinstance(node, ast.Name):
            if node.id in derived:
                visit(derived[node.id].tree, role)
            elif node.id in pack.model.inputs:
                note(node.id, role)
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "ratio"
        ) and len(node.args) == 2:
            visit(node.args[0], role)
            visit(node.args[1], _demote(role, SCALE))
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            visit(node.left, role)
            visit(node.right, _demote(role, SCALE))
            return
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if sum(1 for side in sides if _reads_names(side)) >= 2:
                visit(node.left, role)
                for side in node.comparators:
                    visit(side, _demote(role, REFERENCE))
                return
        for child in ast.iter_child_nodes(node):
            visit(child, role)

    for expr in rule_expressions(leaf.rule):
        visit(expr.tree, LEVER)
    fixed = _fixed_inputs(leaf.rule)
    order = [n for n in order if n not in fixed]
    preferred = tuple(n for n in order if roles[n] == {LEVER})
    others = tuple(n for n in order if n not in preferred)
    return LeverSet(preferred, others)


def _fixed_inputs(rule: CompiledRule) -> frozenset[str]:
    """Inputs the rule's kind keeps as the commune declared them (a chosen alternative)."""
    fixed = kind_named(rule.kind).fixed_inputs(rule)
    for alt in rule.alternatives:
        fixed |= _fixed_inputs(alt)
    return fixed


def _is_ratio(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "ratio"
        and len(node.args) == 2
    )


def _demote(role: str, to: str) -> str:
    return to if role == LEVER else role


def _reads_names(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and not _is_function(n, node) for n in ast.walk(node))


def _is_function(name: ast.Name, root: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(root))


def grid_step(
    spec: InputSpec, current: Decimal, leaf: CompiledLeaf, pack: LoadedPack, name: str = ""
) -> Decimal:
    """The resolution a numeric input is changed by: 1 for counts, else a few decimals.

    Finer than 0.01 only when the current value or a threshold of the rule is written finer
    (``> 10.937`` moves a number by 0.001).
    """
    if spec.type == "count":
        return Decimal(1)
    step = spec.step or pack.steps.get(name)
    if step is not None:
        return step
    places = max(2, _places(current), _rule_places(leaf, pack))
    return Decimal(1).scaleb(-min(places, MAX_PLACES))


_RULE_PLACES: WeakKeyDictionary[CompiledLeaf, int] = WeakKeyDictionary()


def _rule_places(leaf: CompiledLeaf, pack: LoadedPack) -> int:
    """The most decimal places of a number the leaf's rule compares with (0: none; read once
    per leaf: a leaf belongs to one pack)."""
    found = _RULE_PLACES.get(leaf)
    if found is None:
        found = _RULE_PLACES[leaf] = max((_places(v) for v in rule_numbers(leaf, pack)), default=0)
    return found


def _places(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def rule_numbers(leaf: CompiledLeaf, pack: LoadedPack) -> tuple[Decimal, ...]:
    """The numbers the leaf's rule (and the derived values it reads) compares with, read once
    per leaf (a leaf belongs to one pack)."""
    found = _RULE_NUMBERS.get(leaf)
    if found is None:
        found = _RULE_NUMBERS[leaf] = tuple(_rule_numbers(leaf, pack))
    return found


_RULE_NUMBERS: WeakKeyDictionary[CompiledLeaf, tuple[Decimal, ...]] = WeakKeyDictionary()


def _rule_numbers(leaf: CompiledLeaf, pack: LoadedPack) -> Iterable[Decimal]:
    derived = dict(pack.derived)
    seen: set[str] = set()

    def literals(tree: ast.AST) -> Iterator[Decimal]:
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, Decimal):
                yield node.value
            elif isinstance(node, ast.Name) and node.id in derived and node.id not in seen:
                seen.add(node.id)
                yield from literals(derived[node.id].tree)

    def visit(rule: CompiledRule) -> Iterator[Decimal]:
        if rule.expr is not None:
            yield from literals(rule.expr.tree)
        yield from kind_named(rule.kind).numbers(rule.model)
        for alt in rule.alternatives:
            yield from visit(alt)

    return list(visit(leaf.rule))
