"""The leaf and node records of a :class:`~parscore.model.result.Result`, made when first read
from what :func:`~parscore.scoring.score` kept of the commune (:class:`Records`): its values, and
each leaf's outcome in tree order (:mod:`parscore.leaf_outcomes`). Nothing is decided again here
but a tracked target's (met or not, which its points do not say); warnings were given when the
commune was scored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .compiled import CompiledLeaf, LoadedPack
from .expr import Value, decimal_context
from .kinds import Scored, kind_named
from .leaf_direct import MISSING, NA
from .leaf_outcomes import Node, Outcome, Tree
from .leaf_records import (
    LeafShape,
    WordsContext,
    by_code,
    documents_by_code,
    evidence_check,
    later_words,
    missing_values,
    na_values,
    scored_words,
)
from .loader import LoadedEvidence
from .model.evidence import Document
from .model.pack import Criterion
from .model.result import LeafResult, NodeResult
from .stages import StageMaps, leaf_stages

__all__ = ["Records"]

ZERO = Decimal(0)


@dataclass(frozen=True, eq=False)
class Records:
    """What a commune's records are made from; calling it makes them (the criteria, in order)."""

    pack: LoadedPack
    tree: Tree
    evidence: LoadedEvidence
    env: dict[str, Value]
    strict: bool
    maps: StageMaps
    outcomes: tuple[Outcome, ...]
    docs: dict[str, list[Document]] | None = None  # by criterion code, when already found

    def __call__(self) -> tuple[NodeResult | LeafResult, ...]:
        with decimal_context():
            return _Maker(self).made()


class _Maker:
    def __init__(self, records: Records) -> None:
        self.records = records
        self.pack = records.pack
        self.env = records.env
        self.model = records.evidence.model
        self.strict = records.strict
        self.maps = records.maps
        docs = records.docs
        self.docs = docs if docs is not None else documents_by_code(records.pack, records.evidence)
        self.context: WordsContext = (self.env, self.model, self.strict)
        self.outcomes: Iterator[Outcome] = iter(records.outcomes)

    def made(self) -> tuple[NodeResult | LeafResult, ...]:
        made = tuple([self.node(child) for child in self.records.tree])
        assert next(self.outcomes, None) is None
        return made

    def node(self, child: LeafShape | Node) -> NodeResult | LeafResult:
        if type(child) is not Node:
            return self.leaf(child, next(self.outcomes))  # type: ignore[arg-type]
        node: Criterion = child.criterion
        children = tuple([self.node(c) for c in child.children])
        points = applicable = ZERO
        for c in children:
            points += c.points
            applicable += c.applicable_max
        return NodeResult.made(
            code=node.code,
            key=node.key,
            title=node.title,
            max=node.max,
            applicable_max=applicable,
            points=points,
            status=_inner_status(children, points, applicable),
            children=children,
            tracked=node.tracked,
        )

    def leaf(self, shape: LeafShape, outcome: Outcome) -> LeafResult:
        model = self.model
        code, key = shape.code, shape.key
        env = self.env
        inputs = {name: env[name] for name in shape.reads if name in env}
        docs = self.docs
        ev = evidence_check(shape.criterion, docs) if code in docs else shape.no_documents
        base = shape.fixed.copy()
        base["inputs"] = inputs
        base["evidence"] = ev
        if model.claims:
            base["claim"] = by_code(model.claims, code, key)
        if model.appraisal:
            base["appraisal"] = by_code(model.appraisal, code, key)
        if model.appraisal_notes:
            base["appraisal_note"] = by_code(model.appraisal_notes, code, key)
        if model.explanations:
            base["commune_explanation"] = by_code(model.explanations, code, key)
        detail: object = None
        if type(outcome) is Decimal:
            state = "scored"
            computed: Decimal = outcome
            if shape.tracked:  # met or not: as its outcome's words say
                state, detail = shape.plan(env, model)
        elif outcome is MISSING:
            state = "missing"
        elif outcome is NA:
            state = "na"
        else:
            state, detail = outcome  # type: ignore[misc]
        if state != "scored":
            return self._unscored(shape, base, state, detail)
        if detail is not None:
            assert isinstance(detail, Scored)
            computed = detail.points
        maximum = shape.maximum
        missing = ev.missing
        at_risk = bool(missing) and computed > 0
        strict = self.strict
        points = ZERO if (at_risk and strict) else computed
        met = None
        if shape.tracked:  # a tracked target: met or not (as its outcome's words say)
            assert isinstance(detail, Scored)
            met = detail.met
            status = "full" if met else "zero"
        elif at_risk:
            status = "at_risk"
        elif points >= maximum:
            status = "full"
        else:
            status = "zero" if points == 0 else "partial"
        base["applicable_max"] = maximum
        base["points"] = points
        base["computed"] = computed
        base["status"] = status
        if met is not None:
            base["met"] = met
        if self.maps:
            base["stages"] = leaf_stages(self.maps, code, points)
        risk = missing if at_risk else ()
        if detail is not None:
            words: tuple[object, ...] = (scored_words, shape, detail, risk, strict)
        else:  # decided again when read, from the commune's values the records share
            base["_context"] = self.context
            words = (later_words, shape, risk) if risk else shape.words
        return LeafResult.made(base, words)

    def _unscored(
        self, shape: LeafShape, base: dict[str, object], state: str, detail: object
    ) -> LeafResult:
        leaf = shape.leaf
        if state == "na_declared":
            return self._made(na_values(base, f"Xã khai báo không áp dụng: {detail}", str(detail)))
        if state == "missing":
            return self._made(missing_values(base, self._raw_missing(leaf)))
        if state == "error":
            return self._made(_error(base, shape.criterion, str(detail)))
        assert leaf.applies_if is not None
        text = f"Không áp dụng: điều kiện «{leaf.applies_if.source}» không thỏa."
        return self._made(na_values(base, text, text))

    def _made(self, values: dict[str, object]) -> LeafResult:
        if self.maps:
            code: str = values["code"]  # type: ignore[assignment]
            if values["status"] == "na":
                stages = tuple((k, None) for k, _ in leaf_stages(self.maps, code, ZERO))
            else:
                stages = leaf_stages(self.maps, code, values["points"])  # type: ignore[arg-type,assignment]
            values["stages"] = stages
        return LeafResult.made(values)

    def _raw_missing(self, leaf: CompiledLeaf) -> tuple[str, ...]:
        raw = leaf.raw_inputs
        needed = kind_named(leaf.rule.kind).needed(leaf.rule, self.env)
        if needed is not None:  # only what the commune's chosen alternative reads
            if leaf.applies_if is not None:
                needed |= leaf.applies_if.names
            derived = self.pack.derived_inputs
            raw = frozenset(r for n in needed for r in derived.get(n, {n}))
        return tuple(sorted(n for n in raw if n not in self.env))


def _error(base: dict[str, object], c: Criterion, message: str) -> dict[str, object]:
    """The record of a leaf whose evaluation failed (its warning was given when scored)."""
    return {
        **base,
        "applicable_max": c.max,
        "points": ZERO,
        "computed": ZERO,
        "status": "zero",
        "rule": f"error: {message}",
        "explanation": f"Không tính được điểm: {message}.",
    }


def _inner_status(
    children: tuple[NodeResult | LeafResult, ...], points: Decimal, applicable: Decimal
) -> str:
    if all(c.status == "na" for c in children):
        return "na"
    if applicable == 0:  # only tracked targets: full when every one is met
        return "full" if all(c.status in ("full", "na") for c in children) else "partial"
    if points >= applicable:
        return "full"
    return "zero" if points == 0 else "partial"
