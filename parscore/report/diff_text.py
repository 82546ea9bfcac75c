"""``parscore diff`` as terminal text and as Markdown, in Vietnamese."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..compiled import LoadedPack
from ..diffing import (
    KIND_VI,
    Change,
    CriterionDrift,
    Drift,
    DriftCauses,
    Ignored,
    PackDiff,
    PackRef,
    can_move_scores,
    describe,
)
from ..numbers import vi_number
from .diff_words import pair_warnings, read_by, revision_warning, rules_in_words
from .filters import Formatter, md_escape
from .text import _cut

__all__ = [
    "DriftView",
    "change_line",
    "diff_sections",
    "drift_code",
    "drift_mark",
    "drift_split",
    "drift_view",
    "mover_text",
    "render_diff_md",
    "render_diff_text",
]

_STATUS_VI = {"official": "chính thức", "provisional": "tạm thời"}
_SECTIONS = (
    ("pack", "Thông tin gói quy tắc"),
    ("inputs", "Đầu vào và giá trị tính toán"),
    ("criteria", "Tiêu chí"),
)


def pack_line(ref: PackRef) -> str:
    status = _STATUS_VI.get(ref.status, ref.status)
    return f"{ref.id} (lần sửa {ref.revision}, {status}) – {ref.file}"


def diff_sections(diff: PackDiff) -> list[tuple[str, list[Change]]]:
    """Changes grouped as shown: pack fields, inputs, criteria (empty groups left out)."""
    groups: dict[str, list[Change]] = {"pack": [], "inputs": [], "criteria": []}
    for change in diff.changes:
        if change.kind == "pack_changed":
            groups["pack"].append(change)
        elif change.kind.startswith("input_"):
            groups["inputs"].append(change)
        else:
            groups["criteria"].append(change)
    return [(title, groups[name]) for name, title in _SECTIONS if groups[name]]


def change_line(diff: PackDiff, change: Change) -> str:
    """A change in words; an input's or a derived value's that can move scores says which
    criteria read it, so that a criterion's drift is traced to the rule that moved it."""
    text = describe(change, diff.packs)
    if change.kind.startswith("input_") and can_move_scores(change):
        text += read_by(change, diff.readers.get(change.key or "", ()))
    return text


def summary_line(diff: PackDiff) -> str:
    if not diff.changes:
        return "Hai gói quy tắc như nhau: không có thay đổi nào."
    counts = Counter(c.kind for c in diff.changes)
    parts = [f"{n} {KIND_VI[k]}" for k, n in sorted(counts.items(), key=lambda kv: _order(kv[0]))]
    return f"Có {len(diff.changes)} thay đổi: " + "; ".join(parts) + "."


def _order(kind: str) -> int:
    return list(KIND_VI).index(kind)


@dataclass(frozen=True)
class DriftRow:
    """One criterion's line: its code (``3.2.2 → 3.2`` when renumbered), points and delta."""

    code: str
    title: str
    mark: str  # "", "mới" or "đã bỏ"
    old: str
    new: str
    delta: str
    cause: str = ""  # the rule changes that moved it (``điểm tối đa 2,5 → 3,75; …``)
    points: str = ""  # the part of ``delta`` due to the criterion's points («do điểm tiêu chí»)
    rescale: str = ""  # the part due to the rescaling to the reported scale («do quy đổi…»)


@dataclass(frozen=True)
class DriftView:
    """What a reader sees of one commune's drift (numbers already in Vietnamese form)."""

    commune: str
    file: str
    old_score: str
    new_score: str
    old_band: str
    new_band: str
    delta: str
    points_effect: str
    rescale_effect: str
    rounding_effect: str | None
    rows: list[DriftRow]
    adjustment_effect: str | None
    missing: list[str]
    ignored: list[str]
    foreign: str | None  # a warning when the evidence was made for neither pack
    synthetic: str | None = None  # the evidence's own words on which of its values are invented


def drift_code(c: CriterionDrift) -> str:
    """A criterion's code as the drift rows show it: ``3.2.3 → 3.2.2`` when renumbered (a
    removed criterion keeps its old code, which a renumbered one may now have)."""
    return c.code if c.old_code in (None, c.code) else f"{c.old_code} → {c.code}"


