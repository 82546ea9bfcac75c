"""score(pack, evidence) -> Result. Pure: no I/O, no clock, inputs never mutated.

Leaf points are exact decimals; totals are computed from exact points, then rounded once by the
pack's rule (FORMATS.md §1 "Totals").

Every leaf is decided while scoring (:mod:`parscore.leaf_outcomes`), and the total, stages and
warnings are given at once; the leaf and node records are made from the leaves' outcomes when
``Result.criteria`` is first read (:mod:`parscore.score_records`), their words when those are read.
"""

from __future__ import annotations

from decimal import Decimal
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .environment import build_env
from .expr import decimal_context
from .leaf_outcomes import Pass, tree
from .leaf_plans import decide_leaf, leaf_plan
from .leaf_records import documents_by_code, evidence_check
from .loader import LoadedEvidence
from .model.result import AdjustmentGroupInfo, PackInfo, Result, ResultWarning
from .score_records import Records
from .stages import adjustment_lines, make_total, stage_maps, stage_totals

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
    model = evidence.model
    docs = documents_by_code(pack, evidence) if strict_evidence else None
    fields = tree(pack)
    run = Pass(env, model, strict_evidence, docs or {}, warnings, bool(maps))
    points, applicable = run.sum(fields)
    total = make_total(pack, evidence, points, applicable, goal, warnings, strict_evidence)
    stages = stage_totals(
        pack, evidence, maps, run.computed or {}, points, applicable, goal, strict_evidence
    )
    warnings.extend(
        ResultWarning("W010", f"điểm tự chấm {claim} cao hơn điểm tính được {got}", code)
        for claim, got, code in run.over
    )
    records = Records(pack, fields, evidence, env, strict_evidence, maps, tuple(run.outcomes), docs)
    return Result.made(
        {
            "pack": pack_info(pack),
            "commune": model.commune,
            "year": model.year,
            "as_of": model.as_of,
            "strict_evidence": strict_evidence,
            "total": total,
            "warnings": tuple(warnings),
            "synthetic": model.synthetic,
            "scale": pack.model.pack.scale,
            "stages": stages,
            "adjustments": adjustment_lines(pack, evidence, strict=strict_evidence),
            "adjustment_groups": adjustment_groups(pack),
        },
        records,
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


def adjustment_groups(pack: LoadedPack) -> tuple[AdjustmentGroupInfo, ...]:
    """The pack's bonus and penalty groups with their caps (none without items)."""
    groups = pack.model.adjustments
    return tuple(
        AdjustmentGroupInfo(side, group.max)
        for side in ("bonus", "penalty")
        if (group := getattr(groups, side)) is not None
    )
