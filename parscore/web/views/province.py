"""The province page: a year's communes ranked by the engine's batch ranking, band counts, field
averages, progress (how many submitted), export as CSV or Excel."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from html import escape as _e  # what Django's escape does, without its lazy-string wrapper

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from ...forms.cells import is_blank, read_date
from ...report.batch_html import render_batch_html
from ...report.batch_table import batch_csv
from ...report.batch_xlsx import batch_xlsx
from ...report.filters import Formatter
from ...report.ranking_tables import status_label
from ..access import can_publish, can_view_province, require
from ..audit import record
from ..models import AppraisalYear, Assessment, Province
from ..models_appraisal import DEADLINES
from ..post_only import post_only
from ..scores import province_summary, ranking_with_previous
from ..templatetags.parscore_vi import status_tag
from ..workflow import Refused, previous_published, publish
from .common import CSV, XLSX, attachment, excel_vi

__all__ = ["publish_year", "ranking", "ranking_export", "set_deadlines"]


def _years(request: HttpRequest, slug: str) -> tuple[Province, list[int]]:
    province = get_object_or_404(Province, slug=slug)
    require(can_view_province(request.user, province))
    years = sorted(
        set(Assessment.objects.filter(commune__province=province).values_list("year", flat=True)),
        reverse=True,
    )
    return province, years


def _last_year(province: Province, year: int) -> list[Assessment]:
    """The communes of the latest year before ``year`` whose results are published."""
    before = previous_published(province.pk, year)
    if before is None:
        return []
    return list(
        Assessment.objects.filter(commune__province=province, year=before)
        .select_related("commune", "pack")
        .defer("pack__text")
    )


@login_required
def ranking(request: HttpRequest, slug: str, year: int | None = None) -> HttpResponse:
    return _ranking_page(request, slug, year)


def _ranking_page(
    request: HttpRequest,
    slug: str,
    year: int | None,
    typed: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
    status: int = 200,
    reason: tuple[str, str] | None = None,
) -> HttpResponse:
    """The ranking page; a refused deadlines form comes back as typed, each field with its
    problem (``typed``, ``problems`` by field name); ``reason``: a refused publication's or
    withdrawal's reason as typed (``("publish" | "withdraw", text)``), kept on the page."""
    province, years = _years(request, slug)
    if year is None:
        year = years[0] if years else None
    context: dict[str, object] = {"province": province, "years": years, "year": year}
    if reason is not None:
        context["kept_reason"] = {"action": reason[0], "text": reason[1]}
    if year is not None:
        assessments = list(
            Assessment.objects.filter(commune__province=province, year=year)
            .select_related("commune", "pack")
            .defer("pack__text")
        )
        summary, last_ranks = ranking_with_previous(assessments, _last_year(province, year))
        submitted = sum(1 for a in assessments if a.status not in Assessment.EDITABLE)
        fmt = (
            Formatter(summary.pack.places, summary.pack.mode) if summary.pack is not None else None
        )
        by_slug = {a.commune.slug: a for a in assessments}
        link = reverse("web:assessment", args=[_SLUG, year])  # once, not once per row
        # columns of points: the pack's places always written (82,60), as official tables
        pts = _memo(fmt.fixed) if fmt else (lambda value: "")
        adjusted = summary.pack is not None and summary.pack.adjustments
        rows = []
        for c in summary.communes:
            a = by_slug[c.score.file]
            official_total = c.score.totals.official
            rows.append(
                _row(
                    rank=c.rank,
                    url=link.replace(_SLUG, a.commune.slug),
                    name=a.commune.name,
                    synthetic=bool(a.synthetic),
                    score=pts(official_total.score),
                    band=official_total.band or "—",
                    change=fmt.signed(c.change, fixed=True)
                    if fmt and c.change is not None
                    else "mới",
                    rank_change=_rank_change(last_ranks.get(c.score.file), c.rank),
                    status=a.status,
                    fields=[pts(c.field_points(f.code)) for f in summary.fields]
                    + (
                        [f"+{pts(official_total.bonus)} / −{pts(official_total.penalty)}"]
                        if adjusted
                        else []
                    ),
                )
            )
        official = AppraisalYear.objects.filter(province=province, year=year).first()
        published = bool(official and official.published)
        ties = summary.pack.ranking if summary.pack is not None else "competition"
        context.update(
            {
                "official": official,
                "deadlines": [
                    (
                        n,
                        label,
                        typed[n] if typed is not None else _day(getattr(official, n, None)),
                        (problems or {}).get(n, ""),
                        _day(getattr(official, n, None)),  # as stored: a save changes only
                    )  # the fields changed on this page
                    for n, label in DEADLINES
                ],
                # a refused form: the cursor in its first wrong field (as the commune's form)
                "first_problem": next((n for n, _ in DEADLINES if n in (problems or {})), ""),
                "can_set_deadlines": can_publish(request.user, province) and not published,
                "can_publish": can_publish(request.user, province)
                and not published
                and bool(assessments)
                and all(a.status == Assessment.FINAL for a in assessments),
                "can_withdraw": can_publish(request.user, province) and published,
                # what the publication waits for, said to whoever may publish
                "not_final": [
                    (a.commune.name, a.get_status_display())
                    for a in sorted(assessments, key=lambda a: a.commune.name)
                    if a.status != Assessment.FINAL
                ]
                if can_publish(request.user, province) and not published
                else [],
                "publications": list(official.publications.select_related("by"))
                if official
                else [],
                "previous_year": previous_published(province.pk, year),
                "dense": ties == "dense",
                "adjusted": adjusted,
                "summary": summary,
                "rows": mark_safe("".join(rows)),  # every value escaped by _row
                "submitted": submitted,
                "count": len(assessments),
                "fields": [
                    {
                        "code": f.code,
                        "title": f.title,
                        "max": fmt.pts(f.max) if fmt else "",
                        "average": fmt.fixed(summary.averages.get(f.code)) if fmt else "",
                    }
                    for f in summary.fields
                ],
                "bands": list(summary.bands.items()),
                "average": fmt.pts(summary.average_score) if fmt else "—",
            }
        )
    return render(request, "web/province.html", context, status=status)


