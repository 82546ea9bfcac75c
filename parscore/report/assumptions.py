"""The "Giả định" lines of a report: what the pack-wide values rest on, and how many values of the
criteria are official, borrowed, derived or assumed.

Every pack-wide value the pack uses (``pack.sources``) that is not ``official`` is listed with its
citation and note, so that a reader sees each assumption behind the score on the first page.
"""

from __future__ import annotations

from ..model.citation import cite, provenance_counts, used_pack_keys
from ..model.pack import RulePack, Source
from ..vi import SOURCE_STATUS_VI

__all__ = ["pack_assumptions"]

PACK_KEY_VI = {
    "total": "Tổng điểm tối đa",
    "scale": "Thang điểm",
    "rounding": "Làm tròn kết quả",
    "goal": "Mục tiêu mặc định",
    "bands": "Các mức xếp loại",
    "effort": "Mức công sức của từng tiêu chí, chỉ dùng để lập kế hoạch nâng điểm",
    "evidence": "Danh mục tài liệu kiểm chứng",
    "na_allowed": "Tiêu chí xã được khai báo không áp dụng",
}


def pack_assumptions(model: RulePack) -> tuple[str, ...]:
    """One Vietnamese line per pack-wide value not taken from the pack's own decision, then the
    count of the criteria's values by source status."""
    sources: dict[str, Source] = {str(k): v for k, v in model.pack.sources.items()}
    lines = []
    for key in used_pack_keys(model):
        source = sources.get(key)
        label = PACK_KEY_VI[key]
        if source is None:
            lines.append(f"{label}: chưa ghi nguồn.")
        elif source.status != "official":
            note = f" {source.note.rstrip('.')}." if source.note else ""
            status = SOURCE_STATUS_VI[source.status]
            lines.append(f"{label} ({status}): {cite(model, source)}.{note}")
    counts = provenance_counts(model, pack_wide=False)
    total = sum(counts.values())
    if total:
        parts = [f"{counts[s]} {SOURCE_STATUS_VI[s]}" for s in ("official", "borrowed", "derived")]
        parts.append(f"{counts['assumed']} {SOURCE_STATUS_VI['assumed']}")
        if counts["none"]:
            parts.append(f"{counts['none']} chưa ghi nguồn")
        lines.append(
            f"Điểm tối đa, ngưỡng của {total} mục tiêu chí: "
            + ", ".join(parts)
            + " (nguồn của từng tiêu chí ở Phụ lục II)."
        )
    return tuple(lines)