def drift_mark(c: CriterionDrift) -> str:
    """``mới`` for a criterion only the new pack has, ``đã bỏ`` for one only the old has; a
    criterion that stops or starts applying says so (its 0 points are not points lost), and one
    that gains or loses sub-criteria is neither new nor removed."""
    if c.change == "matched" and c.old_na != c.new_na:
        return "nay không áp dụng" if c.new_na else "nay được áp dụng"
    if (
        c.regrouped
    ):  # not added or removed: scored directly on one side, by sub-criteria on the other
        return "nay chấm qua tiêu chí con" if c.change == "removed" else "nay chấm trực tiếp"
    return {"added": "mới", "removed": "đã bỏ"}.get(c.change, "")


def drift_split(c: CriterionDrift, signed: Callable[[Decimal], str]) -> str:
    """A criterion's change of the total in its two parts, in short words for one line
    (``do điểm −3,5; do quy đổi +0,37``); when one part is 0 as rounded, the other is the whole
    change and only its name is said (``chỉ do điểm`` for a new criterion, ``chỉ do quy đổi``
    for one whose points did not change), as the criterion's row in the detail shows them."""
    if c.points_delta and c.rescale_delta:
        return f"do điểm {signed(c.points_delta)}; do quy đổi {signed(c.rescale_delta)}"
    if c.points_delta:
        return "chỉ do điểm"
    return "chỉ do quy đổi" if c.rescale_delta else ""


def mover_text(c: CriterionDrift, signed: Callable[[Decimal], str]) -> str:
    """One of the criteria that moved a commune's total most, as the drift table's column
    «Tiêu chí thay đổi nhiều nhất» says it: ``3.2: −2,5 (do điểm −3; do quy đổi +0,5)``."""
    split = drift_split(c, signed)
    return f"{drift_code(c)}: {signed(c.delta)}" + (f" ({split})" if split else "")


def drift_view(d: Drift, labels: dict[str, str], causes: DriftCauses | None = None) -> DriftView:
    old_fmt = Formatter(d.old.pack.places, d.old.pack.mode)
    new_fmt = Formatter(d.new.pack.places, d.new.pack.mode)
    # deltas are already rounded to the larger number of places: this only formats them
    signed = Formatter(max(d.old.pack.places, d.new.pack.places), "half_up").signed
    rows = []
    for c in d.rows:
        old, new = old_fmt.pts(c.old_points), new_fmt.pts(c.new_points)
        cause = causes.of(c) if causes is not None else ""
        rows.append(
            DriftRow(
                drift_code(c),
                c.title,
                drift_mark(c),
                old,
                new,
                signed(c.delta),
                cause,
                signed(c.points_delta),
                signed(c.rescale_delta),
            )
        )
    return DriftView(
        commune=d.commune,
        file=d.file or "",
        old_score=vi_number(d.old.total.score),
        new_score=vi_number(d.new.total.score),
        old_band=d.old.total.band or "—",
        new_band=d.new.total.band or "—",
        delta=signed(d.delta),
        points_effect=signed(d.points_effect),
        rescale_effect=signed(d.rescale_effect),
        rounding_effect=signed(d.rounding_effect) if d.rounding_effect else None,
        rows=rows,
        adjustment_effect=signed(d.adjustment_effect) if d.adjustment_effect else None,
        missing=[
            f"{name} ({labels[name]})" if name in labels else name for name in d.missing_inputs
        ],
        ignored=_ignored_vi(d.ignored),
        foreign=_foreign(d),
        synthetic=d.new.synthetic or d.old.synthetic,
    )


_IGNORED_SIDE_VI = {"both": "cả hai gói", "old": "gói cũ", "new": "gói mới"}
_IGNORED_WHAT_VI = {
    "metric": "số liệu",
    "not_applicable": "khai báo không áp dụng",
    "support": "tài liệu",
    "adjustments": "mục thưởng, trừ",
}


