"""What the comparison page (and the migration preview) show of two packs: the rule changes in
words and the drift table of a province's communes, formatted for the page and for exports."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from ...compiled import LoadedPack
from ...diffing import DriftCauses, PackRef, diff_packs, input_readers
from ...numbers import round_to
from ...report.diff_text import drift_code, drift_mark, drift_split, drift_view, mover_text
from ...report.diff_words import pair_warnings, readable_changes, revision_warning
from ...report.filters import Formatter
from ..drift import CommuneDrift, drift_totals, field_columns, province_drift, province_movers
from ..file_names import ascii_slug
from ..models import Assessment, Province
from ..pack_choice import pack_choices, resolve_choice

__all__ = [
    "CRITERIA_SHEET",
    "CRITERIA_WIDTHS",
    "MOVERS_SHEET",
    "MOVERS_WIDTHS",
    "comparison",
    "comparison_about",
    "criteria_table",
    "drift_context",
    "drift_file_name",
    "drift_table",
    "drift_widths",
    "movers_table",
    "with_pack_columns",
]

MOVERS = 3


def comparison(province: Province, tu: str, den: str) -> dict[str, Any]:
    """The comparison page's context: the choices, and once two packs are chosen, their changes
    and the drift of the communes having a year of the newer pack's year."""
    choices = pack_choices(province)
    years = sorted(
        set(Assessment.objects.filter(commune__province=province).values_list("year", flat=True)),
        reverse=True,
    )
    den = den or (str(years[0]) if years else "")
    new_choice = resolve_choice(choices, den) if den else None
    if tu:
        old_choice = resolve_choice(choices, tu)
    else:  # the newest pack of an earlier year (the province's own first)
        earlier = [c for c in choices if new_choice is not None and c.year < new_choice.year]
        old_choice = earlier[0] if earlier else None
    context: dict[str, Any] = {
        "province": province,
        "choices": choices,
        "old_choice": old_choice,
        "new_choice": new_choice,
    }
    if old_choice is None or new_choice is None:
        missing = (tu or "năm trước") if new_choice is not None else den
        context["problem"] = (
            f"Không có gói quy tắc nào cho «{missing}»: chọn trong danh sách."
            if missing
            else "Tỉnh chưa có năm đánh giá nào: chọn hai gói quy tắc trong danh sách."
        )
        return context
    if old_choice.key == new_choice.key:
        context["problem"] = "Hai lựa chọn là cùng một gói: chọn hai gói khác nhau."
        return context
    old, new = old_choice.load(), new_choice.load()
    # the newer pack's year; before any commune has it, the latest year they have (said so)
    evidence_year = next((y for y in years if y <= new_choice.year), new_choice.year)
    assessments = list(
        Assessment.objects.filter(commune__province=province, year=evidence_year)
        .select_related("commune__province", "pack")
        .order_by("commune__name")
    )
    changes = diff_packs(old, new)
    groups, other = readable_changes(old, new, changes)
    context.update(drift_context(old, new, province_drift(old, new, assessments)))
    context.update(
        {
            "groups": groups,
            "other": other,
            "revision_warning": revision_warning(PackRef.of(old), PackRef.of(new), changes),
            "pair_warnings": pair_warnings(PackRef.of(old), PackRef.of(new)),
            "old_ref": PackRef.of(old),
            "new_ref": PackRef.of(new),
            "evidence_year": evidence_year,
            "without": province.communes.exclude(
                pk__in=[a.commune_id for a in assessments]
            ).order_by("name"),
        }
    )
    return context


