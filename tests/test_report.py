"""Report context and rendering: numbers equal the JSON result, structure, escaping, hooks."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from parscore.numbers import vi_number
from parscore.raising import raise_hints
from parscore.report.build import build_context, code_order, place_name, stake
from parscore.report.filters import (
    Formatter,
    md_escape,
    percent,
    roman,
    short_decimals,
    vi_deadline,
    vi_trace,
)
from parscore.report.render import (
    render_report,
)
from parscore.scoring import score

from .report_helpers import (
    CASES,
    ROOT,
    cell_texts,
    context_for,
    docx_tables,
    docx_text,
    evidence_from_text,
    load_case,
    parse_html,
)


def vi(text: str | None) -> str:
    """A JSON number string in the report's Vietnamese form."""
    assert text is not None
    return vi_number(Decimal(text))


def json_nodes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def visit(node: dict[str, Any]) -> None:
        out[node["code"]] = node
        for child in node.get("children", []):
            visit(child)

    for top in data["criteria"]:
        visit(top)
    return out


def json_leaves(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in json_nodes(data).values() if "children" not in n]


def leaf_stake(leaf: dict[str, Any]) -> Decimal:
    """Stake from the JSON leaf: lost plus at-risk points (self-assessment mode)."""
    if leaf["status"] == "na" or leaf.get("tracked"):
        return Decimal(0)
    return Decimal(leaf["lost"]) + Decimal(leaf.get("at_risk_points", "0"))


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Any, Any, dict[str, Any]]:
    evidence, pack = load_case(CASES[request.param])
    result = score(pack, evidence)
    return build_context(result, pack, evidence), result, result.to_dict()


# -- numbers shown = numbers in the JSON result --------------------------------------------------


def test_html_numbers_equal_json(case: tuple[Any, Any, dict[str, Any]]) -> None:
    ctx, _, data = case
    root = parse_html(render_report(ctx, "html").decode())
    nodes = json_nodes(data)
    leaves = json_leaves(data)
    total = data["total"]
    values = {
        n.attrs["data-value"]: " ".join(n.text().split())
        for n in root.find_all("td")
        if "data-value" in n.attrs
    }
    assert (
        values["score"]
        == f"{vi(total['score'])} / {vi(total['max'] if total['max'] == '100' else '100')}"
    )
    assert values["goal"] == vi(total["goal"])
    assert values["gap"] == vi(total["gap"])
    lost = Decimal(total["applicable_max"]) - Decimal(total["points"])
    assert values["lost"] == vi(str(lost))
    at_risk = sum((Decimal(leaf.get("at_risk_points", "0")) for leaf in leaves), Decimal(0))
    assert values["at_risk"] == vi(str(at_risk))

    fields = root.find("table", class_="fields")
    for row in fields.find_all("tr"):
        code = row.attrs.get("data-code")
        if code is None:
            continue
        node, cells = nodes[code], cell_texts(row)
        if node.get("tracked"):
            assert cells[2] == "theo dõi, không tính điểm"
            continue
        risk = sum(
            (
                Decimal(lf.get("at_risk_points", "0"))
                for lf in leaves
                if lf["code"].startswith(code + ".")
            ),
            Decimal(0),
        )
        assert cells[2:6] == [
            vi(node["points"]),
            vi(node["applicable_max"]),
            vi(node["lost"]),
            vi(str(risk)),
        ]

    labels = [t.text() for t in root.find("svg").find_all("text")]
    for top in data["criteria"]:
        if top.get("tracked"):
            continue
        share = percent(Decimal(top["points"]), Decimal(top["applicable_max"]))
        assert f"{vi(top['points'])}/{vi(top['applicable_max'])} ({share})" in labels, top["code"]

    gaps = root.find("table", class_="gaps")
    shown = [
        (r.attrs["data-code"], cell_texts(r)) for r in gaps.find_all("tr") if "data-code" in r.attrs
    ]
    expected = sorted(
        (lf for lf in leaves if leaf_stake(lf) > 0),
        key=lambda lf: (-leaf_stake(lf), code_order(lf["code"])),
    )
    assert [c for c, _ in shown] == [lf["code"] for lf in expected]
    for (_, cells), leaf in zip(shown, expected, strict=True):
        assert cells[2].startswith(
            f"{vi(leaf['points'])} / {vi(leaf['applicable_max'])} có thể tăng {vi(str(leaf_stake(leaf)))}"
        )
        if leaf["status"] == "at_risk":
            assert cells[2].endswith(f"nguy cơ {vi(leaf['at_risk_points'])}")

    section = root.find("section", id="phu-luc-vet-tinh")
    trace = section.find("table", class_="trace")  # the criteria; then the bonus and penalty
    rows = {
        r.attrs["data-code"]: cell_texts(r) for r in trace.find_all("tr") if "data-code" in r.attrs
    }
    assert set(rows) == set(nodes)
    items = [i for group in data.get("adjustments", {}).values() for i in group["items"]]
    shown_items = {
        r.attrs["data-code"]: cell_texts(r)
        for t in section.find_all("table", class_="trace adjustments")
        for r in t.find_all("tr")
        if "data-code" in r.attrs
    }
    assert set(shown_items) == {i["code"] for i in items}
    for i in items:
        assert shown_items[i["code"]][2][1:] == vi(i["points"]), i["code"]
    for code, cells in rows.items():
        node = nodes[code]
        want = (
            "theo dõi"
            if node.get("tracked")
            else f"{vi(node['points'])} / {vi(node['applicable_max'])}"
        )
        assert cells[2] == want, code

    plan = root.find_all("table", class_="plan")
    plan_rows = [cell_texts(r) for t in plan for r in t.find_all("tr") if "data-code" in r.attrs]
    by_code = {lf["code"]: lf for lf in leaves}
    for cells in plan_rows:
        if cells[0] in by_code:
            assert cells[-1] == vi(str(leaf_stake(by_code[cells[0]])))


