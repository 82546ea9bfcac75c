"""What-if scenarios: the format, its checks (located, Vietnamese), and the comparison."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.errors import UsageError
from parscore.planner import (
    apply_scenario,
    check_scenario,
    read_scenario,
    run_whatif,
    scenario_model,
)
from parscore.scoring import score
from parscore.yamlio import parse_yaml

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK


def scenario(text: str, pack, evidence):  # type: ignore[no-untyped-def]
    doc = parse_yaml(text, "kich-ban.yaml")
    return check_scenario(doc, scenario_model(doc), pack, evidence)


def test_metrics_documents_and_not_applicable_are_applied(sample_pack, sample_evidence):
    sc = scenario(
        """\
title: Thử
metrics:
  dossiers_on_time: 1249
  violations: null
documents:
  - { id: kh-01, kind: ke_hoach, title: Kế hoạch CCHC năm 2025, supports: [ "1.1" ] }
not_applicable:
  "6.3.1": Xã không có đơn vị sự nghiệp công lập
""",
        sample_pack,
        sample_evidence,
    )
    changed = apply_scenario(sample_evidence, sc)
    assert changed.metrics["dossiers_on_time"] == 1249
    assert "violations" not in changed.metrics
    assert sample_evidence.metrics["violations"] == 1  # the base is untouched
    assert changed.model.not_applicable == {"6.3.1": "Xã không có đơn vị sự nghiệp công lập"}
    result = run_whatif(sample_pack, sample_evidence, sc)
    by_code = {c.code: c for c in result.changes}
    assert by_code["3.2.2"].delta == Decimal("0.5")
    assert by_code["1.4"].delta == Decimal("-0.25")  # the count withdrawn: missing, 0 points
    assert by_code["1.4"].after.status == "missing"  # type: ignore[union-attr]
    assert by_code["6.3.1"].after.status == "na"  # type: ignore[union-attr]
    assert by_code["1.1"].after.status == "partial"  # type: ignore[union-attr]
    assert by_code["1"].level == "field" and by_code["1.1"].level == "leaf"
    assert result.new.total.score == score(sample_pack, changed).total.score
    # 18 of the pack's 20 points apply (6.3.1 out): how a criterion's point counts in the total
    assert result.new.total.applicable_max == 18
    [note] = result.notes
    assert note.startswith("Điểm tổng được quy đổi về thang 100 từ 18 điểm áp dụng: 1 điểm của")
    assert "tiêu chí bằng 5,5556 điểm tổng" in note


def test_withdrawing_a_not_applicable_declaration(sample_pack, sample_evidence):
    declared = sample_evidence.with_changes(not_applicable={"6.3.1": "Không có"})
    sc = scenario('not_applicable: { "6.3.1": null }\n', sample_pack, declared)
    assert apply_scenario(declared, sc).model.not_applicable == {}


def test_json_shape(sample_pack, sample_evidence):
    sc = scenario("metrics: { sipas: 100 }\ngoal: { total: 60 }\n", sample_pack, sample_evidence)
    data = run_whatif(sample_pack, sample_evidence, sc).to_dict()
    assert set(data) >= {"base", "new", "changes"}
    assert data["base"]["total"]["score"] == "53.5" and data["new"]["total"]["score"] == "59.75"
    assert data["new"]["total"]["goal"] == "60" and data["new"]["total"]["gap"] == "0.25"
    leaf = next(c for c in data["changes"] if c["code"] == "8.1")
    assert {k: leaf[k] for k in ("code", "from", "to", "delta")} == {
        "code": "8.1",
        "from": "3.75",
        "to": "5",
        "delta": "1.25",
    }
    assert data["total"] == {
        "from": "53.5",
        "to": "59.75",
        "delta": "6.25",
        "band_from": "Yếu",
        "band_to": "Yếu",
        "gap": "0.25",
        "goal_met": False,
    }


def test_errors_are_located_with_did_you_mean(sample_pack, sample_evidence):
    text = """\
metrics:
  dossier_on_time: 1249
  plan_done: "có"
  online_rate: 120
documents:
  - { id: bc-01, title: Trùng mã, supports: [ "3.2.3" ] }