def drift_context(old: LoadedPack, new: LoadedPack, drifts: list[CommuneDrift]) -> dict[str, Any]:
    """The drift table, its totals, the criteria moving most, each commune's detail."""
    places = max(old.model.pack.rounding.places, new.model.pack.rounding.places)
    signed = Formatter(places, "half_up").signed

    def column(value: Decimal) -> str:  # a column of the table: the places always (``+3,20``)
        return signed(value, fixed=True)

    old_fmt = Formatter(old.model.pack.rounding.places, old.model.pack.rounding.mode)
    new_fmt = Formatter(new.model.pack.rounding.places, new.model.pack.rounding.mode)
    columns = field_columns(old, new)
    labels = {n: spec.label for n, spec in new.model.inputs.items()}
    changes = tuple(diff_packs(old, new))
    causes = DriftCauses(changes, input_readers(old, new, changes), (old, new))
    ordered = sorted(
        drifts,
        key=lambda r: (r.drift is None, -abs(r.drift.delta) if r.drift else 0, r.assessment.pk),
    )
    rows = []
    for r in ordered:
        d = r.drift
        row: dict[str, Any] = {"a": r.assessment, "commune": r.assessment.commune}
        if d is None:
            row["problem"] = r.problem
        else:
            row.update(
                {
                    "old": old_fmt.fixed(d.old.total.score),
                    "new": new_fmt.fixed(d.new.total.score),
                    "delta": column(d.delta),
                    "trend": "up" if d.delta > 0 else "down" if d.delta < 0 else "",
                    "old_band": d.old.total.band or "—",
                    "new_band": d.new.total.band or "—",
                    "band_changed": r.band_changed,
                    "fields": [_signed_or_blank(column, r.field_delta(f.code)) for f in columns],
                    "movers": [
                        (drift_code(c), c.title, signed(c.delta), drift_split(c, signed))
                        for c in r.movers(MOVERS)
                    ],
                    "detail": _detail(d, labels, causes),
                }
            )
        rows.append(row)
    totals = drift_totals(drifts)
    return {
        "causes": causes,
        "details": any(row.get("detail") for row in rows),
        "drifts": drifts,
        "rows": rows,
        "columns": columns,
        "places": places,
        "totals": totals,
        "mean": signed(totals.mean) if totals.mean is not None else "—",
        "criteria_movers": _criteria_movers(drifts, places),
    }


def _detail(d: Any, labels: dict[str, str], causes: DriftCauses) -> Any:
    """What the commune's detail shows (``None``: nothing moved, nothing missing or left out);
    each criterion's row names the rule changes that moved it."""
    view = drift_view(d, labels, causes)
    return view if view.rows or view.missing or view.ignored else None


def _signed_or_blank(signed: Any, value: Decimal) -> str:
    return signed(value) if value else ""


def _criteria_movers(drifts: list[CommuneDrift], places: int, count: int = 10) -> list[Any]:
    """The criteria that move the province's scores most, as the page shows them: each with its
    mean change of the total and that change's two parts, as each commune's row splits it."""
    signed = functools.partial(Formatter(places, "half_up").signed, fixed=True)  # a column
    return [
        {
            "code": drift_code(m.shown),
            "title": m.shown.title,
            "mark": drift_mark(m.shown),
            "communes": m.communes,
            "mean": signed(m.mean),
            "points": signed(m.points),
            "rescale": signed(m.rescale),
        }
        for m in province_movers(drifts, places)[:count]
    ]