def test_markdown_numbers_equal_json(case: tuple[Any, Any, dict[str, Any]]) -> None:
    ctx, _, data = case
    text = render_report(ctx, "md").decode()
    for code, node in json_nodes(data).items():
        shown = (
            "theo dõi"
            if node.get("tracked")
            else f"{vi(node['points'])} / {vi(node['applicable_max'])}"
        )
        title = md_escape(node["title"])
        if "children" in node:
            assert f"### {code}. {title}: {shown} (" in text, code
        else:
            assert f"**{code}. {title}**: {shown} (" in text, code
    assert f"| Tổng điểm | {vi(data['total']['score'])} / 100 |" in text
    for leaf in json_leaves(data):
        if leaf_stake(leaf) > 0:
            row = f"| {leaf['code']} | {md_escape(leaf['title'])} | {vi(leaf['points'])} / {vi(leaf['applicable_max'])} | {vi(str(leaf_stake(leaf)))} |"
            assert row in text, leaf["code"]


def test_word_numbers_equal_json(case: tuple[Any, Any, dict[str, Any]]) -> None:
    ctx, _, data = case
    tables = docx_tables(render_report(ctx, "docx"))
    trace = next(t for t in tables if t[0][:4] == ["Mã", "Tiêu chí", "Điểm / Tối đa", "Trạng thái"])
    nodes = json_nodes(data)
    assert [row[0] for row in trace[1:]] == list(nodes)
    for row in trace[1:]:
        node = nodes[row[0]]
        want = (
            "theo dõi"
            if node.get("tracked")
            else f"{vi(node['points'])} / {vi(node['applicable_max'])}"
        )
        assert row[2] == want
    figures = next(t for t in tables if t[0] == ["Chỉ tiêu", "Giá trị", "Ghi chú"])
    assert figures[1][1] == f"{vi(data['total']['score'])} / 100"


# -- structure -----------------------------------------------------------------------------------


