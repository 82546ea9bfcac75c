"""diff of a pack's index name, ranking, constraints and bonus/penalty items
(parscore.diffing.pack_rules), described in Vietnamese and mirrored when the packs swap."""

from __future__ import annotations

from decimal import Decimal

from parscore.diffing import PackDiff, PackRef, describe, diff_packs
from parscore.diffing.drift import drift
from parscore.loader import load_pack, pack_from_text
from parscore.report.diff_html import render_diff_html
from parscore.report.diff_text import drift_view, render_diff_md, render_diff_text
from parscore.yamlio import load_yaml

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


def test_drift_attributes_a_changed_cap_to_bonus_and_penalty() -> None:
    old = load_pack(STAGED)
    text = STAGED.read_text(encoding="utf-8").replace("    max: 3\n", "    max: 1\n")
    text = text.replace("revision: 1", "revision: 2")
    new = pack_from_text(text, "moi.yaml")
    doc = load_yaml(DATA / "staged" / "commune.yaml")
    d = drift(old, new, doc)
    assert (d.old.total.penalty, d.new.total.penalty) == (Decimal(2), Decimal(1))
    assert d.delta == Decimal(1) == d.adjustment_effect
    assert d.criteria == () and d.rounding_effect == 0
    assert d.to_dict()["adjustment_effect"] == "1"
    assert drift_view(d, {}).adjustment_effect == "+1"
    unchanged = drift(old, old, doc)
    assert unchanged.delta == 0 and unchanged.adjustment_effect == 0


def test_an_adjustment_item_the_other_pack_lacks_is_listed_in_words() -> None:
    """The commune declares V2, which the new pack no longer has: every format says so in
    Vietnamese (it was a KeyError in text, Markdown and HTML, and a 500 on the web page)."""
    old = load_pack(STAGED)
    text = STAGED.read_text(encoding="utf-8").replace(
        "      - { code: V2, title: Chậm báo cáo định kỳ về chuyển đổi số, points: 1 }\n", ""
    )
    new = pack_from_text(text.replace("revision: 1", "revision: 2"), "moi.yaml")
    doc = load_yaml(DATA / "staged" / "commune.yaml")
    d = drift(old, new, doc)
    assert [(i.side, i.what, i.name) for i in d.ignored] == [("new", "adjustments", "V2")]
    assert d.delta == Decimal(1) == d.adjustment_effect
    line = "gói mới: mục thưởng, trừ V2 – gói không có mục thưởng/trừ này"
    assert drift_view(d, {}).ignored == [line]
    diff = PackDiff(PackRef.of(old), PackRef.of(new), tuple(diff_packs(old, new)), (d,))
    assert f"Không dùng được với {line}" in render_diff_text(diff, {})
    assert "mục thưởng, trừ V2" in render_diff_md(diff, {})
    assert "mục thưởng, trừ V2" in render_diff_html(diff, {})


def test_an_items_source_reads_as_a_criterions_source() -> None:
    """A bonus or penalty item's source in words: its document's title and its status in
    Vietnamese, not the YAML keys (``ref: «…», status: «assumed»``)."""
    old = load_pack(STAGED)
    text = STAGED.read_text(encoding="utf-8")
    text = text.replace(
        "code: V1, title: Để xảy ra sự cố mất an toàn thông tin, points: 1 }",
        "code: V1, title: Để xảy ra sự cố mất an toàn thông tin, points: 1, source: { doc: qc,"
        ' ref: "Điều 5", status: assumed, note: "mức trừ chưa có văn bản" } }',
    )
    text = text.replace(
        "  sources:", '  documents:\n    qc: { title: "Quy chế chấm điểm" }\n  sources:'
    )
    new = pack_from_text(text, "moi.yaml")
    lines = [describe(c) for c in diff_packs(old, new) if c.field.endswith(".V1")]
    assert lines == [
        "Điểm trừ – mục V1: nguồn (không có) → «Quy chế chấm điểm, Điều 5»"
        " (giả định, ghi chú «mức trừ chưa có văn bản»)"
    ]
    back = [describe(c) for c in diff_packs(new, old) if c.field.endswith(".V1")]
    assert back == [
        "Điểm trừ – mục V1: nguồn «Quy chế chấm điểm, Điều 5»"
        " (giả định, ghi chú «mức trừ chưa có văn bản») → (không có)"
    ]


def test_a_constraint_says_only_what_changed_of_it() -> None:
    """Only the inputs moved: no «message → the same message» (and the reverse)."""
    old = load_pack(STAGED)
    text = STAGED.read_text(encoding="utf-8").replace(
        "inputs: [ dossiers_on_time, dossiers_received ]",
        "inputs: [ dossiers_received, dossiers_on_time ]",
    )
    text = text.replace(
        "message: Số hồ sơ nộp trực tuyến không được lớn hơn tổng số hồ sơ tiếp nhận",
        "message: Hồ sơ trực tuyến vượt tổng số hồ sơ",
    )
    lines = [describe(c) for c in diff_packs(old, pack_from_text(text, "moi.yaml"))]
    assert lines == [
        "Ràng buộc số liệu «dossiers_on_time <= dossiers_received»: đầu vào"
        " «dossiers_on_time»; «dossiers_received» → «dossiers_received»; «dossiers_on_time»",
        "Ràng buộc số liệu «dossiers_online <= dossiers_received»: thông báo"
        " «Số hồ sơ nộp trực tuyến không được lớn hơn tổng số hồ sơ tiếp nhận»"
        " → «Hồ sơ trực tuyến vượt tổng số hồ sơ»",
    ]


def test_cited_documents_read_by_their_titles() -> None:
    """The pack's documents are compared and said by title: a key (the pack's own reference,
    ``doc: qc``) is never shown, and renaming one alone changes nothing a reader sees."""
    old = pack_from_text(
        STAGED.read_text(encoding="utf-8").replace(
            "  sources:", '  documents:\n    qc: { title: "Quy chế chấm điểm" }\n  sources:'
        ),
        "cu.yaml",
    )
    renamed = pack_from_text(
        STAGED.read_text(encoding="utf-8").replace(
            "  sources:", '  documents:\n    quy-che: { title: "Quy chế chấm điểm" }\n  sources:'
        ),
        "moi.yaml",
    )
    assert diff_packs(old, renamed) == []
    retitled = pack_from_text(
        STAGED.read_text(encoding="utf-8").replace(
            "  sources:", '  documents:\n    qc: { title: "Quy chế chấm điểm 2025" }\n  sources:'
        ),
        "moi.yaml",
    )
    (line,) = [describe(c) for c in diff_packs(old, retitled)]
    assert line == (
        "Gói quy tắc – tài liệu được trích dẫn: «Quy chế chấm điểm» → «Quy chế chấm điểm 2025»"
    )
