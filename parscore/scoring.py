"""score(pack, evidence) -> Result. Pure: no I/O, no clock, inputs never mutated.

Leaf points are exact decimals; totals are computed from exact points, then rounded once by the
pack's rule (FORMATS.md §1 "Totals").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from weakref import WeakKeyDictionary

from .compiled import CompiledLeaf, LoadedPack
from .environment import build_env
from .expr import Value, decimal_context
from .kinds import Scored, kind_named
from .leaf_plans import decide_leaf, leaf_plan
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
    shapes,
)
from .loader import LoadedEvidence
from .model.evidence import Document
from .model.pack import Criterion
from .model.result import LeafResult, NodeResult, PackInfo, Result, ResultWarning
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
    warnings.extend(
        ResultWarning(
            "W010", f"điểm tự chấm {leaf.claim} cao hơn điểm tính được {leaf.points}", leaf.code
        )
        for leaf in ctx.over_claims
    )
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
    over_claims: list[LeafResult] = field(default_factory=list)  # claimed above its points

    def __post_init__(self) -> None:
        self.shapes = shapes(self.pack)
        self.get = self.env.get
        self.declared = self.evidence.model.not_applicable
        self.context: WordsContext = (self.env, self.evidence.model, self.strict)

    def node(self, node: Criterion) -> NodeResult | LeafResult:
        if node.children is None:
            return self.leaf(self.shapes[node.code])
        shapes = self.shapes
        children = tuple(
            [
                self.leaf(shapes[child.code]) if child.children is None else self.node(child)
                for child in node.children
            ]
        )
        points = applicable = ZERO
        for child in children:
            points += child.points
            applicable += child.applicable_max
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

    def leaf(self, shape: LeafShape) -> LeafResult:
        model = self.evidence.model
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
        direct, declared = shape.direct, self.declared
        found = None
        if direct is not None and not (declared and (code in declared or key in declared)):
            found = direct(self.get)  # the points alone; the words later, when read
        if type(found) is Decimal:
            state, detail = "scored", None
            computed: Decimal = found
        else:
            state, detail = shape.plan(env, model)
        if state != "scored":
            result = self._unscored(shape, base, state, detail)
        else:  # the common case, inline
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
                assert isinstance(detail, Scored)  # (no direct path)
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
                words: tuple[object, ...] = (
                    scored_words,
                    shape.leaf.rule,
                    maximum,
                    detail,
                    risk,
                    strict,
                )
            else:  # decided again when read, from the commune's values the records share
                base["_context"] = self.context
                words = (later_words, shape, risk) if risk else shape.words
            result = LeafResult.made(base, words)
        claim = base.get("claim")
        if claim is not None and claim > result.points:  # type: ignore[operator]
            self.over_claims.append(result)
        return result

    def _unscored(
        self, shape: LeafShape, base: dict[str, object], state: str, detail: object
    ) -> LeafResult:
        leaf = shape.leaf
        if state == "na_declared":
            return self._made(na_values(base, f"Xã khai báo không áp dụng: {detail}", str(detail)))
        if state == "missing":
            return self._made(missing_values(base, self._raw_missing(leaf)))
        if state == "error":
            return self._made(self._error(base, shape.criterion, str(detail)))
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

    def _error(self, base: dict[str, object], c: Criterion, message: str) -> dict[str, object]:
        self.warnings.append(ResultWarning("W002", f"lỗi khi tính điểm: {message}", c.code))
        return {
            **base,
            "applicable_max": c.max,
            "points": ZERO,
            "computed": ZERO,
            "status": "zero",
            "rule": f"error: {message}",
            "explanation": f"Không tính được điểm: {message}.",
        }

    def _raw_missing(self, leaf: CompiledLeaf) -> tuple[str, ...]:
        raw = leaf.raw_inputs
        needed = kind_named(leaf.rule.kind).needed(leaf.rule, self.env)
        if needed is not None:  # only what the commune's chosen alternative reads
            if leaf.applies_if is not None:
                needed |= leaf.applies_if.names
            derived = self.pack.derived_inputs
            raw = frozenset(r for n in needed for r in derived.get(n, {n}))
        return tuple(sorted(n for n in raw if n not in self.env))


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
