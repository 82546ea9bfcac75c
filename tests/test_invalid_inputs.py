"""A corpus of broken inputs: each gives its codes, at their lines, in Vietnamese.

Each file in tests/invalid/ starts with ``# expect: CODE [line N [col C]][, CODE …]``: every listed
problem must be reported (all of them at once). The file name's prefix says what it is:
``evidence-*`` evidence checked against the sample pack, ``find-*`` evidence whose pack is looked up
by its id, ``scenario-*`` a what-if scenario for the sample commune, ``efforts-*`` an efforts file,
``case-*`` a pack test case, anything else a rule pack.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.errors import ParscoreError
from parscore.loader import load_evidence, load_pack
from parscore.packtests import run_case
from parscore.planning.efforts import load_efforts
from parscore.planning.scenario import check_scenario, read_scenario, scenario_model

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK, TESTS

CORPUS = sorted((TESTS / "invalid").glob("*.yaml"))
_HEADER = re.compile(r"# expect: (.+)$")
_EXPECT = re.compile(r"(PS\d{3})(?: line (\d+))?(?: col (\d+))?$")

Expected = tuple[str, int | None, int | None]


def _expected(path: Path) -> list[Expected]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    header = _HEADER.match(first)
    assert header, f"{path.name} must start with '# expect: CODE [line N [col C]]'"
    out: list[Expected] = []
    for part in header.group(1).split(","):
        m = _EXPECT.match(part.strip())
        assert m, f"{path.name}: cannot read '{part}'"
        out.append((m.group(1), *(int(g) if g else None for g in m.groups()[1:])))  # type: ignore[arg-type]
    return out


def _load(path: Path, pack: LoadedPack) -> None:
    """Load ``path`` the way its kind is loaded; raises ParscoreError for a broken one."""
    name = path.name
    if name.startswith("evidence-"):
        load_evidence(path, pack)
    elif name.startswith("find-"):
        load_evidence(path)
    elif name.startswith("scenario-"):
        evidence, _ = load_evidence(SAMPLE_COMMUNE, pack)
        doc = read_scenario(path)
        check_scenario(doc, scenario_model(doc), pack, evidence)
    elif name.startswith("efforts-"):
        load_efforts(path, pack)
    elif name.startswith("case-"):
        run_case(path, pack)
    else:
        load_pack(path)


def test_corpus_is_large_enough() -> None:
    assert len([p for p in CORPUS if p.name.startswith("pack-")]) >= 25
    assert len([p for p in CORPUS if p.name.startswith("evidence-")]) >= 10


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_input_is_located(path: Path, sample_pack: LoadedPack) -> None:
    with pytest.raises(ParscoreError) as err:
        _load(path, sample_pack)
    issues = err.value.issues
    for code, line, col in _expected(path):
        matching = [i for i in issues if i.code == code and line in (None, i.line)]
        assert matching, f"expected {code} line {line}, got {[i.format() for i in issues]}"
        issue = matching[0]
        assert issue.file == str(path)
        if col is not None:
            assert issue.col == col, issue.format()
        assert issue.message and not issue.message.isascii(), "message must be Vietnamese"
    for issue in issues:
        assert issue.file is not None and issue.line is not None, issue.format()
        for english in ("found", "expected", "Error", "position", "not allowed"):
            assert english not in issue.message + issue.hint, issue.format()


def _command(path: Path) -> list[str]:
    name = path.name
    if name.startswith(("evidence-", "find-")):
        extra = ["--pack", str(SAMPLE_PACK)] if name.startswith("evidence-") else []
        return ["score", str(path), *extra]
    if name.startswith("scenario-"):
        return ["whatif", str(SAMPLE_COMMUNE), str(path), "--pack", str(SAMPLE_PACK)]
    if name.startswith("efforts-"):
        return ["plan", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK), "--efforts", str(path)]
    if name.startswith("case-"):
        return ["test", str(SAMPLE_PACK), str(path)]
    return ["validate", str(path)]


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_cli_exits_2_without_traceback(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_command(path))
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "Traceback" not in captured.err
    assert str(path) in captured.err
    assert "hãy sửa" in captured.err
    assert "\x1b" not in captured.err + captured.out


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (TESTS / "invalid" / "pack-unknown-name.yaml").read_text(encoding="utf-8")
    text = text.replace("total: 2", "total: 7").replace("min: 5, points: 1", "min: 1, points: 1")
    bad = tmp_path / "many.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ParscoreError) as err:
        load_pack(bad)
    codes = {i.code for i in err.value.issues}
    assert {"PS302", "PS404", "PS405"} <= codes


def test_did_you_mean_for_metric_names(sample_pack: LoadedPack) -> None:
    with pytest.raises(ParscoreError) as err:
        load_evidence(TESTS / "invalid" / "evidence-unknown-metric.yaml", sample_pack)
    assert "dossiers_received" in err.value.issues[0].hint


def test_did_you_mean_for_unknown_keys() -> None:
    with pytest.raises(ParscoreError) as err:
        load_pack(TESTS / "invalid" / "pack-unknown-key.yaml")
    unknown = next(i for i in err.value.issues if i.code == "PS201")
    assert "'title'" in unknown.hint


def test_points_above_the_maximum_are_said_with_a_decimal_comma(
    tmp_path: Path, sample_pack: LoadedPack
) -> None:
    text = (TESTS / "invalid" / "evidence-claim-above-max.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "claim.yaml"
    bad.write_text(text.replace('"3.2.2": 3', '"3.2.2": 1.50'), encoding="utf-8")
    with pytest.raises(ParscoreError) as err:
        load_evidence(bad, sample_pack)
    [issue] = err.value.issues
    assert issue.message == "điểm 1,5 vượt điểm tối đa 1 của tiêu chí '3.2.2'"


def test_a_goal_above_the_scale_is_a_located_warning(tmp_path: Path) -> None:
    """No plan reaches it; a warning, so that a year stored with one still loads."""
    pack = load_pack(ROOT / "rules" / "2025.yaml")
    text = (ROOT / "evidence" / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    path = tmp_path / "xa.yaml"
    path.write_text(text.replace("goal: { total: 90 }", "goal: { total: 150 }"), encoding="utf-8")
    evidence, _ = load_evidence(path, pack)
    [warning] = [w for w in evidence.warnings if w.code == "W021"]
    assert warning.severity == "warning" and warning.line == 21
    assert warning.message.startswith("mục tiêu 150 điểm vượt thang điểm 100 của gói quy tắc")
    fine, _ = load_evidence(ROOT / "evidence" / "dan-tien-2025.yaml", pack)
    assert not [w for w in fine.warnings if w.code == "W021"]