def test_html_is_well_formed_and_self_contained(case: tuple[Any, Any, dict[str, Any]]) -> None:
    ctx, _, _ = case
    html = render_report(ctx, "html").decode()
    root = parse_html(html)
    assert len(root.find_all("h1")) == 1
    assert root.find("html").attrs["lang"] == "vi"
    for section in ("tong-quan", "linh-vuc", "khoang-cach", "phu-luc-ke-hoach", "phu-luc-vet-tinh"):
        root.find("section", id=section)
    for table in root.find_all("table"):
        for row in table.find_all("tr"):
            assert row.children, "empty row"
    assert not root.find_all("script") and not root.find_all("link") and not root.find_all("img")
    assert not re.search(r"\b(src|href)=|url\(|@import|@font-face", html)
    svg = root.find("svg")
    assert svg.attrs["viewbox"].startswith("0 0 720 ")
    assert root.find("title").text().startswith("Báo cáo phân tích điểm")


def test_plan_appendix_uses_the_seed_plans_layout() -> None:
    evidence, pack = load_case(CASES["full"])
    ctx = context_for(evidence, pack)
    root = parse_html(render_report(ctx, "html").decode())
    table = root.find("table", class_="plan")
    header = [cell_texts(r) for r in table.find("thead").find_all("tr")]
    assert header == [
        [
            "STT",
            "Lĩnh vực, tiêu chí",
            "Yêu cầu năm 2025",
            "Thời gian chậm nhất phải hoàn thành",
            "Phân công nhiệm vụ",
            "Điểm",
        ],
        ["Cơ quan chủ trì thực hiện", "Cơ quan phối hợp"],
    ]
    field_rows = [cell_texts(r) for r in table.find_all("tr", class_="field-row")]
    assert [r[0] for r in field_rows] == ["I", "III", "VI", "VIII"]
    assert field_rows[0][1] == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"
    # Only criteria that lost points or are at risk; their stakes add up to the field's.
    for group in ctx.plan_groups:
        tasks = [r for r in group.rows if r.kind == "task"]
        assert all(r.stake > 0 for r in tasks)
        assert sum(r.stake for r in tasks) == group.stake
    codes = {r.stt for g in ctx.plan_groups for r in g.rows if r.kind == "task"}
    assert codes == {g.code for g in ctx.gaps}
    assert "1.2" not in codes and "3.5" not in codes  # full points, nothing to do
    row = next(cell_texts(r) for r in table.find_all("tr") if r.attrs.get("data-code") == "1.1")
    assert row == [
        "1.1",
        "Ban hành Kế hoạch CCHC năm đúng hạn",
        "—",
        "Trong ngày 30/07/2025",
        "Văn phòng HĐND và UBND xã",
        "Các cơ quan, đơn vị xã",
        "1",
    ]


def test_first_page_warnings_and_lists() -> None:
    evidence, pack = load_case(CASES["full"])
    ctx = context_for(evidence, pack)
    root = parse_html(render_report(ctx, "html").decode())
    first = root.find("section", id="tong-quan")
    text = " ".join(first.text().split())
    assert "Gói quy tắc TẠM THỜI" in text and "Dữ liệu mẫu (giả lập)" in text
    assert "mau/xa/2025, lần sửa 1" in text
    assert "6.1 Giải ngân vốn đầu tư công: chưa khai báo Tỷ lệ giải ngân vốn đầu tư" in text
    assert "1.1 Ban hành Kế hoạch CCHC năm đúng hạn: tự chấm 1, tính được 0,5" in text
    assert ctx.summary.missing_inputs[0].code == "6.1"
    assert [r.code for r in ctx.summary.at_risk_leaves] == ["1.1"]


# -- escaping ------------------------------------------------------------------------------------

HOSTILE = """\
commune: "Xã <b>Đậm</b>"
pack: mau/xa/2025
as_of: 2025-10-31
metrics: { dossiers_received: 10, dossiers_on_time: 10 }
documents:
  - id: d1
    kind: bao_cao
    title: "<script>alert('x')</script> Báo cáo | 1 * 2"
    supports: [ "3.2.2" ]
"""


