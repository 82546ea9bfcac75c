"""The public API: everything in ``parscore.__all__`` exists, and the documented flow runs."""

from __future__ import annotations

from decimal import Decimal

import parscore

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK


def test_all_names_exist() -> None:
    for name in parscore.__all__:
        assert getattr(parscore, name) is not None, name


def test_documented_flow() -> None:
    pack = parscore.load_pack(SAMPLE_PACK)
    evidence, _ = parscore.load_evidence(SAMPLE_COMMUNE, pack)
    result = parscore.score(pack, evidence)
    assert result.total.score == Decimal("53.5")
    plan = parscore.plan_fixes(pack, evidence, target=Decimal(60))
    assert plan.final_score >= 60
    html = parscore.render_report(parscore.build_context(result, pack, evidence), "html")
    assert b"53,5" in html
    assert parscore.diff_packs(pack, pack) == []
    assert parscore.check_constraints(pack, evidence.metrics) == []


def test_tests_mirror_the_package() -> None:
    """Every top-level module of parscore has a test module that names it."""
    tests = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    modules = [
        p.stem
        for p in (ROOT / "parscore").glob("*.py")
        if not p.stem.startswith("_") and p.stem not in ("raising",)
    ]
    missing = [
        m for m in modules if f"parscore.{m}" not in tests and f"parscore import {m}" not in tests
    ]
    assert not missing, f"modules without tests naming them: {missing}"