not_applicable:
  "1.2": Không
colour: red
"""
    with pytest.raises(UsageError) as info:
        scenario(text, sample_pack, sample_evidence)
    lines = [i.format() for i in info.value.issues]
    assert any(
        line.startswith("kich-ban.yaml:9:1: PS201") and "colour" in line for line in lines
    ), lines
    text = text.replace("colour: red\n", "")
    with pytest.raises(UsageError) as info:
        scenario(text, sample_pack, sample_evidence)
    found = {(i.code, i.line) for i in info.value.issues}
    assert found == {
        ("PS503", 2),
        ("PS504", 3),
        ("PS505", 4),
        ("PS508", 6),
        ("PS501", 6),
        ("PS502", 8),
    }
    text_of = {i.code: i.format() for i in info.value.issues}
    assert "có phải ý bạn là 'dossiers_on_time'" in text_of["PS503"]
    assert "cần true (có) hoặc false (không)" in text_of["PS504"]


def test_scenario_under_another_pack(tmp_path: Path):
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    text = text.replace("id: mau/xa/2025", "id: mau/xa/2025b").replace(
        "{ min: 99.9, points: 1.0 }", "{ min: 99.8, points: 1.0 }"
    )
    (tmp_path / "next.yaml").write_text(text, encoding="utf-8")
    sc = tmp_path / "sc.yaml"
    sc.write_text("title: Gói mới\npack: next.yaml\nmetrics: {}\n", encoding="utf-8")
    out = tmp_path / "out.json"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(
            ["whatif", str(SAMPLE_COMMUNE), str(sc), "--pack", str(SAMPLE_PACK), "--format", "json"]
        )
    assert code == 0
    data = json.loads(buf.getvalue())
    out.write_text(buf.getvalue(), encoding="utf-8")
    assert data["new"]["pack"]["id"] == "mau/xa/2025b"
    rate = next(c for c in data["changes"] if c["code"] == "3.2.2")
    assert (rate["from"], rate["to"]) == ("0.5", "1")


def test_unknown_pack_is_located(tmp_path: Path, capsys):
    sc = tmp_path / "sc.yaml"
    sc.write_text("pack: khong/co/goi\n", encoding="utf-8")
    code = main(["whatif", str(SAMPLE_COMMUNE), str(sc), "--pack", str(SAMPLE_PACK)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{sc}:1:" in err and "PS506" in err and "Traceback" not in err


def test_read_scenario_reports_yaml_errors(tmp_path: Path):
    sc = tmp_path / "sc.yaml"
    sc.write_text("metrics: [1, 2\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        read_scenario(sc)
    assert info.value.issues[0].code == "PS102"


DAN_TIEN = ROOT / "evidence" / "dan-tien-2025.yaml"


@pytest.mark.skipif(
    not (DAN_TIEN.exists() and (ROOT / "rules" / "2026.yaml").exists()),
    reason="the Dân Tiến sample and the 2026 pack are not in this tree",
)
def test_scenario_naming_a_pack_id_with_slashes(tmp_path: Path, capsys):
    sc = tmp_path / "sc.yaml"
    sc.write_text("pack: thai-nguyen/xa/2026\n", encoding="utf-8")
    assert main(["whatif", str(DAN_TIEN), str(sc), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["base"]["pack"]["id"] == "thai-nguyen/xa/2025"
    assert data["new"]["pack"]["id"] == "thai-nguyen/xa/2026"
    assert data["total"]["from"] == data["base"]["total"]["score"]


def test_a_tracked_target_changes_between_met_and_not(tmp_path: Path, capsys):
    """A tracked target has no points: its change reads met -> not met, not "0 (đạt tối đa) ->
    0 (0 điểm)"."""
    scenario_file = tmp_path / "kich-ban.yaml"
    scenario_file.write_text("title: Thử\nmetrics:\n  prov_investment_projects: 1\n", "utf-8")
    evidence = ROOT / "evidence" / "dan-tien-2025.yaml"
    assert main(["whatif", str(evidence), str(scenario_file)]) == 0
    out = capsys.readouterr().out
    assert "8.2      theo dõi (đạt) → theo dõi (chưa đạt) [0]" in out
