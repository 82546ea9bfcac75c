"""Year-end projection (parscore.planning.projection): hand-worked YAML cases, and the command."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.loader import evidence_from_data, load_evidence, load_pack
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
    # 3.2.1 is at its maximum now and may lose half a point; 1.1 lost its points already
    assert "có nguy cơ mất 0,5 điểm đang có" in text
    assert "còn thiếu 1,25 điểm so với tối đa" in text
    if suffix == ".html":  # the criteria's titles get the room, not the numbers
        assert '<col style="width:38%">' in text


@pytest.mark.parametrize(
    ("now", "conservative", "words"),
    [
        # lost already and not getting worse: a shortfall, not a risk
        ("2.25", "2.25", "theo phương án thận trọng còn thiếu 1,25 điểm so với tối đa"),
        # at the maximum now: what it may lose is the whole shortfall, said once
        ("3.5", "3", "có nguy cơ mất 0,5 điểm đang có"),
        # below the maximum and may lose some of what it has
        (
            "3",
            "2.75",
            "có nguy cơ mất 0,25 điểm đang có, theo phương án thận trọng còn thiếu"
            " 0,75 điểm so với tối đa",
        ),
        # a drop too small to show (0,001 rounds to 0): no "mất 0 điểm"
        ("1.761", "1.76", "theo phương án thận trọng còn thiếu 1,74 điểm so với tối đa"),
        ("3.5", "3.5", ""),  # reaches the maximum either way
        ("2", "3.5", ""),  # the cautious pace reaches the maximum
    ],
)
def test_criterion_risk_words(now: str, conservative: str, words: str) -> None:
    from parscore.planning.projection import ProjectedLeaf
    from parscore.report.filters import Formatter
    from parscore.report.projection_text import leaf_risk

    leaf = ProjectedLeaf(
        "1.1", "Tiêu chí", Decimal("3.5"), Decimal(now), Decimal(now), Decimal(conservative)
    )
    assert leaf_risk(leaf, Formatter(2, "half_up")) == words
    # in a table, beside the column of the cautious projection, that projection is not named
    brief = leaf_risk(leaf, Formatter(2, "half_up"), in_table=True)
    assert brief == words.replace("theo phương án thận trọng còn thiếu", "còn thiếu")


def test_project_command_does_not_call_points_lost_already_a_risk(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["project", str(ROOT / "evidence" / "dan-tien-2025.yaml")])
    lines = {
        line.split()[1]: line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("  - ") and " trên " in line
    }
    # 1.1 has 2,25 of 3,5 now and keeps it: it lost 1,25 already, it risks nothing
    assert "nguy cơ" not in lines["1.1"] and "còn thiếu 1,25 điểm so với tối đa" in lines["1.1"]
    assert lines["3.2.1"].endswith("2 → 2 / 1,5 trên 2 điểm; có nguy cơ mất 0,5 điểm đang có")
    assert "mất 0 điểm" not in lines["7.3.4"]


def _dan_tien(tmp_path: Path, **swap: str) -> Path:
    text = (ROOT / "evidence" / "dan-tien-2025.yaml").read_text(encoding="utf-8")
    for old, new in swap.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "dan-tien.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_overdue_counts_a_rule_due_date_and_the_year_once_over(tmp_path: Path) -> None:
    pack = load_pack(ROOT / "rules" / "2025.yaml")
    # 4.2.2 is scored on its inspection date, due 30/11/2025 (the criterion's deadline reads
    # "Trong năm 2025"): inspected on 05/12, it keeps 1,05 of 2,1 points; plan and plan document
    # said so, the projection listed no overdue task
    late = _dan_tien(
        tmp_path,
        **{
            "as_of: 2025-10-31": "as_of: 2025-12-10",
            "decentral_inspection_date: 2025-10-20": "decentral_inspection_date: 2025-12-05",
        },
    )
    p = project_year_end(pack, load_evidence(late, pack)[0])
    assert [(t.code, t.deadline.isoformat(), t.points) for t in p.overdue] == [
        ("4.2.2", "2025-11-30", Decimal("1.05"))
    ]
    # data dated after the year: nothing is projected, but what missed its 31/12 date is overdue
    ended = _dan_tien(tmp_path, **{"as_of: 2025-10-31": "as_of: 2026-01-20"})
    p = project_year_end(pack, load_evidence(ended, pack)[0])
    assert p.note and p.inputs == ()
    assert [t.code for t in p.overdue] == ["1.1", "1.2", "5.3", "6.2.3"]


def test_nothing_projected_says_no_method(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Data dated after the year: the note says nothing is projected; "Cách dự báo …" (how the
    year-to-date data would be carried to 31 December) was printed below it all the same."""
    ended = _dan_tien(tmp_path, **{"as_of: 2025-10-31": "as_of: 2026-01-20"})
    assert main(["project", str(ended), "--pack", str(ROOT / "rules" / "2025.yaml")]) in (0, 1)
    text = capsys.readouterr().out
    assert "kết quả cuối năm là kết quả hiện tại" in text and "Cách dự báo" not in text
    running = _dan_tien(tmp_path)  # dated 31/10: projected, and how is said
    assert main(["project", str(running), "--pack", str(ROOT / "rules" / "2025.yaml")]) in (0, 1)
    assert "Cách dự báo" in capsys.readouterr().out
