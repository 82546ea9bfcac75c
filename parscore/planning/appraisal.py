"""A plan's promise under both ways of scoring: self-assessment and appraisal.

Appraisal (thẩm định) takes away the points of criteria whose evidence documents are missing
(``strict_evidence``); a self-assessment keeps them. A plan made one way is re-scored the other
way, with every fix applied together, so that both figures can be shown side by side: the council
uses the appraisal figure.
"""

from __future__ import annotations

import dataclasses

from ..compiled import LoadedPack
from ..loader import LoadedEvidence
from ..scoring import score
from .records import Plan

__all__ = ["with_counterpart"]


def with_counterpart(pack: LoadedPack, evidence: LoadedEvidence, plan: Plan) -> Plan:
    """``plan`` with ``counterpart``: its fixes scored the other way (appraisal or self)."""
    strict = not plan.start.strict_evidence
    changed = evidence.with_changes(metrics=dict(plan.metrics), documents=list(plan.documents))
    goal = plan.target
    other = score(pack, changed, strict_evidence=strict, goal=goal)
    return dataclasses.replace(plan, counterpart=other)
