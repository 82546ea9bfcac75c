"""Reconciliation: what a commune claimed (self-assessment) against what the engine computes from
its own evidence and what the council appraised (round 1, round 2), per criterion and in total.

Every figure comes from one :func:`parscore.scoring.score` of the year's stored evidence (claims
and council points included): a criterion's stage points fall back as the totals use them
(:func:`parscore.stages.leaf_stages`: round 2 ← round 1 ← self-score ← computed), so the
appraised points of a criterion the council left alone are the self-score it accepted.

An **over-claim** is a self-score above the computed points or above the appraised points (the
last round present); its size is the larger of the two excesses. A criterion the commune did not
score itself, or that does not apply, is never an over-claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model.result import Result, Total
from ..scoring import score
from .evidence import load_assessment
from .models import Assessment

__all__ = ["CommuneReconciliation", "CriterionLine", "OverClaimed", "over_claimed", "reconcile"]

ZERO = Decimal(0)


@dataclass(frozen=True)
class CriterionLine:
    code: str
    title: str
    max: Decimal
    claim: Decimal | None  # the commune's own score (None: it did not score this criterion)
    computed: Decimal
    round_1: Decimal | None  # as the round's total counts it (None: no round 1 yet)
    round_2: Decimal | None
    na: bool
    scored: frozenset[int] = frozenset()  # the rounds in which the council typed points

    @property
    def self_points(self) -> Decimal:
        """The self-assessment's points: the claim, else the computed points it accepts."""
        return self.claim if self.claim is not None else self.computed

    @property
    def appraised(self) -> Decimal | None:
        """The points of the last round present."""
        return self.round_2 if self.round_2 is not None else self.round_1

    @property
    def over_computed(self) -> Decimal:
        if self.claim is None or self.na:
            return ZERO
        return max(self.claim - self.computed, ZERO)

    @property
    def over_appraised(self) -> Decimal:
        if self.claim is None or self.na or self.appraised is None:
            return ZERO
        return max(self.claim - self.appraised, ZERO)

    @property
    def over(self) -> Decimal:
        """The size of the over-claim in points (0: none)."""
        return max(self.over_computed, self.over_appraised)


@dataclass(frozen=True)
class CommuneReconciliation:
    assessment: Assessment
    result: Result
    lines: tuple[CriterionLine, ...]

    def stage(self, key: str) -> Total | None:
        """The total of a stage (``self``, ``round_1``, ``round_2``), when the year has it."""
        return self.result.stages.get(key)

    @property
    def self_total(self) -> Total:
        return self.result.stages.get("self", self.result.total)

    @property
    def computed(self) -> Total:
        return self.result.total

    @property
    def official(self) -> Total:
        return self.result.official

    @property
    def over_lines(self) -> list[CriterionLine]:
        return [line for line in self.lines if line.over > 0]

    @property
    def over_total(self) -> Decimal:
        return sum((line.over for line in self.lines), ZERO)

    @property
    def over_computed(self) -> Decimal:
        return sum((line.over_computed for line in self.lines), ZERO)

    @property
    def over_appraised(self) -> Decimal:
        return sum((line.over_appraised for line in self.lines), ZERO)


def reconcile(assessment: Assessment) -> CommuneReconciliation:
    evidence, pack = load_assessment(assessment)
    result = score(pack, evidence)
    typed: dict[str, set[int]] = {}
    for round_, code in assessment.appraised_points.exclude(points="").values_list("round", "code"):
        typed.setdefault(pack.code_of(code) or code, set()).add(round_)
    lines = []
    for leaf in result.leaves():
        if leaf.tracked:
            continue
        stages = dict(leaf.stages)
        lines.append(
            CriterionLine(
                code=leaf.code,
                title=leaf.title,
                max=leaf.max,
                claim=leaf.claim,
                computed=leaf.points,
                round_1=stages.get("round_1"),
                round_2=stages.get("round_2"),
                na=leaf.status == "na",
                scored=frozenset(typed.get(leaf.code, ())),
            )
        )
    return CommuneReconciliation(assessment, result, tuple(lines))


@dataclass(frozen=True)
class OverClaimed:
    """A criterion over-claimed across the province: by how many communes, how many points."""

    code: str
    title: str
    communes: int
    points: Decimal


def over_claimed(rows: Iterable[CommuneReconciliation], count: int = 10) -> list[OverClaimed]:
    """The criteria most often over-claimed (then by points), at most ``count``."""
    found: dict[str, OverClaimed] = {}
    for row in rows:
        for line in row.over_lines:
            seen = found.get(line.code)
            found[line.code] = OverClaimed(
                line.code,
                line.title,
                (seen.communes if seen else 0) + 1,
                (seen.points if seen else ZERO) + line.over,
            )
    ranked = sorted(found.values(), key=lambda o: (-o.communes, -o.points, o.code))
    return ranked[:count]
