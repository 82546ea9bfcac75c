"""parscore: exact, explainable scoring of Vietnam's commune-level PAR Index (Chỉ số CCHC).

Public API::

    pack = load_pack("rules/2025.yaml")
    evidence, pack = load_evidence("evidence/dan-tien-2025.yaml")
    result = score(pack, evidence)
    changes = diff_packs(load_pack("rules/2024.yaml"), pack)
    findings = lint_pack(pack).findings
    plan = plan_fixes(pack, evidence, target=Decimal(90))   # plan.fixes, plan.final_score
    data = render_report(build_context(result, pack, evidence), "html")
    problems = check_constraints(pack, metrics)   # the pack's consistency rules on raw metrics
"""

from .compiled import LoadedPack
from .constraints import check_constraints
from .diffing import diff_packs
from .errors import EvidenceError, Issue, PackError, ParscoreError, UsageError
from .lint import lint_pack
from .loader import LoadedEvidence, load_evidence, load_pack
from .model.result import Result
from .planner import plan_fixes
from .report.build import build_context
from .report.render import render_report
from .scoring import score

__version__ = "0.1.0"

__all__ = [
    "EvidenceError",
    "Issue",
    "LoadedEvidence",
    "LoadedPack",
    "PackError",
    "ParscoreError",
    "Result",
    "UsageError",
    "__version__",
    "build_context",
    "check_constraints",
    "diff_packs",
    "lint_pack",
    "load_evidence",
    "load_pack",
    "plan_fixes",
    "render_report",
    "score",
]