def _day(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value is not None else ""


_SLUG = "__xa__"  # in the link made once, replaced by each row's commune


def _memo(format_points: Callable[[Decimal | None], str]) -> Callable[[Decimal | None], str]:
    """``format_points`` remembered by value: thousands of cells share a few hundred values (a
    formatted number depends only on the value: 1.5 and 1.50 round to the same text)."""
    seen: dict[Decimal | None, str] = {}

    def pts(value: Decimal | None) -> str:
        text = seen.get(value)
        if text is None:
            text = seen[value] = format_points(value)
        return text

    return pts


def _row(
    *,
    rank: int,
    url: str,
    name: str,
    synthetic: bool,
    score: str,
    band: str,
    change: str,
    rank_change: str,
    status: str,  # the assessment's step (a key of Assessment.STATUSES)
    fields: list[str],
) -> str:
    """One ranking row's HTML, every value escaped: thousands of rows are made far faster here
    than by the template engine (tests check it is what the template made)."""
    tag = ' <span class="tag synthetic">dữ liệu mẫu</span>' if synthetic else ""
    moved = (
        '<span class="tag">mới</span>' if change == "mới" else f"{_e(change)} · {_e(rank_change)}"
    )
    cells = "".join(f'<td class="num">{_e(v)}</td>' for v in fields)
    return (
        f'\n<tr><td class="num">{rank}</td><td><a href="{_e(url)}">{_e(name)}</a>{tag}</td>\n'
        f'<td class="num"><b>{_e(score)}</b></td><td>{_e(band)}</td>'
        f'<td class="num change">{moved}</td><td>{status_tag(status)}</td>{cells}</tr>\n'
    )


@login_required
def ranking_export(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    province, _ = _years(request, slug)
    assessments = (
        Assessment.objects.filter(commune__province=province, year=year)
        .select_related("commune", "pack")
        .defer("pack__text")
    )
    summary = province_summary(assessments, previous=_last_year(province, year))
    official = AppraisalYear.objects.filter(province=province, year=year, published=True).first()
    status = status_label(official is not None)
    if official is not None and official.published_at is not None:
        status += f" ngày {timezone.localtime(official.published_at):%d/%m/%Y}"
    if fmt == "csv":
        data, content_type = batch_csv(summary, excel_vi=excel_vi(request)), CSV
    elif fmt == "xlsx":
        data, content_type = batch_xlsx(summary, status), XLSX
    elif fmt == "html":  # the ranking as a page to print or save as PDF
        page = render_batch_html(summary, f"Kết quả: {status}.", warn=official is None)
        data, content_type = page.encode("utf-8"), "text/html; charset=utf-8"
    else:
        raise Http404("Không có định dạng này.")
    name = f"xep-hang-{slug}-{year}" + ("" if official is not None else "-tam-thoi")
    return attachment(data, content_type, f"{name}.{fmt}")


@login_required
@post_only
def publish_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Publish (freeze) the province's official results of ``year``."""
    province, _ = _years(request, slug)
    require(can_publish(request.user, province))
    reason = request.POST.get("reason", "")
    try:
        publish(request.user, province, year, reason)
    except Refused as exc:
        messages.error(request, str(exc))
        if reason.strip():  # the page again, the reason as typed: nothing lost
            return _ranking_page(request, slug, year, status=409, reason=("publish", reason))
    else:
        messages.success(request, f"Đã công bố kết quả chính thức năm {year}.")
    return redirect("web:province_year", slug=slug, year=year)


def _rank_change(before: int | None, now: int) -> str:
    """``↑2`` (up two places), ``↓1``, ``=``; ``mới`` without a rank last year."""
    if before is None:
        return "mới"
    if before == now:
        return "="
    return f"↑{before - now}" if before > now else f"↓{now - before}"


def _out_of_order(values: dict[str, dt.date | None]) -> dict[str, str]:
    """A deadline before one of an earlier step (self-assessment, round 1, explanation, round 2),
    by the later one's field name."""
    out = {}
    given = [(n, label, day) for n, label in DEADLINES if (day := values[n]) is not None]
    for (_, before, first), (name, after, second) in itertools.pairwise(given):
        if second < first:
            out[name] = f"{after} ({second:%d/%m/%Y}) trước {before.lower()} ({first:%d/%m/%Y})."
    return out


@login_required
@post_only
def set_deadlines(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The province sets the year's deadlines (dd/mm/yyyy; blank: none); not once published.
    Under the year's lock, only the deadlines are written (never the publication read before:
    a year published meanwhile stays published), and only those changed on this page (another
    officer's change made meanwhile is kept; one both changed refuses the save)."""
    province, _ = _years(request, slug)
    require(can_publish(request.user, province))
    with transaction.atomic():
        row, _ = AppraisalYear.objects.select_for_update().get_or_create(
            province=province, year=year
        )
        if row.published:
            message = f"Kết quả năm {year} đã công bố: không đổi hạn được nữa. Chưa lưu."
            record(request.user, "refused", None, f"deadlines {slug} {year}", "", message)
            messages.error(request, message)
            return redirect("web:province_year", slug=slug, year=year)
        values, problems, typed = {}, {}, {}
        for name, label in DEADLINES:
            text = request.POST.get(name, "")
            stored = _day(getattr(row, name))
            shown = request.POST.get(f"da-hien-{name}")  # as the page showed it
            if shown is not None and text.strip() == shown.strip():
                text = stored  # not changed here: what is stored now stays
            elif shown is not None and stored != shown.strip() and text.strip() != stored:
                problems[name] = (
                    f"{label}: vừa được lưu từ một trang khác là “{stored or 'không có'}” (bạn "
                    f"đã nhập “{text.strip()}”); kiểm tra rồi lưu lại."
                )
                text = stored
            typed[name] = text
            value, problem = read_date(text) if not is_blank(text) else (None, "")
            if problem:
                problems[name] = f"{label}: {problem}."
            values[name] = value
        if not problems:
            problems = _out_of_order(values)
        if not problems:
            old = " ".join(str(getattr(row, n) or "-") for n, _ in DEADLINES)
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=list(values))
            new = " ".join(str(v or "-") for v in values.values())
            if new != old:
                record(request.user, "deadlines", None, f"{slug} {year}", old, new)
    if problems:  # the form again as typed, each field with its problem (the lock released)
        messages.error(request, "Chưa lưu: " + " ".join(problems.values()))
        return _ranking_page(request, slug, year, typed, problems, status=422)
    messages.success(request, f"Đã lưu các hạn của năm {year}.")
    return redirect("web:province_year", slug=slug, year=year)
