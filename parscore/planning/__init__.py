"""Planning: fix candidates, the cheapest plan that reaches a target, and what-if scenarios.

Everything here re-scores changed copies of the evidence with the engine's own decisions: the
numbers of a copy from :class:`~parscore.leaf_points.LeafPoints` (only the leaves a change reaches
are decided again), a displayed result from ``score`` of ``LoadedEvidence.with_changes``; inputs
are never mutated and nothing is estimated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_names import lazy_names

if TYPE_CHECKING:
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

_WHERE = {
    "DOCUMENT_EFFORT": "candidates",
    "Rescorer": "candidates",
    "fix_candidates": "candidates",
    "leaf_candidates": "candidates",
    "merge_changes": "optimise",
    "plan_fixes": "optimise",
    **dict.fromkeys(
        ("Blocked", "Candidate", "CandidateSet", "MissingLeaf", "Plan", "PlannedFix"), "records"
    ),
}


# The names above, from their modules when first asked for: a report's gap hints need the
# candidates, not the optimiser (a module of this package is imported as usual).
__getattr__ = lazy_names(__name__, _WHERE)
