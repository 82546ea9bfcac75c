"""Rule pack models: the schema of ``rules/<year>.yaml``, validated strictly.

Expressions are kept here as text; :mod:`parscore.loader` compiles them once and keeps the
compiled forms beside the model (see :class:`parscore.loader.LoadedPack`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..kinds import ScoreRule, SimpleRule, all_kinds, kind_of
from ..kinds.best_of import BestOfRule
from ..kinds.check import CheckRule
from ..kinds.count import CountRule
from ..kinds.deadline import DeadlineRule
from ..kinds.deduct import DeductRule
from ..kinds.formula import FormulaRule
from ..kinds.linear import LinearRule
from ..kinds.tiers import TiersRule, TiersSpec, TierStep

__all__ = [
    "SCORE_KINDS",
    "Band",
    "BestOfRule",
    "CheckRule",
    "CountRule",
    "Criterion",
    "DeadlineRule",
    "DeductRule",
    "EvidenceRequirement",
    "FormulaRule",
    "Goal",
    "InputSpec",
    "LinearRule",
    "PackMeta",
    "Rounding",
    "RulePack",
    "ScoreRule",
    "SimpleRule",
    "Source",
    "TierStep",
    "TiersRule",
    "TiersSpec",
    "rule_kind",
]

NonNegative = Annotated[Decimal, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(_Model):
    """Where a value came from: ``official`` (the decision), ``derived`` or ``assumed``."""

    ref: str
    status: Literal["official", "derived", "assumed"]
    note: str = ""


class Rounding(_Model):
    places: Annotated[int, Field(ge=0, le=6)] = 2
    mode: Literal["half_up", "half_even", "down", "up", "ceiling", "floor"] = "half_up"


class Goal(_Model):
    total: NonNegative


class Band(_Model):
    min: Decimal
    label: str


class PackMeta(_Model):
    id: str
    title: str
    province: str
    level: Literal["xa", "huyen", "so", "tinh"]
    year: Annotated[int, Field(ge=2000, le=2100)]
    revision: Annotated[int, Field(ge=1)] = 1
    status: Literal["official", "provisional"]
    legal_basis: list[str] = []
    replaces: str | None = None
    total: NonNegative
    scale: Annotated[Decimal, Field(gt=0)] = Decimal(100)
    rounding: Rounding = Rounding()
    goal: Goal | None = None
    bands: list[Band] = []
    note: str = ""


InputType = Literal["count", "number", "percent", "bool", "date"]


class InputSpec(_Model):
    label: str
    type: InputType
    min: Decimal | None = None
    max: Decimal | None = None
    default: Any = None  # checked against ``type`` by the loader (a union would turn 0 into False)
    survey: bool = False
    unit: str | None = None
    note: str = ""
    task: str | None = None  # a plan task phrase with placeholders: "Tổ chức thêm {delta} lượt"
    year_to_date: bool = False  # counted from 1 January up to the data date (projected to year end)


class EvidenceRequirement(_Model):
    kind: str | None = None
    title: str


# -- score kinds: each lives in its own module of parscore.kinds -----------------------------------

SCORE_KINDS: tuple[str, ...] = tuple(k.name for k in all_kinds())


def rule_kind(rule: BaseModel) -> str:
    """The kind name of a score rule model (``tiers``, ``check``…)."""
    return kind_of(rule).name


# -- criteria ------------------------------------------------------------------------------------


class Criterion(_Model):
    """A node of the criteria tree: an inner node has ``children``, a leaf has ``score``."""

    code: str
    id: str | None = None
    title: str
    max: NonNegative
    children: list[Criterion] | None = None
    score: ScoreRule | None = None
    target: str | None = None
    owner: str | None = None
    partners: list[str] = []
    deadline: dt.date | str | None = None
    evidence: list[EvidenceRequirement] = []
    effort: Annotated[int, Field(ge=1, le=5)] = 3
    source: Source | None = None
    applies_if: str | None = None
    na_allowed: bool = False
    survey: bool = False
    tracked: bool = False
    note: str = ""

    @property
    def key(self) -> str:
        """Stable identity across years: ``id`` when given, else ``code``."""
        return self.id or self.code

    @property
    def is_leaf(self) -> bool:
        return self.children is None


class RulePack(_Model):
    pack: PackMeta
    inputs: dict[str, InputSpec] = {}
    derived: dict[str, str] = {}
    criteria: Annotated[list[Criterion], Field(min_length=1)]