def _ignored_vi(ignored: tuple[Ignored, ...]) -> list[str]:
    """What one pack or the other cannot use, in words: what neither can use, for the same
    reason, once for both packs (first), then the old pack's, then the new pack's (evidence of a
    third pack listed most of its values twice, one list after the other)."""
    sides: dict[tuple[str, str, str], set[str]] = {}
    for i in ignored:
        sides.setdefault((i.what, i.name, i.reason), set()).add(i.side)
    grouped = sorted(
        sides.items(), key=lambda kv: ("both", "old", "new").index(_side(kv[1]))
    )  # stable: each side's items keep their order
    return [
        f"{_IGNORED_SIDE_VI[_side(found)]}: {_IGNORED_WHAT_VI[what]} {name} – {reason}"
        for (what, name, reason), found in grouped
    ]


def _side(found: set[str]) -> str:
    return "both" if len(found) > 1 else next(iter(found))


def _foreign(d: Drift) -> str | None:
    """Why the two scores of this commune are not its own (evidence of another pack)."""
    if not d.of_neither_pack:
        return None
    made = (
        f"minh chứng này lập theo gói {d.evidence_pack}, không phải gói cũ hay gói mới"
        if d.evidence_pack
        else "minh chứng này không ghi gói quy tắc (khóa pack)"
    )
    if d.other_province:
        made += f" (xã thuộc tỉnh {d.other_province}: điểm theo quy tắc của tỉnh khác)"
    return (
        f"Lưu ý: {made}: cả hai điểm đều chấm trên bản chuyển đổi của nó, "
        "mã tiêu chí hiểu như nhau ở mọi gói."
    )


def render_diff_text(
    diff: PackDiff, labels: dict[str, str], packs: tuple[LoadedPack, LoadedPack] | None = None
) -> str:
    """The terminal view: changes by section, then each commune's drift; with the two
    ``packs``, first each changed scoring rule in words under both."""
    lines = [
        "So sánh gói quy tắc",
        f"  Cũ:  {pack_line(diff.old)}",
        f"  Mới: {pack_line(diff.new)}",
    ]
    lines.append(summary_line(diff))
    lines += pair_warnings(diff.old, diff.new)
    if warning := revision_warning(diff.old, diff.new, diff.changes):
        lines.append(warning)
    rules = rules_in_words(*packs, diff.changes) if packs is not None else []
    if rules:
        lines += ["", f"Cách chấm điểm thay đổi ở {len(rules)} tiêu chí"]
    for rule in rules:
        lines += [f"  {rule.code} – {rule.title}", f"    cũ: {rule.old}", f"    mới: {rule.new}"]
    for title, changes in diff_sections(diff):
        lines += ["", f"{title} ({len(changes)})"]
        lines += [f"  - {change_line(diff, c)}" for c in changes]
    if diff.drift:
        lines += ["", f"Ảnh hưởng tới điểm của {len(diff.drift)} xã"]
    causes = DriftCauses(diff.changes, diff.readers, diff.packs)
    for d in diff.drift:
        v = drift_view(d, labels, causes)
        lines += ["", f"{v.commune} ({v.file})"]
        if v.foreign:
            lines.append(f"  {v.foreign}")
        lines.append(
            f"  Điểm: {v.old_score} ({v.old_band}) → {v.new_score} ({v.new_band}): {v.delta}"
        )
        lines.append(
            f"  Trong đó: do điểm tiêu chí {v.points_effect}; do quy đổi thang điểm "
            f"(điểm áp dụng, thang điểm) {v.rescale_effect}"
            + (f"; do điểm thưởng, điểm trừ {v.adjustment_effect}" if v.adjustment_effect else "")
            + (f"; do quy tắc làm tròn {v.rounding_effect}" if v.rounding_effect else "")
        )
        if v.rows:
            lines.append(
                "  Theo tiêu chí (điểm cũ → điểm mới; thay đổi của tổng điểm = do điểm tiêu chí"
                " + do quy đổi thang điểm):"
            )
            width = max(8, *(len(r.code) for r in v.rows))
            for r in v.rows:
                mark = f" ({r.mark})" if r.mark else ""
                title = _cut(r.title, 52 - len(mark)) + mark
                lines.append(
                    f"    {r.code:<{width}} {title:<52} {r.old:>6} → {r.new:<6} {r.delta:>8}"
                    f" = {r.points:>8} {r.rescale:>8}"
                )
                if r.cause:
                    lines.append(f"    {'':<{width}} nguyên nhân: {r.cause}")
        if v.missing:
            lines.append("  Gói mới cần số liệu mà minh chứng chưa có: " + "; ".join(v.missing))
        for item in v.ignored:
            lines.append(f"  Không dùng được với {item}")
    return "\n".join(lines) + "\n"


