"""Rule pack models: the schema of ``rules/<year>.yaml``, validated strictly.

Expressions are kept here as text; :mod:`parscore.loader` compiles them once and keeps the
compiled forms beside the model (see :class:`parscore.loader.LoadedPack`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

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
    task: str | None = (
        None  # a plan task phrase with placeholders, e.g. "Tổ chức thêm {delta} lượt"
    )


class EvidenceRequirement(_Model):
    kind: str | None = None
    title: str


# -- score kinds ---------------------------------------------------------------------------------


class CheckRule(_Model):
    check: str


class TierStep(_Model):
    min: Decimal | None = None
    max: Decimal | None = None
    points: NonNegative

    @model_validator(mode="after")
    def _one_bound(self) -> TierStep:
        if (self.min is None) == (self.max is None):
            raise ValueError("mỗi bậc cần đúng một trong hai khóa 'min' hoặc 'max'")
        return self

    @property
    def bound(self) -> Decimal:
        value = self.min if self.min is not None else self.max
        assert value is not None
        return value


class TiersSpec(_Model):
    of: str
    steps: Annotated[list[TierStep], Field(min_length=1)]

    @property
    def lower_is_better(self) -> bool:
        return self.steps[0].max is not None


class TiersRule(_Model):
    tiers: TiersSpec


class LinearSpec(_Model):
    of: str
    from_: Decimal = Field(alias="from")
    to: Decimal


class LinearRule(_Model):
    linear: LinearSpec


class PerUnitSpec(_Model):
    of: str
    each: NonNegative


class CountRule(_Model):
    count: PerUnitSpec


class DeductRule(_Model):
    deduct: PerUnitSpec


class DeadlineSpec(_Model):
    of: str
    due: dt.date
    late: NonNegative = Decimal(0)


class DeadlineRule(_Model):
    deadline: DeadlineSpec


class FormulaRule(_Model):
    formula: str


def _rule_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return _KIND_OF_MODEL.get(type(value))
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in SCORE_KINDS else None
    return None


SimpleRule = Annotated[
    Annotated[CheckRule, Tag("check")]
    | Annotated[TiersRule, Tag("tiers")]
    | Annotated[LinearRule, Tag("linear")]
    | Annotated[CountRule, Tag("count")]
    | Annotated[DeductRule, Tag("deduct")]
    | Annotated[DeadlineRule, Tag("deadline")]
    | Annotated[FormulaRule, Tag("formula")],
    Discriminator(
        _rule_tag,
        custom_error_type="score_kind",
        custom_error_message="cần đúng một kiểu chấm điểm",
    ),
]


class BestOfRule(_Model):
    best_of: Annotated[list[SimpleRule], Field(min_length=1)]


ScoreRule = Annotated[
    Annotated[CheckRule, Tag("check")]
    | Annotated[TiersRule, Tag("tiers")]
    | Annotated[LinearRule, Tag("linear")]
    | Annotated[CountRule, Tag("count")]
    | Annotated[DeductRule, Tag("deduct")]
    | Annotated[DeadlineRule, Tag("deadline")]
    | Annotated[BestOfRule, Tag("best_of")]
    | Annotated[FormulaRule, Tag("formula")],
    Discriminator(
        _rule_tag,
        custom_error_type="score_kind",
        custom_error_message="cần đúng một kiểu chấm điểm",
    ),
]

_KIND_OF_MODEL: dict[type, str] = {
    CheckRule: "check",
    TiersRule: "tiers",
    LinearRule: "linear",
    CountRule: "count",
    DeductRule: "deduct",
    DeadlineRule: "deadline",
    BestOfRule: "best_of",
    FormulaRule: "formula",
}
SCORE_KINDS: tuple[str, ...] = tuple(_KIND_OF_MODEL.values())


def rule_kind(rule: BaseModel) -> str:
    """The kind name of a score rule model (``tiers``, ``check``…)."""
    return _KIND_OF_MODEL[type(rule)]


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
