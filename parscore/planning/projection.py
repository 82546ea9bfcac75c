"""Year-end projection: from year-to-date metrics at the data date, the year's likely result.

Inputs the pack marks ``year_to_date: true`` are counted from 1 January up to ``as_of``. With
``f`` the share of the year elapsed (days from 1 January to ``as_of`` inclusive, over the days of
the pack's year):

- **linear** (theo nhịp hiện tại): the same pace for the rest of the year, ``v / f``; whole
  numbers for counts (half up). Other inputs (rates so far, totals, targets, states) stay.
- **conservative** (thận trọng): totals that other inputs are parts of (dossiers received, tasks
  assigned) keep the linear pace, and a part of such a total keeps its rate so far (on time of
  received), rounded down; every other year-to-date input (done of a fixed plan, initiatives,
  violations) counts the rest of the year at half the pace so far or at the full pace, whichever
  gives the lower total score (good things come slower, bad things no slower); counts are rounded
  down when slower, up when not.

In both, a part never exceeds its whole (``ratio(done, planned)``: done ≤ planned). Each variant is
scored by the engine like any evidence. A criterion is at risk when its conservative projection is
below its maximum; the goal is at risk when the conservative total is below it, by the difference.
Dated tasks whose date is before ``as_of`` and whose criterion is below its maximum are overdue.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

from ..compiled import LoadedPack
from ..expr import Value, decimal_context
from ..frozen_records import frozen_record
from ..kinds import kind_named
from ..leaf_points import LeafPoints
from ..loader import LoadedEvidence
from ..model.pack import Criterion
from ..model.result import LeafResult, Result, Total
from ..part_whole import parts_of
from ..scoring import score
from .year_to_date import paced, year_share

__all__ = ["OverdueTask", "ProjectedInput", "ProjectedLeaf", "Projection", "project_year_end"]

HALF = Decimal("0.5")


@frozen_record
class ProjectedInput:
    name: str
    label: str
    unit: str
    now: Decimal
    linear: Decimal
    conservative: Decimal


@frozen_record
class ProjectedLeaf:
    code: str
    title: str
    max: Decimal
    now: Decimal
    linear: Decimal
    conservative: Decimal

    @property
    def at_risk(self) -> bool:
        return self.conservative < self.max


@frozen_record
class OverdueTask:
    code: str
    title: str
    deadline: dt.date
    points: Decimal
    max: Decimal


@frozen_record
class Projection:
    as_of: dt.date | None
    year_end: dt.date
    elapsed: Decimal  # share of the year elapsed at as_of (exact)
    now: Result
    linear: Result
    conservative: Result
    goal: Decimal
    inputs: tuple[ProjectedInput, ...]
    leaves: tuple[ProjectedLeaf, ...]  # leaves whose projection changes, or stays below max
    overdue: tuple[OverdueTask, ...]
    note: str = ""  # why nothing was projected, when so

    @property
    def goal_at_risk(self) -> bool:
        return self.conservative.total.score < self.goal

    @property
    def shortfall(self) -> Decimal:
        """How far the conservative projection is below the goal (0 when it meets it)."""
        return max(Decimal(0), self.goal - self.conservative.total.score)


def project_year_end(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    strict_evidence: bool = True,
    goal: Decimal | None = None,
) -> Projection:
    """Project the year-to-date inputs to 31 December and score both variants."""
    meta = pack.model.pack
    year = evidence.model.year or meta.year
    year_end = dt.date(year, 12, 31)
    as_of = evidence.model.as_of
    if goal is None:
        goal = evidence.model.goal.total if evidence.model.goal else None
    if goal is None:
        goal = meta.goal.total if meta.goal is not None else meta.scale
    now = score(pack, evidence, strict_evidence=strict_evidence, goal=goal)
    ytd = [n for n, spec in pack.model.inputs.items() if spec.year_to_date]
    declared = [n for n in ytd if isinstance(evidence.metrics.get(n), Decimal)]
    note = ""
    if as_of is None:
        note = "Tệp minh chứng không có ngày số liệu (as_of): không dự báo được."
    elif as_of >= year_end or as_of.year != year:
        note = "Số liệu đã tính đến cuối năm: kết quả cuối năm là kết quả hiện tại."
    elif not ytd:
        note = "Gói quy tắc không đánh dấu số liệu nào là lũy kế từ đầu năm: giữ nguyên số liệu."
    if note or as_of is None:
        overdue = tuple(_overdue(pack, now, as_of)) if as_of is not None else ()
        return Projection(as_of, year_end, Decimal(1), now, now, now, goal, (), (), overdue, note)
    elapsed = year_share(as_of, year)
    run = _Run(pack, evidence, strict_evidence, goal, elapsed)
    linear_metrics = run.clamp({n: run.pace(n, Decimal(1)) for n in declared})
    linear = run.score(linear_metrics)
    chosen: dict[str, Value] = dict(linear_metrics)
    wholes = set(run.parts.values())  # the work that arrives (received, assigned): its own pace
    ratio_kept = {p for p, w in run.parts.items() if p in declared and w in declared}
    for name in (n for n in declared if n not in wholes and n not in ratio_kept):
        slow = run.clamp({**chosen, name: run.pace(name, HALF)})
        full = run.clamp({**chosen, name: run.pace(name, Decimal(1), up=True)})
        slow_score, full_score = run.total(slow).score, run.total(full).score
        chosen = slow if slow_score <= full_score else full
    for name in ratio_kept:  # the rate so far, applied to the projected whole, rounded down
        chosen[name] = run.same_rate(name, chosen)
    chosen = run.clamp(chosen)
    conservative = run.score(chosen)
    inputs = tuple(
        ProjectedInput(
            n,
            pack.model.inputs[n].label,
            pack.model.inputs[n].unit or "",
            _num(evidence.metrics[n]),
            Decimal(linear_metrics[n]),  # type: ignore[arg-type]
            Decimal(chosen[n]),  # type: ignore[arg-type]
        )
        for n in declared
    )
    leaves = tuple(
        ProjectedLeaf(a.code, a.title, a.applicable_max, a.points, b.points, c.points)
        for a, b, c in zip(now.leaves(), linear.leaves(), conservative.leaves(), strict=True)
        if a.status != "na"
        and not a.tracked
        and (a.points != b.points or c.points < a.applicable_max)
        and _reads(pack, a.code, declared)
    )
    return Projection(
        as_of,
        year_end,
        elapsed,
        now,
        linear,
        conservative,
        goal,
        inputs,
        leaves,
        tuple(_overdue(pack, now, as_of)),
    )


class _Run:
    def __init__(
        self,
        pack: LoadedPack,
        evidence: LoadedEvidence,
        strict: bool,
        goal: Decimal,
        elapsed: Decimal,
    ) -> None:
        self.pack, self.evidence, self.strict, self.goal = pack, evidence, strict, goal
        self.elapsed = elapsed
        self.parts = parts_of(pack)
        self._cache: dict[tuple[tuple[str, str], ...], Result] = {}
        self._points: LeafPoints | None = None

    def pace(self, name: str, share: Decimal, *, up: bool = False) -> Decimal:
        """The year-end value when the rest of the year goes at ``share`` of the pace so far."""
        spec = self.pack.model.inputs[name]
        return paced(spec, _num(self.evidence.metrics[name]), self.elapsed, share, up=up)

    def same_rate(self, part: str, metrics: dict[str, Value]) -> Decimal:
        """``part`` at its rate so far of its whole's projected value (rounded down)."""
        whole = self.parts[part]
        now_part = _num(self.evidence.metrics[part])
        now_whole = _num(self.evidence.metrics[whole])
        end_whole = metrics[whole]
        assert isinstance(end_whole, Decimal)
        if now_whole == 0:
            return Decimal(metrics[part])  # type: ignore[arg-type]
        with decimal_context():
            value = end_whole * now_part / now_whole
        if self.pack.model.inputs[part].type == "count":
            return value.to_integral_value(rounding=decimal.ROUND_FLOOR)
        return value.quantize(Decimal("0.01"), rounding=decimal.ROUND_FLOOR)

    def clamp(self, metrics: dict[str, Value]) -> dict[str, Value]:
        """A part never above its whole (the whole as projected, or as declared)."""
        out = dict(metrics)
        for part, whole in self.parts.items():
            if part not in out:
                continue
            limit = out.get(whole, self.evidence.metrics.get(whole))
            value = out[part]
            if isinstance(limit, Decimal) and isinstance(value, Decimal) and value > limit:
                out[part] = limit
        return out

    def total(self, metrics: dict[str, Value]) -> Total:
        """``score(...).total`` of the evidence with ``metrics`` (only the leaves they reach are
        decided again; a result scored already is read)."""
        hit = self._cache.get(tuple(sorted((k, str(v)) for k, v in metrics.items())))
        if hit is not None:
            return hit.total
        if self._points is None:
            self._points = LeafPoints(
                self.pack, self.evidence, strict_evidence=self.strict, goal=self.goal
            )
        return self._points.changed(metrics).total

    def score(self, metrics: dict[str, Value]) -> Result:
        key = tuple(sorted((k, str(v)) for k, v in metrics.items()))
        hit = self._cache.get(key)
        if hit is None:
            changed = self.evidence.with_changes(metrics=metrics)
            hit = score(self.pack, changed, strict_evidence=self.strict, goal=self.goal)
            self._cache[key] = hit
        return hit


