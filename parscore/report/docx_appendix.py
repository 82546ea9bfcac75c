"""The appendices of the Word report: improvement plan (seed plans' layout), trace, claims."""

from __future__ import annotations

from collections.abc import Sequence

from .context import DocumentView, ReportContext
from .docx_xml import (
    BOLD,
    KEEP_ROW,
    RIGHT,
    WIDE_TABLE_START,
    Cell,
    WordBody,
    cell_start,
    grid,
    header_cell,
    header_row_start,
    mm_twips,
    run,
    run_props,
    shading,
)
from .filters import document_line, vi_deadline
from .text import state_words

__all__ = ["AppendixWriter"]

_RESTART, _CONTINUE = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
_SPAN_2, _SPAN_5 = '<w:gridSpan w:val="2"/>', '<w:gridSpan w:val="5"/>'
_FIELD = shading("EEEEEE")  # a field's row
_BOLD_ITALIC = run_props(bold=True, italic=True)


class AppendixWriter(WordBody):
    """Phụ lục I (plan), II (trace) and III (claims and appraisal)."""

    def plan_appendix(self, ctx: ReportContext) -> None:
        f = self.f
        self.para("PHỤ LỤC I", bold=True, size=13, center=True)
        self.para(
            "PHÂN CÔNG THỰC HIỆN KẾ HOẠCH DUY TRÌ, CẢI THIỆN, NÂNG CAO "
            f"{ctx.index_long.upper()} {ctx.place.upper()} NĂM {ctx.plan_year}",
            bold=True,
            center=True,
        )
        self.para(
            "(Chỉ gồm các tiêu chí bị mất điểm hoặc có nguy cơ bị trừ điểm; cột cuối là số điểm mỗi dòng"
            " có thể tăng hoặc cần giữ)",
            italic=True,
            center=True,
        )
        if not ctx.plan_groups:
            self.para("Không có tiêu chí nào cần đưa vào kế hoạch cải thiện.")
            return
        widths = [str(mm_twips(w)) for w in (14, 66, 62, 32, 36, 36, 16)]
        title_width = str(sum(int(w) for w in widths[1:6]))  # a title spans columns 2 to 6
        labels = [
            "STT",
            "Lĩnh vực, tiêu chí",
            f"Yêu cầu năm {ctx.plan_year}",
            "Thời gian chậm nhất phải hoàn thành",
            "Phân công nhiệm vụ",
            "",
            "Điểm",
        ]
        parts = [WIDE_TABLE_START, grid(widths)]
        # two header rows (merged headers keep their lines where the header rows repeat)
        top = [header_row_start(mm_twips(10))]
        sub = [header_row_start()]
        for j in (0, 1, 2, 3):
            top.append(header_cell(labels[j], widths[j], _RESTART))
            sub.append(header_cell("", widths[j], _CONTINUE))
        top.append(header_cell(labels[4], str(int(widths[4]) + int(widths[5])), _SPAN_2))
        sub.append(header_cell("Cơ quan chủ trì thực hiện", widths[4]))
        sub.append(header_cell("Cơ quan phối hợp", widths[5]))
        top.append(header_cell(labels[6], widths[6], _RESTART))
        sub.append(header_cell("", widths[6], _CONTINUE))
        parts += [*top, "</w:tr>", *sub, "</w:tr>"]
        for group in ctx.plan_groups:
            parts.append(KEEP_ROW)
            parts.append(_cell(widths[0], run(group.roman, BOLD), _FIELD))
            parts.append(_cell(title_width, run(group.title.upper(), BOLD), _SPAN_5 + _FIELD))
            parts.append(_cell(widths[6], RIGHT + run(f.pts(group.stake), BOLD), _FIELD))
            parts.append("</w:tr>")
            for row in group.rows:
                parts.append(KEEP_ROW)
                if row.kind == "group":
                    parts.append(_cell(widths[0], run(row.stt, BOLD)))
                    parts.append(_cell(title_width, run(row.title, _BOLD_ITALIC), _SPAN_5))
                    parts.append(cell_start(widths[6]) + "<w:p/></w:tc>")
                else:
                    values = [
                        row.stt,
                        row.title,
                        row.target or "—",
                        vi_deadline(row.deadline, plan_style=True),
                        row.owner or "—",
                        ", ".join(row.partners) or "—",
                    ]
                    for width, value in zip(widths, values, strict=False):
                        parts.append(_cell(width, run(value)))
                    parts.append(_cell(widths[6], RIGHT + run(f.pts(row.stake))))
                parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.add_table("".join(parts))

    def trace(self, ctx: ReportContext) -> None:
        f = self.f
        self.para("PHỤ LỤC II", bold=True, size=13, center=True)
        self.para("VẾT TÍNH ĐIỂM TỪNG TIÊU CHÍ", bold=True, center=True)
        rows: list[list[Cell]] = []
        strong: list[int] = []
        for e in ctx.trace:
            shown = "theo dõi" if e.tracked else f"{f.pts(e.points)} / {f.pts(e.applicable_max)}"
            status = state_words(e.status, e.tracked)
            if not e.is_leaf:
                strong.append(len(rows))
                rows.append([e.code, e.title, shown, status, "", ""])
                continue
            rule = [e.rule_text, e.explanation]
            rule += [f"{i.label}: {i.display}" for i in e.inputs]
            if e.claim is not None:
                rule.append(
                    f"Tự chấm: {f.pts(e.claim)}"
                    + (" – cao hơn điểm tính được" if e.over_claim else "")
                )
            if e.appraisal is not None:
                round_1 = " vòng 1" if ctx.has_round_2 else ""
                rule.append(f"Thẩm định{round_1}: {f.pts(e.appraisal)}")
            if e.round_2 is not None:
                rule.append(f"Thẩm định vòng 2: {f.pts(e.round_2)}")
            if e.note:
                rule.append(f"Ý kiến thẩm định: {e.note}")
            if e.commune_explanation:
                rule.append(f"Giải trình của xã: {e.commune_explanation}")
            if e.source_ref:
                rule.append(f"Nguồn quy tắc: {e.source_ref} ({e.source_status})")
            evidence = evidence_cell(
                e.evidence_required, e.evidence_found, e.missing_evidence, e.documents
            )
            if e.survey:
                status += " (ước tính, điều tra)"
            rows.append([e.code, e.title, shown, status, rule, evidence])
        self.table(
            [
                "Mã",
                "Tiêu chí",
                "Điểm / Tối đa",
                "Trạng thái",
                "Quy tắc, số liệu, lý do",
                "Tài liệu kiểm chứng",
            ],
            rows,
            [14, 50, 20, 22, 112, 49],
            numeric=[2],
            strong_rows=strong,
            keep_rows=False,  # long rows: let them continue on the next page
        )
        self._adjustments(ctx)

    def _adjustments(self, ctx: ReportContext) -> None:
        """The bonus and penalty items the evidence lists, each with its reason and the documents
        that support it, written as a criterion's are in the trace."""
        if not ctx.adjustments:
            return
        f = self.f
        hinted = ctx.item_hints  # a "Cách nâng điểm" column when some item has a hint
        hint_header = ["Cách nâng điểm"] if hinted else []
        self.heading("Điểm thưởng, điểm trừ", 3)
        rows: list[list[Cell]] = []
        for a in ctx.adjustments:
            sign = "+" if a.side == "bonus" else "−"
            side = "Điểm thưởng" if a.side == "bonus" else "Điểm trừ"
            rows.append(
                [
                    a.code,
                    a.title,
                    sign + f.pts(a.points),
                    side,
                    [a.reason, a.flag[:1].upper() + a.flag[1:]] if a.flag else a.reason,
                    *([list(a.hints) or "—"] if hinted else []),
                    evidence_cell(a.required, a.found, a.missing, a.documents),
                ]
            )
        self.table(
            ["Mã", "Mục", "Điểm", "Loại", "Lý do", *hint_header, "Tài liệu kiểm chứng"],
            rows,
            [14, 50, 18, 24, 60, 51, 50] if hinted else [14, 64, 20, 26, 80, 63],
            numeric=[2],
        )

    def _stages(self, ctx: ReportContext) -> None:
        if not ctx.stages:
            return
        f = self.f
        header = [""] + [s.label + (" (chính thức)" if s.official else "") for s in ctx.stages]
        rows: list[list[Cell]] = [["Điểm đạt", *(f.pts(s.points) for s in ctx.stages)]]
        if ctx.summary.adjusted:
            rows.append(
                ["Thưởng / trừ", *(f"+{f.pts(s.bonus)} / −{f.pts(s.penalty)}" for s in ctx.stages)]
            )
        rows.append(["Điểm", *(f.pts(s.score) for s in ctx.stages)])
        rows.append(["Xếp loại", *(s.band or "—" for s in ctx.stages)])
        if ctx.summary.goal is not None:
            rows.append(
                [
                    f"So với mục tiêu {f.pts(ctx.summary.goal)}",
                    *("đạt" if s.goal_met else f"còn thiếu {f.pts(s.gap)}" for s in ctx.stages),
                ]
            )
        widths = [40] + [30] * len(ctx.stages)
        self.table(header, rows, widths, numeric=list(range(1, len(header))))
        self.para(
            "Tiêu chí không được chấm lại ở một giai đoạn giữ điểm của giai đoạn trước"
            " (tính được → tự chấm → vòng 1 → vòng 2).",
            italic=True,
            size=10,
        )

    def claims(self, ctx: ReportContext) -> None:
        if not ctx.claims:
            return
        f = self.f
        self.para("PHỤ LỤC III", bold=True, size=13, center=True)
        self.para("ĐIỂM TỰ CHẤM, ĐIỂM THẨM ĐỊNH VÀ ĐIỂM TÍNH ĐƯỢC", bold=True, center=True)
        self._stages(ctx)
        header = ["Mã", "Tiêu chí", "Điểm tính được"]
        widths = [14, 90, 24]
        if ctx.has_claims:
            header += ["Tự chấm", "Chênh lệch"]
            widths += [20, 20]
        if ctx.has_appraisal:
            header += ["Thẩm định vòng 1" if ctx.has_round_2 else "Thẩm định", "Chênh lệch"]
            widths += [20, 20]
        if ctx.has_round_2:
            header += ["Thẩm định vòng 2", "Chênh lệch"]
            widths += [20, 20]
        header.append("Ghi chú")
        widths.append(55)
        rows: list[list[Cell]] = []
        for c in ctx.claims:
            row: list[Cell] = [c.code, c.title, f.pts(c.points)]
            if ctx.has_claims:
                row += [f.pts(c.claim), f.signed(c.claim_diff) if c.claim_diff is not None else "—"]
            if ctx.has_appraisal:
                row += [
                    f.pts(c.appraisal),
                    f.signed(c.appraisal_diff) if c.appraisal_diff is not None else "—",
                ]
            if ctx.has_round_2:
                row += [
                    f.pts(c.round_2),
                    f.signed(c.round_2_diff) if c.round_2_diff is not None else "—",
                ]
            row.append("; ".join(c.remarks))
            rows.append(row)
        self.table(header, rows, widths, numeric=list(range(2, len(header) - 1)))
        self.para(
            "Chênh lệch = điểm tự chấm (hoặc thẩm định) trừ điểm tính được từ số liệu.",
            italic=True,
            size=10,
        )


def evidence_cell(
    required: int = 0,
    found: int = 0,
    missing: Sequence[str] = (),
    documents: Sequence[DocumentView] = (),
) -> list[str] | str:
    """The "Tài liệu kiểm chứng" cell of a criterion or a bonus or penalty item: how many
    documents are required and found, those still missing, then each supporting document;
    "—" when nothing is required and nothing supports it."""
    lines: list[str] = []
    if required:
        lines.append(f"Cần {required}, có {found}")
    if missing:
        lines.append("Còn thiếu: " + "; ".join(missing))
    lines.extend(map(document_line, documents))
    return lines or "—"


def _cell(width: str, content: str, props: str = "") -> str:
    """A cell of one paragraph (``content``: its properties and runs)."""
    return cell_start(width, props) + f"<w:p>{content}</w:p></w:tc>"
