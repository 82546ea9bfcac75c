"""What the planner returns: fix candidates, what cannot be planned, and the plan itself.

Points and gains are exact ``Decimal`` here; ``to_dict`` rounds reported numbers once, by the
pack's rule (``Result.pack.r``). A gain is on the reported scale: total points gained divided by
the applicable maximum, times the pack's scale (so not-applicable leaves are already rescaled).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from decimal import Decimal
from typing import Any

from ..expr import Value
from ..frozen_records import frozen_record
from ..model.evidence import Document
from ..model.result import Result, input_text
from ..numbers import plain
from ..vi import bonus_title

__all__ = [
    "Blocked",
    "Candidate",
    "CandidateSet",
    "MissingLeaf",
    "Plan",
    "PlannedFix",
    "value_text",
]


def value_text(value: Value) -> str | bool:
    """A metric value as written in JSON and scenario files."""
    return input_text(value)


def deadline_text(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else value


@frozen_record
class Candidate:
    """One way to raise (or secure) one leaf, or to have a bonus item counted: exact input changes,
    documents, and their effect."""

    code: str  # a leaf's, or a bonus item's (its documents attached)
    title: str
    kind: str  # the leaf's scoring kind ("bonus" for a bonus item)
    action: str  # "raise": reach a higher level; "attach": only add missing documents
    requirement: str  # the level's requirement in words ("" for attach)
    metrics: dict[str, Value]  # raw input -> new value
    before: dict[str, Value]  # raw input -> current value
    documents: tuple[Document, ...]
    points_before: Decimal  # the leaf's points now (exact)
    points_after: Decimal  # the leaf's points with this change alone
    computed_after: Decimal  # before strict evidence
    dpoints: Decimal  # total points gained (exact)
    gain: Decimal  # on the reported scale (exact)
    effort: int
    owner: str | None
    deadline: dt.date | str | None
    description: str  # Vietnamese
    secures: Decimal = Decimal(0)  # at-risk points made safe (documents attached)
    affects: tuple[str, ...] = ()  # other leaves whose points this change moves
    score_after: Decimal | None = None  # the reported (rounded) score with this change alone

    @property
    def ratio(self) -> Decimal:
        return self.gain / self.effort

    @property
    def shown_title(self) -> str:
        """The title a plan shows, in its "Tiêu chí" column and in its lists (documents to
        attach): a bonus item's says it is one (``Điểm thưởng: Sáng kiến …``), a criterion's is
        its own."""
        return bonus_title(self.title) if self.kind == "bonus" else self.title

    def shown_gain(self, base: Result) -> Decimal:
        """The gain as the plan's fixes show theirs: the reported score with this change alone
        minus the reported score now (2.1212… points from 84.164 is 84.16 → 86.29: +2.13), so a
        fix reads the same in a ranking and as a plan's first step."""
        if self.score_after is None:
            return Decimal(base.pack.r(self.gain))
        return self.score_after - base.total.score

    def shown_ratio(self, base: Result) -> Decimal:
        """The shown gain per unit of effort, rounded by the pack's rule."""
        return Decimal(base.pack.r(self.shown_gain(base) / self.effort))

    def to_dict(self, result: Result) -> dict[str, Any]:
        r = result.pack.r
        return {
            "code": self.code,
            "title": self.title,
            "action": self.action,
            "change": self.description,
            "set": {k: value_text(v) for k, v in self.metrics.items()},
            "documents": [d.title for d in self.documents],
            "points_before": r(self.points_before),
            "points_after": r(self.points_after),
            "gain": plain(self.shown_gain(result)),
            "score_after": plain(self.score_after) if self.score_after is not None else None,
            "effort": self.effort,
            "secures": r(self.secures),
            "owner": self.owner,
            "deadline": deadline_text(self.deadline),
            "affects": list(self.affects),
        }


@frozen_record
class Blocked:
    """A level a leaf cannot reach this year, and why (a passed deadline, a non-monotone formula…)."""

    code: str
    title: str
    points: Decimal  # the leaf level that cannot be reached
    reason: str  # Vietnamese

    def to_dict(self, result: Result) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "points": plain(self.points),
            "points_display": result.pack.r(self.points),
            "reason": self.reason,
        }


@frozen_record
class MissingLeaf:
    """A leaf scored 0 because inputs are not declared: declare them, then plan again."""

    code: str
    title: str
    inputs: tuple[str, ...]
    stake: Decimal  # the most it could add on the reported scale
    labels: tuple[str, ...] = ()  # the inputs' labels, for people

    def to_dict(self, result: Result) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "missing_inputs": list(self.inputs),
            "stake": plain(self.stake),
            "stake_display": result.pack.r(self.stake),
        }


