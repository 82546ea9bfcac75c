"""The protocol every scoring kind follows, the records it returns, and small shared helpers.

A scoring kind (``check``, ``tiers``…) lives in one module of this package: its pydantic model,
load-time checks, points, Vietnamese words, planner levels, lint checks, diff fields and schema
descriptions. The engine, planner, lint, diff and schema ask the kind (``kind_of``,
``kind_named`` in :mod:`.registry`) instead of switching on its name.

This package sits just above the expression language: it imports nothing from the loader, the
engine or the commands at run time (their types only, for annotations), so that
:mod:`parscore.model.pack` can build the ``score`` union from the registered kinds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ..expr import EvalError, Expression, Value
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..leaf_direct import DirectCode
    from ..lint.ranges import Range
    from ..model.pack import InputSpec
    from ..wording import Wording

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
    "dump_rule",
    "indent",
    "number",
    "show",
    "vi",
    "vi_date",
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
    """Base of every kind's model: strict keys, frozen, ``from`` written as ``from_``.

    Schemas are built at the first validation (``defer_build``), not on import: a pack restored
    from the pack cache (:mod:`parscore.pack_cache`) never builds them."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


@dataclass(frozen=True)
class Outcome:
    """A rule's outcome with its words: points, rule text and explanation."""

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


class Level(NamedTuple):
    """A level of a rule: the computed points to reach and what it needs (a named tuple: cheaper
    to define at start-up than a frozen dataclass, and as immutable)."""

    points: Decimal  # the leaf's computed points to reach (at least)
    requirement: str  # what the rule needs for it, its expression as written (``x ≥ 3``)
    # the expression the requirement ends bounding (``x`` of ``x ≥ 3``), None when none: in words
    # with the bound in its unit by :meth:`parscore.wording.Wording.requirement`
    measured: Expression | None = None


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

    def number(self, value: Any, of: str | None = None) -> str:
        """A number compared with the value of the expression ``of`` (the rule's own when None),
        in that value's unit (``95%``)."""
        ...

    def expression(self, source: str) -> str:
        """An expression (or a name) of the rule, as people read it."""
        ...

    def option(self, key: str, of: str | None = None) -> str:
        """An option of the choice input ``of`` (the rule's own when None), by its label when
        the pack gives one, else by its key."""
        ...

    def per_unit(self, of: str | None = None) -> str | None:
        """One unit of the value of the expression ``of`` (the rule's own when None) when it
        has a unit (``mỗi hệ thống``), else None."""
        ...

    def rule(self, rule: dict[str, Any] | None) -> str: ...


