"""The main sections of the Word report: the same content, order and wording as the HTML template."""

from __future__ import annotations

from collections.abc import Sequence

from ..numbers import vi_number
from ..vi import strict_evidence_rule
from .context import InputView, ReportContext
from .docx_xml import Cell, WordBody
from .filters import vi_date, vi_deadline
from .text import state_words

__all__ = ["BodyWriter"]


class BodyWriter(WordBody):
    """First page, per-field table and gap table."""

    def summary(self, ctx: ReportContext) -> None:
        f, s = self.f, ctx.summary
        self.styled(ctx.title, "Title")
        place = (
            ctx.place[:1].upper()
            + ctx.place[1:]
            + (f", tỉnh {ctx.province}" if ctx.province else "")
        )
        self.para(
            place + (f" – năm {ctx.year}" if ctx.year else ""), bold=True, size=13, center=True
        )
        if ctx.pack.provisional:
            self.box(
                "⚠ Gói quy tắc TẠM THỜI.",
                "Một số điểm, ngưỡng chưa lấy từ quyết định chính thức; điểm trong báo cáo có thể thay đổi"
                " khi có bảng điểm chính thức." + (f" {ctx.pack.note}" if ctx.pack.note else ""),
            )
        if ctx.synthetic:
            self.box(
                "⚠ Dữ liệu mẫu (giả lập):", f"{ctx.synthetic} Không dùng để báo cáo chính thức."
            )
        if ctx.strict_evidence:
            self.box("Chế độ thẩm định:", f"{strict_evidence_rule(ctx.summary.adjusted)}.")
        pack = f"{ctx.pack.title} ({ctx.pack.id}, lần sửa {ctx.pack.revision}, " + (
            "tạm thời)" if ctx.pack.provisional else "chính thức)"
        )
        meta: list[list[Cell]] = [
            ["Xã", ctx.commune],
            ["Năm đánh giá", str(ctx.year) if ctx.year else "—"],
            ["Gói quy tắc", pack],
        ]
        if ctx.pack.legal_basis:
            meta.append(["Căn cứ", list(ctx.pack.legal_basis)])
        meta.append(["Số liệu tính đến ngày", vi_date(ctx.as_of)])
        if ctx.report_date:
            meta.append(["Ngày lập báo cáo", vi_date(ctx.report_date)])
        self.table(["Thông tin", "Nội dung"], meta, [50, 120])
        if ctx.pack.assumptions:
            self.heading("Giả định", 2)
            for line in ctx.pack.assumptions:
                self.para(f"– {line}")
        self.heading("Kết quả chung", 2)
        conv = (
            f"quy đổi từ {f.pts(s.points)} / {f.pts(s.applicable_max)} điểm áp dụng"
            if s.rescaled
            else f"điểm đạt {f.pts(s.points)} / {f.pts(s.applicable_max)}"
        ) + (", cộng điểm thưởng, trừ điểm trừ" if s.bonus or s.penalty else "")
        figures: list[list[Cell]] = [
            ["Tổng điểm", f"{f.pts(s.score)} / {vi_number(s.scale)}", conv],
            ["Xếp loại", s.band or "—", ""],
        ]
        if s.adjusted:
            figures.append(
                [
                    "Điểm thưởng / điểm trừ",
                    f"+{f.pts(s.bonus)} / −{f.pts(s.penalty)}",
                    s.adjustment_note,
                ]
            )
        if s.official_label and s.official_score is not None:
            figures.append(
                [
                    "Kết quả chính thức",
                    f"{f.pts(s.official_score)} / {vi_number(s.scale)}",
                    f"theo {s.official_label.lower()} (xem Phụ lục III)",
                ]
            )
        if s.goal is not None:
            met = "Đạt mục tiêu" if s.goal_met else f"Chưa đạt: còn thiếu {f.pts(s.gap)} điểm"
            figures.append(["Mục tiêu", f.pts(s.goal), met])
            figures.append(
                ["Khoảng cách tới mục tiêu", f.pts(s.gap), f"điểm trên thang {vi_number(s.scale)}"]
            )
        figures += [
            ["Điểm bị mất", f.pts(s.lost), f"trên {f.pts(s.applicable_max)} điểm áp dụng"],
            [
                "Điểm có nguy cơ bị trừ",
                f.pts(s.at_risk),
                s.at_risk_note,
            ],
            [
                "Tiêu chí thiếu số liệu",
                str(len(s.missing_inputs)),
                "được tính 0 điểm cho tới khi khai báo",
            ],
            ["Tự chấm cao hơn điểm tính được", str(len(s.over_claims)), "tiêu chí"],
            [s.gap_title, str(s.gap_count + s.bonus_gap_count), s.gap_note],
        ]
        self.table(["Chỉ tiêu", "Giá trị", "Ghi chú"], figures, [60, 30, 80], numeric=[1])
        if s.missing_inputs:
            self.heading("Tiêu chí thiếu số liệu", 3)
            for ref in s.missing_inputs:
                labels = "; ".join(i.label for i in ref.missing)
                self.item(ref.code, f"{ref.title}: chưa khai báo {labels} ({f.pts(ref.max)} điểm)")
        if s.at_risk_leaves or s.at_risk_items:
            self.heading(s.at_risk_title, 3)
            for ref in s.at_risk_leaves:
                missing = "; ".join(ref.missing_evidence)
                self.item(ref.code, f"{ref.title}: {f.pts(ref.at_risk)} điểm; còn thiếu {missing}")
            for ref in s.at_risk_items:  # bonus items, titled "Điểm thưởng: …"
                missing = "; ".join(ref.missing_evidence)
                self.item(
                    ref.code, f"{ref.title} – {f.pts(ref.at_risk)} điểm thưởng; còn thiếu {missing}"
                )
        if s.over_claims:
            self.heading("Tự chấm cao hơn điểm tính được", 3)
            for ref in s.over_claims:
                self.item(
                    ref.code,
                    f"{ref.title}: tự chấm {f.pts(ref.claim)}, tính được {f.pts(ref.points)}",
                )
        if ctx.adjustments:
            self.heading("Điểm thưởng, điểm trừ", 3)
            for a in ctx.adjustments:
                sign = "+" if a.side == "bonus" else "−"
                flag = f" ({a.flag})" if a.flag else ""
                self.item(a.code, f"{a.title}: {sign}{f.pts(a.points)} điểm – {a.reason}{flag}")
        if s.survey_count:
            self.para(
                f"Ghi chú: {s.survey_count} tiêu chí chấm qua điều tra xã hội học; điểm là ước tính đến khi"
                " có kết quả chính thức.",
                italic=True,
                size=10,
            )
        if ctx.warnings:
            self.heading("Cảnh báo khi tính điểm", 3)
            for w in ctx.warnings:
                self.styled(w, "ListBullet")

    def fields(self, ctx: ReportContext) -> None:
        f, s = self.f, ctx.summary
        self.heading("1. Điểm theo lĩnh vực", 1)
        rows: list[list[Cell]] = []
        for fr in ctx.fields:
            status = state_words(fr.status, fr.tracked)
            if fr.tracked:
                rows.append([fr.code, fr.title, "theo dõi", "", "", "", status])
            else:
                rows.append(
                    [
                        fr.code,
                        fr.title,
                        f.pts(fr.points),
                        f.pts(fr.applicable_max),
                        f.pts(fr.lost),
                        f.pts(fr.at_risk),
                        status,
                    ]
                )
        rows.append(
            [
                "",
                "Tổng cộng",
                f.pts(s.points),
                f.pts(s.applicable_max),
                f.pts(s.lost),
                f.pts(s.criteria_at_risk),
                "",
            ]
        )
        self.table(
            ["Mã", "Lĩnh vực", "Điểm", "Tối đa áp dụng", "Bị mất", "Có nguy cơ", "Trạng thái"],
            rows,
            [10, 62, 16, 18, 16, 16, 22],
            numeric=[2, 3, 4, 5],
            strong_rows=[len(rows) - 1],
        )

    def gaps(self, ctx: ReportContext) -> None:
        f = self.f
        self.heading("2. Tiêu chí bị mất điểm hoặc có nguy cơ bị trừ điểm", 1)
        if not ctx.gaps:
            self.para("Không có tiêu chí nào bị mất điểm hoặc có nguy cơ bị trừ điểm.")
            return
        self.para(
            "Xếp theo số điểm có thể tăng hoặc cần giữ (điểm bị mất cộng điểm có nguy cơ bị trừ),"
            " từ cao xuống thấp."
        )
        rows: list[list[Cell]] = []
        for g in ctx.gaps:
            points = [f"{f.pts(g.points)} / {f.pts(g.max)}", f"có thể tăng {f.pts(g.stake)}"]
            if g.at_risk:
                points.append(f"nguy cơ {f.pts(g.at_risk)}")
            why = [g.explanation]
            if g.inputs:
                why.append("Số liệu: " + _inputs_text(g.inputs))
            why.append("Quy tắc: " + g.rule_text)
            hints = list(g.hints) or ["—"]
            if g.target:
                hints.append(f"Yêu cầu: {g.target}")
            owner = [g.owner or "—", vi_deadline(g.deadline)]
            title = g.title + (" (điều tra xã hội học, ước tính)" if g.survey else "")
            rows.append(
                [g.code, title, points, why, hints, ", ".join(g.missing_evidence) or "—", owner]
            )
        self.table(
            [
                "Mã",
                "Tiêu chí",
                "Điểm / Tối đa",
                "Vì sao (quy tắc và số liệu)",
                "Cách nâng điểm",
                "Minh chứng còn thiếu",
                "Chủ trì, thời hạn",
            ],
            rows,
            [14, 43, 24, 71, 50, 30, 35],  # a date (31/12/2025) on one line
            numeric=[2],
            keep_rows=False,  # rows of a third of a page: kept whole, they left pages half empty
        )


def _inputs_text(inputs: Sequence[InputView]) -> str:
    return "; ".join(f"{i.label} = {i.display}" for i in inputs)
