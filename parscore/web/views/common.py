"""Helpers shared by the views: finding a year with its permission check, the score panel."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from ...compiled import LoadedPack
from ...loader import LoadedEvidence
from ...model.result import Result
from ...report.adjustment_words import at_risk_title
from ...report.build import build_context
from ...report.context import ReportContext
from ...report.filters import Formatter
from ...report.text import state_words
from ...scoring import score
from ..access import can_view, require
from ..audit import record
from ..models import Assessment, Commune, CouncilAssignment, Membership
from ..workflow import withdrawable
from .panel_html import criteria_rows, field_live, field_state, leaf_state, live_states

__all__ = [
    "Panel",
    "closed_to_commune",
    "council_year",
    "get_assessment",
    "get_commune",
    "panel_for",
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def excel_vi(request: HttpRequest) -> bool:
    """A CSV download asked for Excel set for Vietnam (``?excel=vi``: semicolons, decimal
    commas) rather than for programs (commas, decimal points)."""
    return request.GET.get("excel") == "vi"


def attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    """A download of ``data`` named ``name`` (ASCII, built by the caller), never sniffed."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def council_year(request: HttpRequest, slug: str, year: int, what: str) -> Assessment:
    """The year a council member works on. A member not assigned to the commune gets a clear
    403, and the refusal is logged (nothing is changed)."""
    user = request.user
    commune = Commune.objects.filter(slug=slug).first()
    if (
        commune is not None
        and not user.is_superuser
        and Membership.objects.filter(user=user, role=Membership.COUNCIL).exists()
        and not CouncilAssignment.objects.filter(user=user, commune=commune).exists()
    ):
        message = f"Bạn chưa được phân công thẩm định xã {commune.name}: không {what} được."
        record(user, "refused", None, f"{what} {year}", "", message, commune=commune)
        denied = PermissionDenied(message)
        denied.logged = True  # not again by the 403 page
        raise denied
    return get_assessment(request, slug, year)


def _require_view(user: Any, commune: Commune) -> None:
    """403 for a commune the user may not see; a council member is told they are not (or no
    longer) assigned to it, rather than a bare refusal."""
    if can_view(user, commune):
        return
    if (
        user.is_authenticated
        and Membership.objects.filter(user=user, role=Membership.COUNCIL).exists()
    ):
        raise PermissionDenied(
            f"Bạn chưa được phân công thẩm định xã {commune.name} (hoặc vừa được bỏ phân công):"
            " liên hệ cán bộ tỉnh nếu cần làm việc với xã này."
        )
    require(False)


def get_commune(request: HttpRequest, slug: str) -> Commune:
    commune = get_object_or_404(Commune.objects.select_related("province"), slug=slug)
    _require_view(request.user, commune)
    return commune


def get_assessment(request: HttpRequest, slug: str, year: int) -> Assessment:
    """The year of a commune the user may see; 403 for a commune they may not (checked before
    saying whether the year exists)."""
    years = Assessment.objects.select_related("commune__province", "pack")
    found = list(years.filter(commune__slug=slug, year=year).order_by()[:1])  # one query
    if not found:  # 403 for a commune the user may not see, else 404
        return get_object_or_404(years, commune=get_commune(request, slug), year=year)
    _require_view(request.user, found[0].commune)
    return found[0]