class ScoreKind:
    """One scoring kind. Subclasses set the class attributes and override what applies."""

    name: ClassVar[str]
    model: ClassVar[type[BaseModel]]
    noun: ClassVar[str]  # the kind in Vietnamese words, for the diff
    kind_words: ClassVar[str] = "theo quy tắc của gói"  # how a leaf is scored, for people
    composite: ClassVar[bool] = False  # made of alternatives (best_of, one_of)
    docs: ClassVar[Docs] = {}  # schema: model name -> title, description and field words
    field_words: ClassVar[dict[str, str]] = {}  # diff: a field of the kind -> Vietnamese
    number_fields: ClassVar[tuple[str, ...]] = ()  # diff: numbers of the rule, by YAML key
    shows_value: ClassVar[bool] = True  # the planner shows "(of: old → new)" for a change
    needs_monotone_check: ClassVar[bool] = False  # free-form: the planner checks monotony first
    counts_violations: ClassVar[bool] = False  # its value is a count of violations (synthetic)
    direct_type: ClassVar[type | None] = Decimal  # the value's type its direct path needs

    # -- loading ---------------------------------------------------------------------------------

    def spec(self, rule: BaseModel) -> Any:
        return getattr(rule, self.name)

    def expression(self, rule: BaseModel, path: KeyPath) -> tuple[str, KeyPath] | None:
        """The expression the kind evaluates and where it is written: the rule's own value
        (``check: EXPR``), else its ``of``."""
        spec = self.spec(rule)
        if isinstance(spec, str):
            return spec, (*path, self.name)
        return spec.of, (*path, self.name, "of")

    def parts(self, rule: BaseModel, path: KeyPath) -> list[tuple[BaseModel, KeyPath]]:
        """Alternatives compiled with the rule (composite kinds)."""
        return []

    def check(self, ctx: LoadContext, rule: BaseModel, path: KeyPath) -> None:
        """Load-time checks of the rule's numbers (report through ``ctx.add``)."""

    # -- scoring ---------------------------------------------------------------------------------

    def plan(self, rule: CompiledRule) -> RulePlan:
        raise NotImplementedError

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        """The rule trace and the Vietnamese explanation of an outcome (``words``: the pack's,
        for the units of its numbers)."""
        raise NotImplementedError

    def direct(
        self, rule: CompiledRule, maximum: str, out: str, code: DirectCode
    ) -> list[str] | None:
        """The direct path (:mod:`parscore.leaf_direct`): lines of plain Python that set the
        local ``out`` to the points :meth:`plan` gives, the rule's values being present
        (``maximum``: the name of the leaf's maximum; ``code``: expressions and constants).
        None: no direct form, the general path scores the rule. By default: the value of
        ``expr`` (of type :attr:`direct_type`), then :meth:`direct_points` of it."""
        found = code.value(rule.expr) if rule.expr is not None else None
        want = self.direct_type
        if found is None or (want is not None and found[2] is not want):
            return None
        value = code.fresh()
        points = self.direct_points(rule, maximum, value, code)
        if points is None:
            return None
        return [*found[0], f"{value} = {found[1]}", f"{out} = {points}"]

    def direct_points(
        self, rule: CompiledRule, maximum: str, value: str, code: DirectCode
    ) -> str | None:
        """The points of the value in the local ``value``, as a Python expression of it and
        constants (``code.const``); None: no direct form."""
        return None

    def direct_absent(self, rule: CompiledRule, code: DirectCode) -> str:
        """The direct path's condition for "the values the rule needs are missing" (as
        :meth:`ready` says): by default, one of the names of ``expr``."""
        return code.absent(rule.expr.names if rule.expr is not None else frozenset())

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        """The whole rule in Vietnamese, from labels and units (what reports and ``explain``
        show instead of the trace)."""
        what = words.expression(rule.expr) if rule.expr is not None else ""
        return f"Chấm theo {what}" if what else "Chấm theo quy tắc của gói"

    def choice_words(self, rule: CompiledRule, choice: int) -> str:
        """Which alternative counted, in words (composite kinds)."""
        return f"phương án {choice + 1}"

    def ready(self, rule: CompiledRule) -> Callable[[Mapping[str, Value]], bool] | None:
        """Whether the values the rule needs are there; None: all names of ``expr``."""
        return None

    def needed(self, rule: CompiledRule, env: Mapping[str, Value]) -> frozenset[str] | None:
        """The names the rule needs with the commune's values ``env``, when fewer than all its
        names (a chosen alternative's); None: all of them."""
        return None

    # -- planner ---------------------------------------------------------------------------------

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        """Every level the rule can give, with its requirement."""
        raise NotImplementedError

    def level_at(
        self, rule: CompiledRule, maximum: Decimal, points: Decimal, choice: int | None
    ) -> Level | None:
        """The highest level at or below ``points``, None when there is none."""
        met = [lv for lv in self.levels(rule, maximum) if lv.points <= points]
        return max(met, key=lambda lv: lv.points) if met else None

    def numbers(self, rule: BaseModel) -> Iterable[Decimal]:
        """Numbers written in the rule that a value is compared with (grid resolution)."""
        return ()

    def due(self, rule: BaseModel) -> dt.date | None:
        """The rule's deadline, when it has one."""
        return None

    def input_step(self, rule: BaseModel) -> tuple[str, Decimal] | None:
        """``(input, step)`` when the kind only accepts that input on the grid 0, step, 2·step…
        (evidence off the grid is refused at load, as for an input's own ``step``)."""
        return None

    def fixed_inputs(self, rule: CompiledRule) -> frozenset[str]:
        """Inputs the planner must not change for this rule (a commune's fixed choice)."""
        return frozenset()

    def levels_for(
        self, rule: CompiledRule, maximum: Decimal, env: Mapping[str, Value]
    ) -> list[Level]:
        """The levels reachable from the commune's values ``env`` (all levels by default)."""
        return self.levels(rule, maximum)

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
        found = self.expression(rule, ())
        return None if found is None else (found[0], str(found[1][-1]))

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        """Changes of the kind's numbers (the expression is compared by the caller; ``nested``
        diffs two inner rules). By default: each of :attr:`number_fields`."""
        a, b = dump_rule(old)[self.name], dump_rule(new)[self.name]
        for field in self.number_fields:
            if a.get(field) != b.get(field):
                yield ("threshold_changed", prefix + field, a.get(field), b.get(field))

    def field_text(self, field: str, old: Any, new: Any, say: RuleWords) -> str | None:
        """A changed field in words, when the kind words it itself (tier steps…)."""
        return None

    def text(self, spec: Any, say: RuleWords) -> str:
        """A whole rule of this kind in words (``spec`` as dumped from the model)."""
        return f"{self.noun} {say.value(spec)}"


def indent(lines: list[str]) -> list[str]:
    """Generated lines one level in."""
    return ["    " + line for line in lines]


def dump_rule(rule: BaseModel | None) -> Any:
    """A rule as plain data, keyed as in the YAML (``{"tiers": {"of": …, "steps": […]}}``)."""
    if rule is None:
        return None
    return rule.model_dump(by_alias=True, exclude_none=True)


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
