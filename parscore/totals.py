"""score_totals(pack, evidence) -> Totals: the points of :func:`~parscore.scoring.score` without
the words, for scoring many communes at once (batch ranking, benchmarks).

The same engine decides every leaf (:func:`~parscore.scoring.decide_leaf` and
:func:`~parscore.kinds.rule_points`); only the rule traces, explanations and per-leaf records are
left out. Points are summed in the same tree order as :func:`score`, so totals, scores, bands and
gaps are identical (tests check it). Over-claim warnings (W010) need the per-leaf records and are
not produced here. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from weakref import WeakKeyDictionary

from .compiled import CompiledLeaf, LoadedPack
from .expr import Value, decimal_context
from .loader import LoadedEvidence
from .model.evidence import Document, Evidence
from .model.pack import Criterion
from .model.result import PackInfo, ResultWarning, Total
from .scoring import (
    build_env,
    decide_leaf,
    documents_by_code,
    evidence_check,
    make_total,
    pack_info,
)

__all__ = ["FieldTotal", "Totals", "score_totals"]

ZERO = Decimal(0)


@dataclass(frozen=True)
class FieldTotal:
    """A top-level criterion (lĩnh vực): its exact points and maxima."""

    code: str
    key: str
    title: str
    max: Decimal
    applicable_max: Decimal
    points: Decimal
    tracked: bool = False


@dataclass(frozen=True)
class Totals:
    pack: PackInfo
    commune: str
    year: int | None
    as_of: dt.date | None
    strict_evidence: bool
    total: Total
    fields: tuple[FieldTotal, ...]
    warnings: tuple[ResultWarning, ...] = ()
    synthetic: str | None = None
    scale: Decimal = Decimal(100)


_Node = CompiledLeaf | tuple["_Node", ...]
_TREES: WeakKeyDictionary[LoadedPack, tuple[tuple[Criterion, _Node], ...]] = WeakKeyDictionary()


def score_totals(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    strict_evidence: bool = False,
    goal: Decimal | None = None,
) -> Totals:
    """Total and per-field points of one commune, exactly as :func:`score` computes them."""
    with decimal_context():
        return _totals(pack, evidence, strict_evidence, goal)


def _totals(
    pack: LoadedPack, evidence: LoadedEvidence, strict_evidence: bool, goal: Decimal | None
) -> Totals:
    warnings: list[ResultWarning] = []
    env = build_env(pack, evidence.metrics, warnings)
    docs = documents_by_code(pack, evidence) if strict_evidence else {}
    walker = _Walker(env, evidence.model, docs, strict_evidence, warnings)
    fields: list[FieldTotal] = []
    points = applicable = ZERO
    for criterion, node in _tree(pack):
        p, a = walker.sum(node)
        fields.append(
            FieldTotal(
                code=criterion.code,
                key=criterion.key,
                title=criterion.title,
                max=criterion.max,
                applicable_max=a,
                points=p,
                tracked=criterion.tracked,
            )
        )
        points += p
        applicable += a
    total = make_total(pack, evidence, points, applicable, goal, warnings)
    model = evidence.model
    return Totals(
        pack=pack_info(pack),
        commune=model.commune,
        year=model.year,
        as_of=model.as_of,
        strict_evidence=strict_evidence,
        total=total,
        fields=tuple(fields),
        warnings=tuple(warnings),
        synthetic=model.synthetic,
        scale=pack.model.pack.scale,
    )


def _tree(pack: LoadedPack) -> tuple[tuple[Criterion, _Node], ...]:
    tree = _TREES.get(pack)
    if tree is None:

        def node(c: Criterion) -> _Node:
            if c.children is None:
                return pack.leaves[c.code]
            return tuple(node(child) for child in c.children)

        tree = tuple((c, node(c)) for c in pack.model.criteria)
        _TREES[pack] = tree
    return tree


@dataclass
class _Walker:
    env: Mapping[str, Value]
    evidence: Evidence
    docs: Mapping[str, list[Document]]
    strict: bool
    warnings: list[ResultWarning]

    def sum(self, node: _Node) -> tuple[Decimal, Decimal]:
        if isinstance(node, CompiledLeaf):
            return self.leaf(node)
        points = applicable = ZERO
        for child in node:
            p, a = self.sum(child)
            points += p
            applicable += a
        return points, applicable

    def leaf(self, leaf: CompiledLeaf) -> tuple[Decimal, Decimal]:
        c = leaf.criterion
        if not c.max:  # tracked (max 0): whatever happens, no points and no maximum
            return ZERO, ZERO
        state, detail = decide_leaf(leaf, self.env, self.evidence)
        if state == "scored":
            computed: Decimal = detail.points  # type: ignore[union-attr]
            if self.strict and computed > 0 and evidence_check(c, self.docs).missing:
                return ZERO, c.max
            return computed, c.max
        if state in ("na", "na_declared"):
            return ZERO, ZERO
        if state == "error":
            self.warnings.append(ResultWarning("W002", f"lỗi khi tính điểm: {detail}", c.code))
        return ZERO, c.max
