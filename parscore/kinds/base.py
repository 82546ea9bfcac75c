"""The protocol every scoring kind follows, the records it returns, and the registry.

A scoring kind (``check``, ``tiers``…) lives in one module of this package: its pydantic model,
load-time checks, points, Vietnamese words, planner levels, lint checks, diff fields and schema
descriptions. The engine, planner, lint, diff and schema ask the kind (:func:`kind_of`,
:func:`kind_named`) instead of switching on its name.

This package sits just above the expression language: it imports nothing from the loader, the
engine or the commands at run time (their types only, for annotations), so that
:mod:`parscore.model.pack` can build the ``score`` union from the registered kinds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NamedTuple, Protocol, Union
from weakref import WeakKeyDictionary

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from ..expr import EvalError, Value
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..lint.ranges import Range
    from ..model.pack import InputSpec

__all__ = [
    "EXPR_WORDS",
    "ORDER",
    "BoundsOf",
    "Docs",
    "KindModel",
    "Level",
    "Lint",
    "LoadContext",
    "Nested",
    "NonNegative",
    "Outcome",
    "RuleChange",
    "RulePlan",
    "RuleWords",
    "ScoreKind",
    "Scored",
    "all_kinds",
    "apply_rule",
    "describe",
    "dump_rule",
    "kind_named",
    "kind_of",
    "register",
    "rule_levels",
    "rule_plan",
    "rule_points",
    "rule_ready",
    "rule_union",
]

ZERO = Decimal(0)
ONE = Decimal(1)
NonNegative = Annotated[Decimal, Field(ge=0)]
EXPR_WORDS = (
    "Biểu thức: chỉ dùng tên đầu vào đã khai báo và các hàm min, max, abs, round, clamp, ratio,"
    " days_between, year."
)

# The kinds in the order the schema, the messages and the documentation list them.
ORDER = (
    "check",
    "tiers",
    "linear",
    "count",
    "deduct",
    "deadline",
    "best_of",
    "formula",
    "graded",
    "pick",
    "one_of",
)


class KindModel(BaseModel):
    """Base of every kind's model: strict keys, frozen, ``from`` written as ``from_``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


@dataclass(frozen=True)
class Outcome:
    points: Decimal
    rule: str
    explanation: str
    met: bool | None = None
    choice: int | None = None  # best_of / one_of: which alternative counted (0-based)


@dataclass(slots=True)
class Scored:
    """The numbers of one rule's outcome, without words: what batch totals need.

    ``value`` is the evaluated ``of``/``check``/``formula`` value; ``step`` the index of the tier
    (or option) that held (None when none did); ``parts`` each alternative (None: its data
    missing). Made on the hot path with positional arguments (faster than keywords).
    """

    points: Decimal
    value: Value | None = None
    met: bool | None = None
    choice: int | None = None
    step: int | None = None
    parts: tuple[Scored | None, ...] = ()


@dataclass(frozen=True)
class Level:
    points: Decimal  # the leaf's computed points to reach (at least)
    requirement: str  # Vietnamese: what the rule needs for it


class Lint(NamedTuple):
    """A lint finding of a kind, before :class:`parscore.lint.finding.Finding` wraps it."""

    code: str
    severity: str
    path: KeyPath
    message: str
    hint: str = ""


Docs = dict[str, tuple[str, str, dict[str, str]]]  # model name -> (title, description, fields)
RulePlan = Callable[[Decimal, Mapping[str, Value]], Scored]
RuleChange = tuple[str, str, Any, Any]  # kind, field, old, new
Nested = Callable[[Any, Any, str], Iterator[RuleChange]]  # the diff of two nested rules
BoundsOf = Callable[["CompiledRule"], "Range | None"]  # declared range of a rule's value


@dataclass(frozen=True)
class LoadContext:
    """What a kind's load-time checks see: the leaf's maximum, the declared inputs, and where
    to report a problem (``add(code, path, message, hint)``)."""

    maximum: Decimal
    inputs: Mapping[str, InputSpec]
    add: Callable[..., None]


class RuleWords(Protocol):
    """How the diff writes values and whole rules in Vietnamese (given to :meth:`ScoreKind.text`)."""

    def value(self, value: Any) -> str: ...

    def rule(self, rule: dict[str, Any] | None) -> str: ...


