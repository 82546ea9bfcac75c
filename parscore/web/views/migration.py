"""Moving an open year to another pack revision: an explicit, logged migration. The province
first sees ``parscore diff`` of the two packs with the drift of every commune, then confirms;
every commune's year is checked under the new pack before any is moved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ...compiled import LoadedPack
from ...diffing import PackRef, diff_packs
from ...errors import ParscoreError
from ...loader import load_pack
from ...report.diff_words import readable_changes, revision_warning
from ..access import can_publish, require
from ..audit import record
from ..drift import province_drift
from ..evidence import check_evidence, evidence_data
from ..models import Assessment, Province
from ..pack_choice import file_pack
from ..packs import available_pack_files, freeze_pack, loaded_pack
from ..score_cache import warm
from ..workflow import is_published
from .comparing import drift_context

__all__ = ["migrate_pack"]


def _new_pack(name: str, year: int) -> tuple[Path | None, LoadedPack | None, str]:
    path = next((p for p in available_pack_files() if p.name == name), None)
    if path is None:
        return None, None, "Không có gói quy tắc này."
    try:
        pack = load_pack(path)
    except ParscoreError as exc:
        return None, None, f"Gói quy tắc không hợp lệ: {exc}"
    if pack.model.pack.year != year:
        return (
            None,
            None,
            f"Gói quy tắc này dành cho năm {pack.model.pack.year}, không phải {year}.",
        )
    return path, pack, ""


def _year_packs(year: int, in_use: str) -> list[tuple[str, str]]:
    """The pack files written for ``year``, as (file name, what an official reads: the pack's id,
    revision and file, the one the year uses marked)."""
    out = []
    for path in available_pack_files():
        try:
            pack = file_pack(path)
        except (ParscoreError, OSError):
            continue  # a broken file is refused, with why, when chosen
        meta = pack.model.pack
        if meta.year != year:
            continue
        using = " – gói đang dùng" if pack.sha256 == in_use else ""
        out.append((path.name, f"{meta.id} (lần sửa {meta.revision}, tệp {path.name}){using}"))
    return out


@login_required
def migrate_pack(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    province = get_object_or_404(Province, slug=slug)
    require(can_publish(request.user, province))
    years = list(
        Assessment.objects.filter(commune__province=province, year=year).select_related(
            "commune__province", "pack"
        )
    )
    back = redirect("web:migrate_pack", slug=slug, year=year)
    name = request.POST.get("goi") or request.GET.get("goi", "")
    context: dict[str, Any] = {
        "province": province,
        "year": year,
        "files": _year_packs(year, years[0].pack.sha256 if years else ""),
        "chosen": name,
    }
    if not name or not years:
        return render(request, "web/migrate.html", context)
    path, new, problem = _new_pack(name, year)
    if problem or new is None or path is None:
        messages.error(request, problem)
        return render(request, "web/migrate.html", context)
    if request.method == "POST":
        if is_published(province.pk, year):
            messages.error(request, f"Kết quả năm {year} đã công bố: không đổi gói được nữa.")
            return back
        return _apply(request, years, path, new, back)
    old = loaded_pack(years[0].pack)
    same = [a for a in years if a.pack_id == years[0].pack_id]
    changes = diff_packs(old, new)
    groups, other = readable_changes(old, new, changes)
    context.update(drift_context(old, new, province_drift(old, new, same)))
    warning = revision_warning(PackRef.of(old), PackRef.of(new), changes)
    context.update(
        {"groups": groups, "other": other, "new": new.model.pack, "revision_warning": warning}
    )
    return render(request, "web/migrate.html", context)


WHY_SHOWN = 5  # communes whose first problem a refused move names


def _apply(
    request: HttpRequest, years: list[Assessment], path: Path, new: LoadedPack, back: Any
) -> HttpResponse:
    failing: list[str] = []
    for a in years:
        checked = check_evidence(evidence_data(a, new), new)
        if checked.evidence is None:  # why, for the first few (an accepted bonus item, a value…)
            first = next((m for found in checked.problems.values() for m in found), "")
            shown = first and len(failing) < WHY_SHOWN
            failing.append(f"{a.commune.name} ({first})" if shown else a.commune.name)
    if failing:
        messages.error(
            request,
            "Chưa chuyển: số liệu của các xã sau không hợp lệ theo gói mới: "
            + ", ".join(failing)
            + ".",
        )
        return back
    version = freeze_pack(path)
    with transaction.atomic():
        for a in years:
            if a.pack_id == version.pk:
                continue
            old = a.pack.sha256
            a.pack = version
            a.save(update_fields=["pack"])
            record(request.user, "pack_migrate", a, "pack", old[:12], version.sha256[:12])
    # Every year moved scores anew: computed now, so no page view pays for them.
    warm(years)
    messages.success(
        request, f"Đã chuyển năm sang gói {version}; điểm của {len(years)} xã đã được tính lại."
    )
    return back