def test_markup_in_titles_shows_as_text_in_every_format() -> None:
    evidence, pack = evidence_from_text(HOSTILE)
    ctx = context_for(evidence, pack)
    html = render_report(ctx, "html").decode()
    root = parse_html(html)
    assert not root.find_all("script") and not root.find_all("b")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Báo cáo | 1 * 2" in html
    assert (
        "<script>alert('x')</script> Báo cáo | 1 * 2"
        in root.find("section", id="phu-luc-vet-tinh").text()
    )
    assert "Xã <b>Đậm</b>" in root.find("h1").text() + root.find("p", class_="subtitle").text()
    md = render_report(ctx, "md").decode()
    assert "&lt;script>alert('x')&lt;/script> Báo cáo \\| 1 \\* 2" in md
    assert "<script" not in md and "<b>" not in md
    assert "<script>alert('x')</script> Báo cáo | 1 * 2" in docx_text(render_report(ctx, "docx"))


# -- appraisal, strict evidence ------------------------------------------------------------------

APPRAISED = """\
commune: Xã Thẩm Định
pack: mau/xa/2025
year: 2025
as_of: 2025-12-31
metrics: { plan_done: true, initiatives: 1, cchc_plan_issued: 2025-07-01 }
claims: { "1.2": 1, "1.3": 1.5 }
appraisal: { "1.2": 0.75, "1.3": 0.5, "1.1": 0 }
"""


def test_claims_and_appraisal_comparison() -> None:
    evidence, pack = evidence_from_text(APPRAISED)
    ctx = context_for(evidence, pack)
    rows = {c.code: c for c in ctx.claims}
    assert set(rows) == {"1.1", "1.2", "1.3"}
    assert rows["1.3"].claim_diff == Decimal("1.0") and rows["1.3"].over_claim
    assert rows["1.2"].appraisal_diff == Decimal("-0.25")
    root = parse_html(render_report(ctx, "html").decode())
    table = root.find("table", class_="claims")
    assert cell_texts(table.find("thead").find("tr")) == [
        "Mã",
        "Tiêu chí",
        "Điểm tính được",
        "Tự chấm",
        "Chênh lệch",
        "Thẩm định",
        "Chênh lệch",
        "Ghi chú",
    ]
    got = {
        r.attrs["data-code"]: cell_texts(r) for r in table.find_all("tr") if "data-code" in r.attrs
    }
    assert got["1.3"][2:7] == ["0,5", "1,5", "+1", "0,5", "0"]
    assert got["1.2"][2:7] == ["1", "1", "0", "0,75", "−0,25"]
    assert got["1.1"][3:5] == ["—", "—"]
    md = render_report(ctx, "md").decode()
    assert "| 1.2 | Hoàn thành Kế hoạch CCHC | 1 | 1 | 0 | 0,75 | −0,25 |" in md
    assert "THẨM ĐỊNH" in docx_text(render_report(ctx, "docx"))


def test_strict_evidence_counts_at_risk_points_once() -> None:
    evidence, pack = load_case(CASES["full"])
    relaxed, strict = context_for(evidence, pack), context_for(evidence, pack, strict=True)
    leaf = next(g for g in strict.gaps if g.code == "1.1")
    assert leaf.points == 0 and leaf.at_risk == Decimal("0.5") and leaf.stake == 1
    assert relaxed.summary.stake == strict.summary.stake
    assert strict.fields[0].at_risk == 0 and relaxed.fields[0].at_risk == Decimal("0.5")
    html = render_report(strict, "html").decode()
    assert "Chế độ thẩm định" in html
    assert 'width="-' not in html


# -- context and filters -------------------------------------------------------------------------


