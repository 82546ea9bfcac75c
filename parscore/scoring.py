"""score(pack, evidence) -> Result. Pure: no I/O, no clock, inputs never mutated.

Leaf points are exact decimals; totals are computed from exact points, then rounded once by the
pack's rule (FORMATS.md §1 "Totals").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar
from weakref import WeakKeyDictionary

from .compiled import CompiledLeaf, CompiledRule, LoadedPack
from .environment import build_env
from .expr import Value, decimal_context
from .kinds import Scored, describe, kind_named
from .leaf_plans import LeafPlan, decide_leaf, leaf_plan
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
T = TypeVar("T")
_PACK_INFO: WeakKeyDictionary[LoadedPack, PackInfo] = WeakKeyDictionary()
_SHAPES: WeakKeyDictionary[LoadedPack, dict[str, _Shape]] = WeakKeyDictionary()


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
        self.shapes = _shapes(self.pack)

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

    def leaf(self, shape: _Shape) -> LeafResult:
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
            base["claim"] = _by_code(model.claims, code, key)
        if model.appraisal:
            base["appraisal"] = _by_code(model.appraisal, code, key)
        if model.appraisal_notes:
            base["appraisal_note"] = _by_code(model.appraisal_notes, code, key)
        if model.explanations:
            base["commune_explanation"] = _by_code(model.explanations, code, key)
        state, detail = shape.plan(env, model)
        if state != "scored":
            result = self._unscored(shape, base, state, detail)
        else:  # the common case, inline
            assert isinstance(detail, Scored)
            maximum = shape.maximum
            computed = detail.points
            missing = ev.missing
            at_risk = bool(missing) and computed > 0
            strict = self.strict
            points = ZERO if (at_risk and strict) else computed
            met = None
            if shape.tracked:  # a tracked target: met or not (as its outcome's words say)
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
            base["met"] = met
            if self.maps:
                base["stages"] = leaf_stages(self.maps, code, points)
            rule = shape.leaf.rule
            words = (_leaf_words, rule, maximum, detail, missing if at_risk else (), strict)
            result = LeafResult.made(base, words)
        claim = base["claim"]
        if claim is not None and claim > result.points:  # type: ignore[operator]
            self.over_claims.append(result)
        return result

    def _unscored(
        self, shape: _Shape, base: dict[str, object], state: str, detail: object
    ) -> LeafResult:
        leaf = shape.leaf
        if state == "na_declared":
            return self._made(_na(base, f"Xã khai báo không áp dụng: {detail}", str(detail)))
        if state == "missing":
            return self._made(_missing(base, self._raw_missing(leaf)))
        if state == "error":
            return self._made(self._error(base, shape.criterion, str(detail)))
        assert leaf.applies_if is not None
        text = f"Không áp dụng: điều kiện «{leaf.applies_if.source}» không thỏa."
        return self._made(_na(base, text, text))

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


def evidence_check(c: Criterion, docs: Mapping[str, list[Document]]) -> EvidenceCheck:
    """Required documents of a leaf against the documents that support it."""
    supporting = docs.get(c.code, ())
    required = c.evidence
    if not required:
        return EvidenceCheck(0, 0, (), tuple([d.id for d in supporting]))
    unused = list(supporting)
    missing: list[str] = []
    for req in required:
        kind = req.kind
        for doc in unused:
            if kind is None or doc.kind == kind:
                unused.remove(doc)
                break
        else:
            missing.append(req.title)
    return EvidenceCheck(
        len(required),
        len(required) - len(missing),
        tuple(missing),
        tuple([d.id for d in supporting]),
    )


def documents_by_code(pack: LoadedPack, evidence: LoadedEvidence) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = {}
    for doc in evidence.model.documents:
        for ref in doc.supports:
            code = pack.code_of(ref)
            if code is not None and doc not in out.setdefault(code, []):
                out[code].append(doc)
    return out


def _na(base: dict[str, object], explanation: str, reason: str) -> dict[str, object]:
    return {
        **base,
        "applicable_max": ZERO,
        "points": ZERO,
        "computed": ZERO,
        "status": "na",
        "rule": "na",
        "explanation": explanation,
        "na_reason": reason,
    }


def _missing(base: dict[str, object], names: tuple[str, ...]) -> dict[str, object]:
    return {
        **base,
        "applicable_max": base["max"],
        "points": ZERO,
        "computed": ZERO,
        "status": "missing",
        "rule": "missing: " + ", ".join(names),
        "explanation": "Chưa khai báo số liệu: " + ", ".join(names) + " → 0 điểm.",
        "missing_inputs": names,
    }


def _leaf_words(
    rule: CompiledRule, maximum: Decimal, detail: Scored, missing: tuple[str, ...], strict: bool
) -> tuple[str, str]:
    """The rule trace and explanation of a scored leaf (``missing``: the documents missing
    while the leaf has points)."""
    outcome = describe(rule, maximum, detail)
    if not missing:
        return outcome.rule, outcome.explanation
    return outcome.rule, outcome.explanation + _risk_words(missing, strict)


def _risk_words(missing: tuple[str, ...], strict: bool) -> str:
    return (
        " Thiếu tài liệu kiểm chứng: "
        + "; ".join(missing)
        + "."
        + (" Điểm bị trừ khi thẩm định." if strict else " Có nguy cơ bị trừ khi thẩm định.")
    )


def _by_code(values: Mapping[str, T], code: str, key: str) -> T | None:
    """A commune's entry for a criterion, by its code, else by its id."""
    if not values:
        return None
    return values.get(code, values.get(key))


@dataclass(frozen=True, eq=False)
class _Shape:
    """What every commune's record of one leaf shares, read from the pack once."""

    leaf: CompiledLeaf
    criterion: Criterion
    code: str
    key: str
    maximum: Decimal
    tracked: bool
    no_documents: EvidenceCheck  # the check when no document supports the leaf
    plan: LeafPlan
    reads: tuple[str, ...]  # the inputs a record shows, in order (derived ones with theirs)
    fixed: dict[str, object]


def _shapes(pack: LoadedPack) -> dict[str, _Shape]:
    """Each leaf's shape by its code (made once per pack)."""
    shapes = _SHAPES.get(pack)
    if shapes is None:
        shapes = _SHAPES[pack] = {code: _shape(pack, leaf) for code, leaf in pack.leaves.items()}
    return shapes


def _shape(pack: LoadedPack, leaf: CompiledLeaf) -> _Shape:
    c = leaf.criterion
    reads: list[str] = []
    for name in leaf.names:
        reads.append(name)
        reads.extend(sorted(pack.derived_inputs.get(name, ())))
    fixed = LeafResult.defaults()
    fixed.update(
        code=c.code,
        key=c.key,
        title=c.title,
        max=c.max,
        kind=leaf.rule.kind,
        survey=c.survey,
        tracked=c.tracked,
    )
    return _Shape(
        leaf,
        c,
        c.code,
        c.key,
        c.max,
        c.tracked,
        evidence_check(c, {}),
        leaf_plan(leaf),
        tuple(reads),
        fixed,
    )


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
