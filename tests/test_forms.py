"""Excel forms: evidence -> workbook -> evidence is lossless; bad cells are named Sheet!Cell."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from parscore.compiled import LoadedPack
from parscore.errors import EvidenceError
from parscore.evidence_yaml import dump_evidence
from parscore.forms.cells import read_decimal
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import (
    LoadedEvidence,
    evidence_from_data,
    load_evidence,
    load_pack,
    pack_from_text,
)
from parscore.synthetic import synthetic_communes
from parscore.yamlio import YamlDocument, parse_yaml

from .conftest import ROOT

D = Decimal


def _normalised(pack: LoadedPack, evidence: LoadedEvidence) -> dict[str, Any]:
    """What must survive the round trip: the model, with criterion ids as codes and blank
    metrics (``null``, the same as not declared) left out."""
    data = evidence.model.model_dump()
    for section in (
        "claims",
        "appraisal",
        "appraisal_final",
        "appraisal_notes",
        "explanations",
        "not_applicable",
    ):
        data[section] = {pack.code_of(k) or k: v for k, v in data[section].items()}
    data["metrics"] = {k: v for k, v in data["metrics"].items() if v is not None}
    return data


def round_trip(pack: LoadedPack, evidence: LoadedEvidence) -> LoadedEvidence:
    back, used = read_form(build_form(pack, evidence), "form.xlsx", pack)
    assert used is pack
    assert _normalised(pack, back) == _normalised(pack, evidence)
    assert back.metrics == evidence.metrics
    # and the YAML written from it reads back to the same evidence, byte for byte the same text
    text = dump_evidence(back.model)
    again = evidence_from_data(parse_yaml(text, "imported.yaml"), pack)
    assert again.model == back.model and dump_evidence(again.model) == text
    return back


def test_sample_commune_round_trip(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    round_trip(sample_pack, sample_evidence)


@pytest.mark.parametrize("pack_file", ["tests/data/sample-pack.yaml", "rules/2025.yaml"])
def test_synthetic_communes_round_trip(pack_file: str) -> None:
    path = ROOT / pack_file
    if not path.is_file():
        pytest.skip(f"{pack_file} not present")
    pack = load_pack(path)
    for name, model in synthetic_communes(pack, 5, 11):
        round_trip(pack, evidence_from_data(parse_yaml(dump_evidence(model), name), pack))


@pytest.mark.parametrize("name", ["dan-tien-2025.yaml", "ha-chau-2023.yaml"])
def test_real_commune_round_trip(name: str) -> None:
    path = ROOT / "evidence" / name
    if not path.is_file():
        pytest.skip(f"evidence/{name} not present yet")
    evidence, pack = load_evidence(path)
    round_trip(pack, evidence)


def test_appraisal_rounds_and_adjustments_round_trip() -> None:
    """Round 2, the appraisers' notes, the commune's explanations and the bonus and penalty
    items survive the form: a file prefilled and imported back scores as before."""
    pack = load_pack(ROOT / "tests/data/staged/pack.yaml")
    evidence, _ = load_evidence(ROOT / "tests/data/staged/commune.yaml", pack)
    model = evidence.model
    assert model.appraisal_final and model.appraisal_notes and model.explanations
    assert model.adjustments
    back = round_trip(pack, evidence)
    assert back.model.adjustments == model.adjustments
    assert back.model.appraisal_final == model.appraisal_final


def test_a_document_supporting_a_bonus_item_round_trips() -> None:
    pack = load_pack(ROOT / "tests/data/bonus/pack.yaml")
    doc = parse_yaml((ROOT / "tests/data/bonus/dan-tien-2025.yaml").read_text("utf-8"), "d.yaml")
    data = dict(doc.data)
    document = {"id": "qd-45", "title": "Quyết định số 45/QĐ-UBND", "supports": ["T1", "1.1"]}
    data["documents"] = [*data["documents"], document]
    evidence = evidence_from_data(YamlDocument(file="d.yaml", data=data, positions={}), pack)
    back = round_trip(pack, evidence)
    assert back.model.documents[-1].supports == ["T1", "1.1"]


def test_the_minutes_commune_round_trips_but_for_its_meeting() -> None:
    """The council's meeting (for the minutes) is not a thing a commune fills in a form."""
    pack = load_pack(ROOT / "tests/data/minutes/pack.yaml")
    evidence, _ = load_evidence(ROOT / "tests/data/minutes/dan-tien-2025.yaml", pack)
    assert evidence.model.appraisal_meeting is not None
    back, _ = read_form(build_form(pack, evidence), "form.xlsx", pack)
    expected = _normalised(pack, evidence) | {"appraisal_meeting": None}
    assert _normalised(pack, back) == expected


