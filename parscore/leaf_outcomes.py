"""The per-commune pass of :func:`~parscore.scoring.score`: every leaf decided, in the criteria
tree's order, and the points and applicable maxima summed node by node exactly as the records
add them up, without making any record.

Each leaf is decided by its direct path (:mod:`parscore.leaf_direct`) when it has one and the
commune did not declare it not applicable, else by the general path (:mod:`parscore.leaf_plans`,
the reference). What is kept per leaf, in tree order, is its *outcome*: the points the direct path
found (a ``Decimal``), its mark (:data:`~parscore.leaf_direct.MISSING`,
:data:`~parscore.leaf_direct.NA`), or the general path's decision ``(state, detail)``. The records
(:mod:`parscore.score_records`) are made from these outcomes when first read (tests check that
they add up to the totals given here).

What has to be known at once is produced here, in the order ``score()`` always produced it: the
evaluation errors (W002) leaf by leaf, the leaves claimed above their points (for W010), and each
leaf's points for the appraisal stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple, cast
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .expr import Value
from .kinds import Scored
from .leaf_direct import MISSING, NA
from .leaf_plans import LeafDecision
from .leaf_records import LeafShape, by_code, evidence_check, shapes
from .model.evidence import Document, Evidence
from .model.pack import Criterion
from .model.result import ResultWarning

__all__ = ["Node", "Outcome", "Pass", "Tree", "leaf_points", "outcome", "tree"]

ZERO = Decimal(0)

# a leaf's outcome: the direct path's points or mark, or the general path's (state, detail)
Outcome = object


class Node(NamedTuple):
    """An inner criterion of the prepared tree, with its children (leaves as their shapes)."""

    criterion: Criterion
    children: Tree


Tree = tuple["LeafShape | Node", ...]
_TREES: WeakKeyDictionary[LoadedPack, tuple[dict[str, LeafShape], Tree]] = WeakKeyDictionary()


def tree(pack: LoadedPack) -> Tree:
    """The pack's fields in order, each a leaf's shape or a :class:`Node` (made once per pack,
    from the shapes :func:`~parscore.leaf_records.shapes` gives)."""
    by_code_ = shapes(pack)
    found = _TREES.get(pack)
    if found is not None and found[0] is by_code_:
        return found[1]

    def node(c: Criterion) -> LeafShape | Node:
        if c.children is None:
            return by_code_[c.code]
        return Node(c, tuple([node(child) for child in c.children]))

    made = tuple([node(c) for c in pack.model.criteria])
    _TREES[pack] = (by_code_, made)
    return made


def outcome(shape: LeafShape, env: dict[str, Value], evidence: Evidence) -> Outcome:
    """One leaf's outcome as :class:`Pass` decides it (its direct path when it has one and the
    commune did not declare it not applicable, else the general path), recording no warning;
    runs in the engine's decimal context."""
    direct = shape.direct
    declared = evidence.not_applicable
    if direct is not None and not (declared and (shape.code in declared or shape.key in declared)):
        found = direct(env.get)
        if found is MISSING or found is NA or type(found) is Decimal:
            return found
    return shape.plan(env, evidence)


def leaf_points(
    shape: LeafShape, outcome: Outcome, strict: bool, docs: Mapping[str, list[Document]]
) -> tuple[Decimal, Decimal, Decimal]:
    """``(points, applicable maximum, computed points)`` of a leaf from its outcome (with strict
    evidence, points with a required document missing are not counted)."""
    if type(outcome) is Decimal:
        computed = outcome
    elif outcome is MISSING:
        return ZERO, shape.maximum, ZERO
    elif outcome is NA:
        return ZERO, ZERO, ZERO
    else:
        state, detail = cast(LeafDecision, outcome)
        if state != "scored":
            if state == "na" or state == "na_declared":
                return ZERO, ZERO, ZERO
            return ZERO, shape.maximum, ZERO  # missing, or an evaluation error
        computed = cast(Scored, detail).points
    if strict and computed > 0 and _documents_missing(shape, docs):
        return ZERO, shape.maximum, computed
    return computed, shape.maximum, computed


def _documents_missing(shape: LeafShape, docs: Mapping[str, list[Document]]) -> bool:
    code = shape.code
    check = evidence_check(shape.criterion, docs) if code in docs else shape.no_documents
    return bool(check.missing)


class Pass:
    """One commune's leaves decided: :meth:`sum` gives the points and applicable maximum of a
    list of criteria and keeps each leaf's outcome in :attr:`outcomes`, in tree order."""

    def __init__(
        self,
        env: dict[str, Value],
        evidence: Evidence,
        strict: bool,
        docs: Mapping[str, list[Document]],
        warnings: list[ResultWarning],
        keep: bool,
    ) -> None:
        self.env = env
        self.evidence = evidence
        self.strict = strict
        self.docs = docs
        self.warnings = warnings
        self.outcomes: list[Outcome] = []
        self.over: list[tuple[Decimal, Decimal, str]] = []  # claimed above: (claim, points, code)
        self.computed: dict[str, Decimal | None] | None = {} if keep else None  # for the stages

    def sum(self, children: Tree) -> tuple[Decimal, Decimal]:
        points = applicable = ZERO
        get, declared, add = self.env.get, self.evidence.not_applicable, self.outcomes.append
        plain = not self.strict and not self.evidence.claims and self.computed is None
        for child in children:
            if type(child) is Node:
                p, a = self.sum(child.children)
            else:
                shape: LeafShape = child  # type: ignore[assignment]
                direct = shape.direct
                if direct is not None and not (
                    declared and (shape.code in declared or shape.key in declared)
                ):
                    found = direct(get)  # the points alone; the words later, when read
                    if plain and type(found) is Decimal:  # the common case, inline
                        add(found)
                        points += found
                        applicable += shape.maximum
                        continue
                    if found is not MISSING and found is not NA and type(found) is not Decimal:
                        found = self._general(shape)
                else:
                    found = self._general(shape)
                add(found)
                p, a = self._leaf(shape, found)
            points += p
            applicable += a
        return points, applicable

    def _general(self, shape: LeafShape) -> Outcome:
        decision = shape.plan(self.env, self.evidence)
        if decision[0] == "error":
            message = f"lỗi khi tính điểm: {decision[1]}"
            self.warnings.append(ResultWarning("W002", message, shape.code))
        return decision

    def _leaf(self, shape: LeafShape, found: Outcome) -> tuple[Decimal, Decimal]:
        points, applicable, _ = leaf_points(shape, found, self.strict, self.docs)
        claims = self.evidence.claims
        if claims:
            claim = by_code(claims, shape.code, shape.key)
            if claim is not None and claim > points:
                self.over.append((claim, points, shape.code))
        if self.computed is not None:
            na = applicable == 0 and _is_na(found)
            self.computed[shape.code] = None if na else points
        return points, applicable


def _is_na(outcome: Outcome) -> bool:
    if outcome is NA:
        return True
    if type(outcome) is tuple:
        return outcome[0] in ("na", "na_declared")
    return False
