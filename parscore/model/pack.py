"""Rule pack models: the schema of ``rules/<year>.yaml``, validated strictly.

Expressions are kept here as text; :mod:`parscore.loader` compiles them once and keeps the
compiled forms beside the model (see :class:`parscore.loader.LoadedPack`).
"""

# No ``from __future__ import annotations``: pydantic would evaluate every annotation text when
# each model class is made (a third of the cost of making the classes, at every start); the
# annotations are objects here, a forward reference is written as text.

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
    "DEFAULT_INDEX_NAME",
    "PACK_SOURCE_KEYS",
    "SCORE_KINDS",
    "SOURCE_STATUSES",
    "AdjustmentGroup",
    "AdjustmentItem",
    "Adjustments",
    "Band",
    "BestOfRule",
    "CheckRule",
    "Constraint",
    "CountRule",
    "Criterion",
    "DeadlineRule",
    "DeductRule",
    "EvidenceRequirement",
    "FormulaRule",
    "Goal",
    "IndexInfo",
    "InputSpec",
    "LinearRule",
    "PackMeta",
    "Ranking",
    "Rounding",
    "RulePack",
    "ScoreRule",
    "SimpleRule",
    "Source",
    "SourceDocument",
    "TierStep",
    "TiersRule",
    "TiersSpec",
    "rule_kind",
]

NonNegative = Annotated[Decimal, Field(ge=0)]
DEFAULT_INDEX_NAME = "Chỉ số CCHC"


class _Model(BaseModel):
    # Schemas are built at the first validation, not on import: a pack restored from the pack
    # cache (:mod:`parscore.pack_cache`) never builds them.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


SourceStatus = Literal["official", "borrowed", "derived", "assumed"]
SOURCE_STATUSES: tuple[str, ...] = ("official", "borrowed", "derived", "assumed")


class Source(_Model):
    """Where a value came from.

    ``official``: from the pack's own decision (listed in ``legal_basis``); ``borrowed``: an
    official value of another instrument (another level, year or province), named by ``ref``;
    ``derived``: computed from other values; ``assumed``: a reasoned placeholder. ``doc`` names a
    document of ``pack.documents`` and ``ref`` is then the place within it (``Phụ lục, mục 1.2``).
    """

    ref: str
    status: SourceStatus
    doc: str | None = None
    note: str = ""


class SourceDocument(_Model):
    """A document sources cite: ``title`` is what users read; ``file`` is for developers only."""

    title: str
    file: str = ""
    note: str = ""


# Pack-wide values that need a source of their own (``pack.sources``): the result's frame, and
# the leaf keys that no leaf sources one by one (planning effort, evidence lists, na_allowed).
PACK_SOURCE_KEYS: tuple[str, ...] = (
    "total",
    "scale",
    "rounding",
    "goal",
    "bands",
    "effort",
    "evidence",
    "na_allowed",
)
PackSourceKey = Literal[
    "total", "scale", "rounding", "goal", "bands", "effort", "evidence", "na_allowed"
]


class Rounding(_Model):
    places: Annotated[int, Field(ge=0, le=6)] = 2
    mode: Literal["half_up", "half_even", "down", "up", "ceiling", "floor"] = "half_up"


class Goal(_Model):
    total: NonNegative


class Band(_Model):
    min: Decimal
    label: str


class IndexInfo(_Model):
    """The index a pack scores; its name is shown in every output."""

    name: Annotated[str, Field(min_length=1)] = DEFAULT_INDEX_NAME

    @property
    def long_name(self) -> str:
        """The name as report titles spell it: the default written out in full."""
        return long_index_name(self.name)


def long_index_name(name: str) -> str:
    """``Chỉ số CCHC`` written out (``Chỉ số cải cách hành chính``); other names as they are."""
    return "Chỉ số cải cách hành chính" if name == DEFAULT_INDEX_NAME else name


class Ranking(_Model):
    """How ``batch`` ranks equal scores: ``competition`` (1, 2, 2, 4) or ``dense`` (1, 2, 2, 3)."""

    ties: Literal["competition", "dense"] = "competition"


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
    rounding: Rounding = Rounding.model_construct()  # no validation on import: see _Model
    goal: Goal | None = None
    bands: list[Band] = []
    index: IndexInfo = IndexInfo.model_construct()
    ranking: Ranking = Ranking.model_construct()
    note: str = ""
    documents: dict[str, SourceDocument] = {}
    sources: dict[PackSourceKey, Source] = {}


InputType = Literal["count", "number", "percent", "bool", "date", "choice"]


class InputSpec(_Model):
    label: str
    type: InputType
    min: Decimal | None = None
    max: Decimal | None = None
    step: Annotated[Decimal, Field(gt=0)] | None = None  # number/percent: values min + k·step
    options: dict[str, str] | None = None  # choice: option key -> label, in the pack's order
    default: Any = None  # checked against ``type`` by the loader (a union would turn 0 into False)
    survey: bool = False
    unit: str | None = None
    note: str = ""
    task: str | None = None  # a plan task phrase with placeholders: "Tổ chức thêm {delta} lượt"
    year_to_date: bool = False  # counted from 1 January up to the data date (projected to year end)

    def option_key(self, text: str) -> str | None:
        """The option a choice value names: its key, or its label (trimmed, any case)."""
        options = self.options or {}
        if text in options:
            return text
        wanted = text.strip().casefold()
        for key, label in options.items():
            if key.casefold() == wanted or label.strip().casefold() == wanted:
                return key
        return None


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
    children: "list[Criterion] | None" = None
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


# -- pack-level rules ----------------------------------------------------------------------------


class Constraint(_Model):
    """A consistency rule on the evidence (on-time dossiers ≤ dossiers received).

    ``check`` must hold for every evidence that declares all of its names; when it does not, the
    evidence is refused with ``message``, located at the first of ``inputs`` it gives."""

    check: str
    message: Annotated[str, Field(min_length=1)]
    inputs: Annotated[list[str], Field(min_length=1)]


class AdjustmentItem(_Model):
    """One bonus or penalty item, in points on the reported scale. ``evidence``: the documents
    that must back the item, as a criterion's (a bonus without them is not counted under strict
    evidence, at appraisal; a penalty always is)."""

    code: Annotated[str, Field(min_length=1)]
    title: str
    points: Annotated[Decimal, Field(gt=0)]
    evidence: list[EvidenceRequirement] = []
    source: Source | None = None


class AdjustmentGroup(_Model):
    """Bonus (or penalty) items; their total is capped at ``max``."""

    max: NonNegative
    items: list[AdjustmentItem] = []


class Adjustments(_Model):
    bonus: AdjustmentGroup | None = None
    penalty: AdjustmentGroup | None = None

    def item(self, code: str) -> tuple[str, AdjustmentItem] | None:
        """``("bonus" | "penalty", item)`` for an item code."""
        for side in ("bonus", "penalty"):
            group: AdjustmentGroup | None = getattr(self, side)
            for item in group.items if group is not None else ():
                if item.code == code:
                    return side, item
        return None

    def codes(self) -> list[str]:
        return [
            item.code
            for group in (self.bonus, self.penalty)
            if group is not None
            for item in group.items
        ]


class RulePack(_Model):
    pack: PackMeta
    inputs: dict[str, InputSpec] = {}
    derived: dict[str, str] = {}
    constraints: list[Constraint] = []
    adjustments: Adjustments = Adjustments.model_construct()
    criteria: Annotated[list[Criterion], Field(min_length=1)]