def test_stake_and_gap_rows() -> None:
    evidence, pack = load_case(CASES["full"])
    result = score(pack, evidence)
    assert stake(result.leaf("1.1")) == 1  # 0.5 lost + 0.5 at risk
    assert stake(result.leaf("1.2")) == 0
    assert stake(result.leaf("9.1")) == 0  # tracked
    ctx = build_context(result, pack, evidence)
    assert [g.stake for g in ctx.gaps] == sorted((g.stake for g in ctx.gaps), reverse=True)
    gap = next(g for g in ctx.gaps if g.code == "3.2.2")
    assert gap.hints == tuple(
        raise_hints(
            result.leaf("3.2.2"),
            pack.leaves["3.2.2"],
            evidence.model.as_of,
            pack=pack,
            evidence=evidence,
        )
    )
    assert gap.hints and "thêm 1 hồ sơ (từ 1.248 lên 1.249)" in gap.hints[0]
    assert [i.display for i in gap.inputs] == ["99,84%", "1.248 hồ sơ", "1.250 hồ sơ"]
    assert ctx.report_date == ctx.as_of
    assert ctx.summary.lost == result.total.applicable_max - result.total.points
    assert ctx.place == "Xã Mẫu"
    assert (
        place_name("Dân Tiến", "xa") == "xã Dân Tiến" and place_name("Phường 1", "xa") == "Phường 1"
    )
    assert place_name("Sở Nội vụ", "so") == "Sở Nội vụ"


def test_filters() -> None:
    assert [roman(c) for c in ("1", "4", "9", "14", "3.2", "A")] == [
        "I",
        "IV",
        "IX",
        "XIV",
        "3.2",
        "A",
    ]
    assert roman("²") == "²"  # a digit to str.isdigit, not a number to int: as written
    assert (
        vi_trace("tiers: 99.84 ≥ 98 → 0.5 (next: ≥ 99.9 → 1)")
        == "tiers: 99,84 ≥ 98 → 0,5 (next: ≥ 99,9 → 1)"
    )
    assert (
        vi_trace("deadline: 2025-08-05 > 2025-07-30; code 3.2.2")
        == "deadline: 05/08/2025 > 30/07/2025; code 3.2.2"
    )
    assert vi_trace("tiers: 90.47619047619047619048 ≥ 90") == "tiers: 90,4762 ≥ 90"
    assert (
        short_decimals("Giá trị 90,47619047619 và 1.250 hồ sơ, 3,7500")
        == "Giá trị 90,4762 và 1.250 hồ sơ, 3,7500"
    )
    assert md_escape("a_b _c_ | [x] `y`") == "a_b \\_c\\_ \\| \\[x\\] \\`y\\`"
    assert percent(Decimal("2.75"), Decimal(4)) == "69%" and percent(Decimal(1), Decimal(0)) == "—"
    f = Formatter(2, "half_up")
    assert f.pts(Decimal("75.385")) == "75,39" and f.pts(Decimal("1250")) == "1.250"
    assert (f.signed(Decimal("0.5")), f.signed(Decimal("-0.25")), f.signed(Decimal("0.001"))) == (
        "+0,5",
        "−0,25",
        "0",
    )
    assert vi_deadline("Thường xuyên") == "Thường xuyên" and vi_deadline(None) == "—"


NESTED_PACK = """\
pack:
  id: nested/xa/2025
  title: Gói lồng nhau
  province: Mẫu
  level: xa
  year: 2025
  status: official
  total: 3
inputs:
  a: { label: Số A, type: count }
  b: { label: Số B, type: count }
criteria:
  - code: "3"
    title: Cải cách thủ tục hành chính
    max: 3
    owner: Văn phòng xã
    deadline: Thường xuyên
    children:
      - code: "3.1"
        title: Công khai TTHC
        max: 2
        partners: [ Các phòng ]
        children:
          - { code: "3.1.1", title: Việc một, max: 1, target: Đủ, score: { check: a >= 1 } }
          - { code: "3.1.2", title: Việc hai, max: 1, owner: Trung tâm, score: { check: b >= 1 } }
      - { code: "3.2", title: Việc ba, max: 1, score: { check: a >= 0 } }
"""


