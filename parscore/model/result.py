"""Result records: what ``score()`` returns, and their JSON form (FORMATS.md §3).

Points are kept exact here; ``to_dict`` rounds reported numbers once, by the pack's rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from typing import Any

from ..numbers import plain, round_to
from .pack import DEFAULT_INDEX_NAME

__all__ = [
    "AdjustmentGroupInfo",
    "AdjustmentLine",
    "EvidenceCheck",
    "LeafResult",
    "NodeResult",
    "PackInfo",
    "Result",
    "ResultWarning",
    "Total",
    "official_stage",
]

STATUSES = ("full", "partial", "zero", "missing", "na", "at_risk")

InputValue = Decimal | bool | dt.date | str  # str: a choice input's option key


@dataclass(frozen=True)
class AdjustmentLine:
    """A bonus or penalty item the evidence lists: the pack's item, the commune's reason and the
    documents whose ``supports`` name the item (what an auditor traces the points to)."""

    side: str  # "bonus" | "penalty"
    code: str
    title: str
    points: Decimal  # the pack's points for the item, before the group's cap
    reason: str
    documents: tuple[str, ...] = ()
    required: int = 0  # documents the pack requires for the item (``evidence:``)
    missing: tuple[str, ...] = ()  # titles of the required documents not there
    counted: bool = True  # False: a bonus left out under strict evidence (documents missing)

    @property
    def evidence(self) -> EvidenceCheck:
        """The required documents against those supporting the item, as a leaf's."""
        found = self.required - len(self.missing)
        return EvidenceCheck(self.required, found, self.missing, self.documents)

    @property
    def at_risk(self) -> bool:
        """A bonus counted now that appraisal would not count (a required document missing)."""
        return self.side == "bonus" and self.counted and bool(self.missing)


@dataclass(frozen=True)
class AdjustmentGroupInfo:
    """A group's cap (``max``) as the pack sets it."""

    side: str
    max: Decimal


@dataclass(frozen=True)
class PackInfo:
    """The pack a result was scored under: identity, rounding and ranking rules."""

    id: str
    revision: int
    sha256: str
    status: str
    title: str
    year: int
    places: int
    mode: str
    adjustments: bool = False  # the pack has bonus or penalty items: totals report them
    index: str = DEFAULT_INDEX_NAME  # the index's name (``pack.index.name``)
    ranking: str = "competition"  # how batch ranks equal scores (``pack.ranking.ties``)

    def r(self, value: Decimal) -> str:
        """A reported number: rounded by the pack's rule, as plain text."""
        return plain(round_to(value, self.places, self.mode))


@dataclass(frozen=True)
class EvidenceCheck:
    """A leaf's required documents against those that support it."""

    required: int
    found: int
    missing: tuple[str, ...]
    documents: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class ResultWarning:
    """A warning of a scoring run (``code``: W0xx), at a criterion or not."""

    code: str
    message: str
    criterion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "criterion": self.criterion, "message": self.message}


