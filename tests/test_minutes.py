"""Appraisal minutes (biên bản thẩm định): stage columns, totals equal to ``score``, blanks, goldens.

Goldens: ``tests/golden/minutes-dan-tien.html``, ``.md`` and ``.document.xml`` (the Word body,
indented); regenerate with ``make update-golden`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import parscore
from parscore.loader import load_evidence, load_pack
from parscore.model.evidence import AppraisalMeeting, Person
from parscore.report.filters import Formatter
from parscore.report.minutes import (
    DOTS,
    STAGE_KEYS,
    MinutesContext,
    build_minutes,
    minutes_date,
    render_minutes,
)
from parscore.scoring import score

from .report_helpers import DATA, GOLDEN, cell_texts, docx_tables, parse_html

UPDATE = os.environ.get("PARSCORE_UPDATE_GOLDEN") == "1"
MINUTES = DATA / "minutes"
PACK = MINUTES / "pack.yaml"
DAN_TIEN = MINUTES / "dan-tien-2025.yaml"
STAGED = DATA / "staged"


def minutes_of(evidence_path: Path = DAN_TIEN, pack_path: Path = PACK) -> MinutesContext:
    evidence, pack = load_evidence(evidence_path, load_pack(pack_path))
    return build_minutes(score(pack, evidence), pack, evidence)


def without(keys: tuple[str, ...]) -> MinutesContext:
    """The minutes of the sample with some evidence sections left out."""
    pack = load_pack(PACK)
    evidence, _ = load_evidence(DAN_TIEN, pack)
    empty = {key: None if key == "appraisal_meeting" else {} for key in keys}
    evidence = dataclasses.replace(evidence, model=evidence.model.model_copy(update=empty))
    return build_minutes(score(pack, evidence), pack, evidence)


D = Decimal


def test_stage_columns_carry_each_stage_with_its_fallback() -> None:
    rows = {row.code: row for row in minutes_of().rows}
    # claimed, appraised in round 1, changed in round 2 after the commune's explanation
    assert rows["1.2"].points == (D(4), D(3), D(4))
    assert rows["1.2"].note.startswith("Còn 01 vấn đề")
    assert rows["1.2"].explanation.startswith("Vấn đề còn lại")
    assert rows["3.2.2"].points == (D(3), D(2), D(3))
    # not claimed: self is the computed 2; round 1 and 2 fall back on it
    assert rows["3.1.2"].points == (D(2), D(2), D(2))
    # self claims 5, round 1 sets the computed value, round 2 keeps it
    assert rows["8.1"].points == (D(5), D("4.56"), D("4.56"))
    na = rows["6.3.1"]
    assert na.na and na.points == (None, None, None)
    assert na.na_reason == "Xã không có đơn vị sự nghiệp công lập trực thuộc"
    # inner rows sum their applicable leaves
    assert rows["3"].points == (D(12), D(9), D(10))
    assert rows["3.2"].points == (D(8), D("5.5"), D("6.5"))
    assert rows["6"].points == (D("1.6"), D("1.6"), D("1.6")) and rows["6"].max == 2
    assert [r.code for r in minutes_of().rows][:4] == ["1", "1.1", "1.2", "3"]  # the pack's order


def test_tracked_criteria_are_left_out() -> None:
    codes = {row.code for row in minutes_of().rows}
    assert "9" not in codes and "9.1" not in codes


@pytest.mark.parametrize(
    ("evidence", "pack"),
    [(DAN_TIEN, PACK), (STAGED / "commune.yaml", STAGED / "pack.yaml")],
)
def test_totals_equal_score_on_the_same_evidence(evidence: Path, pack: Path) -> None:
    loaded_pack = load_pack(pack)
    loaded, _ = load_evidence(evidence, loaded_pack)
    result = score(loaded_pack, loaded)
    ctx = build_minutes(result, loaded_pack, loaded)
    assert [s.key for s in ctx.stages] == list(STAGE_KEYS)
    for stage in ctx.stages:
        total = result.stages[stage.key]
        assert (stage.points, stage.score, stage.band) == (total.points, total.score, total.band)
        assert (stage.bonus, stage.penalty) == (total.bonus, total.penalty)
        # the field rows add up to the stage's points
        i = STAGE_KEYS.index(stage.key)
        fields = [row.points[i] for row in ctx.rows if row.depth == 0 and not row.na]
        assert sum((v for v in fields if v is not None), D(0)) == total.points
    assert ctx.official is not None and ctx.official.key == result.official_stage == "round_2"
    assert ctx.official.score == result.official.score
    # and the Word file's totals table says the same, in Vietnamese form
    tables = docx_tables(render_minutes(ctx, "docx"))
    totals = next(t for t in tables if t[0][0] == "Nội dung")
    row = next(r for r in totals if r[0].startswith("Tổng điểm Chỉ số"))
    formatter = Formatter(ctx.places, ctx.mode)
    assert row[1:] == [formatter.pts(result.stages[k].score) for k in STAGE_KEYS]


def test_sample_hand_worked_totals() -> None:
    ctx = minutes_of()
    assert [s.score for s in ctx.stages] == [D(96), D("76.57"), D("83.71")]
    assert [s.band for s in ctx.stages] == ["Tốt", "Trung bình", "Khá"]
    assert ctx.applicable_max == 28 and ctx.rescaled
    assert [(a.side, a.code) for a in ctx.adjustments] == [("bonus", "T1"), ("penalty", "V2")]


def test_missing_stages_are_blank_columns_and_the_result_is_left_to_fill() -> None:
    ctx = without(("appraisal", "appraisal_final", "appraisal_meeting"))
    assert [s.present for s in ctx.stages] == [True, False, False]
    assert ctx.official is None
    rows = {row.code: row for row in ctx.rows}
    assert rows["1.2"].points == (D(4), None, None)
    html = render_minutes(ctx, "html").decode()
    table = parse_html(html).find("table", class_="grid criteria")
    row = next(r for r in table.find_all("tr") if cell_texts(r)[:1] == ["1.2"])
    assert cell_texts(row)[2:6] == ["4", "4", "", ""]
    assert f"đạt {DOTS} điểm, xếp loại {DOTS}" in html


def test_meeting_details_left_out_are_dotted_lines() -> None:
    ctx = minutes_of(STAGED / "commune.yaml", STAGED / "pack.yaml")
    html = render_minutes(ctx, "html").decode()
    assert f"Số: {DOTS}" in html
    assert "ngày …… tháng …… năm ……" in html
    assert f"vào hồi {DOTS}" in html and f"tại {DOTS}" in html
    assert f"<li>- {DOTS} – Chủ tịch Hội đồng;</li>" in html
    assert f"<li>- {DOTS} – Thành viên.</li>" in html
    # the council is named from the pack's index
    assert ctx.council == "Hội đồng thẩm định Chỉ số Chuyển đổi số"
    assert ctx.title.startswith("Thẩm định kết quả tự đánh giá, chấm điểm Chỉ số Chuyển đổi số")


def test_title_uses_the_index_name_and_the_commune() -> None:
    ctx = minutes_of()
    assert ctx.title == (
        "Thẩm định kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm 2025 của xã Dân Tiến"
    )
    assert ctx.date_line == "Thái Nguyên, ngày 20 tháng 01 năm 2026"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (dt.date(2025, 12, 9), "ngày 09 tháng 12 năm 2025"),
        (dt.date(2025, 3, 10), "ngày 10 tháng 3 năm 2025"),
    ],
)
def test_dates_as_the_decree_writes_them(day: dt.date, text: str) -> None:
    assert minutes_date(day) == text


def test_a_meeting_given_by_the_caller_wins_and_control_characters_never_reach_a_file() -> None:
    pack = load_pack(PACK)
    evidence, _ = load_evidence(DAN_TIEN, pack)
    meeting = AppraisalMeeting(
        place="Phòng họp\x07 số 2",
        chair=Person(name="Vũ Minh\x1bKhoa", position="Giám đốc Sở Nội vụ"),
    )
    ctx = parscore.build_minutes(score(pack, evidence), pack, evidence, meeting=meeting)
    assert ctx.number == "" and ctx.place.startswith("Phòng họp")
    for fmt in ("html", "md", "docx"):
        data = parscore.render_minutes(ctx, fmt)
        body = (
            zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml") if fmt == "docx" else data
        )
        assert b"\x07" not in body and b"\x1b" not in body
        assert "Phòng họp".encode() in body


def test_word_layout() -> None:
    data = render_minutes(minutes_of(), "docx")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert section.different_first_page_header_footer  # page numbers from the second page
    assert "PAGE" in section.header.paragraphs[0]._p.xml
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 13
    grids = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grids) == 2
    criteria = grids[0]
    for tr in criteria.rows[:2]:  # the two header rows repeat on every page
        assert "tblHeader" in tr._tr.trPr.xml
    heads = [c.text for c in criteria.rows[1].cells]
    assert heads[3:6] == ["Tự chấm", "Vòng\u00a01", "Vòng\u00a02"]
    signatures = [c.text for c in doc.tables[-1].rows[0].cells]
    assert signatures == ["ĐẠI DIỆN UBND XÃ DÂN TIẾN", "THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"]
    assert [c.text for c in doc.tables[-1].rows[3].cells] == [
        "Hoàng Văn Dũng",
        "Trần Thị Bình",
        "Nguyễn Văn An",
    ]
    assert doc.core_properties.title == "Biên bản thẩm định – xã Dân Tiến"
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {
        (2026, 1, 20, 0, 0, 0)
    }


def test_same_inputs_give_identical_bytes() -> None:
    for fmt in ("html", "md", "docx"):
        assert render_minutes(minutes_of(), fmt) == render_minutes(minutes_of(), fmt)


def _document_xml(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(xml)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_golden_minutes(fmt: str) -> None:
    data = render_minutes(minutes_of(), fmt)
    if fmt == "docx":
        text, golden = _document_xml(data), GOLDEN / "minutes-dan-tien.document.xml"
    else:
        text, golden = data.decode("utf-8"), GOLDEN / f"minutes-dan-tien.{fmt}"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing {golden.name}: run make update-golden"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs: review, then make update-golden"
    )


LEAVES = {"1.1": 4, "1.2": 4, "3.1.1": 2, "3.1.2": 2, "3.2.1": 5, "3.2.2": 3, "6.1": 2, "8.1": 6}


def _stage_points() -> st.SearchStrategy[dict[str, Decimal]]:
    """Some leaves of the sample pack with points in quarters from 0 to their maximum."""
    return st.dictionaries(
        st.sampled_from(sorted(LEAVES)), st.integers(0, 24), max_size=len(LEAVES)
    ).map(lambda d: {k: min(Decimal(v) / 4, Decimal(LEAVES[k])) for k, v in d.items()})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=_stage_points(), round_1=_stage_points(), round_2=_stage_points())
def test_property_minutes_totals_are_the_scored_stages(
    claims: dict[str, Decimal], round_1: dict[str, Decimal], round_2: dict[str, Decimal]
) -> None:
    pack = load_pack(PACK)
    evidence, _ = load_evidence(DAN_TIEN, pack)
    update = {"claims": claims, "appraisal": round_1, "appraisal_final": round_2}
    evidence = dataclasses.replace(evidence, model=evidence.model.model_copy(update=update))
    result = score(pack, evidence)
    ctx = build_minutes(result, pack, evidence)
    for i, stage in enumerate(ctx.stages):
        total = result.stages.get(stage.key)
        assert stage.present == (total is not None)
        if total is None:
            assert all(row.points[i] is None for row in ctx.rows)
            continue
        assert (stage.score, stage.band) == (total.score, total.band)
        leaves = [row.points[i] for row in ctx.rows if row.is_leaf and not row.na]
        assert sum((v for v in leaves if v is not None), Decimal(0)) == total.points
        given_here = (claims, round_1, round_2)[i]
        rows = {row.code: row for row in ctx.rows}
        for code, value in given_here.items():
            assert rows[code].points[i] == value  # a stage's own value is shown as given


def test_the_minutes_search_no_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The minutes show no gap and no bonus item's hint: they never run the planner's searches
    for them (a commune with gaps and a bonus missing its document), and show the same."""
    from parscore.report import build

    from .adjustment_helpers import item_files

    def searched(*args: object, **kwargs: object) -> list[str]:
        raise AssertionError("the minutes searched for a fix")

    monkeypatch.setattr(build, "raise_hints", searched)
    monkeypatch.setattr(build, "item_hints", searched)
    for evidence_path, pack_path in ((DAN_TIEN, PACK), item_files(tmp_path)[::-1]):
        ctx = minutes_of(evidence_path, pack_path)
        assert ctx.report.gaps == () and not any(a.hints for a in ctx.adjustments)
        assert ctx.adjustments  # the items are still there, with their flags
