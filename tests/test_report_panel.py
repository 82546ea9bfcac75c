"""A context built without gaps (the web app's score panel) shows the same scores and trace."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from parscore.report.build import build_context
from parscore.scoring import score

from .report_helpers import CASES, load_case


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("strict", [False, True])
def test_a_context_without_gaps_differs_only_in_the_gaps(name: str, strict: bool) -> None:
    evidence, pack = load_case(CASES[name])
    result = score(pack, evidence, strict_evidence=strict)
    full = build_context(result, pack, evidence)
    panel = build_context(result, pack, evidence, gaps=False)
    assert full.gaps and not panel.gaps and not panel.plan_groups
    assert panel.trace == full.trace
    summary = dataclasses.replace(full.summary, stake=Decimal(0), gap_count=0, gap_note="")
    assert panel.summary == summary
    assert dataclasses.replace(full, gaps=(), plan_groups=(), summary=summary) == panel
