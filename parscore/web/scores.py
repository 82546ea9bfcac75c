"""Scores of stored years through the engine: one year's totals, a province's ranking (batch).
Self-assessment totals come from the cache (:mod:`parscore.web.score_cache`), exact to the last
change; strict ones are computed each time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..batch import BatchSummary, CommuneScore, summarise
from ..model.result import Result
from ..scoring import score
from ..totals import Totals, score_totals
from .evidence import load_assessment
from .models import Assessment
from .packs import loaded_pack
from .score_cache import totals_of

__all__ = ["full_results", "province_summary", "ranking_with_previous", "year_total"]


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


def full_results(
    assessments: Iterable[Assessment], slugs: Iterable[str]
) -> list[tuple[str, Result]]:
    """``(slug, full result)`` of the years of the communes ``slugs``, in that order (those a
    province's ranking kept: scored under one pack)."""
    by_slug = {a.commune.slug: a for a in assessments}
    out = []
    for slug in slugs:
        evidence, pack = load_assessment(by_slug[slug])
        out.append((slug, score(pack, evidence)))
    return out


def ranking_with_previous(
    assessments: Iterable[Assessment], previous: Iterable[Assessment]
) -> tuple[BatchSummary, dict[str, int]]:
    """The ranking with the change from ``previous`` (an earlier year's), and the rank each
    commune matched there had in that year's own ranking (by this year's slug)."""
    before = summarise(_scored(previous, False))
    summary = summarise(_scored(assessments, False), previous=[c.score for c in before.communes])
    ranks = {id(c.score): c.rank for c in before.communes}
    return summary, {
        c.score.file: ranks[id(c.previous)] for c in summary.communes if c.previous is not None
    }