def render_diff_md(
    diff: PackDiff, labels: dict[str, str], packs: tuple[LoadedPack, LoadedPack] | None = None
) -> str:
    """The same in Markdown (tables for drift), for review threads and reports."""
    lines = [
        "# So sánh gói quy tắc",
        "",
        f"- Cũ: {_md(pack_line(diff.old))}",
        f"- Mới: {_md(pack_line(diff.new))}",
        "",
        summary_line(diff),
    ]
    for pair_warning in pair_warnings(diff.old, diff.new):
        lines += ["", f"**{_md(pair_warning)}**"]
    if warning := revision_warning(diff.old, diff.new, diff.changes):
        lines += ["", f"**{_md(warning)}**"]
    rules = rules_in_words(*packs, diff.changes) if packs is not None else []
    if rules:
        lines += ["", f"## Cách chấm điểm thay đổi ở {len(rules)} tiêu chí", ""]
        lines += ["| Tiêu chí | Cách chấm theo gói cũ | Cách chấm theo gói mới |", "|---|---|---|"]
        lines += [
            f"| {_md(f'{r.code} – {r.title}')} | {_md(r.old)} | {_md(r.new)} |" for r in rules
        ]
    for title, changes in diff_sections(diff):
        lines += ["", f"## {title} ({len(changes)})", ""]
        lines += [f"- {_md(change_line(diff, c))}" for c in changes]
    if diff.drift:
        lines += ["", f"## Ảnh hưởng tới điểm của {len(diff.drift)} xã"]
    causes = DriftCauses(diff.changes, diff.readers, diff.packs)
    for d in diff.drift:
        v = drift_view(d, labels, causes)
        lines += ["", f"### {_md(v.commune)}", "", f"Tệp: `{v.file}`", ""]
        if v.foreign:
            lines += [f"**{_md(v.foreign)}**", ""]
        if v.synthetic:
            lines += [f"**Dữ liệu mẫu (giả lập):** {_md(v.synthetic)}", ""]
        lines.append(
            f"Điểm: **{v.old_score}** ({_md(v.old_band)}) → **{v.new_score}** ({_md(v.new_band)}):"
            f" **{v.delta}**; do điểm tiêu chí {v.points_effect}, do quy đổi thang điểm "
            f"{v.rescale_effect}"
            + (f", do điểm thưởng, điểm trừ {v.adjustment_effect}" if v.adjustment_effect else "")
            + (f", do quy tắc làm tròn {v.rounding_effect}" if v.rounding_effect else "")
        )
        if v.rows:
            lines += [
                "",
                "| Mã | Tiêu chí | Điểm cũ | Điểm mới | Thay đổi tổng điểm | Do điểm tiêu chí "
                "| Do quy đổi thang điểm | Nguyên nhân |",
                "|---|---|---:|---:|---:|---:|---:|---|",
            ]
            lines += [
                f"| {_md(r.code)} | {_md(r.title)}{f' ({r.mark})' if r.mark else ''} | {r.old} | {r.new} | {r.delta} | {r.points} | {r.rescale} | {_md(r.cause)} |"
                for r in v.rows
            ]
        if v.missing:
            lines += ["", "Gói mới cần số liệu mà minh chứng chưa có: " + _md("; ".join(v.missing))]
        if v.ignored:
            lines.append("")
            lines += [f"- Không dùng được với {_md(item)}" for item in v.ignored]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return str(md_escape(text))
