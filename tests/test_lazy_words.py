"""score() writes each leaf's rule trace and explanation only when they are read: the words are
exactly those of describing the outcome eagerly, reading them never changes a number, and the
totals of score() are those of score_totals on every sample and synthetic commune."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from parscore.compiled import LoadedPack
from parscore.environment import build_env
from parscore.evidence_yaml import dump_evidence
from parscore.expr import decimal_context
from parscore.kinds import apply_rule
from parscore.loader import LoadedEvidence, evidence_from_data, load_evidence, load_pack
from parscore.model.result import LeafResult, Result
from parscore.scoring import score
from parscore.synthetic import synthetic_communes
from parscore.totals import score_totals
from parscore.wording import Wording
from parscore.yamlio import parse_yaml

from .conftest import DATA, ROOT, SAMPLE_COMMUNE, SAMPLE_PACK

SAMPLES = [
    (SAMPLE_PACK, SAMPLE_COMMUNE),
    (SAMPLE_PACK, DATA / "minimal-commune.yaml"),
    (DATA / "staged" / "pack.yaml", DATA / "staged" / "commune.yaml"),
    (DATA / "minutes" / "pack.yaml", DATA / "minutes" / "dan-tien-2025.yaml"),
]
PACKS = [SAMPLE_PACK, *sorted((ROOT / "rules").glob("*.yaml"))]


def _numbers(result: Result) -> list[tuple[object, ...]]:
    return [
        (leaf.code, leaf.points, leaf.computed, leaf.applicable_max, leaf.status, leaf.met)
        for top in result.criteria
        for leaf in top.walk()
    ] + [(result.total, tuple(result.warnings), tuple(result.stages.items()))]


def _eager_words(
    pack: LoadedPack, evidence: LoadedEvidence, leaf: LeafResult, strict: bool
) -> tuple[str, str]:
    """The rule trace and explanation of a scored leaf, described at once from the rule."""
    compiled = pack.leaves[leaf.code]
    with decimal_context():
        env = build_env(pack, evidence.metrics, [])
        outcome = apply_rule(compiled.rule, compiled.criterion.max, env, Wording(pack))
    assert outcome.points == leaf.computed
    if leaf.tracked:
        assert outcome.met == leaf.met
    explanation = outcome.explanation
    missing = leaf.evidence.missing
    if missing and leaf.computed > 0:
        explanation += f" Thiếu tài liệu kiểm chứng: {'; '.join(missing)}." + (
            " Điểm bị trừ khi thẩm định." if strict else " Có nguy cơ bị trừ khi thẩm định."
        )
    return outcome.rule, explanation


def _check(pack: LoadedPack, evidence: LoadedEvidence, strict: bool) -> None:
    lazy = score(pack, evidence, strict_evidence=strict)
    before = _numbers(lazy)
    leaves = [leaf for top in lazy.criteria for leaf in top.walk()]
    assert any("_words" in leaf.__dict__ for leaf in leaves if leaf.status != "missing")
    for leaf in leaves:
        if "_words" in leaf.__dict__:  # written on first access, then kept
            explanation = leaf.explanation
            assert "_words" not in leaf.__dict__
            assert leaf.explanation is explanation
            assert (leaf.rule, explanation) == _eager_words(pack, evidence, leaf, strict)
    assert _numbers(lazy) == before
    again = score(pack, evidence, strict_evidence=strict)
    assert again == lazy  # dataclass equality reads (and writes) every word of the new one
    assert pickle.loads(pickle.dumps(score(pack, evidence, strict_evidence=strict))) == lazy
    totals = score_totals(pack, evidence, strict_evidence=strict)
    assert totals.total == lazy.total
    assert totals.stages == lazy.stages
    assert [(f.code, f.points, f.applicable_max) for f in totals.fields] == [
        (n.code, n.points, n.applicable_max) for n in lazy.criteria
    ]


@pytest.mark.parametrize(("pack_path", "evidence_path"), SAMPLES, ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("strict", [False, True])
def test_sample_communes(pack_path: Path, evidence_path: Path, strict: bool) -> None:
    pack = load_pack(pack_path)
    evidence, _ = load_evidence(evidence_path, pack)
    _check(pack, evidence, strict)


@pytest.mark.parametrize("pack_path", PACKS, ids=lambda p: Path(p).stem)
def test_synthetic_communes(pack_path: Path) -> None:
    pack = load_pack(pack_path)
    for i, (name, model) in enumerate(synthetic_communes(pack, 12, 7)):
        evidence = evidence_from_data(parse_yaml(dump_evidence(model), name), pack)
        _check(pack, evidence, strict=i % 2 == 1)
