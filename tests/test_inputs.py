"""parscore.inputs: choice inputs (options, keys or labels, literals in expressions) and stepped
inputs (values on the grid min + k·step), each refused with a located Vietnamese error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parscore.compiled import LoadedPack
from parscore.errors import EvidenceError, PackError
from parscore.inputs import grid_neighbours, step_problem
from parscore.loader import LoadedEvidence, evidence_from_data, pack_from_text
from parscore.model.pack import InputSpec
from parscore.scoring import score
from parscore.yamlio import parse_yaml

PACK = """\
pack:
  id: thu/xa/2025
  title: Gói thử
  province: Mẫu
  level: xa
  year: 2025
  status: provisional
  total: 2
inputs:
  unit_kind:
    label: Loại đơn vị
    type: choice
    options: {{ xa: Xã, phuong: Phường, thi_tran: Thị trấn }}
  rate: {{ label: Tỷ lệ, type: percent, step: 0.5 }}
  mark: {{ label: Điểm chấm, type: number, min: 1, max: 9, step: 2 }}
criteria:
  - code: "1"
    title: Lĩnh vực
    max: 2
    children:
      - code: "1.1"
        title: Ngưỡng theo loại đơn vị
        max: 1
        score: {{ check: "rate >= ({threshold})" }}
      - code: "1.2"
        title: Điểm chấm
        max: 1
        score: {{ check: "mark >= 5" }}
