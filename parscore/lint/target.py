"""Does a criterion's ``target`` text agree with its rule?

The target is the plan's wording ("≥ 99,9% hồ sơ giải quyết đúng hạn"). Its percentages are read
as Vietnamese numbers (decimal comma, dot for thousands; a lone decimal point is accepted too) and
compared with the numbers the rule compares a rate against: tier bounds, linear ``from``/``to`` and
number literals compared with a value in its expressions (a rate may be kept as a fraction: 99,9%
also matches 0.999). Values declared as counts or plain numbers are not rates and are left out.
When the text names percentages and none of them is such a threshold, the two disagree. Dates in the
text (dd/mm or dd/mm/yyyy) are compared with a deadline rule's ``due`` the same way.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation

from ..compiled import CompiledLeaf, CompiledRule
from ..kinds import kind_named
from ..model.pack import InputSpec
from ..numbers import vi_number
from .finding import Finding

__all__ = ["parse_vi_number", "percentages", "target_findings", "thresholds"]

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_PERCENT = re.compile(rf"(?<![\w.,])({_NUMBER})\s*%")
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def parse_vi_number(text: str) -> Decimal | None:
    """``99,9`` → 99.9; ``1.250`` → 1250; ``1.250,5`` → 1250.5; ``99.9`` → 99.9."""
    text = text.strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def percentages(text: str) -> list[Decimal]:
    """The numbers of a text written as percentages, in order."""
    out = []
    for match in _PERCENT.findall(text):
        value = parse_vi_number(match)
        if value is not None:
            out.append(value)
    return out


def thresholds(rule: CompiledRule, inputs: Mapping[str, InputSpec]) -> set[Decimal]:
    """The numbers a rule compares a rate with (for ``best_of``: of every alternative).

    A value that is a declared input of another type than ``percent`` (a count, a number) is
    not a rate, so its thresholds are not compared with percentages.
    """
    out: set[Decimal] = set()
    for alt in rule.alternatives:
        out |= thresholds(alt, inputs)
    expr = rule.expr
    if expr is None:
        return out
    if _rate_like(expr.tree.value, inputs):
        out |= kind_named(rule.kind).rate_thresholds(rule.model)
    for node in ast.walk(expr.tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for a, b in itertools.pairwise(sides):
                for const, other in ((a, b), (b, a)):
                    if isinstance(const, ast.Constant) and _rate_like(other, inputs):
                        number = _constant(const)
                        if number is not None:
                            out.add(number)
    return out


def _rate_like(node: ast.AST, inputs: Mapping[str, InputSpec]) -> bool:
    """Could this value be a rate? Not when it is a declared count, number, bool or date input."""
    if isinstance(node, ast.Constant):
        return False
    if isinstance(node, ast.Name) and node.id in inputs:
        return inputs[node.id].type == "percent"
    return True


def _constant(node: ast.Constant) -> Decimal | None:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        return None
    return Decimal(str(value))


def _deadlines(rule: CompiledRule) -> list[dt.date]:
    dates = [d for alt in rule.alternatives for d in _deadlines(alt)]
    due = kind_named(rule.kind).due(rule.model)
    if due is not None:
        dates.append(due)
    return dates


def target_findings(leaf: CompiledLeaf, inputs: Mapping[str, InputSpec]) -> Iterator[Finding]:
    c = leaf.criterion
    if not c.target:
        return
    path = (*leaf.path, "target")
    wanted = percentages(c.target)
    limits = thresholds(leaf.rule, inputs)
    if wanted and limits and not any(p in limits or p / 100 in limits for p in wanted):
        yield Finding(
            "PL130",
            "warning",
            path,
            # "; " between numbers: "98, 99,5" would read as 98,99 and 5
            f"tiêu chí {c.code}: yêu cầu ghi {'; '.join(vi_number(p) + '%' for p in wanted)} "
            f"nhưng quy tắc chấm dùng ngưỡng {'; '.join(vi_number(t) for t in sorted(limits))}",
            "sửa ngưỡng của quy tắc hoặc câu chữ của yêu cầu cho khớp",
        )
    dues = _deadlines(leaf.rule)
    said = _DAY_MONTH.findall(c.target)
    if dues and said and not any(_same_day(d, m, y, due) for d, m, y in said for due in dues):
        shown = ", ".join("/".join(p for p in parts if p) for parts in said)
        yield Finding(
            "PL131",
            "warning",
            path,
            f"tiêu chí {c.code}: yêu cầu ghi ngày {shown} nhưng hạn chót của quy tắc là "
            + ", ".join(d.strftime("%d/%m/%Y") for d in dues),
            "sửa hạn chót (due) hoặc câu chữ của yêu cầu cho khớp",
        )


def _same_day(day: str, month: str, year: str, due: dt.date) -> bool:
    if int(day) != due.day or int(month) != due.month:
        return False
    return not year or int(year) == due.year
