"""Totals from exact points: adjustments (bonus and penalty) and appraisal stages.

- :func:`make_total`: score, band, goal and gap from exact leaf points (FORMATS.md §1 "Totals"),
  with the pack's bonus and penalty: ``rescaled points + bonus − penalty``, clamped to
  ``0..scale``, then rounded once by the pack's rule.
- :func:`total_maker`: :func:`make_total` for one pack, its constants read once (what
  ``make_total`` itself runs).
- :func:`adjustment_lines`: the bonus and penalty items an evidence lists, with their reasons and
  whether the documents each requires are there.
- :func:`stage_free`: whether evidence has no appraisal stage at all (the usual case), cheaply.
- :func:`stage_totals`: one full total per appraisal stage the evidence has (``self`` from
  ``claims``, ``round_1`` from ``appraisal``, ``round_2`` from ``appraisal_final``). A stage's leaf
  points are its own value where given, else the stage before it (the first falls back on the
  computed points); not-applicable leaves stay out of every stage.

Bonus and penalty items may require documents (``evidence:``, as a criterion does). With strict
evidence (appraisal), a bonus item whose required documents are not all there is not counted, as
a criterion's points are not; a penalty item always is: it is the appraisers' finding against the
commune, which the commune's documents neither prove nor disprove.

:func:`~parscore.scoring.score` and :func:`~parscore.totals.score_totals` both use these, so a
batch ranks on exactly the totals ``score`` reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Context, Decimal, localcontext
from operator import attrgetter
from typing import Protocol
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .loader import LoadedEvidence
from .model.evidence import STAGE_SECTIONS, Evidence
from .model.pack import AdjustmentItem, Adjustments
from .model.result import AdjustmentLine, EvidenceCheck, ResultWarning, Total
from .numbers import round_to
from .required_documents import documents_check

__all__ = [
    "TotalMaker",
    "adjustment_lines",
    "adjustment_points",
    "bonus_as_points",
    "bonus_at_risk",
    "item_check",
    "leaf_stages",
    "make_total",
    "stage_free",
    "stage_maps",
    "stage_totals",
    "total_maker",
]

ZERO = Decimal(0)
EXACT = Context(prec=200)  # wide enough that sums of engine decimals are exact

NONE = (ZERO, ZERO)  # no bonus, no penalty

StageMaps = tuple[tuple[str, dict[str, Decimal]], ...]


class TotalMaker(Protocol):
    """(evidence, points, applicable, goal, warnings, strict) -> the total, as make_total()
    gives it."""

    def __call__(
        self,
        evidence: LoadedEvidence,
        points: Decimal,
        applicable: Decimal,
        goal: Decimal | None,
        warnings: list[ResultWarning],
        strict: bool = False,
    ) -> Total: ...


_MAKERS: WeakKeyDictionary[LoadedPack, TotalMaker] = WeakKeyDictionary()
_STAGES = attrgetter(*(section for _, section in STAGE_SECTIONS))


def adjustment_points(
    pack: LoadedPack, evidence: LoadedEvidence, *, strict: bool = False
) -> tuple[Decimal, Decimal]:
    """``(bonus, penalty)`` of the items the evidence lists, each capped at its group's ``max``
    (with ``strict``, a bonus item missing a required document is left out)."""
    return _adjustments(pack.model.adjustments, evidence.model, strict)


def bonus_at_risk(
    pack: LoadedPack, evidence: LoadedEvidence, codes: Iterable[str] | None = None
) -> Decimal:
    """The bonus appraisal (strict evidence) does not count for want of documents, within the
    bonus cap: what it would count were the listed bonus items ``codes`` documented (by default
    every one: then it counts what a self-assessment does), less what it counts. What attaching
    an item's documents secures (the planner), and what a self-assessment's total would lose at
    appraisal (the reports' points at risk)."""
    model = evidence.model
    if not model.adjustments:
        return ZERO
    groups = pack.model.adjustments
    documented = frozenset(model.adjustments if codes is None else codes)
    with_them = _adjustments(groups, model, True, documented)[0]
    return with_them - _adjustments(groups, model, True)[0]


def bonus_as_points(bonus: Decimal, applicable: Decimal, scale: Decimal) -> Decimal:
    """The criteria points that raise the total as much as ``bonus`` (the total is the points
    converted from the applicable maximum to the scale, plus the bonus), exact."""
    if not bonus or not applicable:
        return ZERO
    with localcontext(EXACT):
        return bonus * applicable / scale


def _adjustments(
    adjustments: Adjustments,
    model: Evidence,
    strict: bool = False,
    documented: frozenset[str] = frozenset(),
) -> tuple[Decimal, Decimal]:
    """``documented``: items counted as if their documents were all there."""
    declared = model.adjustments
    if not declared:
        return ZERO, ZERO
    out: list[Decimal] = []
    for side, group in (("bonus", adjustments.bonus), ("penalty", adjustments.penalty)):
        if group is None:
            out.append(ZERO)
            continue
        total = sum(
            (
                item.points
                for item in group.items
                if item.code in declared
                and (item.code in documented or _counted(side, item, model, strict))
            ),
            ZERO,
        )
        out.append(min(total, group.max))
    return out[0], out[1]


def item_check(item: AdjustmentItem, model: Evidence) -> EvidenceCheck:
    """An item's required documents against those whose ``supports`` name its code."""
    return documents_check(item.evidence, [d for d in model.documents if item.code in d.supports])


def _counted(side: str, item: AdjustmentItem, model: Evidence, strict: bool) -> bool:
    """Whether a listed item counts: always, but for a bonus item missing a required document
    under strict evidence (as a criterion's points are not counted then)."""
    if not strict or side == "penalty" or not item.evidence:
        return True
    return item_check(item, model).complete


def adjustment_lines(
    pack: LoadedPack, evidence: LoadedEvidence, *, strict: bool = False
) -> tuple[AdjustmentLine, ...]:
    """The items the evidence lists, in the pack's order (bonus first), each with its reason,
    the documents whose ``supports`` name it, the required documents missing and whether it
    counts (``strict``: scored as appraisal does): what the JSON result shows an auditor."""
    model = evidence.model
    declared = model.adjustments
    if not declared:
        return ()
    groups = pack.model.adjustments
    out: list[AdjustmentLine] = []
    for side in ("bonus", "penalty"):
        group = getattr(groups, side)
        for item in group.items if group is not None else ():
            if item.code in declared:
                check = item_check(item, model)
                out.append(
                    AdjustmentLine(
                        side,
                        item.code,
                        item.title,
                        item.points,
                        declared[item.code],
                        check.documents,
                        required=check.required,
                        missing=check.missing,
                        counted=side == "penalty" or not strict or check.complete,
                    )
                )
    return tuple(out)


def make_total(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    points: Decimal,
    applicable: Decimal,
    goal: Decimal | None,
    warnings: list[ResultWarning],
    strict: bool = False,
) -> Total:
    """Score, band, goal and gap from exact points, bonus and penalty included (``strict``:
    a bonus item missing a required document is not counted)."""
    return total_maker(pack)(evidence, points, applicable, goal, warnings, strict)


def total_maker(pack: LoadedPack) -> TotalMaker:
    """:func:`make_total` for ``pack``, with the pack's numbers, bands and goal read once (made
    once per pack). Runs inside the expressions' decimal context."""
    try:
        return _MAKERS[pack]
    except KeyError:
        pass
    meta = pack.model.pack
    scale, top, places, mode = meta.scale, meta.total, meta.rounding.places, meta.rounding.mode
    bands = tuple((b.min, b.label) for b in meta.bands)
    pack_goal = meta.goal.total if meta.goal is not None else None
    adjustments = pack.model.adjustments  # the pack itself is not kept: the cache is weak
    new = object.__new__

    def make(
        evidence: LoadedEvidence,
        points: Decimal,
        applicable: Decimal,
        goal: Decimal | None,
        warnings: list[ResultWarning],
        strict: bool = False,
    ) -> Total:
        model = evidence.model
        if applicable > 0:
            exact = points / applicable * scale
        else:
            exact = ZERO
            warnings.append(
                ResultWarning("W003", "không có tiêu chí nào được áp dụng: không tính được điểm")
            )
        bonus, penalty = _adjustments(adjustments, model, strict) if model.adjustments else NONE
        if bonus or penalty:
            exact = min(max(exact + bonus - penalty, ZERO), scale)
        rounded = round_to(exact, places, mode)
        target = goal
        if target is None and model.goal is not None:
            target = model.goal.total
        if target is None:
            target = pack_goal
        band = None
        for low, label in bands:
            if rounded >= low:
                band = label
                break
        total = new(Total)  # every field given, checked: without the dataclass __init__
        total.__dict__.update(
            points=points,
            max=top,
            applicable_max=applicable,
            score_exact=exact,
            score=rounded,
            band=band,
            goal=target,
            gap=max(target - rounded, ZERO) if target is not None else None,
            goal_met=rounded >= target if target is not None else None,
            bonus=bonus,
            penalty=penalty,
        )
        return total

    _MAKERS[pack] = make
    return make


def stage_free(evidence: LoadedEvidence) -> bool:
    """Whether the evidence has no appraisal stage at all (then :func:`stage_maps` is ``()``)."""
    return not any(_STAGES(evidence.model))


def stage_maps(pack: LoadedPack, evidence: LoadedEvidence) -> StageMaps:
    """Every stage in order with its leaf points by criterion code (ids resolved); empty for
    stages the evidence does not have. Evidence without any stage gives ``()``."""
    model = evidence.model
    for _, section in STAGE_SECTIONS:
        if getattr(model, section):
            break
    else:
        return ()  # the usual case: no stage at all
    out: list[tuple[str, dict[str, Decimal]]] = []
    for key, section in STAGE_SECTIONS:
        given: Mapping[str, Decimal] = getattr(model, section)
        out.append((key, {pack.code_of(code) or code: value for code, value in given.items()}))
    return tuple(out) if any(values for _, values in out) else ()


def leaf_stages(maps: StageMaps, code: str, computed: Decimal) -> tuple[tuple[str, Decimal], ...]:
    """A leaf's points in each stage the evidence has (each falls back on the one before)."""
    value = computed
    out: list[tuple[str, Decimal]] = []
    for key, values in maps:
        value = values.get(code, value)
        if values:
            out.append((key, value))
    return tuple(out)


def stage_totals(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    maps: StageMaps,
    computed: Mapping[str, Decimal | None],
    points: Decimal,
    applicable: Decimal,
    goal: Decimal | None,
    strict: bool = False,
) -> dict[str, Total]:
    """One total per stage present. ``computed`` gives, for every leaf a stage names, its computed
    points (``None`` when not applicable); ``points`` and ``applicable`` are the computed totals;
    ``strict``: bonus items count as in the computed total."""
    if not maps:
        return {}
    named = {code for _, values in maps for code in values}
    deltas: dict[str, Decimal] = {key: ZERO for key, values in maps if values}
    for code in named:
        base = computed.get(code)
        if base is None:
            continue
        for key, value in leaf_stages(maps, code, base):
            deltas[key] += value - base
    return {
        key: make_total(pack, evidence, points + delta, applicable, goal, [], strict)
        for key, delta in deltas.items()
    }