@dataclass(frozen=True)
class LeafResult:
    """One scored leaf: its points, maximum, status, inputs and words."""

    code: str
    key: str
    title: str
    max: Decimal
    applicable_max: Decimal
    points: Decimal
    computed: Decimal
    status: str
    kind: str
    inputs: dict[str, InputValue]
    rule: str
    explanation: str
    evidence: EvidenceCheck
    claim: Decimal | None = None
    appraisal: Decimal | None = None
    missing_inputs: tuple[str, ...] = ()
    na_reason: str | None = None
    survey: bool = False
    tracked: bool = False
    met: bool | None = None
    stages: tuple[tuple[str, Decimal | None], ...] = ()  # points by appraisal stage
    appraisal_note: str | None = None  # the appraisers' note
    commune_explanation: str | None = None  # the commune's explanation (giải trình)

    is_leaf = True

    @property
    def lost(self) -> Decimal:
        return self.applicable_max - self.points

    @property
    def at_risk_points(self) -> Decimal:
        """Points that depend on evidence not yet attached."""
        return self.computed if self.status == "at_risk" else Decimal(0)

    @property
    def over_claim(self) -> bool:
        return self.claim is not None and self.claim > self.points

    def walk(self) -> Iterator[LeafResult]:
        yield self

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The fields that have a default, with it (what :meth:`made` needs besides)."""
        return dict(_LEAF_DEFAULTS)

    @classmethod
    def made(cls, values: dict[str, Any], words: tuple[Any, ...] | None = None) -> LeafResult:
        """A leaf from values the engine has already checked (a field left out keeps its
        default; the dict becomes the record's own), without the dataclass ``__init__``. With
        ``words = (write, *args)``, ``rule`` and ``explanation`` are left out and written by
        ``write(values, *args)`` on first access (batch and planner probes never read them);
        ``values`` may hold what ``write`` needs besides under ``"_context"`` (never pickled),
        so that ``words`` itself can be shared between records."""
        leaf = object.__new__(cls)
        if words is not None:
            values["_words"] = words
        object.__setattr__(leaf, "__dict__", values)
        return leaf

    def __getstate__(self) -> dict[str, Any]:
        self.rule  # noqa: B018  (writes the words of a lazy leaf)
        return {k: v for k, v in self.__dict__.items() if k != "_context"}


@dataclass(frozen=True)
class NodeResult:
    """A group of criteria: its children and their summed points."""

    code: str
    key: str
    title: str
    max: Decimal
    applicable_max: Decimal
    points: Decimal
    status: str
    children: tuple[NodeResult | LeafResult, ...]
    tracked: bool = False

    is_leaf = False

    @property
    def lost(self) -> Decimal:
        return self.applicable_max - self.points

    def walk(self) -> Iterator[LeafResult]:
        for child in self.children:
            yield from child.walk()

    @classmethod
    def made(cls, **values: Any) -> NodeResult:
        """A node from values the engine has already checked, without the dataclass ``__init__``."""
        node = object.__new__(cls)
        put = object.__setattr__  # one by one: no per-record dict for the collector to track
        for name, value in values.items():
            put(node, name, value)
        return node


class _LazyWords:
    """``LeafResult.rule`` / ``.explanation`` of a leaf made with ``words``: written on first
    access, then kept in the instance (which a non-data descriptor gives way to)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, leaf: LeafResult | None, owner: type | None = None) -> Any:
        if leaf is None:
            return self
        state = leaf.__dict__
        if self.name not in state:
            words = state.get("_words")
            if words is None:  # another thread has just written them
                return state[self.name]
            state["rule"], state["explanation"] = words[0](state, *words[1:])
            state.pop("_words", None)  # after the words are in place
        return state[self.name]


_LEAF_DEFAULTS = {f.name: f.default for f in fields(LeafResult) if f.default is not MISSING}
setattr(LeafResult, "rule", _LazyWords("rule"))  # noqa: B010  (after the dataclass is made)
setattr(LeafResult, "explanation", _LazyWords("explanation"))  # noqa: B010


class _LaterCriteria:
    """``Result.criteria`` of a result made with ``later`` (:meth:`Result.made`): made on first
    access, then kept in the instance (which a non-data descriptor gives way to)."""

    def __get__(self, result: Result | None, owner: type | None = None) -> Any:
        if result is None:
            return self
        state = result.__dict__
        later = state.get("_later")
        if later is None:  # another thread has just made them
            return state["criteria"]
        made = state.setdefault("criteria", later())  # the first made, if two threads race
        state.pop("_later", None)  # after the records are in place
        return made


@dataclass(frozen=True)
class Total:
    """A commune's total: exact points, the rounded score, band and goal."""

    points: Decimal
    max: Decimal
    applicable_max: Decimal
    score_exact: Decimal
    score: Decimal
    band: str | None
    goal: Decimal | None
    gap: Decimal | None
    goal_met: bool | None
    bonus: Decimal = Decimal(0)  # after the cap
    penalty: Decimal = Decimal(0)  # after the cap

    def to_dict(self, info: PackInfo) -> dict[str, Any]:
        r = info.r
        out: dict[str, Any] = {
            "points": plain(self.points),
            "points_display": r(self.points),
            "max": plain(self.max),
            "applicable_max": plain(self.applicable_max),
            "score": plain(self.score),
            "band": self.band,
            "goal": plain(self.goal) if self.goal is not None else None,
            "gap": plain(self.gap) if self.gap is not None else None,
            "goal_met": self.goal_met,
        }
        if info.adjustments:
            out["bonus"], out["bonus_display"] = plain(self.bonus), r(self.bonus)
            out["penalty"], out["penalty_display"] = plain(self.penalty), r(self.penalty)
        return out