def test_an_adjustment_reason_typed_in_the_form_applies_the_item() -> None:
    pack = load_pack(ROOT / "tests/data/staged/pack.yaml")
    book = _form(pack)
    book["Thông tin"]["B2"] = "Xã Thử"
    sheet = book["Điểm thưởng, điểm trừ"]
    codes = ["T1", "T2", None, "V1", "V2", "V3", "V4", None]  # None: a group's cap
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == codes
    sheet["E3"] = "Bằng khen của Bộ"
    assert _read(pack, book).model.adjustments == {"T2": "Bằng khen của Bộ"}
    sheet["A3"] = "T9"
    with pytest.raises(EvidenceError) as caught:
        _read(pack, book)
    assert [(i.file, i.code) for i in caught.value.issues] == [
        ("Điểm thưởng, điểm trừ!E3", "PS521")
    ]


def test_the_adjustments_sheet_states_each_groups_cap() -> None:
    """Below its items, each group's row says how many points the pack counts at most (the
    commune must not think three bonus items of 1,5 + 1 + 1 earn 3,5 when the cap is 3); the
    row's reason cell is locked, and a reason typed there anyway is refused at its cell."""
    pack = load_pack(ROOT / "tests/data/bonus/pack.yaml")
    book = _form(pack)
    sheet = book["Điểm thưởng, điểm trừ"]
    rows = {r[0].row: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    assert rows[5] == [
        None,
        "Điểm thưởng",
        "Điểm thưởng cộng lại chỉ tính tối đa 3 điểm (các mục trên cộng lại 3,5 điểm)",
        3,
        None,
    ]
    assert rows[10][2:4] == [
        "Điểm trừ cộng lại chỉ trừ tối đa 5 điểm (các mục trên cộng lại 7,5 điểm)",
        5,
    ]
    assert sheet["C5"].font.b and sheet["E5"].fill.fgColor.rgb.endswith("EFEFEF")
    locked = [dv for dv in sheet.data_validations.dataValidation if dv.type == "textLength"]
    assert [str(dv.sqref) for dv in locked] == ["E5 E10"]
    guide = " ".join(str(r[0].value) for r in book["Hướng dẫn"].iter_rows())
    assert (
        "Điểm thưởng cộng lại chỉ tính tối đa 3 điểm; điểm trừ cộng lại chỉ trừ tối đa 5" in guide
    )
    book["Thông tin"]["B2"] = "Xã Thử"
    sheet["E5"] = "ba điểm"
    with pytest.raises(EvidenceError) as caught:
        _read(pack, book)
    assert [(i.file, i.code) for i in caught.value.issues] == [
        ("Điểm thưởng, điểm trừ!A5", "PS803")
    ]


def test_a_cap_the_items_cannot_exceed_is_stated_without_their_sum() -> None:
    text = (ROOT / "tests/data/staged/pack.yaml").read_text(encoding="utf-8")
    assert "  penalty:\n    max: 3\n" in text  # four items of 1 point
    pack = pack_from_text(text.replace("  penalty:\n    max: 3\n", "  penalty:\n    max: 4\n"))
    sheet = _form(pack)["Điểm thưởng, điểm trừ"]
    texts = [r[2].value for r in sheet.iter_rows(min_row=2) if r[0].value is None]
    assert texts == [
        "Điểm thưởng cộng lại chỉ tính tối đa 2 điểm (các mục trên cộng lại 2,5 điểm)",
        "Điểm trừ cộng lại chỉ trừ tối đa 4 điểm",
    ]


def test_a_plain_form_has_no_columns_for_the_later_rounds(sample_pack: LoadedPack) -> None:
    headers = [c.value for c in _form(sample_pack)["Tiêu chí"][1]]
    assert "Điểm thẩm định vòng 2" not in headers and "Giải trình của xã" not in headers
    assert _form(sample_pack).sheetnames[-1] == "Hướng dẫn"


def test_awkward_values_survive(sample_pack: LoadedPack) -> None:
    data = {
        "commune": "=HYPERLINK(\"x\") “Xã” 'Mẫu'",
        "year": 2025,
        "as_of": dt.date(2025, 12, 31),
        "goal": {"total": D("92.5")},
        "note": "dòng một\ndòng hai  ",
        "metrics": {
            "online_rate": D("99.12345678901234567"),  # longer than Excel keeps: written as text
            "complaints_days": D("1.50"),
            "plan_done": False,
            "cchc_plan_issued": dt.date(2025, 7, 30),
            "initiatives": 0,
            "budget_ratio": D("0.001"),
        },
        "documents": [
            {
                "id": "7",
                "title": "Kế hoạch số 14/KH-UBND",
                "kind": "ke_hoach",
                "number": "14/KH-UBND",
                "issued": dt.date(2025, 7, 23),
                "issuer": "UBND xã",
                "file": "tai-lieu/kh 14.pdf",
                "supports": ["1.1", "on-time-commune"],
                "note": "bản chính",
            },
            {"id": "bc-2", "title": "Báo cáo"},
        ],
        "claims": {"1.1": D("0.75"), "on-time-commune": D(1)},
        "appraisal": {"1.3": D("1.5")},
        "not_applicable": {"6.3.1": "Xã không có đơn vị sự nghiệp công lập"},
        "synthetic": "giả lập",
    }
    evidence = evidence_from_data(YamlDocument(file="x", data=data), sample_pack)
    back = round_trip(sample_pack, evidence)
    assert back.model.commune.startswith("=HYPERLINK")
    assert back.model.claims == {"1.1": D("0.75"), "3.2.2": D(1)}


def test_empty_template_has_the_pack_and_a_row_per_leaf_and_input(sample_pack: LoadedPack) -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_form(sample_pack)))
    assert book.sheetnames == ["Thông tin", "Tiêu chí", "Số liệu", "Tài liệu", "Hướng dẫn"]
    info = {row[2].value: row[1].value for row in book["Thông tin"].iter_rows(min_row=2)}
    assert info["pack"] == "mau/xa/2025" and info["year"] == 2025 and info["commune"] is None
    leaves = book["Tiêu chí"]
    assert [c.value for c in leaves[1]][:6] == [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Yêu cầu",
        "Cơ quan chủ trì",
        "Thời hạn",
    ]
    codes = [row[0].value for row in leaves.iter_rows(min_row=2)]
    assert codes == [c.code for c in sample_pack.walk()]
    inputs = book["Số liệu"]
    assert [row[0].value for row in inputs.iter_rows(min_row=2)] == list(sample_pack.model.inputs)
    kinds = {dv.type for dv in inputs.data_validations.dataValidation}
    assert kinds == {"whole", "decimal", "list", "date"}
    bools = next(dv for dv in inputs.data_validations.dataValidation if dv.type == "list")
    assert bools.formula1 == '"Có,Không"'
    percent = next(
        dv
        for dv in inputs.data_validations.dataValidation
        if dv.type == "decimal" and dv.formula2 == "100"
    )
    assert percent.formula1 == "0"


