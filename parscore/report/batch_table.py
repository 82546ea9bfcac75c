"""Batch results as a table: the Vietnamese terminal view, CSV and JSON.

- Text: one line per commune in rank order, then band counts, the average score and each field's
  average points, then the files that could not be scored.
- CSV: the same table with machine-readable numbers (dot decimal, rounded by the pack's rule),
  UTF-8 with a byte-order mark so that Excel shows Vietnamese letters correctly.
- JSON: ``{"pack", "communes": [{"commune", "file", "score", "band", "rank", "fields",
  "previous", "change"}], "errors": [{"file", "message"}], "bands"}``; numbers are decimal strings.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..batch import BatchSummary, RankedCommune
from ..numbers import plain, vi_number
from ..vi import strict_evidence_rule
from .filters import Formatter
from .table_export import table_csv

__all__ = [
    "adjusted",
    "batch_csv",
    "batch_json",
    "batch_rows",
    "render_batch_text",
    "table_headers",
]


ADJUSTMENT_HEADERS = ("Điểm thưởng", "Điểm trừ")


def adjusted(summary: BatchSummary) -> bool:
    """The pack has bonus or penalty items: the tables show what each score includes."""
    return summary.pack is not None and summary.pack.adjustments


def table_headers(summary: BatchSummary) -> list[str]:
    fields = [
        f"Lĩnh vực {f.code} (tối đa {vi_number(summary.rounded(f.max))})" for f in summary.fields
    ]
    return [
        "Hạng",
        "Xã",
        "Tỉnh",
        "Điểm",
        "Xếp loại",
        *fields,
        *(ADJUSTMENT_HEADERS if adjusted(summary) else ()),
        "Điểm năm trước",
        "Thay đổi",
        "Tệp",
    ]


def batch_rows(summary: BatchSummary) -> list[list[Any]]:
    """One row per commune (rank order), numbers as Decimals rounded by the pack's rule; the
    score, band and field points are the official ones (those the ranks use)."""
    rows: list[list[Any]] = []
    with_adjustments = adjusted(summary)
    for c in summary.communes:
        t = c.score.totals.official
        points = [c.field_points(f.code) for f in summary.fields]
        rows.append(
            [
                c.rank,
                c.score.commune,
                c.score.province or "",
                t.score,
                t.band or "",
                *[summary.rounded(p) if p is not None else None for p in points],
                *(
                    (summary.rounded(t.bonus), summary.rounded(t.penalty))
                    if with_adjustments
                    else ()
                ),
                c.previous.totals.official.score if c.previous is not None else None,
                c.change,
                c.score.file,
            ]
        )
    return rows


def batch_csv(summary: BatchSummary, *, excel_vi: bool = False) -> bytes:
    return table_csv(table_headers(summary), batch_rows(summary), excel_vi=excel_vi)


def batch_json(summary: BatchSummary) -> dict[str, Any]:
    pack = summary.pack
    return {
        "pack": (
            None
            if pack is None
            else {
                "id": pack.id,
                "revision": pack.revision,
                "sha256": pack.sha256,
                "status": pack.status,
            }
        ),
        "communes": [_commune_json(summary, c) for c in summary.communes],
        "errors": [{"file": e.file, "message": e.message} for e in summary.errors],
        "bands": dict(summary.bands),
    }


def _commune_json(summary: BatchSummary, c: RankedCommune) -> dict[str, Any]:
    t = c.score.totals.official
    fields: dict[str, str] = {}  # exact points
    shown: dict[str, str] = {}  # rounded by the pack's rule
    for f in summary.fields:
        p = c.field_points(f.code)
        if p is not None:
            fields[f.code] = plain(p)
            shown[f.code] = plain(summary.rounded(p))
    change = c.change
    out = {
        "commune": c.score.commune,
        "file": c.score.file,
        "score": plain(t.score),
        "band": t.band,
        "rank": c.rank,
        "fields": fields,
        "fields_display": shown,
        "previous": plain(c.previous.totals.official.score) if c.previous is not None else None,
        "change": plain(change) if change is not None else None,
    }
    if adjusted(summary):
        out["bonus"], out["penalty"] = plain(t.bonus), plain(t.penalty)
    return out


# -- text ----------------------------------------------------------------------------------------


def _width(text: str) -> int:
    return len(unicodedata.normalize("NFC", text))


def _pad(text: str, width: int, right: bool = False) -> str:
    text = unicodedata.normalize("NFC", text)
    if len(text) > width:
        text = text[: width - 1] + "…"
    gap = " " * (width - len(text))
    return gap + text if right else text + gap


def render_batch_text(summary: BatchSummary) -> str:
    lines = _heading(summary)
    if summary.communes:
        name_w = min(40, max([8, *(_width(c.score.commune) for c in summary.communes)]))
        band_w = max([8, *(_width(label) for label in summary.band_order)])
        has_previous = any(c.previous is not None for c in summary.communes)
        with_adjustments = adjusted(summary)
        head = f"{'Hạng':>5}  {_pad('Xã', name_w)}  {'Điểm':>7}  {_pad('Xếp loại', band_w)}"
        if with_adjustments:
            head += f"  {'Thưởng / trừ':>14}"
        if has_previous:
            head += f"  {'Năm trước':>9}  {'Thay đổi':>8}"
        head = head.rstrip()
        lines += ["", head, "-" * _width(head)]
        fixed = _column_points(summary)  # the pack's places always written: columns line up
        for c in summary.communes:
            t = c.score.totals.official
            line = (
                f"{c.rank:>5}  {_pad(c.score.commune, name_w)}  {fixed.fixed(t.score):>7}  "
                f"{_pad(t.band or '—', band_w)}"
            )
            if with_adjustments:
                shown = f"+{fixed.fixed(t.bonus)} / −{fixed.fixed(t.penalty)}"
                line += f"  {shown:>14}"
            if has_previous:
                before = c.previous.totals.official.score if c.previous is not None else None
                change = fixed.signed(c.change, fixed=True) if c.change is not None else "—"
                line += f"  {fixed.fixed(before):>9}  {change:>8}"
            lines.append(line.rstrip())
        lines.append("")
        lines.append("Xếp loại: " + "; ".join(f"{label} {n}" for label, n in summary.bands.items()))
        if summary.average_score is not None:
            lines.append(f"Điểm trung bình: {vi_number(summary.rounded(summary.average_score))}")
        if summary.averages:
            lines.append("Điểm trung bình theo lĩnh vực:")
            for f in summary.fields:
                avg = summary.averages.get(f.code)
                if avg is not None:
                    lines.append(
                        f"  {f.code:<4} {_pad(f.title, 52)} {fixed.fixed(avg):>7}"
                        f" / {fixed.fixed(f.max)}"
                    )
    if summary.errors:
        lines.append("")
        lines.append(f"Không chấm được {len(summary.errors)} tệp (xem lỗi ở trên).")
    return "\n".join(lines) + "\n"


def _column_points(summary: BatchSummary) -> Formatter:
    """How the ranking's columns of points read: by the pack's rule, its places always written."""
    pack = summary.pack
    return Formatter(pack.places if pack else 2, pack.mode if pack else "half_up")


def _heading(summary: BatchSummary) -> list[str]:
    pack = summary.pack
    lines = [f"Xếp hạng {summary.index_name} các xã"]
    if pack is not None:
        lines[0] += f" – {pack.title}"
        lines.append(f"Gói quy tắc: {pack.id} (lần sửa {pack.revision})")
        if pack.status == "provisional":
            lines.append(
                "  ⚠ Gói quy tắc TẠM THỜI: một số điểm, ngưỡng chưa lấy từ quyết định chính thức."
            )
    scored = len(summary.communes)
    synthetic = sum(1 for c in summary.communes if c.score.totals.synthetic)
    lines.append(f"Số xã được chấm: {scored}; số tệp lỗi: {len(summary.errors)}")
    if synthetic:
        lines.append(
            f"  ⚠ {synthetic} xã dùng dữ liệu tổng hợp (giả lập), không phải số liệu thật."
        )
    if any(c.score.totals.strict_evidence for c in summary.communes):
        lines.append(f"Chế độ thẩm định: {strict_evidence_rule(adjusted(summary))}.")
    if summary.previous_count:
        matched = sum(1 for c in summary.communes if c.previous is not None)
        lines.append(
            f"So với năm trước: {matched}/{scored} xã tìm được kết quả năm trước "
            f"(theo tên xã và tỉnh, {summary.previous_count} tệp năm trước)."
        )
        if other := summary.previous_packs():
            lines.append(f"  ⚠ {previous_packs_note(other)}")
    return lines


def previous_packs_note(packs: list[str]) -> str:
    """Why a change since last year is not the commune's alone: the rules changed too."""
    return (
        f"Năm trước chấm theo gói {', '.join(packs)}: cột «Thay đổi» gồm cả phần do quy tắc "
        "thay đổi; tách riêng bằng: parscore diff <gói năm trước> <gói năm nay> "
        "--evidence <tệp năm nay>."
    )