def comparison_about(context: dict[str, Any]) -> list[tuple[str, str]]:
    """What the exported drift table was made from: the province, each pack (as chosen, and its
    SHA-256), the year of the data, how to read the columns, and the page's warnings."""
    about = [("Tỉnh", context["province"].name)]
    for side, choice, ref in (
        ("Gói cũ", context["old_choice"], context["old_ref"]),
        ("Gói mới", context["new_choice"], context["new_ref"]),
    ):
        about += [(side, f"{choice.label} – {ref.title}"), (f"{side}: SHA-256", ref.sha256)]
    about += [
        ("Số liệu của xã", f"năm {context['evidence_year']}"),
        (
            "Cách đọc",
            "Chênh lệch = điểm theo gói mới − điểm theo gói cũ, tính trên cùng số liệu của xã "
            "(không tính điểm tự chấm hay điểm thẩm định); các cột «Lĩnh vực» là phần chênh "
            "lệch do từng lĩnh vực (cộng lại bằng chênh lệch, trừ phần do điểm thưởng, điểm trừ).",
        ),
        (
            "Tiêu chí thay đổi nhiều nhất",
            "Ba tiêu chí làm tổng điểm của xã thay đổi nhiều nhất, mỗi tiêu chí một dòng: mã, phần "
            "thay đổi tổng điểm do tiêu chí, trong ngoặc phần do điểm tiêu chí («do điểm») và phần "
            "do quy đổi thang điểm («do quy đổi»), hoặc «chỉ do điểm», «chỉ do quy đổi» khi phần "
            f"kia bằng 0; mọi tiêu chí của xã ở sheet «{CRITERIA_SHEET}».",
        ),
        (
            "Theo tiêu chí",
            "Mỗi dòng là một tiêu chí làm điểm một xã thay đổi: thay đổi tổng điểm = do điểm tiêu "
            "chí (tiêu chí được điểm khác theo quy tắc mới) + do quy đổi thang điểm (cùng số điểm "
            "nhưng điểm áp dụng hoặc thang điểm khác nên quy đổi ra điểm khác); cộng các dòng của "
            "một xã được phần chênh lệch do các tiêu chí.",
        ),
        (
            MOVERS_SHEET,
            "Mọi tiêu chí làm điểm ít nhất một xã thay đổi, tiêu chí làm điểm các xã thay đổi "
            "nhiều nhất (tổng mức thay đổi) trước; trang web hiện mười tiêu chí đầu. Thay đổi "
            "trung bình của tổng điểm (trên các xã mà tiêu chí làm điểm thay đổi) = do điểm tiêu "
            "chí + do quy đổi thang điểm, như các dòng của từng xã.",
        ),
    ]
    warnings = [*context["pair_warnings"], context["revision_warning"] or ""]
    about += [("Lưu ý", w) for w in warnings if w]
    return about


def drift_table(
    context: dict[str, Any], between: str = "; "
) -> tuple[list[str], list[list[Any]], int]:
    """Headers and rows of the drift table for CSV and Excel (numbers as numbers); the criteria
    that moved a commune most are text, one after another ``between`` (a line each in Excel)."""
    columns = context["columns"]
    signed = Formatter(context["places"], "half_up").signed  # as the page shows them
    headers = [
        "Xã",
        "Điểm theo gói cũ",
        "Điểm theo gói mới",
        "Chênh lệch",
        "Xếp loại theo gói cũ",
        "Xếp loại theo gói mới",
        *[f"Lĩnh vực {f.code}: {f.title}" for f in columns],
        "Tiêu chí thay đổi nhiều nhất",
        "Ghi chú",
    ]
    rows: list[list[Any]] = []
    for r in context["drifts"]:
        name = r.assessment.commune.name
        d = r.drift
        if d is None:
            rows.append(
                [name, None, None, None, None, None, *[None for _ in columns], "", r.problem]
            )
            continue
        movers = between.join(mover_text(c, signed) for c in r.movers(MOVERS))
        rows.append(
            [
                name,
                d.old.total.score,
                d.new.total.score,
                d.delta,
                d.old.total.band or "",
                d.new.total.band or "",
                *[r.field_delta(f.code) for f in columns],
                movers,
                "",
            ]
        )
    return headers, rows, context["places"]


def drift_widths(context: dict[str, Any]) -> dict[int, float]:
    """The drift table's column widths in Excel: field names and the other headers wrap over a
    few lines, the movers (a line each, its two parts on a second line when it has both) and
    notes wrap in their rows, so that it prints one A4 page wide (landscape) with a province's
    fields, nine of them at most (at their default widths it ran pages across)."""
    fields = len(context["columns"])
    return {
        0: 20,
        **dict.fromkeys(range(1, 4), 9),
        4: 11,
        5: 11,
        **dict.fromkeys(range(6, 6 + fields), 9),
        6 + fields: 33,  # a criterion that moved a line: «4.2.1 → 4.2.3: −3,5 (chỉ do điểm)»
        7 + fields: 14,
    }


CRITERIA_SHEET = "Theo tiêu chí"
# the criteria sheet's column widths: names and causes wrap, number headers on two lines, so that
# it prints one A4 page wide (landscape)
CRITERIA_WIDTHS = {2: 36, 3: 14, 4: 10, 5: 10, 6: 10, 7: 10, 8: 11, 9: 36}


