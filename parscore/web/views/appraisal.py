"""The appraisal pages: the council's round screen (points, notes, explanation requests, state
moves), the commune's explanation page, and the biên bản thẩm định download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from ...model.evidence import AppraisalMeeting, Person
from ...report.minutes import build_minutes, render_minutes
from ...scoring import score
from .. import standing
from ..access import can_appraise, can_edit, require
from ..adjusting import adjustment_caps, adjustment_rows, decide, propose
from ..appraising import (
    BadAnswers,
    NewerAnswers,
    Posted,
    Stale,
    Unsaved,
    answer_explanations,
    decimal_text,
    keep_typed,
    read_round,
    round_of,
    round_rows,
    save_round,
    unsaved_typed,
)
from ..council import allowed_fields, field_heads, fields_text, pack_fields
from ..evidence import load_assessment
from ..form_merge import newer_note
from ..meetings import may_record
from ..models import Assessment, ProposedAdjustment
from ..packs import loaded_pack
from ..post_only import post_only
from ..posted import whole_number
from ..texts import typed_lines
from ..workflow import ACTIONS, Refused, appraisal_year, check, move, pending_adjustments
from .common import attachment, council_year, get_assessment
from .denied import typed_kept
from .reports import REPORT_TYPES

__all__ = ["appraisal_move", "appraisal_page", "appraisal_save", "explain_page", "minutes"]

COUNCIL_ACTIONS = ("start_round_1", "ask_explanations", "start_round_2", "finalise")
CLOSES_ROUND = {"start_round_2": 1, "finalise": 2}  # the round whose points these steps settle


def _unscored_question(assessment: Assessment, name: str, codes: list[str]) -> str:
    """The question asked before a step that settles a round in which some criteria have no
    points (they keep the previous stage's), else ``""``: one click settled a round scored 0/N."""
    round_ = CLOSES_ROUND.get(name)
    if round_ is None or not codes:
        return ""
    scored = {
        p.code for p in assessment.appraised_points.all() if p.round == round_ and p.points != ""
    }
    done = sum(1 for code in codes if code in scored)
    if done == len(codes):
        return ""
    return (
        f"{capfirst(ACTIONS[name].label)}? Vòng {round_} đã chấm {done}/{len(codes)} tiêu chí;"
        " các tiêu chí chưa chấm giữ điểm của bước trước."
    )


def _page(
    request: HttpRequest,
    assessment: Assessment,
    posted: Posted | None = None,
    problems: dict[str, list[str]] | None = None,
    status: int = 200,
    unsaved: list[Unsaved] | None = None,
    unsaved_round: int = 0,
) -> HttpResponse:
    current = round_of(assessment)
    shown = current or _closed_round(assessment)
    rows = round_rows(assessment, posted, shown)
    appraiser = can_appraise(request.user, assessment)
    allowed = allowed_fields(request.user, assessment) if appraiser else set()
    for row in rows:
        row.problems = (problems or {}).get(row.code, [])
        row.editable = allowed is None or row.field_code in allowed
    actions = []
    for name in COUNCIL_ACTIONS:
        try:
            check(request.user, assessment, name)
        except Refused:
            continue
        codes = [r.code for r in rows]
        actions.append((name, ACTIONS[name].label, _unscored_question(assessment, name, codes)))
    context: dict[str, Any] = {
        "a": assessment,
        "commune": assessment.commune,
        "rows": rows,
        "over_claims": sum(1 for r in rows if r.over_claim),
        "round": shown,
        "heading": _heading(assessment, current),
        "editing": current is not None and appraiser,
        "lead": current is not None and appraiser and allowed is None,
        "own_fields": fields_text(loaded_pack(assessment.pack), allowed) if allowed else "",
        "field_heads": field_heads(assessment, request.user),
        "may_record_meeting": may_record(request.user, assessment),
        "actions": actions,
        "general": (problems or {}).get("", []),
        "deadlines": appraisal_year(assessment),
        "adjustments": adjustment_rows(assessment),
        "adjustment_caps": adjustment_caps(assessment),
        "pending_adjustments": pending_adjustments(assessment),
        "decisions": ProposedAdjustment.DECISIONS,
        "standing": (year := standing.year_standing(assessment)).stages,
        "adjusted": year.adjusted,
        "unsaved": unsaved or [],
        "unsaved_round": unsaved_round,
        "kept_typed": posted is not None,  # the cells hold what was typed, not saved
        "titles": {r.code: r.title for r in rows},
        "nav_fields": _nav_fields(
            assessment, rows, shown, editing=current is not None and appraiser
        ),
        # a refused save: the cursor in the first refused score (far down the page on a phone)
        "first_problem": next((r.code for r in rows if r.problems and r.editable), ""),
    }
    return render(request, "web/appraisal.html", context, status=status)


def _nav_fields(
    assessment: Assessment, rows: list[Any], round_: int, editing: bool
) -> list[dict[str, Any]]:
    """The menu of fields above the round's table: per field (lĩnh vực) its code, title, and
    how many of its criteria have the round's points, those refused, those only to view."""
    out = []
    for f in pack_fields(loaded_pack(assessment.pack)):
        mine = [r for r in rows if r.field_code == f.code]
        if not mine:
            continue
        done = sum(1 for r in mine if (r.round_1 if round_ == 1 else r.round_2) != "")
        state = format_html(
            '<span class="pts">đã chấm {}/{}<span class="visually-hidden"> tiêu chí, vòng {}'
            "</span></span>",
            done,
            len(mine),
            round_,
        )
        wrong = sum(1 for r in mine if r.problems)
        if wrong:
            state += format_html(' <span class="bad">{} lỗi</span>', wrong)
        if editing and not any(r.editable for r in mine):
            state += mark_safe(' <span class="muted">chỉ xem</span>')
        out.append({"code": f.code, "title": f.title, "state": state})
    return out


def _closed_round(assessment: Assessment) -> int:
    """The round a page shows while none is open: round 2 for a final year that has its points
    (a year may be closed on round 1's points alone), else round 1."""
    if assessment.status != Assessment.FINAL:
        return 1
    return 2 if assessment.appraised_points.filter(round=2).exists() else 1


def _heading(assessment: Assessment, current: int | None) -> str:
    """What the page is: the round open, the closed result, or the appraisal not yet begun."""
    if current is not None:
        return f"Thẩm định vòng {current}"
    if assessment.status == Assessment.FINAL:
        return "Kết quả thẩm định đã chốt"
    if assessment.status == Assessment.EXPLANATION:
        return "Thẩm định vòng 1 (chờ xã giải trình)"
    if assessment.status == Assessment.SUBMITTED:
        return "Thẩm định (chưa bắt đầu vòng 1)"
    return "Thẩm định (xã đang tự đánh giá)"


@login_required
def appraisal_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    return _page(request, assessment)


def _round_typed(request: HttpRequest, slug: str, year: int) -> list[tuple[str, str]]:
    """What a round's form holds that is not stored, criterion by criterion (shown on the page
    refusing it: a member taken off the commune meanwhile keeps what they typed)."""
    found = Assessment.objects.filter(commune__slug=slug, year=year).select_related("pack")
    assessment = found.first()
    if assessment is None:
        return []
    pack = loaded_pack(assessment.pack)
    sent = whole_number(request.POST.get("vong", ""))
    round_ = sent if sent in (1, 2) else round_of(assessment) or 1
    posted = read_round(request.POST, list(pack.leaves))
    out = []
    for row in unsaved_typed(assessment, round_, posted):
        parts = [f"điểm {row.points}" if row.points else "điểm để trống"]
        parts += [f"ghi chú: {row.note}"] if row.note else []
        parts += ["yêu cầu xã giải trình"] if row.requested else []
        title = pack.leaves[row.code].criterion.title
        out.append((f"Vòng {round_}, tiêu chí {row.code} – {title}", "; ".join(parts)))
    return out


@login_required
@post_only
def appraisal_save(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    with typed_kept(lambda: _round_typed(request, slug, year)):
        assessment = council_year(request, slug, year, "lưu điểm thẩm định")
        require(can_appraise(request.user, assessment))
    current = round_of(assessment) or 0
    codes = [r.code for r in round_rows(assessment, None, max(current, 1))]
    posted = read_round(request.POST, codes)
    # the round the page was drawn for (a page of before this field: the open one)
    sent = whole_number(request.POST.get("vong", ""))
    round_ = sent if sent in (1, 2) else current
    copy = request.POST.get("copy")
    if copy and round_ != current:  # a page of a round no longer open: nothing to fill
        copy = None
    if copy in ("self", "round_1"):  # fill the blanks of the form, save nothing
        for row in round_rows(assessment, posted, max(current, 1)):
            if row.code in posted.points and not posted.points[row.code]:
                source = row.self_score if copy == "self" else row.round_1
                posted.points[row.code] = decimal_text(source) if source != "" else ""
        messages.info(request, "Đã chép điểm vào các ô còn trống (chưa lưu).")
        return _page(request, assessment, posted)
    try:
        problems = save_round(request.user, assessment, round_, posted)
    except Stale as exc:  # nothing saved; what was typed elsewhere stays on the page
        messages.error(request, str(exc))
        return _page(request, assessment, posted, keep_typed(posted, exc.codes), status=409)
    except Refused as exc:  # the page as it stands now, and what was typed, listed apart
        messages.error(request, str(exc))
        fresh = get_assessment(request, slug, year)
        typed = unsaved_typed(fresh, round_, posted)
        return _page(request, fresh, unsaved=typed, unsaved_round=round_, status=409)
    if problems:
        messages.error(
            request, "Chưa lưu: có điểm chưa hợp lệ (xem thông báo đỏ). Dữ liệu cũ giữ nguyên."
        )
        return _page(request, assessment, posted, problems, status=422)
    messages.success(request, f"Đã lưu điểm thẩm định vòng {round_}.")
    return redirect("web:appraisal", slug=slug, year=year)


@login_required
@post_only
def appraisal_move(request: HttpRequest, slug: str, year: int, action: str) -> HttpResponse:
    assessment = council_year(request, slug, year, "chuyển bước thẩm định")
    if action not in COUNCIL_ACTIONS:
        raise Http404("Không có thao tác này.")
    try:
        move(request.user, assessment, action)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã {ACTIONS[action].label}.")
    return redirect("web:appraisal", slug=slug, year=year)


@login_required
@post_only
def adjustment(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Propose a bonus or penalty item (commune or council) or decide one (council)."""
    code = request.POST.get("code", "")
    post = request.POST
    typed = [(f"Lý do đề nghị mục thưởng, trừ “{code}”", str(post.get("reason", "")))]
    with typed_kept(lambda: typed):
        assessment = council_year(request, slug, year, "đề nghị, quyết định điểm thưởng, trừ")
        user = request.user
        require(can_edit(user, assessment.commune) or can_appraise(user, assessment))
    decision = post.get("decision")
    # what the member's page showed of the proposal (a page of before these fields: not said)
    seen = (post["ly-do"], post["da-quyet"]) if "ly-do" in post and "da-quyet" in post else None
    try:
        if decision:
            changed = decide(user, assessment, code, decision, seen)
            words = dict(ProposedAdjustment.DECISIONS)[decision].lower()
            done = f"Đã ghi quyết định về mục “{code}”: {words}."
        else:
            row, changed = propose(user, assessment, code, post.get("reason", ""))
            done = f"Đã ghi đề nghị mục “{code}”" + (
                "; mục chỉ được tính khi hội đồng chấp nhận."
                if row.decision == ProposedAdjustment.PENDING
                else "."
            )
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        if changed:
            messages.success(request, done)
        else:  # a second click, the page sent again
            messages.info(request, f"Mục thưởng, trừ “{code}” đã như vậy: không có gì thay đổi.")
    back = "web:appraisal" if can_appraise(user, assessment) else "web:explain"
    return redirect(back, slug=slug, year=year)


def _explanations_closed(assessment: Assessment, may_answer: bool, may_propose: bool) -> str:
    """Why the page only shows the answers ('' when the person may write them now); while
    self-assessing, the bonus and penalty proposals below it stay open, and it says so."""
    if not may_answer:
        return "Giải trình do xã nhập; trang này để bạn xem."
    if assessment.status != Assessment.EXPLANATION:
        what = "phần giải trình chỉ để xem" if may_propose else "trang này chỉ để xem"
        return (
            "Xã chỉ nhập giải trình ở bước “Đang giải trình”; bước hiện tại là"
            f" “{assessment.get_status_display()}”, {what}."
            + (" Điểm thưởng, điểm trừ: xã đề nghị được ngay ở bảng dưới." if may_propose else "")
        )
    return ""


@login_required
def explain_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The commune's answers to the council's explanation requests."""
    assessment = get_assessment(request, slug, year)
    if request.method != "POST":
        return _explain(request, assessment)
    require(can_edit(request.user, assessment.commune))
    answers = {k[2:]: typed_lines(v) for k, v in request.POST.items() if k.startswith("a-")}
    # the answers as the page showed them (a page of before this field: none)
    shown = {k[2:]: typed_lines(v) for k, v in request.POST.items() if k.startswith("s-")} or None
    try:
        changed, already = answer_explanations(request.user, assessment, answers, shown)
    except NewerAnswers as exc:  # the page again: the newer answers, the rest as typed
        messages.error(request, str(exc))
        kept = {k: v for k, v in answers.items() if k not in exc.codes}
        newer = {c: newer_note("nội dung", _typed(answers.get(c, ""))) for c in exc.codes}
        return _explain(request, assessment, kept, newer, status=409)
    except BadAnswers as exc:  # the page again as typed, each message beside its box
        messages.error(
            request, f"{exc} Nội dung bạn nhập vẫn còn trong ô: sửa rồi bấm “Lưu giải trình” lại."
        )
        return _explain(request, assessment, answers, exc.problems, status=422)
    except Refused as exc:  # the page as it stands now, what was typed listed apart
        messages.error(request, str(exc))
        fresh = get_assessment(request, slug, year)
        stored = {r.code: r.answer for r in fresh.explanation_requests.all()}
        unsaved = [(c, t.strip()) for c, t in answers.items()
                   if c in stored and t.strip() != stored[c] and (shown is None or t != shown.get(c))]  # fmt: skip
        return _explain(request, fresh, unsaved=unsaved, status=409)
    if changed == 0 and already:  # the page sent twice (a double click, Back and send)
        messages.success(
            request,
            "Giải trình đã như bạn nhập (đã được lưu trước đó, có thể do bấm hai lần hoặc gửi lại "
            "trang cũ): không có gì thay đổi thêm.",
        )
    else:
        messages.success(request, f"Đã lưu giải trình: {changed} mục thay đổi.")
    return redirect("web:explain", slug=slug, year=year)


def _typed(text: str) -> str:
    return f"bạn đã nhập “{text.strip()}”" if text.strip() else "bạn đã để trống"


def _explain(
    request: HttpRequest,
    assessment: Assessment,
    typed: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
    unsaved: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; ``typed`` answers shown instead of the stored ones, ``problems``: the message
    shown beside a criterion's box (a refused text, a stored answer newer than the page's),
    ``unsaved``: what was typed and not saved, listed."""
    may_answer = can_edit(request.user, assessment.commune)
    open_ = assessment.status == Assessment.EXPLANATION and may_answer
    rows = [r for r in round_rows(assessment, None, 1) if r.requested]
    shown = {r.code: r.answer for r in rows}
    for row in rows:
        if typed is not None and row.code in typed:
            row.answer = typed[row.code]
        row.problems = [problems[row.code]] if problems and row.code in problems else []
    notes = {p.code: p.note for p in assessment.appraised_points.filter(round=1)}
    titles = {r.code: r.title for r in rows}
    adjustments = adjustment_rows(assessment)
    proposing = (*Assessment.EDITABLE, Assessment.EXPLANATION)
    may_propose = bool(adjustments) and may_answer and assessment.status in proposing
    return render(
        request,
        "web/explain.html",
        {
            "a": assessment,
            "commune": assessment.commune,
            "rows": rows,
            "shown": shown,
            "notes": notes,
            "open": open_,
            "closed": _explanations_closed(assessment, may_answer, may_propose),
            "unsaved": [(c, titles.get(c, ""), t) for c, t in unsaved or []],
            "kept_typed": typed is not None,
            "adjustments": adjustments,
            "adjustment_caps": adjustment_caps(assessment),
            "may_propose": may_propose,
            "deadlines": appraisal_year(assessment),
            "first_problem": next((r.code for r in rows if r.problems), ""),
        },
        status=status,
    )


@login_required
def minutes(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    """The biên bản thẩm định of the year, from the engine's result on the stored evidence."""
    assessment = get_assessment(request, slug, year)
    if fmt not in REPORT_TYPES:
        raise Http404("Không có định dạng này.")
    evidence, pack = load_assessment(assessment)
    meeting = evidence.model.appraisal_meeting or AppraisalMeeting(
        members=[
            Person(name=a.user.get_full_name() or a.user.get_username())  # the minutes add the role
            for a in assessment.commune.assignments.select_related("user").order_by(
                "user__username"
            )
        ]
    )
    result = score(pack, evidence)
    data = render_minutes(build_minutes(result, pack, evidence, meeting=meeting), fmt)
    content_type, suffix = REPORT_TYPES[fmt]
    return attachment(data, content_type, f"bien-ban-tham-dinh-{slug}-{year}.{suffix}")
