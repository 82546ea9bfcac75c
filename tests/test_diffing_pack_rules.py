"""diff of a pack's index name, ranking, constraints and bonus/penalty items
(parscore.diffing.pack_rules), described in Vietnamese and mirrored when the packs swap."""

from __future__ import annotations

from parscore.diffing import describe, diff_packs
from parscore.loader import load_pack, pack_from_text

from .conftest import DATA

STAGED = DATA / "staged" / "pack.yaml"


def test_changes_of_the_top_level_rules_are_reported() -> None:
    old = load_pack(STAGED)
    text = STAGED.read_text(encoding="utf-8")
    text = text.replace("name: Chỉ số Chuyển đổi số", "name: Chỉ số CĐS")
    text = text.replace("ties: dense", "ties: competition")
    text = text.replace(
        "message: Số hồ sơ nộp trực tuyến không được lớn hơn tổng số hồ sơ tiếp nhận",
        "message: Hồ sơ trực tuyến vượt tổng số hồ sơ",
    )
    text = text.replace(
        "  - check: dossiers_on_time <= dossiers_received\n"
        "    message: Số hồ sơ giải quyết đúng hạn không được lớn hơn tổng số hồ sơ tiếp nhận\n"
        "    inputs: [ dossiers_on_time, dossiers_received ]\n",
        "",
    )
    text = text.replace("  bonus:\n    max: 2", "  bonus:\n    max: 3")
    text = text.replace(
        "code: V4, title: Bị cơ quan cấp trên phê bình bằng văn bản, points: 1",
        "code: V4, title: Bị phê bình, points: 0.5",
    )
    text = text.replace(
        "      - { code: V3, title: Cổng thông tin điện tử không cập nhật quá 30 ngày, points: 1 }\n",
        "",
    )
    new = pack_from_text(text, "moi.yaml")
    changes = diff_packs(old, new)
    lines = {c.field: describe(c) for c in changes}
    assert lines["index.name"] == "Gói quy tắc – tên chỉ số: «Chỉ số Chuyển đổi số» → «Chỉ số CĐS»"
    assert lines["ranking.ties"] == (
        "Gói quy tắc – cách xếp hạng khi đồng điểm: đồng hạng, không bỏ hạng (1, 2, 2, 3)"
        " → đồng hạng rồi bỏ hạng kế (1, 2, 2, 4)"
    )
    constraint_lines = [describe(c) for c in changes if c.field == "constraints"]
    assert len(constraint_lines) == 2
    assert any("bỏ «dossiers_on_time <= dossiers_received»" in line for line in constraint_lines)
    assert any("Hồ sơ trực tuyến vượt tổng số hồ sơ" in line for line in constraint_lines)
    assert lines["adjustments.bonus.max"] == "Điểm thưởng – mức tối đa: 2 → 3"
    assert lines["adjustments.penalty.items.V4"] == (
        "Điểm trừ – mục V4: tên «Bị cơ quan cấp trên phê bình bằng văn bản» → «Bị phê bình»; "
        "điểm 1 → 0,5"
    )
    assert lines["adjustments.penalty.items.V3"].startswith("Điểm trừ: bỏ mục V3")
    back = {(c.field, repr(c.old), repr(c.new)) for c in diff_packs(new, old)}
    assert back == {(c.field, repr(c.new), repr(c.old)) for c in changes}
    assert diff_packs(old, old) == []
