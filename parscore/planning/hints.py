""" "What would raise it", in words, from the planner's own candidates (one source of truth).

With the pack and the evidence, every hint is a real candidate: the exact change of raw inputs,
the points it gives and its gain on the reported scale. Without them (a caller that only has the
leaf's result) the hints are the rule's levels, the same ones the planner searches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from ..compiled import CompiledLeaf, LoadedPack
from ..loader import LoadedEvidence
from ..model.result import LeafResult
from ..numbers import vi_number
from ..wording import Wording
from .candidates import Rescorer, bonus_candidates, deadline_passed, leaf_candidates
from .levels import rule_levels
from .records import Candidate

__all__ = ["item_hints", "raise_hints"]


def raise_hints(
    leaf: LeafResult,
    compiled: CompiledLeaf,
    as_of: dt.date | None,
    *,
    pack: LoadedPack | None = None,
    evidence: LoadedEvidence | None = None,
    strict_evidence: bool = False,
    efforts: Mapping[str, int] | None = None,
    rescorer: Rescorer | None = None,
) -> list[str]:
    """Vietnamese hints for one leaf: declare, attach, or reach a higher level. A caller asking
    for many leaves of one commune passes one ``rescorer`` (its scores are shared)."""
    if leaf.status == "na" or compiled.criterion.tracked:
        return []
    if pack is not None and evidence is not None:
        ctx = rescorer or Rescorer(pack, evidence, strict_evidence)
        return _from_candidates(leaf.code, ctx, efforts)
    hints: list[str] = []
    if leaf.missing_inputs:
        hints.append("Khai báo số liệu: " + "; ".join(leaf.missing_inputs))
    if leaf.evidence.missing:
        hints.append("Bổ sung tài liệu kiểm chứng: " + "; ".join(leaf.evidence.missing))
    if leaf.computed >= leaf.max or leaf.status == "missing":
        return hints
    passed = deadline_passed(compiled, as_of)
    if passed is not None:
        return [*hints, passed]
    for level in rule_levels(compiled.rule, compiled.criterion.max, leaf.computed, leaf.inputs):
        hints.append(f"Đạt mức {vi_number(level.points)} điểm")
    return hints


def _from_candidates(code: str, ctx: Rescorer, efforts: Mapping[str, int] | None) -> list[str]:
    words = Wording(ctx.pack)
    cands, blocked, missing = leaf_candidates(ctx, code, efforts)
    r = ctx.base.pack.r
    hints: list[str] = []
    for m in missing:
        hints.append(
            "Khai báo số liệu: "
            + words.names(m.inputs)
            + " (chưa khai báo nên được 0 điểm; tiêu chí"
            f" có thể đóng góp tới {vi_number(Decimal(r(m.stake)))} điểm tổng). Khai báo cả khi"
            " chưa thực hiện (0, không, ngày dự kiến) để lập được kế hoạch."
        )
    hints.extend(_said(c, ctx) for c in cands)
    for b in blocked:
        hints.append(b.reason)
    return hints


def item_hints(
    code: str,
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    strict_evidence: bool = False,
    rescorer: Rescorer | None = None,
) -> list[str]:
    """Vietnamese hints for one bonus or penalty item (``explain EVIDENCE T1``, the report's
    table of items): the planner's fix attaching a listed bonus item's missing documents, worded
    as a criterion's hints; none when the bonus cap leaves it nothing to add."""
    ctx = rescorer or Rescorer(pack, evidence, strict_evidence)
    return [_said(c, ctx) for c in bonus_candidates(ctx) if c.code == code and c.secures > 0]


def _said(c: Candidate, ctx: Rescorer) -> str:
    shown = c.shown_gain(ctx.base)  # as the plan shows a fix: the rounded total's change
    worth = f"+{vi_number(shown)} điểm tổng, " if c.gain > 0 and shown > 0 else ""
    return f"{c.description} ({worth}công sức {c.effort})"
