"""``lint_pack(pack)``: method checks beyond validation, as located findings with stable codes.

A pack that loads is valid; lint asks whether it is *right*: steps that can never apply, maxima
that can never be reached, inputs nobody reads, values without a source, a target text that says
one number while the rule uses another, duplicated titles, deadlines outside the pack's year.
Codes are listed in :mod:`parscore.lint.finding`. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..compiled import LoadedPack
from ..errors import Issue, Severity
from ..model.citation import provenance_counts
from .checks import (
    band_findings,
    deadline_findings,
    source_findings,
    title_findings,
    unused_findings,
)
from .finding import Finding
from .pack_rules import pack_rule_findings
from .provenance import provenance_findings
from .ranges import reach_findings
from .target import target_findings

__all__ = ["Finding", "LintReport", "lint_pack", "provenance_counts"]

_SEVERITY = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class LintReport:
    """All findings of one pack, located (``Issue.severity`` is error, warning or info)."""

    pack_id: str
    file: str
    findings: tuple[Issue, ...]
    without_source: tuple[str, ...] = ()  # leaf codes with no ``source``
    assumed: tuple[str, ...] = ()  # leaf codes whose source is still ``assumed``

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity.value == severity)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0

    def to_dict(self) -> dict[str, Any]:
        counts = Counter(f.severity.value for f in self.findings)
        return {
            "pack": self.pack_id,
            "file": self.file,
            "counts": {s: counts.get(s, 0) for s in ("error", "warning", "info")},
            "findings": [f.to_dict() for f in self.findings],
            "sources": {"missing": list(self.without_source), "assumed": list(self.assumed)},
        }


def lint_pack(pack: LoadedPack) -> LintReport:
    findings: list[Finding] = []
    for leaf in pack.leaves.values():
        findings.extend(reach_findings(pack, leaf))
        findings.extend(target_findings(leaf, pack.model.inputs))
    findings.extend(unused_findings(pack))
    findings.extend(source_findings(pack))
    findings.extend(provenance_findings(pack))
    findings.extend(title_findings(pack))
    findings.extend(deadline_findings(pack))
    findings.extend(band_findings(pack))
    findings.extend(pack_rule_findings(pack))
    located = [_locate(pack, f) for f in findings]
    located.sort(key=lambda i: (i.line or 0, i.col or 0, _RANK[i.severity.value], i.code, i.path))
    sources = {code: leaf.criterion.source for code, leaf in pack.leaves.items()}
    return LintReport(
        pack.id,
        pack.file,
        tuple(located),
        without_source=tuple(code for code, src in sources.items() if src is None),
        assumed=tuple(
            code for code, src in sources.items() if src is not None and src.status == "assumed"
        ),
    )


def _locate(pack: LoadedPack, finding: Finding) -> Issue:
    issue = pack.document.issue(finding.code, finding.path, finding.message, finding.hint)
    return dataclasses.replace(issue, severity=_SEVERITY[finding.severity])
