"""score(pack, evidence) -> Result. Pure: no I/O, no clock, inputs never mutated.

Leaf points are exact decimals; totals are computed from exact points, then rounded once by the
pack's rule (FORMATS.md §1 "Totals").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from weakref import WeakKeyDictionary

from .compiled import CompiledLeaf, LoadedPack
from .environment import build_env
from .expr import Value, decimal_context
from .kinds import Scored, describe, kind_named
from .leaf_plans import decide_leaf, leaf_plan
from .loader import LoadedEvidence
from .model.evidence import Document
from .model.pack import Criterion
from .model.result import (
    EvidenceCheck,
    LeafResult,
    NodeResult,
    PackInfo,
    Result,
    ResultWarning,
)
from .stages import leaf_stages, make_total, stage_maps, stage_totals

__all__ = [
    "build_env",
    "decide_leaf",
    "documents_by_code",
    "evidence_check",
    "leaf_plan",
    "make_total",
    "pack_info",
    "score",
]

ZERO = Decimal(0)
_PACK_INFO: WeakKeyDictionary[LoadedPack, PackInfo] = WeakKeyDictionary()


def score(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    strict_evidence: bool = False,
    goal: Decimal | None = None,
) -> Result:
    """Score one commune's evidence under one pack."""
    with decimal_context():
        return _score(pack, evidence, strict_evidence, goal)


def _score(
    pack: LoadedPack, evidence: LoadedEvidence, strict_evidence: bool, goal: Decimal | None
) -> Result:
    warnings: list[ResultWarning] = []
    env = build_env(pack, evidence.metrics, warnings)
    maps = stage_maps(pack, evidence)
    ctx = _Context(
        pack, evidence, env, strict_evidence, warnings, documents_by_code(pack, evidence), maps
    )
    criteria = tuple(ctx.node(node) for node in pack.model.criteria)
    meta = pack.model.pack
    points = sum((n.points for n in criteria), ZERO)
    applicable = sum((n.applicable_max for n in criteria), ZERO)
    total = make_total(pack, evidence, points, applicable, goal, warnings)
    computed: dict[str, Decimal | None] = {}
    if maps:
        computed = {
            leaf.code: None if leaf.status == "na" else leaf.points
            for top in criteria
            for leaf in top.walk()
        }
    stages = stage_totals(pack, evidence, maps, computed, points, applicable, goal)
    _claim_warnings(criteria, warnings)
    return Result(
        pack=pack_info(pack),
        commune=evidence.model.commune,
        year=evidence.model.year,
        as_of=evidence.model.as_of,
        strict_evidence=strict_evidence,
        total=total,
        criteria=criteria,
        warnings=tuple(warnings),
        synthetic=evidence.model.synthetic,
        scale=meta.scale,
        stages=stages,
    )


def pack_info(pack: LoadedPack) -> PackInfo:
    info = _PACK_INFO.get(pack)
    if info is None:
        info = _PACK_INFO[pack] = _pack_info(pack)
    return info


def _pack_info(pack: LoadedPack) -> PackInfo:
    meta = pack.model.pack
    return PackInfo(
        id=meta.id,
        revision=meta.revision,
        sha256=pack.sha256,
        status=meta.status,
        title=meta.title,
        year=meta.year,
        places=meta.rounding.places,
        mode=meta.rounding.mode,
        adjustments=bool(pack.model.adjustments.codes()),
        index=meta.index.name,
        ranking=meta.ranking.ties,
    )


