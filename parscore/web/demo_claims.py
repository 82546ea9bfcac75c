"""The demo communes' self-scores: a synthetic commune past its draft claims its first criteria,
the full points where its data gives less (an over-claim) and the computed points elsewhere, so
the council's screens and the reconciliation have something to show. Invented data, as the rest
of the demo."""

from __future__ import annotations

from decimal import Decimal

from ..scoring import score
from .evidence import load_assessment
from .models import Assessment, Claim

__all__ = ["CLAIMED", "self_score"]

CLAIMED = 5  # criteria a demo commune scores itself


def self_score(assessment: Assessment) -> dict[str, Decimal]:
    """Create the claims of a year that has none; return every applicable criterion's computed
    points (what the demo council compares the claims with)."""
    evidence, pack = load_assessment(assessment)
    leaves = [
        leaf
        for leaf in score(pack, evidence).leaves()
        if not leaf.tracked and leaf.status != "na" and leaf.max > 0
    ]
    if not assessment.claims.exists():
        Claim.objects.bulk_create(
            Claim(assessment=assessment, code=leaf.code, points=str(max(leaf.points, leaf.max)))
            if i % 2 == 0
            else Claim(assessment=assessment, code=leaf.code, points=str(leaf.points))
            for i, leaf in enumerate(leaves[:CLAIMED])
        )
    return {leaf.code: leaf.points for leaf in leaves}