def _form(pack: LoadedPack, evidence: LoadedEvidence | None = None) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))


def _cell(book: openpyxl.Workbook, sheet: str, key: str, column: int) -> Any:
    for row in book[sheet].iter_rows(min_row=2):
        if row[0].value == key:
            return row[column - 1]
    raise AssertionError(key)


def _read(pack: LoadedPack, book: openpyxl.Workbook) -> LoadedEvidence:
    buffer = io.BytesIO()
    book.save(buffer)
    return read_form(buffer.getvalue(), "form.xlsx", pack)[0]


def test_values_typed_the_excel_way(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    book = _form(sample_pack, sample_evidence)
    _cell(book, "Số liệu", "online_rate", 7).value = "98,5"
    cell = _cell(book, "Số liệu", "sipas", 7)
    cell.value, cell.number_format = 0.855, "0.0%"  # typed as 85,5% in Excel
    _cell(book, "Số liệu", "dossiers_received", 7).value = "1.250"
    _cell(book, "Số liệu", "plan_done", 7).value = "không"
    _cell(book, "Số liệu", "cchc_plan_issued", 7).value = "05/08/2025"
    _cell(book, "Số liệu", "violations", 7).value = None  # cleared: not declared
    evidence = _read(sample_pack, book)
    m = evidence.metrics
    assert m["online_rate"] == D("98.5") and m["sipas"] == D("85.5")
    assert m["dossiers_received"] == 1250 and m["plan_done"] is False
    assert m["cchc_plan_issued"] == dt.date(2025, 8, 5) and "violations" not in m


@pytest.mark.parametrize(
    ("typed", "whole", "read"),
    [
        ("1.250.000", False, D(1250000)),  # money in triệu đồng, typed the Vietnamese way
        ("-2.000.000", False, D(-2000000)),
        ("1.250.000", True, D(1250000)),
        ("1.250.000,5", False, D("1250000.5")),
        ("98.5", False, D("98.5")),  # one dot in a decimal: a decimal point, as documented
        ("1.250", True, D(1250)),  # one dot in a count: thousands
    ],
)
def test_numbers_typed_with_thousands_dots(typed: str, whole: bool, read: Decimal) -> None:
    assert read_decimal(typed, whole=whole) == (read, "")


@pytest.mark.parametrize("typed", ["1.25.000", "1.250.00", "1.2500.000"])
def test_misplaced_dots_are_not_a_number(typed: str) -> None:
    assert read_decimal(typed)[0] is None


def test_bad_cells_are_reported_by_sheet_and_cell(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    book = _form(sample_pack, sample_evidence)
    bad = {
        ("Số liệu", "dossiers_received"): "nhiều",
        ("Số liệu", "online_rate"): 120,
        ("Số liệu", "plan_done"): "Có lẽ",
        ("Số liệu", "cchc_plan_issued"): dt.datetime(2025, 8, 5, 14, 30),
        ("Số liệu", "initiatives"): 1.5,
    }
    refs = {}
    for (sheet, key), value in bad.items():
        cell = _cell(book, sheet, key, 7)
        cell.value = value
        refs[key] = f"{sheet}!{cell.coordinate}"
    claim = _cell(book, "Tiêu chí", "1.2", 7)
    claim.value = 5
    reason = _cell(book, "Tiêu chí", "1.2", 9)
    reason.value = "không có"
    book["Tài liệu"]["A3"] = "tl-2"
    book["Tài liệu"]["H3"] = "9.9"
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    lines = {i.format() for i in caught.value.issues}
    expected = [
        f"{refs['dossiers_received']}: PS803 Tổng số hồ sơ TTHC tiếp nhận (dossiers_received):"
        " cần một số, nhận được 'nhiều'",
        f"{refs['online_rate']}: PS505 Tỷ lệ hồ sơ trực tuyến toàn trình (online_rate):"
        " giá trị 120 lớn hơn mức tối đa 100",
        f"{refs['plan_done']}: PS803 Hoàn thành 100% Kế hoạch CCHC (plan_done):"
        " cần Có hoặc Không, nhận được 'Có lẽ'",
        f"{refs['cchc_plan_issued']}: PS803 Ngày ban hành Kế hoạch CCHC năm (cchc_plan_issued):"
        " cần một ngày không kèm giờ, nhận được 05/08/2025 14:30",
        f"{refs['initiatives']}: PS504 Số sáng kiến CCHC được công nhận (initiatives):"
        " cần một số nguyên (đếm), nhận được 1.5",
        f"Tiêu chí!{claim.coordinate}: PS507 điểm 5 vượt điểm tối đa 1 của tiêu chí '1.2'",
        "Tài liệu!C3: PS202 dòng tài liệu thiếu tên tài liệu",
    ]
    for line in expected:
        assert line in lines
    assert any(line.startswith(f"Tiêu chí!{reason.coordinate}: PS502") for line in lines)
    assert any(line.startswith("Tài liệu!H3: PS501") and "'9.1'" in line for line in lines)
    assert len(lines) == len(expected) + 2


@pytest.mark.parametrize("answer", ["Không", " không ", "KHÔNG", "no", "0"])
def test_no_to_the_synthetic_question_keeps_the_data_real(
    sample_pack: LoadedPack, answer: str
) -> None:
    """A commune answering the "synthetic data" row with "Không" has real data: its outputs must
    not say "Dữ liệu mẫu: Không"."""
    book = _form(sample_pack)
    info = book["Thông tin"]
    info["B2"] = "Xã Mẫu"
    row = next(r for r in range(2, info.max_row + 1) if info.cell(r, 3).value == "synthetic")
    assert info.cell(row, 2).fill.fgColor.rgb != "00FFF2CC"  # not offered as a cell to fill
    info.cell(row, 2).value = answer
    assert _read(sample_pack, book).model.synthetic is None
    info.cell(row, 2).value = "Số liệu giả lập để tập huấn"
    assert _read(sample_pack, book).model.synthetic == "Số liệu giả lập để tập huấn"


def test_a_heading_added_above_the_table_does_no_harm(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """Offices head a sheet they print and sign (the commune, the national motto): the table
    is found below such rows, and bad cells are still named where they now stand."""
    book = _form(sample_pack, sample_evidence)
    for sheet in ("Thông tin", "Tiêu chí", "Số liệu", "Tài liệu"):
        book[sheet].insert_rows(1, 3)
        book[sheet]["A1"] = "UBND XÃ MẪU"
        book[sheet]["C1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        book[sheet]["B2"] = "Giá trị"  # a heading that happens to hold a column's name
    evidence = _read(sample_pack, book)
    assert _normalised(sample_pack, evidence) == _normalised(sample_pack, sample_evidence)
    cell = _cell(book, "Số liệu", "dossiers_received", 7)
    cell.value = "nhiều"
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    assert [i.file for i in caught.value.issues] == [f"Số liệu!{cell.coordinate}"]
    assert cell.row > 4


def test_a_form_of_another_pack_is_told_by_its_pack_alone() -> None:
    """A 2023 form read under the 2025 pack: the pack and the year are the problem, not each of
    the 2023 inputs the 2025 pack does not know (a list that hid the cause)."""
    old, new = load_pack(ROOT / "rules" / "2023.yaml"), load_pack(ROOT / "rules" / "2025.yaml")
    book = _form(old)
    book["Thông tin"]["B2"] = "Xã Cũ"
    sheet = book["Số liệu"]
    unknown = [
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value not in new.model.inputs
    ]
    assert len(unknown) > 5
    for row in unknown:
        sheet.cell(row, 7).value = 1 if sheet.cell(row, 4).value != "Có/Không" else "Có"
    with pytest.raises(EvidenceError) as caught:
        _read(new, book)
    assert [(i.file, i.code) for i in caught.value.issues] == [
        ("Thông tin!B4", "PS509"),
        ("Thông tin!B5", "PS506"),
    ]


def test_bad_cells_are_listed_in_the_order_of_the_rows(sample_pack: LoadedPack) -> None:
    """Row 10 comes after row 9, not between rows 1 and 2 as text would sort it."""
    book = _form(sample_pack)
    book["Thông tin"]["B2"] = "Xã Mẫu"
    sheet = book["Số liệu"]
    rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 4).value == "số nguyên (đếm)"]
    assert len(rows) >= 3 and max(rows) >= 10
    for row in rows:
        sheet.cell(row, 7).value = "nhiều"
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    assert [i.file for i in caught.value.issues] == [f"Số liệu!G{r}" for r in sorted(rows)]


def test_a_renamed_sheet_is_pointed_at(sample_pack: LoadedPack) -> None:
    """Excel names a copied sheet "Số liệu (2)": the message says which sheets the file has."""
    book = _form(sample_pack)
    book["Số liệu"].title = "Số liệu (2)"
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    [issue] = caught.value.issues
    assert issue.code == "PS802" and "'Số liệu'" in issue.message
    assert issue.hint.endswith("tệp có các trang khác: 'Số liệu (2)'")


def test_structure_problems(sample_pack: LoadedPack) -> None:
    book = _form(sample_pack)
    book["Số liệu"]["G1"] = "Số"  # the value column renamed
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    assert [i.format() for i in caught.value.issues] == [
        "Số liệu!1: PS802 thiếu cột 'Giá trị' ở dòng tiêu đề"
        " (gợi ý: không đổi tên hay xóa các cột của biểu mẫu)"
    ]
    book = _form(sample_pack)
    del book["Tài liệu"]
    with pytest.raises(EvidenceError) as caught:
        _read(sample_pack, book)
    assert caught.value.issues[0].code == "PS802" and "Tài liệu" in caught.value.issues[0].message
    with pytest.raises(EvidenceError) as caught:
        read_form(b"not a workbook", "x.xlsx", sample_pack)
    assert caught.value.issues[0].code == "PS801"


def test_pack_is_found_from_the_form(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    asked: list[str] = []

    def find(pack_id: str) -> LoadedPack:
        asked.append(pack_id)
        return sample_pack

    evidence, pack = read_form(build_form(sample_pack, sample_evidence), "f.xlsx", None, find)
    assert evidence.model.commune == "Xã Mẫu"
    assert asked == ["mau/xa/2025"] and pack is sample_pack
    bare = evidence_from_data(YamlDocument(file="x", data={"commune": "X"}), sample_pack)
    with pytest.raises(EvidenceError) as caught:
        read_form(build_form(sample_pack, bare), "f.xlsx", None, find)
    assert caught.value.issues[0].format().startswith("Thông tin!B5: PS506")


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("1E-999999", "sau dấu thập phân"),  # would be written out as a million digits
        ("0," + "0" * 35 + "1", "sau dấu thập phân"),
        ("1" * 65, "quá dài"),
    ],
)
def test_a_typed_number_beyond_the_bounds_every_number_respects_is_refused(
    typed: str, word: str
) -> None:
    from parscore.forms.cells import read_decimal

    value, problem = read_decimal(typed)
    assert value is None and word in problem
    assert read_decimal("0,0000001") == (Decimal("1E-7"), "")
    assert read_decimal("1.250,5") == (Decimal("1250.5"), "")
