"""How a total with bonus and penalty points (điểm thưởng, điểm trừ) reads, as one sentence
shared by the text output, the reports and the web's score panel: the points converted to the
scale, plus the bonus, minus the penalty, equals the score; and what the pack's caps and the
scale's bounds took off, and which bonus items lack their required documents (not counted under
strict evidence, at risk otherwise). Without it a reader adding up the listed items, or converting
the criteria's points, does not find the total."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from ..numbers import round_to, vi_number, vi_points
from ..stages import bonus_as_points, bonus_at_risk
from ..vi import bonus_cap_words

if TYPE_CHECKING:
    from ..compiled import LoadedPack
    from ..loader import LoadedEvidence
    from ..model.result import AdjustmentLine, Result, Total

__all__ = [
    "Claimed",
    "adjustment_note",
    "at_risk_note",
    "at_risk_title",
    "bonus_risk_codes",
    "bonus_risk_words",
    "caps_words",
    "claimed_adjustments",
    "gaps_words",
    "missing_words",
    "points_at_risk",
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
    # what appraisal gives for each of ``short`` with its documents, within the bonus cap
    short_points: tuple[Decimal, ...] = ()
    at_risk: Decimal = ZERO  # the bonus appraisal leaves out for want of documents (all items)


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


def result_claimed(pack: LoadedPack, result: Result, evidence: LoadedEvidence) -> Claimed:
    """:func:`claimed_adjustments` of the items ``result`` counts (a bonus missing a required
    document is not counted under strict evidence), with the bonus items missing one, what the
    bonus cap leaves of each at appraisal and of them together (``stages.bonus_at_risk``, as the
    planner counts what attaching their documents secures)."""
    found = claimed_adjustments(pack, [a.code for a in result.adjustments if a.counted])
    short = tuple(a for a in result.adjustments if a.side == "bonus" and a.missing)
    if not short:
        return found
    return replace(
        found,
        short=short,
        short_points=tuple(bonus_at_risk(pack, evidence, (a.code,)) for a in short),
        at_risk=bonus_at_risk(pack, evidence),
    )


def points_at_risk(criteria: Decimal, result: Result, claimed: Claimed | None) -> Decimal:
    """The points at risk for want of documents: the criteria's (``criteria``, their
    ``at_risk_points``) and the bonus appraisal leaves out (``claimed.at_risk``), as the criteria
    points that move the total as much (the unit of the criteria's points lost and at risk)."""
    if claimed is None or not claimed.at_risk:
        return criteria
    t = result.total
    return criteria + bonus_as_points(claimed.at_risk, t.applicable_max, result.scale)


def bonus_risk_words(result: Result, claimed: Claimed | None) -> str:
    """What :func:`points_at_risk` includes of the bonus: ``1 điểm thưởng của mục T1`` (``… của
    các mục T1, T2``), with the criteria points it counts as when the total is converted to the
    scale (``, tính bằng 0,2 điểm áp dụng``); "" when it includes none."""
    if claimed is None or not claimed.at_risk:
        return ""
    info, t = result.pack, result.total

    def pts(value: Decimal) -> str:
        return vi_points(value, info.places, info.mode)

    codes = bonus_risk_codes(claimed)
    items = f"mục {codes[0]}" if len(codes) == 1 else "các mục " + ", ".join(codes)
    text = f"{pts(claimed.at_risk)} điểm thưởng của {items}"
    if t.applicable_max != result.scale:
        same = bonus_as_points(claimed.at_risk, t.applicable_max, result.scale)
        text += f", tính bằng {pts(same)} điểm áp dụng"
    return text


def bonus_risk_codes(claimed: Claimed | None) -> list[str]:
    """The bonus items missing a document whose points appraisal would leave out (some of them
    within the bonus cap)."""
    if claimed is None:
        return []
    return [a.code for a, kept in zip(claimed.short, claimed.short_points, strict=True) if kept]


def gaps_words(
    leaves: int, gaps: int, stake: Decimal, result: Result, claimed: Claimed | None
) -> tuple[str, str]:
    """The summary's row of what to act on: its heading and note. ``gaps`` of the ``leaves``
    criteria that apply, and ``stake`` (:func:`points_at_risk` of theirs: with the bonus a listed
    item's documents would still add, within the cap, as criteria points); a pack's bonus items
    that can add points are counted beside the criteria and named as the points at risk name
    them: ``3 trên 40 tiêu chí và 1 mục điểm thưởng; 5,49 điểm có thể tăng hoặc cần giữ (gồm 1
    điểm thưởng của mục T1, tính bằng 0,99 điểm áp dụng)``."""
    info = result.pack
    points = f"{vi_points(stake, info.places, info.mode)} điểm có thể tăng hoặc cần giữ"
    bonus = bonus_risk_words(result, claimed)
    if not bonus:
        return "Tiêu chí cần xử lý", f"trên {leaves} tiêu chí; {points}"
    items = len(bonus_risk_codes(claimed))
    return (
        "Tiêu chí, mục điểm thưởng cần xử lý",
        f"{gaps} trên {leaves} tiêu chí và {items} mục điểm thưởng; {points} (gồm {bonus})",
    )


def at_risk_title(
    strict: bool, criteria: bool = True, bonus: bool = False, short: bool = False
) -> str:
    """The heading over the criteria (``criteria``) and bonus items (``bonus``) lacking documents:
    at risk, or under strict evidence already scored 0 and left out; ``short`` (the web panel's
    list, whose lines name the documents lacking) without the reason."""
    if strict:
        parts = ["tiêu chí bị tính 0 điểm"] if criteria else []
        parts += ["mục điểm thưởng không được cộng"] if bonus else []
        heading = ", ".join(parts) + ("" if short else " do thiếu tài liệu kiểm chứng")
    else:
        subject = ", ".join(
            (["tiêu chí"] if criteria else []) + (["mục điểm thưởng"] if bonus else [])
        )
        heading = f"{subject} có nguy cơ bị trừ điểm"
        heading += "" if short else " (thiếu tài liệu kiểm chứng)"
    return heading[:1].upper() + heading[1:]


def at_risk_note(leaves: int, result: Result, claimed: Claimed | None) -> str:
    """The reports' note on the points at risk: ``do thiếu tài liệu kiểm chứng (2 tiêu chí)``,
    ``(2 tiêu chí; 1 điểm thưởng của mục T1)`` when they include a bonus (``(1 điểm thưởng của
    mục T1)`` when no criterion is at risk). Under strict evidence those criteria are scored 0
    already: none of their points is at risk, and the note says where they went; the points are
    then the bonus left out, named first, in the words above: ``không được cộng do thiếu tài liệu
    kiểm chứng (1 điểm thưởng của mục T1); 2 tiêu chí … đã bị tính 0 điểm (…); bổ sung tài liệu
    để lấy lại``."""
    bonus = bonus_risk_words(result, claimed)
    if result.strict_evidence and (leaves or bonus):
        parts = [f"không được cộng do thiếu tài liệu kiểm chứng ({bonus})"] if bonus else []
        if leaves:
            deducted = sum(
                (leaf.at_risk_points for leaf in result.leaves() if not leaf.tracked), Decimal(0)
            )
            info = result.pack
            parts.append(
                f"{leaves} tiêu chí thiếu tài liệu kiểm chứng đã bị tính 0 điểm"
                f" ({vi_points(deducted, info.places, info.mode)} điểm, đã tính trong điểm bị mất)"
            )
        return "; ".join([*parts, "bổ sung tài liệu để lấy lại"])
    parts = [f"{leaves} tiêu chí"] if leaves or not bonus else []
    return f"do thiếu tài liệu kiểm chứng ({'; '.join([*parts, bonus] if bonus else parts)})"


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

    def _r(value: Decimal) -> Decimal:
        return round_to(value, places, mode)

    def pts(value: Decimal) -> str:
        return vi_points(value, places, mode)

    if not total.bonus and not total.penalty and (claimed is None or not _listed(claimed)):
        if claimed is not None and claimed.short:
            return "; ".join(["chưa có mục thưởng, trừ nào được tính", *_shorts(claimed, pts)])
        return "chưa có mục thưởng, trừ nào được tính"

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
        parts.extend(_shorts(claimed, pts))
    return "; ".join(parts)


def _shorts(claimed: Claimed, pts: Callable[[Decimal], str]) -> Iterator[str]:
    """``mục thưởng T1 (1,5 điểm) không được tính khi thẩm định: thiếu tài liệu kiểm chứng …``
    for each bonus item missing a document; when the bonus cap leaves appraisal less of it, what
    it leaves, in the planner's words: ``1 điểm thưởng của mục T1 (mục T1 được 1,5 điểm, tổng
    điểm thưởng chỉ tính tối đa 2 điểm) có nguy cơ …``."""
    kept = claimed.short_points or tuple(a.points for a in claimed.short)
    cap = claimed.bonus_cap
    for line, points in zip(claimed.short, kept, strict=True):
        flag = missing_words(line)
        if cap is None or points >= line.points:
            yield f"mục thưởng {line.code} ({vi_number(line.points)} điểm) {flag}"
        elif points:
            words = bonus_cap_words(line.code, line.points, cap, pts)
            yield f"{pts(points)} điểm thưởng của mục {line.code} ({words}) {flag}"
        else:
            yield (
                f"mục thưởng {line.code} ({pts(line.points)} điểm; các mục thưởng khác đã đủ tổng"
                f" điểm thưởng tối đa {pts(cap)} điểm) {flag}"
            )


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
