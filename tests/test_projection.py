"""Year-end projection (parscore.planning.projection): hand-worked YAML cases, and the command."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.loader import evidence_from_data, load_pack
from parscore.planning.projection import project_year_end
from parscore.yamlio import load_yaml

from .report_helpers import DATA, ROOT

CASES = sorted((Path(__file__).parent / "projection_cases").glob("*.yaml"))
PACK = DATA / "projection-pack.yaml"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hand_worked_projection(case: Path) -> None:
    doc = load_yaml(case)
    spec = doc.data
    pack = load_pack(PACK)
    evidence_data = {"commune": "Xã Thử", "year": 2025, "pack": pack.id, **spec["evidence"]}
    evidence = evidence_from_data(type(doc)(file=str(case), data=evidence_data), pack)
    p = project_year_end(pack, evidence)
    expect = spec["expect"]
    assert p.elapsed == Decimal(str(expect["elapsed"]))
    got = {i.name: [i.linear, i.conservative] for i in p.inputs}
    for name, (linear, conservative) in expect["inputs"].items():
        assert got[name] == [Decimal(linear), Decimal(conservative)], name
    scores = {"now": p.now, "linear": p.linear, "conservative": p.conservative}
    for key, value in expect["score"].items():
        assert scores[key].total.score == Decimal(value), key
    assert p.goal_at_risk is expect["goal_at_risk"]
    assert p.shortfall == Decimal(expect["shortfall"])
    assert [t.code for t in p.overdue] == expect["overdue"]


def test_project_command_on_dan_tien(capsys: pytest.CaptureFixture[str]) -> None:
    evidence = ROOT / "evidence" / "dan-tien-2025.yaml"
    assert main(["project", str(evidence)]) == 1  # the goal is at risk by year end
    text = capsys.readouterr().out
    assert "NGUY CƠ KHÔNG ĐẠT mục tiêu" in text and "đã qua 83,29% thời gian của năm" in text
    assert "Số lượt đào tạo, bồi dưỡng đã hoàn thành: 51 → 60 / 56 lượt" in text
    assert main(["project", str(evidence), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["score"]["linear"] == "87.32" and data["goal_at_risk"] is True


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_report_projection_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762300800")
    evidence = ROOT / "evidence" / "dan-tien-2025.yaml"
    target = tmp_path / f"bao-cao{suffix}"
    assert main(["report", str(evidence), "-o", str(target), "--projection"]) == 0
    if suffix == ".docx":
        import docx

        doc = docx.Document(str(target))
        text = "\n".join(p.text for p in doc.paragraphs)
        text += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    else:
        text = target.read_text(encoding="utf-8")
    assert "3. Dự báo kết quả cuối năm" in text  # numbered 3 without a plan section
    assert "theo phương án thận trọng: 84,46 (" in text
    assert "Số lượt đào tạo, bồi dưỡng đã hoàn thành" in text
