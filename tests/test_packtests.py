"""YAML scenario cases (tests/cases/*.yaml) with hand-worked expected points, and the runner itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore.errors import ParscoreError
from parscore.loader import load_pack
from parscore.packtests import case_files, run_case

from .conftest import TESTS

CASES = sorted((TESTS / "cases").glob("*.yaml"))


def test_there_are_cases_for_every_kind() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    outcome = run_case(path)
    assert outcome.passed, "\n".join(outcome.failures)


def test_a_wrong_expectation_fails_with_a_readable_diff(tmp_path: Path) -> None:
    text = (TESTS / "cases" / "typical.yaml").read_text(encoding="utf-8")
    text = text.replace("score: 53.5", "score: 60").replace('"3.3": 1.2', '"3.3": 2')
    text = text.replace("../data/", str(TESTS / "data") + "/")
    case = tmp_path / "wrong.yaml"
    case.write_text(text, encoding="utf-8")
    outcome = run_case(case)
    assert not outcome.passed
    assert "điểm tổng (đã làm tròn): mong đợi 60, thực tế 53,5" in outcome.failures
    assert any(f.startswith("tiêu chí 3.3: mong đợi 2 điểm, thực tế 1,2") for f in outcome.failures)


def test_unknown_code_in_expectation_is_an_input_error(tmp_path: Path) -> None:
    case = tmp_path / "bad.yaml"
    case.write_text(
        f"name: x\npack: {TESTS / 'data' / 'sample-pack.yaml'}\nevidence: {{metrics: {{}}}}\n"
        'expect: {leaves: {"3.2.9": 1}}\n',
        encoding="utf-8",
    )
    with pytest.raises(ParscoreError) as err:
        run_case(case)
    assert err.value.issues[0].code == "PS501"
    assert err.value.issues[0].line == 4


def test_wrong_stage_and_adjustment_expectations_fail_readably(tmp_path: Path) -> None:
    text = (TESTS / "cases" / "stages-and-adjustments.yaml").read_text(encoding="utf-8")
    text = text.replace("round_2: 66.5 }", "round_2: 70 }").replace("penalty: 3", "penalty: 2")
    text = text.replace("official: round_2", "official: round_1")
    text = text.replace("../data/", str(TESTS / "data") + "/")
    case = tmp_path / "wrong.yaml"
    case.write_text(text, encoding="utf-8")
    outcome = run_case(case)
    assert "điểm giai đoạn round_2: mong đợi 70, thực tế 66,5" in outcome.failures
    assert "điểm trừ: mong đợi 2, thực tế 3" in outcome.failures
    assert "kết quả chính thức: mong đợi round_1, thực tế round_2" in outcome.failures


RULE_PACKS = sorted((TESTS.parent / "rules").glob("*.yaml"))


@pytest.mark.parametrize("pack_path", RULE_PACKS, ids=[p.stem for p in RULE_PACKS])
def test_every_rule_pack_passes_its_own_cases(pack_path: Path) -> None:
    """rules/tests/<pack file name>/: at least eight hand-worked cases, all passing."""
    pack = load_pack(pack_path)
    files = case_files(pack_path, pack.model.pack.year)
    assert len(files) >= 8, f"{pack_path.name}: only {len(files)} cases"
    assert all(f.parent.name == pack_path.stem for f in files)
    for path in files:
        outcome = run_case(path, pack)
        assert outcome.passed, f"{path.name}:\n" + "\n".join(outcome.failures)
