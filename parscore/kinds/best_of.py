"""``best_of: [rule, …]`` — alternative ways to earn the points: the best alternative counts
(alternatives whose data is missing are skipped)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, Field

from ..expr import EvalError, Value
from ..numbers import short as plain  # texts: at most 4 decimal places
from ..numbers import vi_short as vi_number
from ..yamlio import KeyPath
from .base import (
    BoundsOf,
    Docs,
    KindModel,
    Level,
    Lint,
    Nested,
    Outcome,
    RuleChange,
    RulePlan,
    RuleWords,
    Scored,
    ScoreKind,
    dump_rule,
    indent,
)
from .registry import describe, kind_named, register, rule_levels, rule_plan

if TYPE_CHECKING:
    from ..compiled import CompiledRule
    from ..leaf_direct import DirectCode
    from ..wording import Wording

    SimpleRule = BaseModel  # at run time: the union of simple kinds (see kinds/__init__.py)

__all__ = ["BestOfRule"]


class BestOfRule(KindModel):
    best_of: Annotated[list[SimpleRule], Field(min_length=1)]


class BestOf(ScoreKind):
    name = "best_of"
    model = BestOfRule
    noun = "phương án cao nhất"
    kind_words = "lấy phương án có điểm cao nhất"
    composite = True
    docs: ClassVar[Docs] = {
        "BestOfRule": (
            "best_of",
            "Lấy phương án có điểm cao nhất (các cách đạt thay thế nhau).",
            {"best_of": "Các phương án chấm; lấy phương án cao điểm nhất."},
        ),
    }

    def expression(self, rule: BaseModel, path: KeyPath) -> None:
        return None

    def parts(self, rule: BaseModel, path: KeyPath) -> list[tuple[BaseModel, KeyPath]]:
        assert isinstance(rule, BestOfRule)
        return [(alt, (*path, "best_of", i)) for i, alt in enumerate(rule.best_of)]

    def plan(self, rule: CompiledRule) -> RulePlan:
        alternatives = []
        for alt in rule.alternatives:
            assert alt.expr is not None
            alternatives.append((alt.expr.names, rule_plan(alt)))

        def best_of(maximum: Decimal, env: Mapping[str, Value]) -> Scored:
            keys = env.keys()
            parts: list[Scored | None] = []
            best: Scored | None = None
            best_index = -1
            for i, (names, run) in enumerate(alternatives):
                if not names <= keys:
                    parts.append(None)
                    continue
                scored = run(maximum, env)
                parts.append(scored)
                if best is None or scored.points > best.points:
                    best, best_index = scored, i
            if best is None:
                raise EvalError("không phương án nào của best_of có đủ dữ liệu")
            return Scored(best.points, None, best.met, best_index, None, tuple(parts))

        return best_of

    def direct(
        self, rule: CompiledRule, maximum: str, out: str, code: DirectCode
    ) -> list[str] | None:
        best = code.fresh()
        lines = [f"{best} = None"]
        for alt in rule.alternatives:  # alternatives whose data is missing are skipped
            assert alt.expr is not None
            points = code.fresh()
            with code.branch():
                inner = code.rule(alt, maximum, points)
            if inner is None:
                return None
            lines.append(f"if not ({code.absent(alt.expr.names)}):")
            lines += indent([*inner, f"if {best} is None or {points} > {best}: {best} = {points}"])
        return [*lines, f"if {best} is None: {code.bail}", f"{out} = {best}"]

    def direct_absent(self, rule: CompiledRule, code: DirectCode) -> str:
        names = [alt.expr.names for alt in rule.alternatives if alt.expr is not None]
        return " and ".join(f"({code.absent(n)})" for n in names)  # no alternative has its data

    def ready(self, rule: CompiledRule) -> Callable[[Mapping[str, Value]], bool]:
        names = tuple(a.expr.names for a in rule.alternatives if a.expr is not None)
        return lambda env: any(n <= env.keys() for n in names)

    def describe(
        self, rule: CompiledRule, maximum: Decimal, scored: Scored, words: Wording
    ) -> Outcome:
        assert scored.choice is not None
        best_index = scored.choice
        parts = ["—" if part is None else plain(part.points) for part in scored.parts]
        winner = scored.parts[best_index]
        assert winner is not None
        best = describe(rule.alternatives[best_index], maximum, winner, words)
        return Outcome(
            best.points,
            f"best_of: max({', '.join(parts)}) → {plain(best.points)}"
            f" (#{best_index + 1}: {best.rule})",
            f"Lấy phương án có điểm cao nhất (phương án {best_index + 1}): {best.explanation}",
            met=best.met,
            choice=best_index,
        )

    def rule_words(self, rule: CompiledRule, maximum: Decimal, words: Wording) -> str:
        alts = [
            f"({i}) {kind_named(alt.kind).rule_words(alt, maximum, words)}"
            for i, alt in enumerate(rule.alternatives, 1)
        ]
        return "Lấy phương án có điểm cao nhất: " + "; ".join(alts)

    def levels(self, rule: CompiledRule, maximum: Decimal) -> list[Level]:
        out: list[Level] = []
        for i, alt in enumerate(rule.alternatives, start=1):
            out.extend(
                Level(lv.points, f"phương án {i}: {lv.requirement}", lv.measured)
                for lv in rule_levels(alt, maximum)
            )
        return sorted(out, key=lambda lv: lv.points)

    def level_at(
        self, rule: CompiledRule, maximum: Decimal, points: Decimal, choice: int | None
    ) -> Level | None:
        if choice is None:
            return super().level_at(rule, maximum, points, choice)
        alt = rule.alternatives[choice]
        inner = kind_named(alt.kind).level_at(alt, maximum, points, None)
        if inner is None:
            return None
        return Level(inner.points, f"phương án {choice + 1}: {inner.requirement}", inner.measured)

    def reach(
        self, code: str, maximum: Decimal, rule: CompiledRule, bounds_of: BoundsOf, path: KeyPath
    ) -> Iterator[Lint]:
        reachable = False
        for i, alt in enumerate(rule.alternatives):
            where = (*path, "best_of", i)
            found = list(kind_named(alt.kind).reach(code, maximum, alt, bounds_of, where))
            yield from (f for f in found if f.code != "PL102")
            reachable |= not any(f.code in ("PL102", "PL103", "PL105") for f in found)
        if not reachable and maximum > 0:
            yield Lint(
                "PL102",
                "error",
                path,
                f"không phương án nào của tiêu chí {code} đạt được điểm tối đa {vi_number(maximum)}",
                "sửa ngưỡng hoặc điểm của ít nhất một phương án",
            )

    def changes(
        self, old: BaseModel, new: BaseModel, prefix: str, nested: Nested
    ) -> Iterator[RuleChange]:
        assert isinstance(old, BestOfRule) and isinstance(new, BestOfRule)
        for i in range(max(len(old.best_of), len(new.best_of))):
            a = old.best_of[i] if i < len(old.best_of) else None
            b = new.best_of[i] if i < len(new.best_of) else None
            where = f"{prefix}best_of[{i}]"
            if a is None or b is None:
                yield ("rule_changed", where, dump_rule(a), dump_rule(b))
            elif a != b:
                yield from nested(a, b, where + ".")

    def text(self, spec: Any, say: RuleWords) -> str:
        return f"{self.noun}: " + " | ".join(say.rule(alt) for alt in spec)


register(BestOf())