def criteria_table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """One row per commune and criterion that moved its score, for CSV and Excel: the points under
    each pack and the change of the total split in its two parts (numbers as numbers)."""
    causes: DriftCauses = context["causes"]
    headers = [
        "Xã",
        "Mã tiêu chí",
        "Tiêu chí",
        "Thay đổi tiêu chí",
        "Điểm theo gói cũ",
        "Điểm theo gói mới",
        "Thay đổi tổng điểm",
        "Do điểm tiêu chí",
        "Do quy đổi thang điểm",
        "Nguyên nhân (thay đổi quy tắc)",
    ]
    rows: list[list[Any]] = []
    for r in context["drifts"]:
        d = r.drift
        for c in d.rows if d is not None else ():
            rows.append(
                [
                    r.assessment.commune.name,
                    drift_code(c),
                    c.title,
                    drift_mark(c),
                    _points(c.old_points, d.old.pack),
                    _points(c.new_points, d.new.pack),
                    c.delta,
                    c.points_delta,
                    c.rescale_delta,
                    causes.of(c),
                ]
            )
    return headers, rows


MOVERS_SHEET = "Toàn tỉnh theo tiêu chí"
# the province's movers sheet: the criterion's name wraps, number headers on two or three lines,
# so that it prints one A4 page wide (landscape)
MOVERS_WIDTHS = {1: 50, 2: 14, 3: 10, 4: 11, 5: 11, 6: 11}


def movers_table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Every criterion that moved a commune's score, those moving the province most first (the
    page shows the first ten), with its mean change of the total and that change's two parts, as
    each commune's row splits it (numbers as numbers), for CSV and Excel."""
    headers = [
        "Mã tiêu chí",
        "Tiêu chí",
        "Thay đổi tiêu chí",
        "Số xã thay đổi",
        "Thay đổi trung bình (điểm)",
        "Do điểm tiêu chí (trung bình)",
        "Do quy đổi thang điểm (trung bình)",
    ]
    rows: list[list[Any]] = [
        [
            drift_code(m.shown),
            m.shown.title,
            drift_mark(m.shown),
            m.communes,
            m.mean,
            m.points,
            m.rescale,
        ]
        for m in province_movers(context["drifts"], context["places"])
    ]
    return headers, rows


def _points(value: Decimal | None, pack: Any) -> Decimal | None:
    """A criterion's points rounded by its pack's rule (as the page shows them)."""
    return round_to(value, pack.places, pack.mode) if value is not None else None


def drift_file_name(context: dict[str, Any], fmt: str, kind: str = "so-sanh-goi") -> str:
    """The exported drift table's file name: the province and each pack's id and revision
    (``so-sanh-goi-thai-nguyen-thai-nguyen-xa-2024-r1-thai-nguyen-xa-2025-r2.csv``), so that two
    revisions of one year's pack are never saved under the same name; ``kind`` names the table
    (``so-sanh-goi-tieu-chi`` for the criteria's rows)."""
    packs = "-".join(
        f"{ascii_slug(ref.id, 60) or ref.year}-r{ref.revision}"
        for ref in (context["old_ref"], context["new_ref"])
    )
    return f"{kind}-{context['province'].slug}-{packs}.{fmt}"


def with_pack_columns(
    headers: list[str], rows: list[list[Any]], context: dict[str, Any]
) -> tuple[list[str], list[list[Any]]]:
    """The drift table with the two packs (id, revision, start of the SHA-256) as its last
    columns: a CSV has no second sheet to say what it was made from, and a header row first keeps
    it one table for Excel and for programs; each row keeps its packs when copied elsewhere."""
    packs = [
        f"{ref.id}, lần sửa {ref.revision}, SHA-256 {ref.sha256[:12]}"
        for ref in (context["old_ref"], context["new_ref"])
    ]
    return [*headers, "Gói cũ", "Gói mới"], [[*row, *packs] for row in rows]