@dataclass(frozen=True)
class Panel:
    """The live score panel: the report's own summary and trace, formatted for the page."""

    ctx: ReportContext
    result: Result
    fmt: Formatter
    problems: dict[str, list[str]]

    def pts(self, value: Any) -> str:
        return self.fmt.pts(value)

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """A row per criterion, in the trace's order (made once: the page reads them thrice)."""
        out = []
        for t in self.ctx.trace:
            points = self.pts(t.points)
            most = self.pts(t.applicable_max if t.status != "na" else t.max)
            status_word = state_words(t.status, t.tracked)  # the reports' words
            out.append(
                {
                    "code": t.code,
                    "title": t.title,
                    "depth": t.depth,
                    "leaf": t.is_leaf,
                    "points": points,
                    "max": most,
                    "status": t.status,
                    "status_word": status_word,
                    "explanation": t.explanation,
                    "tracked": t.tracked,
                    "met": t.met,
                    "missing_evidence": t.missing_evidence,
                    "over_claim": t.over_claim,
                    # every value escaped by leaf_state
                    "state": mark_safe(
                        leaf_state(points, most, t.status, status_word, bool(t.missing_evidence))
                    ),
                }
            )
        return out

    @cached_property
    def criteria_html(self) -> SafeString:
        """The rows of the table of criteria."""
        return mark_safe(criteria_rows(self.rows))  # every value escaped by criteria_rows

    @cached_property
    def live_html(self) -> SafeString:
        """Each leaf's state and explanation for the form, swapped in by the live score."""
        return mark_safe(live_states(self.rows))  # every value escaped by live_states

    @cached_property
    def fields(self) -> list[dict[str, Any]]:
        """A row per field (lĩnh vực, a top-level criterion) for the menu of fields: its code,
        title, and its points with how many of its criteria lack data (``state``)."""
        lacking = {c.code for c in self.ctx.summary.missing_inputs}
        out: list[dict[str, Any]] = []
        for r in self.rows:
            if r["depth"] == 0:  # a field; a field that is itself a leaf counts itself
                out.append({**r, "missing": int(r["leaf"] and r["code"] in lacking)})
            elif out and r["leaf"] and r["code"] in lacking:
                out[-1]["missing"] += 1
        for f in out:  # every value escaped by field_state
            f["state"] = mark_safe(field_state(f["points"], f["max"], f["missing"], f["tracked"]))
        return out

    @cached_property
    def fields_live_html(self) -> SafeString:
        """Each field's state for the menu of fields, swapped in by the live score."""
        return mark_safe(field_live(self.fields))  # every value escaped by field_live

    @property
    def summary(self) -> dict[str, Any]:
        s = self.ctx.summary
        return {
            "score": self.pts(s.score),
            "scale": self.pts(s.scale),
            "band": s.band or "—",
            "goal": self.pts(s.goal) if s.goal is not None else "—",
            "gap": self.pts(s.gap) if s.gap else "",
            "goal_met": s.goal_met,
            "points": self.pts(s.points),
            "applicable_max": self.pts(s.applicable_max),
            "adjusted": s.adjusted,
            "adjustments": f"+{self.pts(s.bonus)} / −{self.pts(s.penalty)}",
            "adjustment_note": s.adjustment_note,
            "lost": self.pts(s.lost),
            "at_risk": self.pts(s.at_risk),
            "at_risk_bonus": bool(s.at_risk_bonus),  # the points include a bonus: said so
            "at_risk_note": s.at_risk_note,
            "missing": [(c.code, c.title, [i.label for i in c.missing]) for c in s.missing_inputs],
            "at_risk_leaves": [
                (c.code, c.title, self.pts(c.at_risk), c.missing_evidence) for c in s.at_risk_leaves
            ],
            # the bonus items missing a document, in bonus points, titled "Điểm thưởng: …"
            "at_risk_items": [
                (c.code, c.title, self.pts(c.at_risk), c.missing_evidence) for c in s.at_risk_items
            ],
            "at_risk_count": len(s.at_risk_leaves) + len(s.at_risk_items),
            # the reports' heading (scored 0 and left out under strict evidence), short
            "at_risk_title": at_risk_title(
                self.result.strict_evidence,
                bool(s.at_risk_leaves),
                bool(s.at_risk_items),
                short=True,
            ),
            "over_claims": [
                (c.code, c.title, self.pts(c.claim), self.pts(c.points)) for c in s.over_claims
            ],
        }


def panel_for(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    strict: bool = False,
    problems: dict[str, list[str]] | None = None,
) -> Panel:
    result = score(pack, evidence, strict_evidence=strict)
    ctx = build_context(result, pack, evidence, gaps=False)  # the panel shows no gap hints
    fmt = Formatter(ctx.places, ctx.mode)
    return Panel(ctx, result, fmt, problems or {})


def closed_to_commune(request: HttpRequest, assessment: Assessment, what: str, target: str) -> str:
    """A commune's form (``what``: "lưu", "tải lên tài liệu", …) sent from a page drawn before
    its year was submitted: the refusal, said (who submitted, when, the step now) as the page's
    error and logged (``target``); returns the message."""
    when = ""
    if assessment.submitted_at is not None:
        who = assessment.submitted_by.get_username() if assessment.submitted_by else ""
        at = f"lúc {timezone.localtime(assessment.submitted_at):%H:%M %d/%m/%Y}"
        when = f" ({who}, {at})" if who else f" ({at})"
    # the leader may still take the submission back (the council has not begun, not late)
    withdraw = (
        "lãnh đạo xã bấm “Rút lại bản đã nộp” ở cuối trang năm (trước khi hội đồng bắt đầu "
        "thẩm định và trước hạn tự đánh giá), hoặc "
        if withdrawable(assessment)
        else ""
    )
    message = (
        f"Chưa {what}: bản tự đánh giá năm {assessment.year} đã nộp{when}, hồ sơ đang ở bước "
        f"“{assessment.get_status_display()}”: xã không sửa được nữa. Muốn sửa, {withdraw}đề "
        "nghị tỉnh mở lại."
    )
    record(request.user, "refused", assessment, target, assessment.status, message)
    messages.error(request, message)
    return message
