"""Pack constraints and adjustments: load-time checks (parscore.pack_rules), the same check in
every entry path (parscore.constraints: YAML, Excel, scenarios, the API), and evidence errors."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parscore.compiled import LoadedPack
from parscore.constraints import check_constraints, constraint_issues
from parscore.environment import build_env
from parscore.errors import EvidenceError, PackError, UsageError
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import load_evidence, load_pack, pack_from_text
from parscore.pack_rules import compile_constraints
from parscore.planner import check_scenario, scenario_model
from parscore.yamlio import parse_yaml

from .conftest import DATA

D = Decimal
STAGED = DATA / "staged"
COMMUNE = (STAGED / "commune.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(STAGED / "pack.yaml")


def _evidence_errors(tmp_path: Path, pack: LoadedPack, text: str) -> list[Any]:
    path = tmp_path / "xa.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError) as caught:
        load_evidence(path, pack)
    return caught.value.issues


def test_unknown_input_and_bad_check_are_located() -> None:
    base = (STAGED / "pack.yaml").read_text(encoding="utf-8")
    start = base.index("constraints:")
    end = base.index("adjustments:")
    text = (
        base[:start]
        + "constraints:\n"
        + "  - { check: dossiers_ontime <= 1, message: Sai, inputs: [ dossiers_received ] }\n"
        + "  - { check: trainings >= 0, message: Sai, inputs: [ trainings, dosiers_received ] }\n"
        + "  - { check: 'trainings >=', message: Sai, inputs: [ trainings ] }\n\n"
        + base[end:]
    )
    with pytest.raises(PackError) as caught:
        pack_from_text(text, "goi.yaml")
    by_code = {i.code: i for i in caught.value.issues}
    assert len(caught.value.issues) == 3
    assert set(by_code) == {"PS302", "PS420", "PS301"}
    assert by_code["PS302"].path == "constraints[0].check"
    assert "dossiers_on_time" in by_code["PS302"].hint
    assert by_code["PS420"].path == "constraints[1].inputs[1]"
    assert "dossiers_received" in by_code["PS420"].hint
    assert by_code["PS420"].line is not None


def test_duplicate_adjustment_codes_are_refused() -> None:
    text = (STAGED / "pack.yaml").read_text(encoding="utf-8").replace("code: V2,", "code: V1,")
    with pytest.raises(PackError) as caught:
        pack_from_text(text, "goi.yaml")
    [issue] = caught.value.issues
    assert (issue.code, issue.path) == ("PS421", "adjustments.penalty.items[1].code")


def test_an_adjustment_code_that_is_a_criterions_code_is_refused() -> None:
    """``explain 1.1`` and the pages name an item or a criterion by its code alone."""
    text = (STAGED / "pack.yaml").read_text(encoding="utf-8").replace("code: T2,", 'code: "1.1",')
    with pytest.raises(PackError) as caught:
        pack_from_text(text, "goi.yaml")
    [issue] = caught.value.issues
    assert (issue.code, issue.path) == ("PS421", "adjustments.bonus.items[1].code")
    assert "trùng mã một tiêu chí" in issue.message and issue.line is not None


def test_violation_is_located_at_the_first_named_input(tmp_path: Path, pack: LoadedPack) -> None:
    text = COMMUNE.replace("dossiers_on_time: 990", "dossiers_on_time: 1200")
    [issue] = _evidence_errors(tmp_path, pack, text)
    assert issue.code == "PS520"
    assert issue.path == "metrics.dossiers_on_time"
    line = text.splitlines().index("  dossiers_on_time: 1200") + 1
    assert issue.line == line
    assert issue.message.startswith("Số hồ sơ giải quyết đúng hạn không được lớn hơn")
    assert "Tổng số hồ sơ TTHC tiếp nhận: 1.000" in issue.message


def test_located_at_the_next_named_input_when_the_first_is_not_given(pack: LoadedPack) -> None:
    metrics = {"dossiers_received": D(10), "dossiers_on_time": D(12)}
    [v] = check_constraints(pack, metrics, declared=["dossiers_received"])
    assert v.input == "dossiers_received" and v.path == ("metrics", "dossiers_received")
    [v] = check_constraints(pack, metrics, declared=[])
    assert v.input is None and v.path == ("metrics",)


def test_a_constraint_with_undeclared_names_is_not_checked(pack: LoadedPack) -> None:
    assert check_constraints(pack, {"dossiers_on_time": D(5000)}) == []
    assert check_constraints(pack, {"dossiers_received": D(0), "dossiers_online": D(0)}) == []
    [v] = check_constraints(pack, {"dossiers_received": D(1), "dossiers_online": D(2)})
    assert v.constraint.index == 1


def test_constraints_read_defaults_and_derived_values() -> None:
    text = (STAGED / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - check: dossiers_online <= dossiers_received",
        "  - check: on_time_rate >= 50 or not plan_issued\n"
        "    message: Tỷ lệ đúng hạn quá thấp\n"
        "    inputs: [ dossiers_on_time ]\n"
        "  - check: dossiers_online <= dossiers_received",
    ).replace("type: bool }", "type: bool, default: true }")
    pack = pack_from_text(text, "goi.yaml")
    metrics = {"dossiers_received": D(10), "dossiers_on_time": D(1)}
    assert build_env(pack, metrics)["on_time_rate"] == D(10)
    [v] = check_constraints(pack, metrics)
    assert v.constraint.model.message == "Tỷ lệ đúng hạn quá thấp"
    assert [name for name, _, _ in v.values][:1] == ["dossiers_on_time"]


def test_excel_import_reports_the_violation_at_its_cell(pack: LoadedPack) -> None:
    evidence, _ = load_evidence(STAGED / "commune.yaml", pack)
    book = openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))
    sheet = book["Số liệu"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "dossiers_online")
    row[6].value = 5000
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(EvidenceError) as caught:
        read_form(buffer.getvalue(), "xa.xlsx", pack)
    [issue] = caught.value.issues
    assert issue.code == "PS520"
    assert issue.file == f"Số liệu!{row[6].coordinate}"


def test_scenarios_are_checked_against_the_constraints(pack: LoadedPack) -> None:
    evidence, _ = load_evidence(STAGED / "commune.yaml", pack)
    doc = parse_yaml("metrics:\n  dossiers_received: 500\n", "kich-ban.yaml")
    with pytest.raises(UsageError) as caught:
        check_scenario(doc, scenario_model(doc), pack, evidence)
    issues = caught.value.issues
    assert {i.code for i in issues} == {"PS520"}
    assert all(i.path == "metrics.dossiers_received" and i.line == 2 for i in issues)
    fine = parse_yaml("metrics:\n  dossiers_received: 995\n", "kich-ban.yaml")
    check_scenario(fine, scenario_model(fine), pack, evidence)


def test_constraint_issues_and_compile_api(pack: LoadedPack) -> None:
    doc = parse_yaml("metrics: {a: 1}\n", "x.yaml")
    metrics = {"dossiers_received": D(1), "dossiers_on_time": D(2)}
    [issue] = constraint_issues(pack, metrics, doc, declared=())
    assert issue.path == "metrics" and issue.line == 1
    compiled, problems = compile_constraints(pack.model, pack.document, pack.names())
    assert [c.index for c in compiled] == [0, 1] and problems == []


@pytest.mark.parametrize(
    ("replace", "by", "code", "path"),
    [
        ("  V2: Chậm", "  V9: Chậm", "PS521", "adjustments.V9"),
        ("  V2: Chậm báo cáo quý II", '  V2: " "', "PS521", "adjustments.V2"),
        ('appraisal_final: { "2.1": 6 }', 'appraisal_final: { "2.1": 7 }', "PS507", None),
        ('appraisal_final: { "2.1": 6 }', 'appraisal_final: { "2.9": 6 }', "PS501", None),
        ('  "2.1": Vòng 1', '  "2.7": Vòng 1', "PS501", "appraisal_notes.2.7"),
        ('  "2.1": Xã đã', '  "3.1": Xã đã', "PS501", "explanations.3.1"),
    ],
)
def test_evidence_errors_of_the_new_keys(
    tmp_path: Path, pack: LoadedPack, replace: str, by: str, code: str, path: str | None
) -> None:
    assert replace in COMMUNE
    [issue] = _evidence_errors(tmp_path, pack, COMMUNE.replace(replace, by))
    assert issue.code == code and issue.line is not None
    if path is not None:
        assert issue.path == path


def test_unknown_adjustment_code_has_a_did_you_mean(tmp_path: Path, pack: LoadedPack) -> None:
    [issue] = _evidence_errors(tmp_path, pack, COMMUNE.replace("  V2: Chậm", "  v2: Chậm"))
    assert "V2" in issue.hint
