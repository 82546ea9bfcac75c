"""diff_packs: every change as data, matched by stable keys, mirrored when the packs swap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.diffing import CHANGE_KINDS, Change, describe, diff_models, diff_packs
from parscore.diffing.changes import CRITERION_FIELDS, INPUT_FIELDS, PACK_FIELDS, json_value
from parscore.loader import load_pack, pack_from_text
from parscore.model.pack import Criterion, InputSpec, PackMeta, RulePack, Source

from .conftest import DATA, SAMPLE_PACK
from .packgen import make_pack, pack_specs

NEW_PACK = DATA / "sample-pack-2026.yaml"


@pytest.fixture(scope="module")
def new_pack() -> LoadedPack:
    return load_pack(NEW_PACK)


def _norm(change: Change) -> tuple[Any, ...]:
    return (
        change.kind,
        change.key,
        change.code,
        change.field,
        repr(json_value(change.old)),
        repr(json_value(change.new)),
    )


def _mirror_holds(a: LoadedPack, b: LoadedPack) -> None:
    forward = sorted(_norm(c.mirrored()) for c in diff_packs(a, b))
    backward = sorted(_norm(c) for c in diff_packs(b, a))
    assert forward == backward


def test_a_pack_against_itself_has_no_changes(
    sample_pack: LoadedPack, new_pack: LoadedPack
) -> None:
    assert diff_packs(sample_pack, sample_pack) == []
    assert diff_packs(new_pack, new_pack) == []


def test_a_reloaded_copy_with_other_spacing_has_no_changes(sample_pack: LoadedPack) -> None:
    text = (DATA / "sample-pack.yaml").read_text(encoding="utf-8")
    text = text.replace("max: 1.0\n", "max: 1.00\n").replace("#", "# ghi chú:")
    assert diff_packs(sample_pack, pack_from_text(text)) == []


def test_diff_and_its_reverse_mirror_each_other(
    sample_pack: LoadedPack, new_pack: LoadedPack
) -> None:
    _mirror_holds(sample_pack, new_pack)
    kinds = {c.kind for c in diff_packs(sample_pack, new_pack)}
    back = {c.kind for c in diff_packs(new_pack, sample_pack)}
    assert "added" in kinds and "removed" in kinds and kinds == back


@settings(max_examples=40, deadline=None)
@given(pack_specs(2024), pack_specs(2025))
def test_mirror_and_identity_hold_for_random_packs(a: dict[str, Any], b: dict[str, Any]) -> None:
    old, new = make_pack(a), make_pack(b)
    assert diff_packs(old, old) == []
    _mirror_holds(old, new)


def test_a_renumbered_criterion_is_a_move_not_a_removal(
    sample_pack: LoadedPack, new_pack: LoadedPack
) -> None:
    changes = [c for c in diff_packs(sample_pack, new_pack) if c.key == "on-time-commune"]
    kinds = [c.kind for c in changes]
    assert "moved" in kinds and "added" not in kinds and "removed" not in kinds
    moved = next(c for c in changes if c.kind == "moved")
    assert moved.old == {"code": "3.2.2", "parent": "3"}
    assert moved.new == {"code": "3.2", "parent": "3"}
    assert describe(moved) == (
        "Tiêu chí «Tỷ lệ hồ sơ đúng hạn do UBND cấp xã tiếp nhận, giải quyết» đổi mã 3.2.2 → 3.2"
    )


def test_without_an_id_the_code_is_the_identity(sample_pack: LoadedPack) -> None:
    text = (DATA / "sample-pack.yaml").read_text(encoding="utf-8")
    renumbered = pack_from_text(text.replace('code: "1.4"', 'code: "1.5"'))
    assert [(c.kind, c.code) for c in diff_packs(sample_pack, renumbered)] == [
        ("added", "1.5"),
        ("removed", "1.4"),
    ]
    with_id = text.replace('code: "1.4"', 'code: "1.4"\n        id: discipline')
    moved = text.replace('code: "1.4"', 'code: "1.5"\n        id: discipline')
    changes = diff_packs(pack_from_text(with_id), pack_from_text(moved))
    assert [(c.kind, c.key, c.code, c.old_code) for c in changes] == [
        ("moved", "discipline", "1.5", "1.4")
    ]


def test_expected_changes_of_the_sample_year(sample_pack: LoadedPack, new_pack: LoadedPack) -> None:
    got = {(c.kind, c.code, c.field): (c.old, c.new) for c in diff_packs(sample_pack, new_pack)}
    assert got[("threshold_changed", "3.2", "steps[0].min")] == (Decimal("99.9"), Decimal("99.5"))
    assert got[("threshold_changed", "3.3", "to")] == (Decimal(100), Decimal(95))
    assert got[("threshold_changed", "1.1", "due")] == (dt.date(2025, 7, 30), dt.date(2026, 7, 30))
    assert got[("threshold_changed", "1.1", "late")] == (Decimal("0.5"), Decimal("0.25"))
    assert got[("source_changed", "3.2", "source.status")] == ("assumed", "official")
    assert got[("rule_changed", "3.5", "best_of[1].check")] == (
        "reuse_rate >= 80",
        "reuse_rate >= 70",
    )
    assert got[("max_changed", "1.3", "")] == (Decimal("1.5"), Decimal(1))
    assert got[("pack_changed", None, "goal")] == ({"total": Decimal(90)}, {"total": Decimal(92)})
    old_rule, new_rule = got[("rule_changed", "8.1", "")]
    assert "linear" in old_rule and "tiers" in new_rule
    assert ("removed", "3.4", "") in got and ("added", "6.2", "") in got
    assert ("input_added", None, "") in got and ("input_removed", None, "") in got


def test_order_is_pack_then_inputs_then_criteria(
    sample_pack: LoadedPack, new_pack: LoadedPack
) -> None:
    kinds = [c.kind for c in diff_packs(sample_pack, new_pack)]
    first_input = kinds.index("input_changed")
    first_criterion = next(i for i, k in enumerate(kinds) if not k.startswith(("pack", "input")))
    assert all(k == "pack_changed" for k in kinds[:first_input])
    assert all(not k.startswith(("pack", "input")) for k in kinds[first_criterion:])
    assert kinds[-1] == "removed"
    assert diff_packs(sample_pack, new_pack) == diff_packs(sample_pack, new_pack)
    assert set(kinds) <= set(CHANGE_KINDS)


# -- no change goes unseen -----------------------------------------------------------------------


def test_every_model_field_has_a_change_kind() -> None:
    assert set(CRITERION_FIELDS) == set(Criterion.model_fields)
    assert set(PACK_FIELDS) == set(PackMeta.model_fields)
    assert set(INPUT_FIELDS) == set(InputSpec.model_fields)


LEAF_EDITS: list[tuple[str, Any, str]] = [
    ("title", "Tên khác", "retitled"),
    ("max", Decimal(2), "max_changed"),
    ("target", "≥ 50%", "target_changed"),
    ("owner", "Công an xã", "owner_changed"),
    ("partners", ["Đoàn xã"], "owner_changed"),
    ("deadline", "Thường xuyên", "detail_changed"),
    ("effort", 5, "detail_changed"),
    ("survey", True, "detail_changed"),
    ("tracked", True, "detail_changed"),
    ("note", "ghi chú", "detail_changed"),
    ("applies_if", "plan_done", "applies_changed"),
    ("na_allowed", True, "applies_changed"),
    ("evidence", [], "evidence_changed"),
    ("source", Source(ref="QĐ 1", status="official"), "source_changed"),
    ("source", None, "source_changed"),
]


@pytest.mark.parametrize(
    ("field", "value", "kind"), LEAF_EDITS, ids=[f"{f}-{k}" for f, _, k in LEAF_EDITS]
)
def test_each_criterion_field_edit_is_reported(
    sample_pack: LoadedPack, field: str, value: Any, kind: str
) -> None:
    model = sample_pack.model
    leaf = model.criteria[0].children[0]  # type: ignore[index]
    if field == "evidence":
        assert leaf.evidence, "the edited leaf must have evidence to drop"
    edited_leaf = leaf.model_copy(update={field: value})
    field_node = model.criteria[0].model_copy(
        update={"children": [edited_leaf, *model.criteria[0].children[1:]]}  # type: ignore[misc]
    )
    edited = model.model_copy(update={"criteria": [field_node, *model.criteria[1:]]})
    changes = diff_models(model, edited)
    assert changes and {c.kind for c in changes} == {kind}
    assert describe(changes[0])


def test_each_pack_field_edit_is_reported(sample_pack: LoadedPack) -> None:
    model = sample_pack.model
    for field in ("scale", "total", "revision", "status", "legal_basis", "bands", "rounding"):
        meta = model.pack
        value: Any = {
            "scale": Decimal(10),
            "total": Decimal(21),
            "revision": 2,
            "status": "official",
            "legal_basis": [],
            "bands": meta.bands[:2],
            "rounding": meta.rounding.model_copy(update={"places": 1}),
        }[field]
        edited = model.model_copy(update={"pack": meta.model_copy(update={field: value})})
        changes = diff_models(model, edited)
        assert [(c.kind, c.field) for c in changes] == [("pack_changed", field)], field
        assert describe(changes[0]).startswith("Gói quy tắc – ")


def test_input_edits_and_derived_formulas(sample_pack: LoadedPack) -> None:
    model = sample_pack.model
    spec = model.inputs["violations"]
    inputs = {**model.inputs, "violations": spec.model_copy(update={"max": Decimal(10)})}
    derived = {"on_time_rate": "ratio(dossiers_on_time, dossiers_received)"}
    edited = model.model_copy(update={"inputs": inputs, "derived": derived})
    got = [(c.kind, c.key, c.field) for c in diff_models(model, edited)]
    assert got == [
        ("input_changed", "violations", "max"),
        ("input_changed", "on_time_rate", "derived"),
    ]
    text = [describe(c) for c in diff_models(model, edited)]
    assert text[0] == "Đầu vào violations: giá trị tối đa: (không có) → 10"
    assert "«ratio(dossiers_on_time, dossiers_received)»" in text[1]


def test_a_default_of_true_is_not_the_number_one() -> None:
    base = {"label": "x", "type": "bool"}
    a = RulePack.model_validate(
        {
            "pack": {
                "id": "p",
                "title": "t",
                "province": "p",
                "level": "xa",
                "year": 2025,
                "status": "official",
                "total": 1,
            },
            "inputs": {"x": {**base, "default": True}},
            "criteria": [{"code": "1", "title": "t", "max": 1, "score": {"check": "x"}}],
        }
    )
    b = a.model_copy(update={"inputs": {"x": InputSpec.model_validate({**base, "default": 1})}})
    assert [c.field for c in diff_models(a, b)] == ["default"]


def test_tier_steps_added_and_removed_are_described(sample_pack: LoadedPack) -> None:
    text = (DATA / "sample-pack.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "              - { min: 98,   points: 0.5 }\n",
        "              - { min: 98,   points: 0.75 }\n              - { min: 95,   points: 0.25 }\n",
    )
    changes = diff_packs(sample_pack, pack_from_text(text))
    assert [describe(c) for c in changes] == [
        "Tiêu chí 3.2.2: bậc 2: điểm 0,5 → 0,75",
        "Tiêu chí 3.2.2: thêm bậc 3 (≥ 95 → 0,25 điểm)",
    ]
    back = diff_packs(pack_from_text(text), sample_pack)
    assert describe(back[1]) == "Tiêu chí 3.2.2: bỏ bậc 3 (≥ 95 → 0,25 điểm)"


@given(st.sampled_from(CHANGE_KINDS))
def test_every_kind_has_a_vietnamese_name(kind: str) -> None:
    from parscore.diffing import KIND_VI

    assert KIND_VI[kind]


def test_a_note_added_or_removed_reads_as_absent_not_as_empty_quotes(
    sample_pack: LoadedPack,
) -> None:
    model = sample_pack.model
    leaf = model.criteria[0].children[0]  # type: ignore[index]
    assert leaf.note == ""
    noted = leaf.model_copy(update={"note": "Ghi chú mới"})
    node = model.criteria[0].model_copy(
        update={"children": [noted, *model.criteria[0].children[1:]]}  # type: ignore[misc]
    )
    edited = model.model_copy(update={"criteria": [node, *model.criteria[1:]]})
    added = [describe(c) for c in diff_models(model, edited)]
    removed = [describe(c) for c in diff_models(edited, model)]
    assert added == [f"Tiêu chí {leaf.code}: ghi chú: (không có) → «Ghi chú mới»"]
    assert removed == [f"Tiêu chí {leaf.code}: ghi chú: «Ghi chú mới» → (không có)"]


def test_input_types_are_in_vietnamese(sample_pack: LoadedPack) -> None:
    model = sample_pack.model
    spec = model.inputs["violations"]
    assert spec.type == "count"
    inputs = {
        **model.inputs,
        "violations": spec.model_copy(update={"type": "number"}),
        "rate": InputSpec.model_validate({"label": "Tỷ lệ", "type": "percent"}),
    }
    text = [describe(c) for c in diff_models(model, model.model_copy(update={"inputs": inputs}))]
    assert "Đầu vào violations: kiểu: số đếm → số" in text
    assert "Thêm đầu vào rate «Tỷ lệ» (kiểu tỷ lệ %)" in text


def test_rounding_mode_and_level_are_in_vietnamese(sample_pack: LoadedPack) -> None:
    model = sample_pack.model
    meta = model.pack
    assert (meta.rounding.mode, meta.level) == ("half_up", "xa")
    rounding = meta.rounding.model_copy(update={"mode": "half_even"})
    edited = model.model_copy(
        update={"pack": meta.model_copy(update={"rounding": rounding, "level": "huyen"})}
    )
    text = [describe(c) for c in diff_models(model, edited)]
    assert text == [
        "Gói quy tắc – cấp: cấp xã → cấp huyện",
        "Gói quy tắc – làm tròn: 2 chữ số thập phân, làm tròn nửa lên "
        "→ 2 chữ số thập phân, làm tròn nửa về số chẵn",
    ]


def test_a_pack_wide_values_source_is_one_change_of_its_own() -> None:
    """Only the goal's source turned official: one line about the goal, not the whole list of
    every pack-wide value's source twice."""
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    old_line = '    goal: { ref: "Dữ liệu tổng hợp cho kiểm thử", status: assumed }'
    assert old_line in text
    new = pack_from_text(
        text.replace(old_line, '    goal: { ref: "Kế hoạch CCHC năm", status: borrowed }'),
        "moi.yaml",
    )
    (change,) = diff_packs(load_pack(SAMPLE_PACK), new)
    assert (change.kind, change.field) == ("pack_changed", "sources.goal")
    assert describe(change) == (
        "Gói quy tắc – nguồn của giá trị mục tiêu: «Dữ liệu tổng hợp cho kiểm thử» (giả định) → "
        "«Kế hoạch CCHC năm» (mượn của văn bản khác)"
    )
