"""score_totals gives exactly score()'s totals, field points and warnings (W010 aside)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parscore.compiled import LoadedPack
from parscore.evidence_yaml import dump_evidence
from parscore.loader import LoadedEvidence, evidence_from_data, load_pack, pack_from_text
from parscore.scoring import score
from parscore.synthetic import synthetic_communes
from parscore.totals import score_totals
from parscore.yamlio import parse_yaml

from .conftest import ROOT, SAMPLE_PACK


def _communes(pack: LoadedPack, n: int, seed: int) -> list[LoadedEvidence]:
    return [
        evidence_from_data(parse_yaml(dump_evidence(e), name), pack)
        for name, e in synthetic_communes(pack, n, seed)
    ]


def _same(pack: LoadedPack, evidence: LoadedEvidence, strict: bool) -> None:
    full = score(pack, evidence, strict_evidence=strict)
    lean = score_totals(pack, evidence, strict_evidence=strict)
    assert lean.total == full.total
    assert [(f.code, f.points, f.applicable_max) for f in lean.fields] == [
        (n.code, n.points, n.applicable_max) for n in full.criteria
    ]
    assert list(lean.warnings) == [w for w in full.warnings if w.code != "W010"]
    assert lean.pack == full.pack
    assert (lean.commune, lean.year, lean.synthetic) == (full.commune, full.year, full.synthetic)


@pytest.mark.parametrize("strict", [False, True])
def test_same_totals_as_score_on_sample_pack(sample_pack: LoadedPack, strict: bool) -> None:
    for evidence in _communes(sample_pack, 60, 3):
        _same(sample_pack, evidence, strict)


def test_same_totals_as_score_on_2025_pack() -> None:
    path = ROOT / "rules" / "2025.yaml"
    if not path.is_file():
        pytest.skip("rules/2025.yaml not present")
    pack = load_pack(path)
    for i, evidence in enumerate(_communes(pack, 40, 9)):
        _same(pack, evidence, strict=i % 2 == 0)


def test_sample_commune_and_goal_override(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    _same(sample_pack, sample_evidence, strict=False)
    lean = score_totals(sample_pack, sample_evidence, goal=Decimal(50))
    assert lean.total == score(sample_pack, sample_evidence, goal=Decimal(50)).total


def test_evaluation_errors_warn_the_same() -> None:
    text = SAMPLE_PACK.read_text(encoding="utf-8").replace(
        'formula: "clamp(budget_ratio - 70, 0, 30) / 10"',
        'formula: "clamp(budget_ratio - 70, 0, 30) / (budget_ratio - budget_ratio)"',
    )
    pack = pack_from_text(text)
    doc = parse_yaml("commune: X\nmetrics: { budget_ratio: 80 }\n")
    evidence = evidence_from_data(doc, pack)
    full = score(pack, evidence)
    assert any(w.code == "W002" for w in full.warnings)
    _same(pack, evidence, strict=False)


TINY = """
pack: { id: t/xa/2025, title: T, province: T, level: xa, year: 2025, status: provisional,
        total: 2, bands: [ { min: 50, label: Đạt }, { min: 0, label: Chưa đạt } ] }
inputs:
  has_units: { label: Có đơn vị, type: bool }
  units: { label: Số đơn vị, type: count }
criteria:
  - code: "1"
    title: Một
    max: 2
    children:
      - { code: "1.1", title: A, max: 1, applies_if: has_units, score: { count: { of: units, each: 1 } } }
      - { code: "1.2", title: B, max: 1, na_allowed: true, score: { check: has_units } }
"""


def test_nothing_applicable_warns_the_same() -> None:
    pack = pack_from_text(TINY)
    doc = parse_yaml(
        'commune: X\nmetrics: { has_units: false }\nnot_applicable: { "1.2": "không có" }\n'
    )
    evidence = evidence_from_data(doc, pack)
    full = score(pack, evidence)
    assert [w.code for w in full.warnings] == ["W003"]
    _same(pack, evidence, strict=False)
