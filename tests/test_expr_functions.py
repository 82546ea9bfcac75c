"""The expression language's functions and operators on decimals and dates."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal

import pytest

from parscore.expr_functions import ARITY, FUNCTIONS, OPERATORS, EvalError

D = Decimal


def test_every_function_has_an_arity() -> None:
    assert set(FUNCTIONS) == set(ARITY)


def test_functions() -> None:
    assert FUNCTIONS["ratio"](D(1), D(0)) == 0
    assert FUNCTIONS["ratio"](D(1248), D(1250)) == D("0.9984")
    assert FUNCTIONS["round"](D("2.345"), D(2)) == D("2.35")  # half up
    assert FUNCTIONS["clamp"](D(12), D(0), D(10)) == 10
    assert FUNCTIONS["days_between"](dt.date(2025, 7, 23), dt.date(2025, 7, 30)) == 7
    assert FUNCTIONS["year"](dt.date(2025, 1, 1)) == 2025
    assert FUNCTIONS["abs"](5) == 5 and isinstance(FUNCTIONS["abs"](5), Decimal)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: FUNCTIONS["round"](D(1), D(13)), "0–12"),
        (lambda: FUNCTIONS["ratio"](True, D(1)), "cần một số"),
        (lambda: FUNCTIONS["year"](D(2025)), "cần một ngày"),
        (lambda: FUNCTIONS["min"](), "ít nhất một"),
        (lambda: OPERATORS[ast.Sub](dt.date(2025, 1, 2), dt.date(2025, 1, 1)), "days_between"),
        (lambda: OPERATORS[ast.Add](dt.date(2025, 1, 2), D(1)), "với ngày"),
        (lambda: OPERATORS[ast.USub](True), "cần một số"),
    ],
)
def test_refusals_are_eval_errors_in_vietnamese(call: object, words: str) -> None:
    with pytest.raises(EvalError, match=words):
        call()  # type: ignore[operator]


def test_decimal_arithmetic_is_exact() -> None:
    assert OPERATORS[ast.Add](D("0.1"), D("0.2")) == D("0.3")
    assert OPERATORS[ast.Pow](D("1.1"), D(2)) == D("1.21")
    assert OPERATORS[ast.Add](True, True) == 2  # as Python adds them; evaluate() makes it Decimal
