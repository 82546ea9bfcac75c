"""parscore: exact, explainable scoring of Vietnam's commune-level PAR Index (Chỉ số CCHC).

Public API::

    pack = load_pack("rules/2025.yaml")
    evidence, pack = load_evidence("evidence/dan-tien-2025.yaml")
    result = score(pack, evidence)
    changes = diff_packs(load_pack("rules/2024.yaml"), pack)
    findings = lint_pack(pack).findings
    plan = plan_fixes(pack, evidence, target=Decimal(90))   # plan.fixes, plan.final_score
    data = render_report(build_context(result, pack, evidence), "html")
    minutes = render_minutes(build_minutes(result, pack, evidence), "docx")   # biên bản thẩm định
    problems = check_constraints(pack, metrics)   # the pack's consistency rules on raw metrics
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy_names import lazy_names

if TYPE_CHECKING:
    from .compiled import LoadedPack
    from .constraints import check_constraints
    from .diffing import diff_packs
    from .errors import EvidenceError, Issue, PackError, ParscoreError, UsageError
    from .lint import lint_pack
    from .loader import LoadedEvidence, load_evidence, load_pack
    from .model.result import Result
    from .planner import plan_fixes
    from .report.build import build_context
    from .report.minutes import build_minutes, render_minutes
    from .report.render import render_report
    from .scoring import score

# The public names are imported when first used, so that ``import parscore`` (and the start of
# the ``parscore`` command, which handles Ctrl-C only once it runs) stays instant.
_HOMES = {
    "LoadedPack": "compiled",
    "check_constraints": "constraints",
    "diff_packs": "diffing",
    "EvidenceError": "errors",
    "Issue": "errors",
    "PackError": "errors",
    "ParscoreError": "errors",
    "UsageError": "errors",
    "lint_pack": "lint",
    "LoadedEvidence": "loader",
    "load_evidence": "loader",
    "load_pack": "loader",
    "Result": "model.result",
    "plan_fixes": "planner",
    "build_context": "report.build",
    "build_minutes": "report.minutes",
    "render_minutes": "report.minutes",
    "render_report": "report.render",
    "score": "scoring",
}


__getattr__ = lazy_names(__name__, _HOMES)


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
    "build_minutes",
    "check_constraints",
    "diff_packs",
    "lint_pack",
    "load_evidence",
    "load_pack",
    "plan_fixes",
    "render_minutes",
    "render_report",
    "score",
]
