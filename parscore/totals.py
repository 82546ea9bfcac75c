"""score_totals(pack, evidence) -> Totals: the points of :func:`~parscore.scoring.score` without
the words, for scoring many communes at once (batch ranking, benchmarks).

Most communes go through the pack's direct path (:mod:`parscore.pack_direct`: one generated
function deciding every leaf, summing the fields and making their records), then the total is made
(:func:`~parscore.stages.total_maker`) and the record filled, with everything that depends on the
pack alone taken once per pack. Strict evidence, appraisal stages, or a value the direct path does
not take go through the general one (:func:`~parscore.scoring.decide_leaf` and
:func:`~parscore.kinds.rule_points`, leaf by leaf). Only the rule traces, explanations and per-leaf
records are left out. Points are summed in the same tree order as :func:`score`, so totals,
scores, bands and gaps are identical (tests check it). Over-claim warnings (W010) need the
per-leaf records and are not produced here. Pure: no I/O, no clock.

Both paths compute in the expressions' decimal context, whatever the caller's context is, and
leave the caller's context as it was. The direct path sets a context of its own (a private copy,
never given out) for the commune's arithmetic and puts the caller's back, which costs less than
entering a local context.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, getcontext, setcontext
from typing import NamedTuple
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .expr import DECIMAL_CONTEXT, Value, decimal_context
from .field_total import FieldTotal
from .leaf_direct import MISSING, NA, LeafDirect, leaf_direct
from .leaf_plans import LeafDecision, LeafPlan, leaf_plan
from .loader import LoadedEvidence
from .model.evidence import Document, Evidence
from .model.pack import Criterion
from .model.result import PackInfo, ResultWarning, Total, official_stage
from .pack_direct import pack_direct
from .scoring import (
    build_env,
    documents_by_code,
    evidence_check,
    pack_info,
)
from .stages import (
    StageMaps,
    leaf_stages,
    make_total,
    stage_free,
    stage_maps,
    stage_totals,
    total_maker,
)

__all__ = ["FieldTotal", "Totals", "score_totals"]

ZERO = Decimal(0)
_CONTEXT = DECIMAL_CONTEXT.copy()  # the direct path's own: set for each commune, never given out


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
    stages: dict[str, Total] = field(default_factory=dict)  # per appraisal stage, in order

    @property
    def official(self) -> Total:
        """The official total: the last appraisal round present, else the computed total."""
        return self.stages.get(official_stage(self.stages), self.total)


class _Leaf(NamedTuple):
    plan: LeafPlan
    maximum: Decimal
    criterion: Criterion
    direct: LeafDirect | None  # the direct path (None: the general one only)
    code: str
    key: str


_Node = _Leaf | tuple["_Node", ...]
_TREES: WeakKeyDictionary[LoadedPack, tuple[tuple[Criterion, _Node], ...]] = WeakKeyDictionary()
# (evidence, goal) -> the commune's totals by the direct path; None: the general path decides
_Fast = Callable[[LoadedEvidence, "Decimal | None"], "Totals | None"]


class _Prepared(NamedTuple):
    """What every commune's totals take from the pack (made once per pack)."""

    fast: _Fast | None  # the direct path (None: the pack has none)
    info: PackInfo
    scale: Decimal


_PREPARED: WeakKeyDictionary[LoadedPack, _Prepared] = WeakKeyDictionary()
# the pack scored last and its preparation: most calls score one pack, commune after commune
_LAST: tuple[Callable[[], LoadedPack | None], _Prepared | None] = (lambda: None, None)


def score_totals(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    strict_evidence: bool = False,
    goal: Decimal | None = None,
) -> Totals:
    """Total and per-field points of one commune, exactly as :func:`score` computes them."""
    last, prepared = _LAST
    if last() is not pack or prepared is None:
        prepared = _prepared(pack)
    if not strict_evidence and prepared.fast is not None:
        found = prepared.fast(evidence, goal)
        if found is not None:
            return found
    with decimal_context():
        return _totals(pack, evidence, strict_evidence, goal, prepared)


def _prepared(pack: LoadedPack) -> _Prepared:
    global _LAST
    made = _PREPARED.get(pack)
    if made is None:
        made = _PREPARED[pack] = _Prepared(_fast(pack), pack_info(pack), pack.model.pack.scale)
    _LAST = (weakref.ref(pack), made)
    return made


def _fast(pack: LoadedPack) -> _Fast | None:
    """The direct path of ``pack``: evidence without stages, scored by the pack's function.
    Keeps nothing that holds the pack (its caches are weak)."""
    direct = pack_direct(pack)
    if direct is None:
        return None
    make = total_maker(pack)
    info, scale = pack_info(pack), pack.model.pack.scale
    new, context = object.__new__, _CONTEXT

    def fast(evidence: LoadedEvidence, goal: Decimal | None) -> Totals | None:
        if not stage_free(evidence):
            return None
        model = evidence.model
        warnings: list[ResultWarning] = []
        caller = getcontext()
        setcontext(context)
        try:
            found = direct(evidence.metrics.get, model.not_applicable)
            if found is None:
                return None
            fields, points, applicable = found
            total = make(evidence, points, applicable, goal, warnings)
        finally:
            setcontext(caller)
        totals = new(Totals)  # every field given: without the dataclass __init__
        totals.__dict__.update(
            pack=info,
            commune=model.commune,
            year=model.year,
            as_of=model.as_of,
            strict_evidence=False,
            total=total,
            fields=fields,
            warnings=tuple(warnings),
            synthetic=model.synthetic,
            scale=scale,
            stages={},
        )
        return totals

    return fast


