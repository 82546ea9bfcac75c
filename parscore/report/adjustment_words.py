"""How a total with bonus and penalty points (điểm thưởng, điểm trừ) reads, as one sentence
shared by the text output, the reports and the web's score panel: the points converted to the
scale, plus the bonus, minus the penalty, equals the score; and what the pack's caps and the
scale's bounds took off, and which bonus items lack their required documents (not counted under
strict evidence, at risk otherwise). Without it a reader adding up the listed items, or converting
the criteria's points, does not find the total."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from ..numbers import round_to, vi_number, vi_points

if TYPE_CHECKING:
    from ..compiled import LoadedPack
    from ..model.result import AdjustmentLine, Result, Total

__all__ = [
    "Claimed",
    "adjustment_note",
    "caps_words",
    "claimed_adjustments",
    "missing_words",
    "result_claimed",
]

ZERO = Decimal(0)


@dataclass(frozen=True)
class Claimed:
    """The listed items' points before the pack's caps, and the caps (``None``: no such group);
    ``short``: the listed bonus items missing a required document."""

    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    short: tuple[AdjustmentLine, ...] = ()


def claimed_adjustments(pack: LoadedPack, codes: Iterable[str]) -> Claimed:
    """The sums of the items ``codes`` names (an evidence's ``adjustments``), before the caps."""
    groups = pack.model.adjustments
    listed = set(codes)
    sums = []
    for group in (groups.bonus, groups.penalty):
        items = group.items if group is not None else []
        sums.append(sum((i.points for i in items if i.code in listed), ZERO))
    return Claimed(
        sums[0],
        sums[1],
        groups.bonus.max if groups.bonus is not None else None,
        groups.penalty.max if groups.penalty is not None else None,
    )


def result_claimed(pack: LoadedPack, result: Result) -> Claimed:
    """:func:`claimed_adjustments` of the items ``result`` counts (a bonus missing a required
    document is not counted under strict evidence), with the bonus items missing one."""
    found = claimed_adjustments(pack, [a.code for a in result.adjustments if a.counted])
    short = tuple(a for a in result.adjustments if a.side == "bonus" and a.missing)
    return replace(found, short=short)


def missing_words(line: AdjustmentLine) -> str:
    """What a listed item's missing documents mean: ``không được tính khi thẩm định: thiếu …``
    (a bonus left out), ``có nguy cơ không được tính khi thẩm định: thiếu …`` (a bonus counted
    now), ``điểm trừ vẫn được tính dù thiếu …`` (a penalty); empty when none is missing."""
    if not line.missing:
        return ""
    missing = "; ".join(line.missing)
    if line.side == "penalty":
        return f"điểm trừ vẫn được tính dù thiếu tài liệu kiểm chứng: {missing}"
    if not line.counted:
        return f"không được tính khi thẩm định: thiếu tài liệu kiểm chứng {missing}"
    return f"có nguy cơ không được tính khi thẩm định: thiếu tài liệu kiểm chứng {missing}"


def adjustment_note(
    total: Total, scale: Decimal, places: int, mode: str, claimed: Claimed | None = None
) -> str:
    """``86,79 + 3 − 0,5 = 89,29; các mục thưởng cộng lại 3,5 điểm, chỉ tính tối đa 3 điểm``.

    The first figure is the criteria's points converted to the scale, rounded as the score is;
    the score itself is rounded once, after the bonus and penalty, so where rounding the parts
    differs from rounding the sum the sentence says so. A score held at the scale's bounds
    (0 and the scale) says that too."""
    if not total.bonus and not total.penalty and (claimed is None or not _listed(claimed)):
        if claimed is not None and claimed.short:
            return "; ".join(
                ["chưa có mục thưởng, trừ nào được tính"] + [_short(a) for a in claimed.short]
            )
        return "chưa có mục thưởng, trừ nào được tính"

    def _r(value: Decimal) -> Decimal:
        return round_to(value, places, mode)

    def pts(value: Decimal) -> str:
        return vi_points(value, places, mode)

    rescaled = total.points / total.applicable_max * scale if total.applicable_max else ZERO
    unbounded = rescaled + total.bonus - total.penalty
    sentence = f"{pts(rescaled)} + {pts(total.bonus)} − {pts(total.penalty)} = {pts(total.score)}"
    if unbounded > scale:
        sentence += f" (điểm không vượt quá {pts(scale)})"
    elif unbounded < 0:
        sentence += " (điểm không thấp hơn 0)"
    elif _r(rescaled) + _r(total.bonus) - _r(total.penalty) != total.score:
        sentence += " (làm tròn một lần, sau khi cộng, trừ)"
    parts = [sentence]
    if claimed is not None:
        if claimed.bonus_cap is not None and claimed.bonus > claimed.bonus_cap:
            parts.append(
                f"các mục thưởng cộng lại {pts(claimed.bonus)} điểm,"
                f" chỉ tính tối đa {pts(claimed.bonus_cap)} điểm"
            )
        if claimed.penalty_cap is not None and claimed.penalty > claimed.penalty_cap:
            parts.append(
                f"các mục trừ cộng lại {pts(claimed.penalty)} điểm,"
                f" chỉ trừ tối đa {pts(claimed.penalty_cap)} điểm"
            )
        parts.extend(_short(a) for a in claimed.short)
    return "; ".join(parts)


def _short(line: AdjustmentLine) -> str:
    """``mục thưởng T1 (1,5 điểm) không được tính khi thẩm định: thiếu tài liệu kiểm chứng …``"""
    return f"mục thưởng {line.code} ({vi_number(line.points)} điểm) {missing_words(line)}"


def _listed(claimed: Claimed) -> bool:
    return bool(claimed.bonus or claimed.penalty)


def caps_words(claimed: Claimed, places: int, mode: str) -> str:
    """``điểm thưởng tối đa 3 điểm; điểm trừ tối đa 3 điểm`` (the pack's caps)."""
    parts = []
    if claimed.bonus_cap is not None:
        parts.append(f"điểm thưởng tối đa {vi_points(claimed.bonus_cap, places, mode)} điểm")
    if claimed.penalty_cap is not None:
        parts.append(f"điểm trừ tối đa {vi_points(claimed.penalty_cap, places, mode)} điểm")
    return "; ".join(parts)
