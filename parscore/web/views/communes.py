"""The commune list, one commune's years, and opening a year (province)."""

from __future__ import annotations

from decimal import Decimal
from html import escape as _e  # what Django's escape does, without its lazy-string wrapper
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from ...errors import ParscoreError
from ...forms.cells import is_blank, read_date, read_decimal
from ...numbers import vi_number
from ..access import can_manage_years, require, visible_communes, year_page
from ..audit import record
from ..evidence import issue_text, load_assessment
from ..models import Assessment, Commune
from ..pack_choice import file_pack
from ..packs import available_pack_files, freeze_pack, loaded_pack
from ..post_only import post_only
from ..score_cache import totals_of
from ..standing import year_standing
from ..templatetags.parscore_vi import status_tag
from .common import get_commune

__all__ = ["commune_page", "home", "open_year"]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    communes = list(visible_communes(request.user))
    years = (
        Assessment.objects.filter(commune__in=communes)
        .select_related("pack", "commune")
        .defer("pack__text")
    )
    by_commune: dict[int, list[Assessment]] = {}
    for a in years:
        by_commune.setdefault(a.commune_id, []).append(a)
    years_of = {c.pk: sorted(by_commune.get(c.pk, []), key=lambda a: -a.year) for c in communes}
    totals = totals_of([ys[0] for ys in years_of.values() if ys])  # cached: one query
    commune_link = reverse("web:commune", args=[_SLUG])  # made once, not three times a row
    # a year opens the page of the user's work on it (a council member's: the appraisal)
    year_links = {name: reverse(name, args=[_SLUG, _YEAR]) for name in _YEAR_PAGES}
    rows = []
    for c in communes:
        assessments = years_of[c.pk]
        latest = assessments[0] if assessments else None
        # the official total (the latest appraisal round, as the ranking shows it)
        total = totals[latest.pk].official if latest is not None else None
        rows.append(
            _home_row(
                c,
                commune_link.replace(_SLUG, c.slug),
                [
                    (a.year, _year_url(year_links[year_page(request.user, a)], c.slug, a.year))
                    for a in assessments
                ],
                latest,
                vi_number(total.score) if total is not None else None,
                (total.band or "—") if total is not None else "",
            )
        )
    return render(request, "web/home.html", {"rows": mark_safe("".join(rows))})


_SLUG, _YEAR = "__xa__", 1111  # in the links made once, replaced by each row's commune and year
_YEAR_PAGES = ("web:assessment", "web:appraisal")  # what access.year_page names


def _year_url(link: str, slug: str, year: int) -> str:
    return link.replace(f"/{_YEAR}/", f"/{year}/", 1).replace(_SLUG, slug)


def _home_row(
    commune: Commune,
    url: str,
    years: list[tuple[int, str]],
    latest: Assessment | None,
    score: str | None,
    band: str,
) -> str:
    """One row of the commune list, every value escaped: thousands of rows are made far faster
    here than by the template engine (tests check it is what the template made)."""
    tag = ""
    if latest is not None and latest.synthetic:
        tag = f' <span class="tag synthetic" title="{_e(latest.synthetic)}">dữ liệu mẫu</span>'
    newest = f'<a href="{_e(years[0][1])}">{years[0][0]}</a>' if years else "—"
    links = ", ".join(f'<a href="{_e(link)}">{year}</a>' for year, link in years)
    return (
        f'\n<tr>\n  <td><a href="{_e(url)}">{_e(commune.name)}</a>{tag}</td>\n'
        f"  <td>{_e(commune.province.name)}</td>\n"
        f"  <td>{newest}</td>\n"
        f'  <td class="num">{_e(score) if score is not None else "—"}</td>\n'
        f"  <td>{_e(band)}</td>\n"
        f"  <td>{status_tag(latest.status) if latest is not None else ''}</td>\n"
        f"  <td>{links}</td>\n</tr>\n"
    )