def _totals(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    strict_evidence: bool,
    goal: Decimal | None,
    prepared: _Prepared,
) -> Totals:
    """The general path: the criteria tree walked leaf by leaf."""
    warnings: list[ResultWarning] = []
    model = evidence.model
    maps = stage_maps(pack, evidence)
    fields: list[FieldTotal] = []
    points = applicable = ZERO
    starts: list[int] = []  # where each field's leaves begin in seen (the walker's path)
    env = build_env(pack, evidence.metrics, warnings)
    docs = documents_by_code(pack, evidence) if strict_evidence else {}
    watch = frozenset(code for _, values in maps for code in values) if maps else frozenset()
    walker = _Walker(env, model, docs, strict_evidence, warnings, watch)
    seen = walker.seen
    for criterion, node in _tree(pack):
        starts.append(len(seen))
        p, a = walker.sum(node)
        c = criterion
        fields.append(FieldTotal(c.code, c.key, c.title, c.max, a, p, c.tracked))
        points += p
        applicable += a
    total = make_total(pack, evidence, points, applicable, goal, warnings, strict_evidence)
    stages = stage_totals(pack, evidence, maps, seen, points, applicable, goal, strict_evidence)
    if stages:
        fields = _official_fields(fields, starts, seen, maps, official_stage(stages))
    totals = object.__new__(Totals)  # every field given: without the dataclass __init__
    totals.__dict__.update(
        pack=prepared.info,
        commune=model.commune,
        year=model.year,
        as_of=model.as_of,
        strict_evidence=strict_evidence,
        total=total,
        fields=tuple(fields),
        warnings=tuple(warnings),
        synthetic=model.synthetic,
        scale=prepared.scale,
        stages=stages,
    )
    return totals


def _official_fields(
    fields: list[FieldTotal],
    starts: list[int],
    seen: dict[str, Decimal | None],
    maps: StageMaps,
    stage: str,
) -> list[FieldTotal]:
    """Each field with its points in ``stage``: its computed points plus the stage's change to
    its leaves, exactly as :func:`stage_totals` adds the changes up for the whole index."""
    leaves = list(seen.items())
    out = []
    for i, f in enumerate(fields):
        end = starts[i + 1] if i + 1 < len(starts) else len(leaves)
        delta = ZERO
        for code, base in leaves[starts[i] : end]:
            if base is not None:
                delta += dict(leaf_stages(maps, code, base)).get(stage, base) - base
        out.append(f._replace(stage_points=f.points + delta))
    return out


def _tree(pack: LoadedPack) -> tuple[tuple[Criterion, _Node], ...]:
    """Each field with its criteria as nested tuples of prepared leaves (made once per pack).
    Leaves with max 0 (tracked) are left out: they never add points or maximum."""
    tree = _TREES.get(pack)
    if tree is None:

        def node(c: Criterion) -> _Node:
            if c.children is None:
                leaf = pack.leaves[c.code]
                direct = leaf_direct(pack, leaf)
                return _Leaf(leaf_plan(leaf), c.max, c, direct, c.code, c.key)
            return tuple(
                node(child) for child in c.children if child.children is not None or child.max
            )

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
    watch: frozenset[str] = frozenset()  # leaves an appraisal stage names: their points are kept
    seen: dict[str, Decimal | None] = field(default_factory=dict)  # code -> points (None: n/a)

    def __post_init__(self) -> None:
        self.fast = not self.strict and not self.watch
        self.get = self.env.get
        self.declared = self.evidence.not_applicable

    def sum(self, node: _Node) -> tuple[Decimal, Decimal]:
        if type(node) is _Leaf:
            return self.leaf(node)
        points = applicable = ZERO
        env, evidence, fast = self.env, self.evidence, self.fast
        get, declared = self.get, self.declared
        children: tuple[_Node, ...] = node  # type: ignore[assignment]
        for child in children:
            if type(child) is _Leaf:
                direct = child.direct
                if fast and direct is not None:  # the direct path; else the general one
                    if declared and (child.code in declared or child.key in declared):
                        continue  # declared not applicable: neither points nor maximum
                    found = direct(get)
                    if type(found) is Decimal:
                        points += found
                        applicable += child.maximum
                        continue
                    if found is MISSING:
                        applicable += child.maximum
                        continue
                    if found is NA:
                        continue
                state, detail = child.plan(env, evidence)
                if fast and state == "scored":
                    points += detail.points  # type: ignore[union-attr]
                    applicable += child.maximum
                    continue
                p, a = self.leaf(child, (state, detail))
            else:
                p, a = self.sum(child)
            points += p
            applicable += a
        return points, applicable

    def leaf(self, leaf: _Leaf, decision: LeafDecision | None = None) -> tuple[Decimal, Decimal]:
        points, applicable = self._leaf(leaf, decision)
        code = leaf.criterion.code
        if code in self.watch:
            self.seen[code] = points if applicable or leaf.maximum == 0 else None
        return points, applicable

    def _leaf(self, leaf: _Leaf, decision: LeafDecision | None) -> tuple[Decimal, Decimal]:
        state, detail = decision or leaf.plan(self.env, self.evidence)
        if state == "scored":
            computed: Decimal = detail.points  # type: ignore[union-attr]
            if self.strict and computed > 0 and evidence_check(leaf.criterion, self.docs).missing:
                return ZERO, leaf.maximum
            return computed, leaf.maximum
        if state == "na" or state == "na_declared":
            return ZERO, ZERO
        if state == "error":
            self.warnings.append(
                ResultWarning("W002", f"lỗi khi tính điểm: {detail}", leaf.criterion.code)
            )
        return ZERO, leaf.maximum