@frozen_record
class CandidateSet:
    base: Result
    candidates: tuple[Candidate, ...]
    blocked: tuple[Blocked, ...]
    missing: tuple[MissingLeaf, ...]
    strict_evidence: bool

    def for_leaf(self, code: str) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.code == code)

    def ranked(self) -> list[Candidate]:
        """The best candidate of each leaf that gains points, best gain per effort first (as
        shown, then exact: the order reads right with the numbers printed beside it)."""
        order = {c.code: i for i, c in enumerate(self.candidates)}
        gaining = [c for c in self.candidates if c.gain > 0]
        base = self.base
        ranked = sorted(
            gaining,
            key=lambda c: (-c.shown_ratio(base), -c.ratio, -c.gain, order[c.code]),
        )
        best: dict[str, Candidate] = {}
        for c in ranked:
            best.setdefault(c.code, c)
        return list(best.values())


@frozen_record
class PlannedFix:
    candidate: Candidate
    metrics: dict[str, Value]  # what this fix sets (merged with fixes sharing an input)
    gain: Decimal  # reported score after minus reported score before (so gains add up)
    score_after: Decimal  # reported (rounded) score after this fix and all before it
    score_after_exact: Decimal
    change: str  # Vietnamese description, with the merged values
    effort: int  # in the plan: 0 when the fix only uses documents earlier fixes make
    shared_with: tuple[str, ...] = ()  # then: the criteria (or bonus items) whose fixes make them
    shared_words: str = ""  # those in words: ``tiêu chí 3.2.2``, ``mục điểm thưởng T1``

    @property
    def effort_note(self) -> str:
        """Why a fix costs less in the plan than alone: ``dùng chung tài liệu với tiêu chí 3.2.2``
        ("" for most fixes)."""
        if not self.shared_with:
            return ""
        named = self.shared_words or f"tiêu chí {', '.join(self.shared_with)}"
        return f"dùng chung tài liệu với {named}"

    @property
    def effort_text(self) -> str:
        """The effort as a plan's line shows it: ``0 (dùng chung tài liệu với tiêu chí 3.2.2)``."""
        note = self.effort_note
        return f"{self.effort} ({note})" if note else str(self.effort)

    def to_dict(self, result: Result) -> dict[str, Any]:
        c = self.candidate
        return {
            "code": c.code,
            "title": c.title,
            "change": self.change,
            "gain": plain(self.gain),
            "effort": self.effort,
            "shared_with": list(self.shared_with),
            "score_after": plain(self.score_after),
            "owner": c.owner,
            "deadline": deadline_text(c.deadline),
            "set": {k: value_text(v) for k, v in self.metrics.items()},
            "documents": [d.title for d in c.documents],
        }


@frozen_record
class Plan:
    """The least-effort set of fixes reaching ``target`` (or the best reachable score)."""

    target: Decimal
    reachable: bool
    start: Result
    final: Result  # the evidence re-scored with every fix applied together
    fixes: tuple[PlannedFix, ...]
    total_effort: int
    candidates: CandidateSet
    notes: tuple[str, ...] = ()
    metrics: dict[str, Value] = field(default_factory=dict)  # all changes, merged
    documents: tuple[Document, ...] = ()
    counterpart: Result | None = None  # the same fixes scored the other way (see appraisal.py)

    @property
    def appraised(self) -> Result:
        """The plan's final result under appraisal rules (what the council uses)."""
        if self.start.strict_evidence or self.counterpart is None:
            return self.final
        return self.counterpart

    @property
    def self_assessed(self) -> Result:
        """The plan's final result in a self-assessment (missing documents keep their points)."""
        if not self.start.strict_evidence or self.counterpart is None:
            return self.final
        return self.counterpart

    @property
    def start_score(self) -> Decimal:
        return self.start.total.score

    @property
    def final_score(self) -> Decimal:
        return self.final.total.score

    def secure(self) -> list[Candidate]:
        """Documents to attach that secure at-risk points (no score change in self-assessment)."""
        planned = {f.candidate.code for f in self.fixes}  # under appraisal, attaching may be a fix
        return [
            c
            for c in self.candidates.candidates
            if c.action == "attach" and c.secures > 0 and c.code not in planned
        ]

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        base = self.start
        out: dict[str, Any] = {
            "target": plain(self.target),
            "reachable": self.reachable,
            "start_score": plain(self.start_score),
            "final_score": plain(self.final_score),
            "total_effort": self.total_effort,
            "fixes": [f.to_dict(base) for f in self.fixes],
            "pack": {
                "id": base.pack.id,
                "revision": base.pack.revision,
                "sha256": base.pack.sha256,
            },
            "commune": base.commune,
            "as_of": base.as_of.isoformat() if base.as_of else None,
            "strict_evidence": base.strict_evidence,
            "final_band": self.final.total.band,
            "blocked": [b.to_dict(base) for b in self.candidates.blocked],
            "missing": [m.to_dict(base) for m in self.candidates.missing],
            "secure": [c.to_dict(base) for c in self.secure()],
            "notes": list(self.notes),
        }
        if self.counterpart is not None:
            out["self_assessment_score"] = plain(self.self_assessed.total.score)
            out["appraisal_score"] = plain(self.appraised.total.score)
            out["appraisal_goal_met"] = self.appraised.total.goal_met
        if top is not None:
            out["top"] = [c.to_dict(base) for c in self.candidates.ranked()[:top]]
        return out
