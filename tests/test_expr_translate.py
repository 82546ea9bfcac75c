"""The translated evaluator (a Python function built once per expression) agrees with the
reference evaluator (simpleeval's tree walk) on values, types and error messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.expr import (
    EvalError,
    ExpressionError,
    compile_expression,
    decimal_context,
    evaluate,
    evaluate_reference,
)

NAMES = {"a", "b", "d1", "d2", "flag", "min", "kind"}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

atoms = st.sampled_from(
    [
        "a",
        "b",
        "d1",
        "d2",
        "flag",
        "0",
        "1",
        "2.5",
        "99.9",
        "-3",
        "True",
        "min",
        "kind",  # a choice input: text, compared only
        "(kind == 'x')",
        "(kind != 'y')",
        "(kind in ('x', 'y'))",
        "(kind not in ['y'])",
        "(a in (1, 2.5))",
    ]
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(
        children, st.sampled_from(["+", "-", "*", "/", "%", "<", "<=", ">=", "==", "!="]), children
    ).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    power = children.map(lambda c: f"({c} ** 2)")
    unary = st.tuples(st.sampled_from(["-", "+", "not "]), children).map(
        lambda t: f"({t[0]}{t[1]})"
    )
    boolean = st.tuples(children, st.sampled_from(["and", "or"]), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    chained = st.tuples(children, children, children).map(lambda t: f"({t[0]} < {t[1]} <= {t[2]})")
    ifexp = st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})")
    one = st.tuples(st.sampled_from(["abs", "round", "year"]), children).map(
        lambda t: f"{t[0]}({t[1]})"
    )
    two = st.tuples(
        st.sampled_from(["min", "max", "ratio", "days_between", "round"]), children, children
    ).map(lambda t: f"{t[0]}({t[1]}, {t[2]})")
    three = st.tuples(children, children, children).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})")
    return st.one_of(binary, power, unary, boolean, chained, ifexp, one, two, three)


expressions = st.recursive(atoms, _combine, max_leaves=8)
numbers = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


def _outcome(fn: object, expr: object, env: dict[str, object]) -> tuple[str, object]:
    try:
        value = fn(expr, env)  # type: ignore[operator]
    except EvalError as exc:
        return "error", str(exc)
    return type(value).__name__, value


@SETTINGS
@given(
    text=expressions,
    a=numbers,
    b=st.one_of(numbers, st.just(Decimal(0))),
    d1=dates,
    d2=dates,
    flag=st.booleans(),
    with_min=st.booleans(),
)
def test_translation_matches_simpleeval(
    text: str, a: Decimal, b: Decimal, d1: dt.date, d2: dt.date, flag: bool, with_min: bool
) -> None:
    expr = compile_expression(text, NAMES)
    env: dict[str, object] = {"a": a, "b": b, "d1": d1, "d2": d2, "flag": flag, "kind": "x"}
    if with_min:
        env["min"] = Decimal(7)  # an input named like a function: simpleeval reads the input
    expected = _outcome(evaluate_reference, expr, env)
    assert _outcome(evaluate, expr, env) == expected
    with decimal_context():  # entered once for many evaluations: the same answers
        assert _outcome(evaluate, expr, env) == expected


def test_missing_name_is_the_same_error() -> None:
    expr = compile_expression("a + b", {"a", "b"})
    env = {"a": Decimal(1)}
    assert _outcome(evaluate, expr, env) == _outcome(evaluate_reference, expr, env)
    assert "chưa có giá trị của 'b'" in str(_outcome(evaluate, expr, env)[1])


def test_translated_function_has_no_builtins() -> None:
    expr = compile_expression("a + 1", {"a"})
    assert expr.fn.__globals__["__builtins__"] == {}  # type: ignore[attr-defined]
    assert evaluate(expr, {"a": Decimal("0.1")}) == Decimal("1.1")


@pytest.mark.parametrize(
    ("prefix", "suffix"),
    [("-", ""), ("not ", ""), ("abs(", ")"), ("(a + ", ")"), ("(1 if flag else ", ")")],
)
def test_the_deepest_nesting_allowed_translates(prefix: str, suffix: str) -> None:
    """As deep as the node limit lets an expression nest, its translation compiles and agrees."""
    depth, expr = 1, None
    while True:
        try:
            expr = compile_expression(prefix * depth + "a" + suffix * depth, NAMES)
        except ExpressionError as exc:
            assert exc.code == "PS305"
            break
        depth += 1
    assert expr is not None and depth > 50
    env = {"a": Decimal("2.5"), "flag": False}
    assert _outcome(evaluate, expr, env) == _outcome(evaluate_reference, expr, env)


def test_generated_code_holds_no_text_of_the_pack() -> None:
    """Texts and numbers of an expression are names in the code's namespace (parscore.expr_source),
    never part of the generated source; input names are identifiers."""
    expr = compile_expression("kind == \"x'); import os; ('\" or a > 99.9", NAMES)
    fn = expr.fn
    consts = fn.__code__.co_consts  # type: ignore[attr-defined]
    assert not any(isinstance(c, str) and "import" in c for c in consts)
    assert "x'); import os; ('" in fn.__globals__.values()  # type: ignore[attr-defined]
    assert evaluate(expr, {"kind": "x'); import os; ('", "a": Decimal(0)}) is True
    assert evaluate(expr, {"kind": "y", "a": Decimal("99.91")}) is True
    assert evaluate(expr, {"kind": "y", "a": Decimal("99.9")}) is False