class ScoreKind:
    """One scoring kind. Subclasses set the class attributes and override what applies."""

    name: ClassVar[str]
    model: ClassVar[type[BaseModel]]
    noun: ClassVar[str]  # the kind in Vietnamese words, for the diff
    composite: ClassVar[bool] = False  # made of alternatives (best_of, one_of)
    docs: ClassVar[Docs] = {}  # schema: model name -> title, description and field words
    field_words: ClassVar[dict[str, str]] = {}  # diff: a field of the kind -> Vietnamese
    shows_value: ClassVar[bool] = True  # the planner shows "(of: old → new)" for a change
    needs_monotone_check: ClassVar[bool] = False  # free-form: the planner checks monotony first
    counts_violations: ClassVar[bool] = False  # its value is a count of violations (synthetic)

    # -- loading ---------------------------------------------------------------------------------

    def spec(self, rule: BaseModel) -> Any:
        return getattr(rule, self.name)

    def expression(self, rule: BaseModel, path: KeyPath) -> tuple[str, KeyPath] | None:
        """The expression the kind evaluates and where it is written (``of`` by default)."""
        return self.spec(rule).of, (*path, self.name, "of")

    def parts(self, rule: BaseModel, path: KeyPath) -> list[tuple[BaseModel, KeyPath]]:
        """Alternatives compiled with the rule (composite kinds)."""
        return []

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        """Load-time checks of the rule's numbers (report through ``ctx.add``)."""

    # -- scoring ---------------------------------------------------------------------------------

    def plan(self, rule: CompiledRule) -> RulePlan:
        raise NotImplementedError

    def describe(self, rule: CompiledRule, maximum: Decimal, scored: Scored) -> Outcome:
        raise NotImplementedError

    def ready(self, rule: CompiledRule) -> Callable[[Mapping[str, Value]], bool] | None:
        """Whether the values the rule needs are there; None: all names of ``expr``."""
        return None

    # -- planner ---------------------------------------------------------------------------------

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        """Every level the rule can give, with its requirement in words."""
        raise NotImplementedError

    def requirement(
        self, rule: CompiledRule, maximum: Decimal, points: Decimal, choice: int | None
    ) -> str:
        """The requirement of the highest level at or below ``points``."""
        met = [lv for lv in self.levels(rule, maximum) if lv.points <= points]
        return max(met, key=lambda lv: lv.points).requirement if met else ""

    def numbers(self, rule: BaseModel) -> Iterable[Decimal]:
        """Numbers written in the rule that a value is compared with (grid resolution)."""
        return ()

    def due(self, rule: BaseModel) -> dt.date | None:
        """The rule's deadline, when it has one."""
        return None

    def grid(self, rule: BaseModel, name: str) -> tuple[Value, ...] | None:
        """The values input ``name`` may take for this rule, when the kind fixes them."""
        return None

    # -- lint ------------------------------------------------------------------------------------

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        """Steps that never apply, maxima never reached (PL1xx)."""
        return iter(())

    def rate_thresholds(self, rule: BaseModel) -> set[Decimal]:
        """Numbers the rule compares its value with, when that value may be a rate."""
        return set()

    # -- schema ----------------------------------------------------------------------------------

    def schema(self, defs: dict[str, Any]) -> None:
        """Adjust the JSON Schema definitions of the kind's models (beyond the descriptions)."""

    # -- diff ------------------------------------------------------------------------------------

    def expression_field(self, rule: BaseModel) -> tuple[str, str] | None:
        """The rule's expression text and its field name, for the diff (None: it has none)."""
        return self.spec(rule).of, "of"

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        """Changes of the kind's numbers (the expression is compared by the caller; ``nested``
        diffs two inner rules)."""
        return iter(())

    def field_text(self, field: str, old: Any, new: Any, say: RuleWords) -> str | None:
        """A changed field in words, when the kind words it itself (tier steps…)."""
        return None

    def text(self, spec: Any, say: RuleWords) -> str:
        """A whole rule of this kind in words (``spec`` as dumped from the model)."""
        return f"{self.noun} {say.value(spec)}"


