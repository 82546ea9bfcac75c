"""Scores of stored years through the engine: one year's totals, a province's ranking (batch).
Self-assessment totals come from the cache (:mod:`parscore.web.score_cache`), exact to the last
change; strict ones are computed each time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..batch import BatchSummary, CommuneScore, summarise
from ..totals import Totals, score_totals
from .evidence import load_assessment
from .models import Assessment
from .packs import loaded_pack
from .score_cache import totals_of

__all__ = ["province_summary", "year_total"]


def year_total(assessment: Assessment, strict: bool = False) -> Totals:
    return _totals([assessment], strict)[assessment.pk]


def _totals(assessments: Sequence[Assessment], strict: bool) -> dict[int, Totals]:
    if not strict:
        return totals_of(assessments)
    out = {}
    for a in assessments:
        evidence, pack = load_assessment(a)
        out[a.pk] = score_totals(pack, evidence, strict_evidence=True)
    return out


def _scored(assessments: Iterable[Assessment], strict: bool) -> list[CommuneScore]:
    years = list(assessments)
    totals = _totals(years, strict)
    labels: dict[str, tuple[str, ...]] = {}  # by pack sha256
    scored = []
    for a in years:
        sha = a.pack.sha256
        if sha not in labels:
            labels[sha] = tuple(b.label for b in loaded_pack(a.pack).model.pack.bands)
        scored.append(CommuneScore(a.commune.slug, a.commune.name, None, totals[a.pk], labels[sha]))
    return scored


def province_summary(
    assessments: Iterable[Assessment],
    strict: bool = False,
    previous: Iterable[Assessment] = (),
) -> BatchSummary:
    """Rank the years given, exactly as ``parscore batch`` ranks evidence files; ``previous``
    (last year's) gives the change from last year."""
    return summarise(_scored(assessments, strict), previous=_scored(previous, strict))
