"""The runtime of the expression language: its functions and operators, on exact decimals.

Kept apart from :mod:`parscore.expr` (parsing, checking, translating) so each stays small; both the
translated functions and the reference evaluator (simpleeval) call these.
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = ["ARITY", "FUNCTIONS", "OPERATORS", "EvalError"]


class EvalError(Exception):
    """A run-time problem with particular values (division by zero, wrong kinds of value)."""


# -- functions -----------------------------------------------------------------------------------


def _num(x: Any, fn: str) -> Decimal:
    if type(x) is Decimal:  # the usual case (Decimal(x) would only copy it)
        return x
    if isinstance(x, bool) or not isinstance(x, Decimal | int):
        raise EvalError(f"hàm {fn}() cần một số, nhận được {_kind(x)}")
    return Decimal(x)


def _date(x: Any, fn: str) -> dt.date:
    if not isinstance(x, dt.date):
        raise EvalError(f"hàm {fn}() cần một ngày, nhận được {_kind(x)}")
    return x


def _kind(x: Any) -> str:
    if isinstance(x, bool):
        return "giá trị đúng/sai"
    if isinstance(x, dt.date):
        return "ngày"
    if isinstance(x, Decimal | int):
        return "số"
    return type(x).__name__


def _min(*args: Any) -> Any:
    if not args:
        raise EvalError("hàm min() cần ít nhất một đối số")
    return min(args)


def _max(*args: Any) -> Any:
    if not args:
        raise EvalError("hàm max() cần ít nhất một đối số")
    return max(args)


def _abs(x: Any) -> Decimal:
    return abs(_num(x, "abs"))


def _round(x: Any, places: Any = 0) -> Decimal:
    n = int(_num(places, "round"))
    if not 0 <= n <= 12:
        raise EvalError("hàm round() chỉ làm tròn tới 0–12 chữ số thập phân")
    return _num(x, "round").quantize(Decimal(1).scaleb(-n), rounding=decimal.ROUND_HALF_UP)


def _clamp(x: Any, lo: Any, hi: Any) -> Decimal:
    v, a, b = _num(x, "clamp"), _num(lo, "clamp"), _num(hi, "clamp")
    return min(max(v, a), b)


def _ratio(a: Any, b: Any) -> Decimal:
    num, den = _num(a, "ratio"), _num(b, "ratio")
    return Decimal(0) if den == 0 else num / den


def _days_between(d1: Any, d2: Any) -> Decimal:
    return Decimal((_date(d2, "days_between") - _date(d1, "days_between")).days)


def _year(d: Any) -> Decimal:
    return Decimal(_date(d, "year").year)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": _min,
    "max": _max,
    "abs": _abs,
    "round": _round,
    "clamp": _clamp,
    "ratio": _ratio,
    "days_between": _days_between,
    "year": _year,
}

ARITY: dict[str, tuple[int, int]] = {
    "min": (1, 20),
    "max": (1, 20),
    "abs": (1, 1),
    "round": (1, 2),
    "clamp": (3, 3),
    "ratio": (2, 2),
    "days_between": (2, 2),
    "year": (1, 1),
}


# -- operators -----------------------------------------------------------------------------------


def _arith(fn: Callable[[Any, Any], Any], sym: str) -> Callable[[Any, Any], Any]:
    def op(a: Any, b: Any) -> Any:
        if type(a) is Decimal and type(b) is Decimal:  # the usual case: no date to refuse
            return fn(a, b)
        if isinstance(a, dt.date) or isinstance(b, dt.date):
            raise EvalError(f"không thể dùng phép '{sym}' với ngày; dùng days_between(d1, d2)")
        if isinstance(a, str) or isinstance(b, str):  # a choice's text: never computed with
            raise EvalError(f"không thể dùng phép '{sym}' với một lựa chọn (chuỗi văn bản)")
        return fn(a, b)

    return op


def _pow(a: Any, b: Any) -> Decimal:
    return _num(a, "**") ** _num(b, "**")


OPERATORS: dict[type, Callable[..., Any]] = {
    ast.Add: _arith(operator.add, "+"),
    ast.Sub: _arith(operator.sub, "-"),
    ast.Mult: _arith(operator.mul, "*"),
    ast.Div: _arith(operator.truediv, "/"),
    ast.Mod: _arith(operator.mod, "%"),
    ast.Pow: _pow,
    ast.USub: lambda a: -_num(a, "-"),
    ast.UAdd: lambda a: +_num(a, "+"),
    ast.Not: lambda a: not a,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
