"""A pack's words are remembered for every ``Wording`` of it: each of its expressions and rules is
put into words once per pack, and the remembered words are exactly those worked out afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore import wording
from parscore.kinds import kind_named
from parscore.loader import load_evidence, load_pack
from parscore.report.build import build_context
from parscore.scoring import score
from parscore.wording import Wording, rule_sources, rule_words

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK

PACKS = [SAMPLE_PACK, *sorted((ROOT / "rules").glob("*.yaml"))]


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_remembered_words_are_the_words_worked_out_afresh(path: Path) -> None:
    pack = load_pack(path)
    shared = Wording(pack)
    afresh = load_pack(path)  # another pack object: its words remembered apart
    for leaf in pack.leaves.values():
        maximum = leaf.criterion.max
        fresh_leaf = afresh.leaves[leaf.criterion.code]
        fresh = kind_named(leaf.rule.kind).rule_words(fresh_leaf.rule, maximum, Wording(afresh))
        assert rule_words(shared, leaf.rule, maximum) == fresh
        assert rule_words(Wording(pack), leaf.rule, maximum) == fresh  # remembered
        for source in rule_sources(leaf.rule):
            assert shared.expression(source) == Wording(afresh)._expression(source)
    assert shared.expression("1 +") == "1 +"  # does not parse: the source as it is


def test_a_second_report_of_the_pack_words_no_expression_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pack = load_pack(SAMPLE_PACK)
    evidence, _ = load_evidence(SAMPLE_COMMUNE, pack)
    result = score(pack, evidence)
    first = build_context(result, pack, evidence)
    parsed: list[str] = []
    worded = Wording._expression

    def counted(self: Wording, source: str) -> str:
        parsed.append(source)
        return worded(self, source)

    ruled: list[str] = []

    def kind_counted(name: str) -> object:
        ruled.append(name)
        return kind_named(name)

    monkeypatch.setattr(Wording, "_expression", counted)
    monkeypatch.setattr(wording, "kind_named", kind_counted)  # a rule put into words
    again = build_context(result, pack, evidence)
    assert parsed == [] and ruled == []
    assert again == first
    fresh = load_pack(SAMPLE_PACK)  # another pack (its own words): worded again
    build_context(score(fresh, evidence), fresh, evidence)
    assert parsed and len(ruled) == len(fresh.leaves)