"""
THRESHOLD = "90 if unit_kind == 'phuong' else 70"


def make_pack(threshold: str = THRESHOLD, text: str = PACK) -> LoadedPack:
    return pack_from_text(text.format(threshold=threshold))


def evidence(pack: LoadedPack, metrics: str) -> LoadedEvidence:
    doc = parse_yaml(f"commune: Xã Thử\nyear: 2025\nmetrics: {{ {metrics} }}\n", "ev.yaml")
    return evidence_from_data(doc, pack)


def issues_of(exc: pytest.ExceptionInfo[PackError] | pytest.ExceptionInfo[EvidenceError]) -> list:  # type: ignore[type-arg]
    return [(i.code, i.line, i.message, i.hint) for i in exc.value.issues]


def test_choice_compared_with_literals_also_inside_a_conditional() -> None:
    pack = make_pack()
    ward = score(pack, evidence(pack, "unit_kind: phuong, rate: 85, mark: 5"))
    commune = score(pack, evidence(pack, "unit_kind: xa, rate: 85, mark: 5"))
    assert ward.leaf("1.1").points == 0  # a ward needs 90
    assert commune.leaf("1.1").points == 1  # a commune needs 70
    assert ward.leaf("1.1").inputs["unit_kind"] == "phuong"


def test_a_choice_value_may_be_its_label_and_is_kept_as_its_key() -> None:
    pack = make_pack()
    ev = evidence(pack, "unit_kind: Thị trấn, rate: 70, mark: 5")
    assert ev.metrics["unit_kind"] == "thi_tran"
    ev = evidence(pack, "unit_kind: '  phường ', rate: 70, mark: 5")
    assert ev.metrics["unit_kind"] == "phuong"


def test_a_value_that_is_no_option_lists_the_options_with_a_suggestion() -> None:
    pack = make_pack()
    with pytest.raises(EvidenceError) as exc:
        evidence(pack, "unit_kind: phuongg, rate: 70, mark: 5")
    [(code, line, message, _)] = issues_of(exc)
    assert code == "PS511" and line == 3
    assert "«phuongg» không phải một lựa chọn" in message
    assert "xa (Xã), phuong (Phường), thi_tran (Thị trấn)" in message
    assert "phuong" in message.split("chọn một trong")[1]
    with pytest.raises(EvidenceError) as exc:
        evidence(pack, "unit_kind: 3, rate: 70, mark: 5")
    assert issues_of(exc)[0][0] == "PS511"


def test_an_off_grid_value_names_the_step_and_the_two_nearest_values() -> None:
    pack = make_pack()
    with pytest.raises(EvidenceError) as exc:
        evidence(pack, "unit_kind: xa, rate: 5.3, mark: 4")
    found = {code: message for code, _, message, _ in issues_of(exc)}
    assert set(found) == {"PS512"}
    with pytest.raises(EvidenceError) as exc:
        evidence(pack, "unit_kind: xa, rate: 5.3, mark: 5")
    [(code, _, message, _)] = issues_of(exc)
    assert code == "PS512"
    assert "5,3 không đúng bước 0,5: chọn 5 hoặc 5,5" in message
    # the grid starts at min: 1, 3, 5, 7, 9
    with pytest.raises(EvidenceError) as exc:
        evidence(pack, "unit_kind: xa, rate: 5, mark: 4")
    assert "4 không đúng bước 2: chọn 3 hoặc 5" in issues_of(exc)[0][2]
    # out of range stays PS505, whatever the grid says
    with pytest.raises(EvidenceError) as exc:
        evidence(pack, "unit_kind: xa, rate: 5, mark: 10")
    assert issues_of(exc)[0][0] == "PS505"


def test_grid_helpers() -> None:
    spec = InputSpec(label="x", type="number", min=Decimal(0), step=Decimal("0.25"))
    assert grid_neighbours(spec, Decimal("1.5")) is None
    assert grid_neighbours(spec, Decimal("1.6")) == (Decimal("1.5"), Decimal("1.75"))
    assert step_problem(spec, Decimal("1.75")) == ""
    plain = InputSpec(label="x", type="number")
    assert grid_neighbours(plain, Decimal("1.6")) is None


def test_a_literal_that_is_no_option_is_refused_at_load() -> None:
    with pytest.raises(PackError) as exc:
        make_pack("90 if unit_kind == 'phuongg' else 70")
    [(code, line, message, hint)] = issues_of(exc)
    assert code == "PS311" and line == 24  # the check that holds the literal
    assert "'phuongg' không phải một lựa chọn của 'Loại đơn vị'" in message
    assert "phuong" in hint
    with pytest.raises(PackError) as exc:  # either side of the comparison
        make_pack("90 if 'town' != unit_kind else 70")
    assert issues_of(exc)[0][0] == "PS311"
    with pytest.raises(PackError) as exc:  # each choice listed after 'in'
        make_pack("90 if unit_kind in ('phuong', 'thi_tran', 'town') else 70")
    assert [i[0] for i in issues_of(exc)] == ["PS311"] and "'town'" in issues_of(exc)[0][2]
    pack = make_pack("90 if unit_kind in ('phuong', 'thi_tran') else 70")
    town = score(pack, evidence(pack, "unit_kind: thi_tran, rate: 85, mark: 5"))
    assert town.leaf("1.1").points == 0


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # a choice without options
        ("    options: { xa: Xã, phuong: Phường, thi_tran: Thị trấn }\n", "", "PS416"),
        # options on a number input
        ("type: percent, step: 0.5 }", "type: percent, options: { a: A } }", "PS416"),
        # min on a choice
        ("    type: choice\n", "    type: choice\n    min: 0\n", "PS416"),
        # step on a date input
        ("type: percent, step: 0.5 }", "type: date, step: 1 }", "PS417"),
        # a default off the grid
        ("step: 0.5 }", "step: 0.5, default: 0.2 }", "PS417"),
        # a default that is no option
        ("    type: choice\n", "    type: choice\n    default: town\n", "PS412"),
    ],
)
def test_declarations_that_do_not_fit_are_located(old: str, new: str, code: str) -> None:
    text = PACK.replace("{{", "{").replace("}}", "}").replace("{threshold}", THRESHOLD)
    assert old in text
    broken = text.replace(old, new, 1).replace("{", "{{").replace("}", "}}")
    with pytest.raises(PackError) as exc:
        make_pack(text=broken.replace("{{threshold}}", "{threshold}"))
    codes = [c for c, *_ in issues_of(exc)]
    assert code in codes, issues_of(exc)


def test_a_choice_default_is_used_when_not_declared() -> None:
    text = PACK.replace("    type: choice\n", "    type: choice\n    default: phuong\n")
    pack = make_pack(text=text)
    result = score(pack, evidence(pack, "rate: 85, mark: 5"))
    assert result.leaf("1.1").points == 0  # the default, a ward, needs 90


def test_a_number_names_the_option_with_that_key() -> None:
    text = PACK.replace(
        "{{ xa: Xã, phuong: Phường, thi_tran: Thị trấn }}", "{{ 1: Loại I, 2: Loại II }}"
    )
    pack = make_pack("90 if unit_kind == '1' else 70", text)
    assert evidence(pack, "unit_kind: 2, rate: 70, mark: 5").metrics["unit_kind"] == "2"
    with pytest.raises(EvidenceError) as exc:
        evidence(pack, "unit_kind: 3, rate: 70, mark: 5")
    assert "«3» không phải một lựa chọn" in issues_of(exc)[0][2]