def _num(value: Value) -> Decimal:
    assert isinstance(value, Decimal)  # year-to-date inputs are declared numbers (checked above)
    return value


def _reads(pack: LoadedPack, code: str, names: list[str]) -> bool:
    """Whether a leaf depends on any of the projected inputs."""
    return bool(pack.leaves[code].raw_inputs & set(names))


def _overdue(pack: LoadedPack, now: Result, as_of: dt.date) -> list[OverdueTask]:
    """Criteria with a dated deadline before ``as_of`` that are still below their maximum."""
    out: list[OverdueTask] = []
    deadlines = _deadlines(pack)
    for leaf in now.leaves():
        due = deadlines.get(leaf.code)
        if due is None or due >= as_of or leaf.status == "na" or leaf.tracked:
            continue
        if _below(leaf):
            out.append(OverdueTask(leaf.code, leaf.title, due, leaf.points, leaf.applicable_max))
    return out


def _below(leaf: LeafResult) -> bool:
    return leaf.points < leaf.applicable_max


def _deadlines(pack: LoadedPack) -> dict[str, dt.date]:
    """Each leaf's date: its rule's due date (``deadline`` kind: it decides the points), else the
    dated ``deadline`` of the criterion or of the nearest criterion above it."""
    out: dict[str, dt.date] = {}

    def visit(nodes: list[Criterion], inherited: object) -> None:
        for node in nodes:
            deadline = node.deadline if node.deadline is not None else inherited
            if node.children is None:
                if isinstance(deadline, dt.date):
                    out[node.code] = deadline
            else:
                visit(node.children, deadline)

    visit(pack.model.criteria, None)
    for code, leaf in pack.leaves.items():
        due = kind_named(leaf.rule.kind).due(leaf.rule.model)
        if due is not None:
            out[code] = due
    return out