@dataclass(frozen=True)
class Result:
    """What ``score()`` returns: the total, every criterion's record, the warnings."""

    pack: PackInfo
    commune: str
    year: int | None
    as_of: dt.date | None
    strict_evidence: bool
    total: Total
    criteria: tuple[NodeResult | LeafResult, ...]
    warnings: tuple[ResultWarning, ...] = ()
    synthetic: str | None = None
    scale: Decimal = Decimal(100)
    stages: dict[str, Total] = field(default_factory=dict)  # per appraisal stage, in order
    adjustments: tuple[AdjustmentLine, ...] = ()  # the bonus and penalty items listed
    adjustment_groups: tuple[AdjustmentGroupInfo, ...] = ()  # the pack's groups and their caps
    # code or id -> node, made on the first lookup (callers reading only totals never need it)
    _index: dict[str, NodeResult | LeafResult] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def made(
        cls, values: dict[str, Any], later: Callable[[], tuple[NodeResult | LeafResult, ...]]
    ) -> Result:
        """A result from values the engine has already checked, every field but ``criteria``
        given, without the dataclass ``__init__``: ``criteria`` is ``later()``, called on first
        access (by :meth:`leaves`, :meth:`find`, :meth:`to_dict`, equality, pickling…) and then
        kept. ``later`` must give the same records however often it is called (two threads may
        both call it; the first records stored are those every reader gets)."""
        result = object.__new__(cls)
        values["_index"] = {}
        values["_later"] = later
        object.__setattr__(result, "__dict__", values)
        return result

    def __getstate__(self) -> dict[str, Any]:
        self.criteria  # noqa: B018  (makes the records of a result made with ``later``)
        return {k: v for k, v in self.__dict__.items() if k != "_later"}

    def _lookup(self) -> dict[str, NodeResult | LeafResult]:
        index = self._index
        if not index:

            def visit(node: NodeResult | LeafResult) -> None:
                index[node.code] = node
                index.setdefault(node.key, node)
                if isinstance(node, NodeResult):
                    for child in node.children:
                        visit(child)

            for top in self.criteria:
                visit(top)
        return index

    @property
    def official_stage(self) -> str:
        """The stage whose total is official (see :func:`official_stage`)."""
        return official_stage(self.stages)

    @property
    def official(self) -> Total:
        """The official total: the last appraisal round present, else the computed total."""
        return self.stages.get(self.official_stage, self.total)

    def leaves(self) -> Iterator[LeafResult]:
        for top in self.criteria:
            yield from top.walk()

    def find(self, code: str) -> NodeResult | LeafResult | None:
        return self._lookup().get(code)

    def leaf(self, code: str) -> LeafResult:
        node = self._lookup()[code]
        assert isinstance(node, LeafResult)
        return node

    # -- JSON ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        t = self.total
        return {
            "pack": {
                "id": self.pack.id,
                "revision": self.pack.revision,
                "sha256": self.pack.sha256,
                "status": self.pack.status,
            },
            "commune": self.commune,
            "year": self.year,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "strict_evidence": self.strict_evidence,
            "synthetic": self.synthetic,
            "total": t.to_dict(self.pack),
            **self._adjustments_dict(),
            **self._stages_dict(),
            "criteria": [self._node_dict(n) for n in self.criteria],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def _adjustments_dict(self) -> dict[str, Any]:
        """Each bonus and penalty group of the pack: its cap, the listed items' points before
        it (``listed``) and after it (``counted``, the total's ``bonus`` / ``penalty``), and
        every listed item with its points, reason and supporting documents."""
        info = self.pack
        if not info.adjustments:
            return {}
        r = info.r
        out: dict[str, Any] = {}
        for group in self.adjustment_groups:
            lines = [a for a in self.adjustments if a.side == group.side]
            listed = sum((a.points for a in lines), Decimal(0))
            counted = self.total.bonus if group.side == "bonus" else self.total.penalty
            out[group.side] = {
                "max": plain(group.max),
                "listed": plain(listed),
                "listed_display": r(listed),
                "counted": plain(counted),
                "counted_display": r(counted),
                "items": [
                    {
                        "code": a.code,
                        "title": a.title,
                        "points": plain(a.points),
                        "points_display": r(a.points),
                        "reason": a.reason,
                        "documents": list(a.documents),
                        "evidence": {
                            "required": a.required,
                            "found": a.required - len(a.missing),
                            "missing": list(a.missing),
                            "documents": list(a.documents),
                        },
                        "counted": a.counted,
                    }
                    for a in lines
                ],
            }
        return {"adjustments": out}

    def _stages_dict(self) -> dict[str, Any]:
        if not self.stages:
            return {}
        return {
            "stages": {key: total.to_dict(self.pack) for key, total in self.stages.items()},
            "official": self.official_stage,
        }

    def _node_dict(self, node: NodeResult | LeafResult) -> dict[str, Any]:
        r = self.pack.r
        if isinstance(node, NodeResult):
            out: dict[str, Any] = {
                "code": node.code,
                "id": node.key,
                "title": node.title,
                **_points(node, r),
                "status": node.status,
            }
            if node.tracked:
                out["tracked"] = True
            out["children"] = [self._node_dict(c) for c in node.children]
            return out
        leaf: dict[str, Any] = {
            "code": node.code,
            "id": node.key,
            "title": node.title,
            **_points(node, r),
            "status": node.status,
            "kind": node.kind,
            "inputs": {k: input_json(v) for k, v in node.inputs.items()},
            "rule": node.rule,
            "explanation": node.explanation,
            "evidence": {
                "required": node.evidence.required,
                "found": node.evidence.found,
                "missing": list(node.evidence.missing),
                "documents": list(node.evidence.documents),
            },
            "claim": plain(node.claim) if node.claim is not None else None,
            "appraisal": plain(node.appraisal) if node.appraisal is not None else None,
            "over_claim": node.over_claim,
        }
        for key, value in node.stages:
            leaf[key] = plain(value) if value is not None else None
            leaf[f"{key}_display"] = r(value) if value is not None else None
        if node.appraisal_note:
            leaf["appraisal_note"] = node.appraisal_note
        if node.commune_explanation:
            leaf["commune_explanation"] = node.commune_explanation
        if node.status == "at_risk":
            leaf["at_risk_points"] = plain(node.at_risk_points)
        if node.missing_inputs:
            leaf["missing_inputs"] = list(node.missing_inputs)
        if node.na_reason:
            leaf["na_reason"] = node.na_reason
        if node.survey:
            leaf["survey"] = True
            leaf["estimate"] = True
        if node.tracked:
            leaf["tracked"] = True
            leaf["met"] = node.met
        return leaf


setattr(Result, "criteria", _LaterCriteria())  # noqa: B010  (after the dataclass is made)


def _points(node: NodeResult | LeafResult, r: Callable[[Decimal], str]) -> dict[str, str]:
    """Exact points and points lost, with the pack's rounded figures beside them for display."""
    return {
        "points": plain(node.points),
        "points_display": r(node.points),
        "max": plain(node.max),
        "applicable_max": plain(node.applicable_max),
        "lost": plain(node.lost),
        "lost_display": r(node.lost),
    }


def input_json(value: InputValue) -> str | bool:
    """An input value in JSON: exact decimals, dates ISO."""
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):  # a choice input's option key
        return value
    return plain(value)


APPRAISAL_ROUNDS = ("round_2", "round_1")  # latest first


def official_stage(stages: Mapping[str, Total]) -> str:
    """``round_2`` or ``round_1``: the last appraisal round present; else ``computed``. A
    self-assessment alone is the commune's claim, not a result: the computed score stands."""
    return next((key for key in APPRAISAL_ROUNDS if key in stages), "computed")


def input_text(value: InputValue) -> str | bool:
    """An input value as shown in results: exact decimals cut at 4 places, dates ISO."""
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if value == value.to_integral_value():
        return plain(value)
    exp = value.normalize().as_tuple().exponent
    if isinstance(exp, int) and exp >= -4:
        return plain(value)
    return plain(round_to(value, 4, "half_up"))
