"""Planning: fix candidates, the cheapest plan that reaches a target, and what-if scenarios.

Everything here re-scores changed copies of the evidence with the engine's own decisions: the
numbers of a copy from :class:`~parscore.leaf_points.LeafPoints` (only the leaves a change reaches
are decided again), a displayed result from ``score`` of ``LoadedEvidence.with_changes``; inputs
are never mutated and nothing is estimated.
"""

from .candidates import DOCUMENT_EFFORT, Rescorer, fix_candidates, leaf_candidates
from .optimise import merge_changes, plan_fixes
from .records import Blocked, Candidate, CandidateSet, MissingLeaf, Plan, PlannedFix

__all__ = [
    "DOCUMENT_EFFORT",
    "Blocked",
    "Candidate",
    "CandidateSet",
    "MissingLeaf",
    "Plan",
    "PlannedFix",
    "Rescorer",
    "fix_candidates",
    "leaf_candidates",
    "merge_changes",
    "plan_fixes",
]
