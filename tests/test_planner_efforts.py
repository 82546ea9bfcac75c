"""The efforts file: a criterion's or a field's effort for the planner, located errors in
Vietnamese, and the candidates it changes."""

from __future__ import annotations

import pytest

from parscore.errors import UsageError
from parscore.planning import fix_candidates
from parscore.planning.efforts import efforts_from_document
from parscore.yamlio import parse_yaml


def test_efforts_override_leaf_and_spread_from_a_field(sample_pack):
    doc = parse_yaml('"1": 2\n"1.3": 5\non-time-commune: 1\n', "efforts.yaml")
    efforts = efforts_from_document(doc, sample_pack)
    assert efforts["1.1"] == 2 and efforts["1.2"] == 2 and efforts["1.3"] == 5
    assert efforts["3.2.2"] == 1 and "3.3" not in efforts


def test_efforts_errors_are_located_in_vietnamese(sample_pack):
    doc = parse_yaml('"3.2.3": 2\n"1.3": 0\n"1.4": cao\n"1.2": 2.5\n', "efforts.yaml")
    with pytest.raises(UsageError) as info:
        efforts_from_document(doc, sample_pack)
    lines = [i.format() for i in info.value.issues]
    assert lines[0].startswith("efforts.yaml:1:1: PS501") and "có phải ý bạn là '3.2.2'" in lines[0]
    assert [i.line for i in info.value.issues] == [1, 2, 3, 4]
    assert all(i.code == "PS701" for i in info.value.issues[1:])
    assert "số nguyên từ 1 đến 100" in lines[1]


def test_efforts_change_the_candidates(sample_pack, sample_evidence):
    cands = fix_candidates(sample_pack, sample_evidence, efforts={"3.2.2": 1})
    assert [c.effort for c in cands.candidates if c.code == "3.2.2"] == [1]