@login_required
def commune_page(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_commune(request, slug)
    years = []
    for a in commune.assessments.select_related("pack").order_by("-year"):
        standing = year_standing(a)  # each stage against the goal: the leaders' year-end view
        years.append(
            {
                "a": a,
                "total": standing.totals,
                "standing": standing,
                "link": reverse(year_page(request.user, a), args=[commune.slug, a.year]),
            }
        )
    context: dict[str, Any] = {
        "commune": commune,
        "years": years,
        "can_open": can_manage_years(request.user, commune),
        "packs": _pack_choices(commune) if can_manage_years(request.user, commune) else [],
    }
    return render(request, "web/commune.html", context)


def _pack_choices(commune: Commune) -> list[dict[str, Any]]:
    """The pack files a year can be opened with, named by year, id and revision: the province's
    own first, newest year first, the years the commune already has said so; the first of the
    province's own for a year the commune has not opened is chosen (it was the oldest file)."""
    opened = set(commune.assessments.values_list("year", flat=True))
    out: list[dict[str, Any]] = []
    for path in available_pack_files():
        try:
            meta = file_pack(path).model.pack
        except (ParscoreError, OSError):  # refused, with why, if chosen
            out.append({"file": path.name, "label": path.stem, "key": (2, 0, path.name)})
            continue
        own = meta.province == commune.province.name
        label = f"Năm {meta.year}: {meta.id} (lần sửa {meta.revision})"
        if not own:
            label += f" – gói của {meta.province or 'tỉnh khác'}"
        if meta.year in opened:
            label += " – xã đã có năm này"
        key = (0 if own else 1, -meta.year, path.name)
        out.append({"file": path.name, "label": label, "key": key, "new": meta.year not in opened})
    out.sort(key=lambda c: c["key"])
    chosen = next((c for c in out if c["key"][0] == 0 and c.get("new")), out[0] if out else None)
    for c in out:
        c["selected"] = c is chosen
    return out


@login_required
@post_only
def open_year(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a year: freeze the chosen pack (id + revision + sha256 + text) for this commune."""
    commune = get_commune(request, slug)
    require(can_manage_years(request.user, commune))
    back = redirect("web:commune", slug=slug)
    files = {p.name: p for p in available_pack_files()}
    path = files.get(request.POST.get("pack", ""))
    if path is None:
        messages.error(request, "Chọn một gói quy tắc trong danh sách.")
        return back
    problems = []
    as_of = goal = None
    if not is_blank(request.POST.get("as_of")):
        as_of, p = read_date(request.POST.get("as_of"))
        problems += [f"Ngày số liệu: {p}"] if p else []
    if not is_blank(request.POST.get("goal")):
        goal, p = read_decimal(request.POST.get("goal"))
        problems += [f"Mục tiêu: {p}"] if p else []
    try:
        version = freeze_pack(path)
    except ParscoreError as exc:
        problems += [issue_text(i) for i in exc.issues]
    else:
        if goal is not None:
            problems += _goal_problem(goal, loaded_pack(version).model.pack.scale)
    if problems:
        messages.error(request, "Chưa mở năm: " + "; ".join(problems))
        return back
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                commune=commune, year=version.year, pack=version, as_of=as_of, goal=goal
            )
            load_assessment(assessment)  # the engine accepts the (empty) year under this pack
            record(request.user, "open_year", assessment, version.pack_id, "", version.sha256)
    except IntegrityError:
        messages.error(request, f"Xã {commune.name} đã có bản tự đánh giá năm {version.year}.")
        return back
    messages.success(request, f"Đã mở năm {version.year} theo gói {version.pack_id}.")
    return redirect("web:assessment", slug=slug, year=version.year)


GOAL_PLACES = Assessment._meta.get_field("goal").decimal_places


def _goal_problem(goal: Decimal, scale: Decimal) -> list[str]:
    """Why a year's goal is refused (a score the pack's scale cannot give, more decimals than
    kept), else nothing: a negative goal stopped the year from loading, a huge one from being
    read back."""
    if not 0 < goal <= scale:
        return [f"Mục tiêu: {vi_number(goal)} nằm ngoài thang điểm 0–{vi_number(scale)}"]
    if -goal.normalize().as_tuple().exponent > GOAL_PLACES:  # type: ignore[operator]
        return [f"Mục tiêu: tối đa {GOAL_PLACES} chữ số sau dấu phẩy"]
    return []
