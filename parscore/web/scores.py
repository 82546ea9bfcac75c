"""Scores of stored years through the engine: one year's totals, a province's ranking (batch)."""

from __future__ import annotations

from collections.abc import Iterable

from ..batch import BatchSummary, CommuneScore, summarise
from ..totals import Totals, score_totals
from .evidence import load_assessment
from .models import Assessment

__all__ = ["province_summary", "year_total"]


def year_total(assessment: Assessment, strict: bool = False) -> Totals:
    evidence, pack = load_assessment(assessment)
    return score_totals(pack, evidence, strict_evidence=strict)


def _scored(assessments: Iterable[Assessment], strict: bool) -> list[CommuneScore]:
    scored = []
    for a in assessments:
        evidence, pack = load_assessment(a)
        totals = score_totals(pack, evidence, strict_evidence=strict)
        labels = tuple(b.label for b in pack.model.pack.bands)
        scored.append(CommuneScore(a.commune.slug, a.commune.name, None, totals, labels))
    return scored


def province_summary(
    assessments: Iterable[Assessment],
    strict: bool = False,
    previous: Iterable[Assessment] = (),
) -> BatchSummary:
    """Rank the years given, exactly as ``parscore batch`` ranks evidence files; ``previous``
    (last year's) gives the change from last year."""
    return summarise(_scored(assessments, strict), previous=_scored(previous, strict))
