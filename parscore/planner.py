"""The planner's public face: fix candidates, the cheapest plan, what-if scenarios.

The parts live in :mod:`parscore.planning` (levels, levers, search, candidates, optimise,
scenario, whatif, efforts); this module gathers what callers need.
"""

from .planning.appraisal import with_counterpart
from .planning.candidates import DOCUMENT_EFFORT, Rescorer, fix_candidates, leaf_candidates
from .planning.efforts import efforts_from_document, load_efforts
from .planning.optimise import merge_changes, plan_fixes
from .planning.records import Blocked, Candidate, CandidateSet, MissingLeaf, Plan, PlannedFix
from .planning.scenario import (
    Scenario,
    ScenarioModel,
    apply_scenario,
    check_scenario,
    read_scenario,
    rebase_evidence,
    resolve_scenario_pack,
    scenario_model,
    scenario_yaml,
)
from .planning.whatif import NodeChange, WhatIf, compare_results, run_whatif

__all__ = [
    "DOCUMENT_EFFORT",
    "Blocked",
    "Candidate",
    "CandidateSet",
    "MissingLeaf",
    "NodeChange",
    "Plan",
    "PlannedFix",
    "Rescorer",
    "Scenario",
    "ScenarioModel",
    "WhatIf",
    "apply_scenario",
    "check_scenario",
    "compare_results",
    "efforts_from_document",
    "fix_candidates",
    "leaf_candidates",
    "load_efforts",
    "merge_changes",
    "plan_fixes",
    "read_scenario",
    "rebase_evidence",
    "resolve_scenario_pack",
    "run_whatif",
    "scenario_model",
    "scenario_yaml",
    "with_counterpart",
]