@dataclass
class _Context:
    pack: LoadedPack
    evidence: LoadedEvidence
    env: dict[str, Value]
    strict: bool
    warnings: list[ResultWarning]
    docs: dict[str, list[Document]]
    maps: tuple[tuple[str, dict[str, Decimal]], ...] = ()

    def node(self, node: Criterion) -> NodeResult | LeafResult:
        if node.children is None:
            return self.leaf(self.pack.leaves[node.code])
        children = tuple(self.node(child) for child in node.children)
        points = sum((c.points for c in children), ZERO)
        applicable = sum((c.applicable_max for c in children), ZERO)
        return NodeResult(
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

    def leaf(self, leaf: CompiledLeaf) -> LeafResult:
        c = leaf.criterion
        model = self.evidence.model
        base = dict(
            code=c.code,
            key=c.key,
            title=c.title,
            max=c.max,
            kind=leaf.rule.kind,
            inputs=self._inputs(leaf),
            evidence=self._evidence(c),
            claim=model.claims.get(c.code, model.claims.get(c.key)),
            appraisal=model.appraisal.get(c.code, model.appraisal.get(c.key)),
            survey=c.survey,
            tracked=c.tracked,
            appraisal_note=model.appraisal_notes.get(c.code, model.appraisal_notes.get(c.key)),
            commune_explanation=model.explanations.get(c.code, model.explanations.get(c.key)),
        )
        result = self._decide(leaf, base)
        if not self.maps:
            return result
        if result.status == "na":
            stages = tuple((k, None) for k, _ in leaf_stages(self.maps, c.code, ZERO))
            return replace(result, stages=stages)
        return replace(result, stages=leaf_stages(self.maps, c.code, result.points))

    def _decide(self, leaf: CompiledLeaf, base: dict[str, object]) -> LeafResult:
        c = leaf.criterion
        state, detail = decide_leaf(leaf, self.env, self.evidence.model)
        if state == "na_declared":
            return _na(base, f"Xã khai báo không áp dụng: {detail}", str(detail))
        if state == "missing":
            return _missing(base, self._raw_missing(leaf))
        if state == "error":
            return self._error(base, c, str(detail))
        if state == "na":
            assert leaf.applies_if is not None
            text = f"Không áp dụng: điều kiện «{leaf.applies_if.source}» không thỏa."
            return _na(base, text, text)
        assert isinstance(detail, Scored)
        outcome = describe(leaf.rule, c.max, detail)
        computed = outcome.points
        ev: EvidenceCheck = base["evidence"]  # type: ignore[assignment]
        at_risk = bool(ev.missing) and computed > 0
        points = ZERO if (at_risk and self.strict) else computed
        explanation = outcome.explanation
        if at_risk:
            explanation += (
                " Thiếu tài liệu kiểm chứng: "
                + "; ".join(ev.missing)
                + "."
                + (
                    " Điểm bị trừ khi thẩm định."
                    if self.strict
                    else " Có nguy cơ bị trừ khi thẩm định."
                )
            )
        if c.tracked:
            status = "full" if outcome.met else "zero"
        elif at_risk:
            status = "at_risk"
        else:
            status = _points_status(points, c.max)
        return LeafResult(
            **base,  # type: ignore[arg-type]
            applicable_max=c.max,
            points=points,
            computed=computed,
            status=status,
            rule=outcome.rule,
            explanation=explanation,
            met=outcome.met if c.tracked else None,
        )

    def _error(self, base: dict[str, object], c: Criterion, message: str) -> LeafResult:
        self.warnings.append(ResultWarning("W002", f"lỗi khi tính điểm: {message}", c.code))
        return LeafResult(
            **base,  # type: ignore[arg-type]
            applicable_max=c.max,
            points=ZERO,
            computed=ZERO,
            status="zero",
            rule=f"error: {message}",
            explanation=f"Không tính được điểm: {message}.",
        )

    def _inputs(self, leaf: CompiledLeaf) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for name in leaf.names:
            if name in self.env:
                out[name] = self.env[name]
            for raw in sorted(self.pack.derived_inputs.get(name, ())):
                if raw in self.env:
                    out[raw] = self.env[raw]
        return out

    def _raw_missing(self, leaf: CompiledLeaf) -> tuple[str, ...]:
        raw = leaf.raw_inputs
        needed = kind_named(leaf.rule.kind).needed(leaf.rule, self.env)
        if needed is not None:  # only what the commune's chosen alternative reads
            if leaf.applies_if is not None:
                needed |= leaf.applies_if.names
            derived = self.pack.derived_inputs
            raw = frozenset(r for n in needed for r in derived.get(n, {n}))
        return tuple(sorted(n for n in raw if n not in self.env))

    def _evidence(self, c: Criterion) -> EvidenceCheck:
        return evidence_check(c, self.docs)


def evidence_check(c: Criterion, docs: Mapping[str, list[Document]]) -> EvidenceCheck:
    """Required documents of a leaf against the documents that support it."""
    supporting = docs.get(c.code, [])
    unused = list(supporting)
    missing: list[str] = []
    for req in c.evidence:
        match = next((d for d in unused if req.kind is None or d.kind == req.kind), None)
        if match is None:
            missing.append(req.title)
        else:
            unused.remove(match)
    return EvidenceCheck(
        required=len(c.evidence),
        found=len(c.evidence) - len(missing),
        missing=tuple(missing),
        documents=tuple(d.id for d in supporting),
    )


def documents_by_code(pack: LoadedPack, evidence: LoadedEvidence) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = {}
    for doc in evidence.model.documents:
        for ref in doc.supports:
            code = pack.code_of(ref)
            if code is not None and doc not in out.setdefault(code, []):
                out[code].append(doc)
    return out


def _na(base: dict[str, object], explanation: str, reason: str) -> LeafResult:
    return LeafResult(
        **base,  # type: ignore[arg-type]
        applicable_max=ZERO,
        points=ZERO,
        computed=ZERO,
        status="na",
        rule="na",
        explanation=explanation,
        na_reason=reason,
    )


def _missing(base: dict[str, object], names: tuple[str, ...]) -> LeafResult:
    maximum: Decimal = base["max"]  # type: ignore[assignment]
    return LeafResult(
        **base,  # type: ignore[arg-type]
        applicable_max=maximum,
        points=ZERO,
        computed=ZERO,
        status="missing",
        rule="missing: " + ", ".join(names),
        explanation="Chưa khai báo số liệu: " + ", ".join(names) + " → 0 điểm.",
        missing_inputs=names,
    )


def _points_status(points: Decimal, maximum: Decimal) -> str:
    if points >= maximum:
        return "full"
    return "zero" if points == 0 else "partial"


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


def _claim_warnings(
    criteria: tuple[NodeResult | LeafResult, ...], out: list[ResultWarning]
) -> None:
    for top in criteria:
        for leaf in top.walk():
            if leaf.over_claim:
                out.append(
                    ResultWarning(
                        "W010",
                        f"điểm tự chấm {leaf.claim} cao hơn điểm tính được {leaf.points}",
                        leaf.code,
                    )
                )