_KINDS: dict[str, ScoreKind] = {}
_BY_MODEL: dict[type, ScoreKind] = {}


def register(kind: ScoreKind) -> ScoreKind:
    assert kind.name in ORDER, kind.name
    _KINDS[kind.name] = kind
    _BY_MODEL[kind.model] = kind
    return kind


def kind_named(name: str) -> ScoreKind:
    return _KINDS[name]


def kind_of(rule: BaseModel) -> ScoreKind:
    """The kind of a score rule model."""
    return _BY_MODEL[type(rule)]


def all_kinds() -> tuple[ScoreKind, ...]:
    """Registered kinds, in :data:`ORDER`."""
    return tuple(_KINDS[n] for n in ORDER if n in _KINDS)


def dump_rule(rule: BaseModel | None) -> Any:
    """A rule as plain data, keyed as in the YAML (``{"tiers": {"of": …, "steps": […]}}``)."""
    if rule is None:
        return None
    return rule.model_dump(by_alias=True, exclude_none=True)


def _rule_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        kind = _BY_MODEL.get(type(value))
        return kind.name if kind is not None else None
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in _KINDS else None
    return None


def rule_union(*, simple: bool) -> Any:
    """The tagged union of the kinds registered so far (``simple``: without composite kinds)."""
    members = tuple(
        Annotated[k.model, Tag(k.name)] for k in all_kinds() if not (simple and k.composite)
    )
    return Annotated[
        Union[members],  # noqa: UP007 - a union built from a tuple
        Discriminator(
            _rule_tag,
            custom_error_type="score_kind",
            custom_error_message="cần đúng một kiểu chấm điểm",
        ),
    ]


# -- small helpers shared by the kinds -------------------------------------------------------------


def show(value: Value) -> str:
    """A value in the compact rule trace."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return plain(value)


def vi(value: Value) -> str:
    """A value in Vietnamese words."""
    if isinstance(value, bool):
        return "đúng" if value else "sai"
    if isinstance(value, dt.date):
        return vi_date(value)
    if isinstance(value, str):
        return f"«{value}»"
    return vi_number(value)


def number(value: Value, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise EvalError(f"{what} phải là một số, nhận được {vi(value)}")
    return value


def vi_date(value: dt.date) -> str:
    """``31/12/2025`` (as :func:`parscore.vi.vi_date`, which this package cannot import)."""
    return value.strftime("%d/%m/%Y")


# -- asking the kind of a compiled rule --------------------------------------------------------------

# Each rule is prepared once into a function of (maximum, env): its numbers (tier bounds, from/to,
# due date…) are read from the pack model once instead of on every commune.
_PLANS: WeakKeyDictionary[CompiledRule, RulePlan] = WeakKeyDictionary()


def rule_plan(rule: CompiledRule) -> RulePlan:
    """The prepared function behind :func:`rule_points` (made once per rule)."""
    run = _PLANS.get(rule)
    if run is None:
        run = _PLANS[rule] = _KINDS[rule.kind].plan(rule)
    return run


def rule_points(rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]) -> Scored:
    """The points of one rule, without the words. Raises EvalError."""
    return rule_plan(rule)(maximum, env)


def describe(rule: CompiledRule, maximum: Decimal, scored: Scored) -> Outcome:
    """The rule trace and the Vietnamese explanation of an outcome computed by rule_points."""
    return _KINDS[rule.kind].describe(rule, maximum, scored)


def apply_rule(rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]) -> Outcome:
    """Score one rule against ``maximum`` with the values in ``env``. Raises EvalError."""
    return describe(rule, maximum, rule_points(rule, maximum, env))


def rule_ready(rule: CompiledRule, env: Mapping[str, Value]) -> bool:
    """Whether ``env`` holds the values the rule needs to be scored."""
    ready = _KINDS[rule.kind].ready(rule)
    if ready is not None:
        return ready(env)
    return rule.expr is not None and rule.expr.names <= env.keys()


def rule_levels(rule: CompiledRule, maximum: Decimal) -> list[Level]:
    """Every level a rule can give (see :meth:`ScoreKind.levels`)."""
    return _KINDS[rule.kind].levels(rule, maximum)