def test_plan_rows_group_under_inner_criteria_and_inherit_owner() -> None:
    from parscore.loader import evidence_from_data, pack_from_text
    from parscore.yamlio import parse_yaml

    pack = pack_from_text(NESTED_PACK)
    evidence = evidence_from_data(
        parse_yaml("commune: Dân Tiến\nmetrics: { a: 0, b: 0 }\n", "<e>"), pack
    )
    ctx = build_context(score(pack, evidence), pack, evidence)
    (group,) = ctx.plan_groups
    assert (group.roman, group.stake) == ("III", 2)
    assert [(r.kind, r.stt) for r in group.rows] == [
        ("group", "3.1"),
        ("task", "3.1.1"),
        ("task", "3.1.2"),
    ]
    one, two = group.rows[1], group.rows[2]
    assert (one.owner, one.partners, one.deadline, one.target) == (
        "Văn phòng xã",
        ("Các phòng",),
        "Thường xuyên",
        "Đủ",
    )
    assert two.owner == "Trung tâm"
    assert ctx.place == "xã Dân Tiến" and not ctx.pack.provisional
    root = parse_html(render_report(ctx, "html").decode())
    assert [cell_texts(r) for r in root.find_all("tr", class_="group-row")] == [
        ["3.1", "Công khai TTHC", ""]
    ]
    assert (
        "Chỉ số cải cách hành chính xã Dân Tiến năm 2025"
        in root.find("section", id="phu-luc-ke-hoach").text()
    )
    assert "TẠM THỜI" not in root.text()


def test_tracked_targets_are_met_or_not_in_every_format() -> None:
    """A tracked target (no points) is met or not met: its rows said "đạt tối đa" or "0 điểm"
    in the fields table and the trace appendix of every format."""
    from parscore.loader import load_evidence, load_pack
    from parscore.report.render import render_report

    pack = load_pack(ROOT / "rules" / "2025.yaml")
    evidence, _ = load_evidence(ROOT / "evidence" / "dan-tien-2025.yaml", pack)
    ctx = context_for(evidence, pack)
    tracked = [e for e in ctx.trace if e.tracked]
    assert {e.status for e in tracked} >= {"full", "zero"}  # both kinds are there to be said
    words = {"full": "đạt", "zero": "chưa đạt", "partial": "đạt một phần"}
    md = render_report(ctx, "md").decode()
    page = render_report(ctx, "html").decode()
    word = docx_text(render_report(ctx, "docx"))
    for e in tracked:
        said = words[e.status]
        head = re.escape(f"{e.code}. {e.title}")
        assert re.search(rf"{head}(\*\*)?: theo dõi \({said}[),]", md), e.code
        row = re.search(rf'data-code="{re.escape(e.code)}">(.*?)</tr>', page, re.S)
        assert row is not None and f"<td>{said}" in row.group(1), e.code
        lines = [x for x in word.splitlines() if f"| {e.code} | " in x and "theo dõi" in x]
        cells = [[c.split(" (")[0].strip() for c in x.split("|")] for x in lines]
        assert cells and all(said in row for row in cells), lines
    for text in (md, page, word):
        assert "theo dõi (0 điểm)" not in text and "theo dõi (đạt tối đa)" not in text


def test_points_are_said_once_per_value() -> None:
    """``pts`` remembers what it said for a decimal (a report shows the same few hundreds of
    times); equal decimals written differently say the same; other numbers are not kept."""
    from decimal import Decimal

    from parscore.report.filters import Formatter

    fmt = Formatter(2, "half_up")
    first = fmt.pts(Decimal("86.785"))
    assert first == "86,79" and fmt.pts(Decimal("86.785")) is first
    assert fmt.pts(Decimal("1.5")) == fmt.pts(Decimal("1.50")) == "1,5"
    assert fmt.pts(Decimal("-0")) == fmt.pts(Decimal("0")) == "0"
    assert fmt.pts(None) == "—"
    assert len(fmt._said) == 3


def test_an_html_report_compiles_no_markdown_or_trace_pattern() -> None:
    """The Markdown escape and the rule-trace filter's patterns are compiled when first used:
    an HTML report uses neither, and compiling one costs about 0.1 ms of its start."""
    from parscore.report import filters

    filters._md_special.cache_clear()
    filters._trace_patterns.cache_clear()
    ctx = context_for(*load_case(CASES["full"]))
    render_report(ctx, "html")
    assert filters._md_special.cache_info().currsize == 0
    assert filters._trace_patterns.cache_info().currsize == 0
    assert filters.md_escape("a|b") == "a\\|b" and filters.vi_trace("99.84") == "99,84"
    assert filters._md_special.cache_info().currsize == 1
