"""The expression language of rule packs.

One language for ``of``, ``check``, ``applies_if``, ``formula`` and ``derived``: a Python
expression evaluated by ``simpleeval``, compiled once when the pack loads and checked against a
whitelist of syntax, names and functions. Numbers are :class:`~decimal.Decimal` end to end: a
literal ``99.9`` is the decimal 99.9, taken from its text.

Limits keep any formula cheap: at most :data:`MAX_LENGTH` characters and :data:`MAX_NODES`
syntax nodes, ``**`` only with a small literal exponent (``9**9**9**9`` is refused at load), number
literals within :mod:`parscore.limits`, and text only to compare a choice
(:mod:`parscore.expr_literals`).
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import sys
from collections.abc import Callable, Collection, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from types import TracebackType
from typing import Any

from .errors import did_you_mean
from .expr_functions import ARITY, FUNCTIONS, OPERATORS, EvalError
from .expr_literals import literal_problem, number_literal
from .expr_source import translate

__all__ = [
    "FUNCTIONS",
    "EvalError",
    "Expression",
    "ExpressionError",
    "Value",
    "compile_expression",
    "decimal_context",
    "evaluate",
    "evaluate_reference",
    "trusted_expression",
]

MAX_LENGTH = 2000
MAX_NODES = 300
MAX_EXPONENT = 10

Value = Decimal | bool | dt.date | str  # str: the option key of a choice input

DECIMAL_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=9_999,  # a result's exponent: far beyond any real value, and its text stays short
    Emin=-9_999,
    traps=[decimal.DivisionByZero, decimal.Overflow, decimal.InvalidOperation],
)


class ExpressionError(Exception):
    """A compile-time problem: ``code`` is a PS3xx issue code, ``message`` Vietnamese."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True, eq=False)
class Expression:
    """A compiled expression: its text, the names it reads, the checked syntax tree, and that tree
    translated once, when first evaluated, into a Python function of the values (``fn(env)``,
    see :func:`~parscore.expr_source.translate`; a command that never evaluates an expression
    never translates it)."""

    source: str
    names: frozenset[str]
    tree: ast.Expr
    group: str = ""  # whose code it is, for the compiled code's cache (a pack's sha256)

    @cached_property
    def fn(self) -> Callable[[Mapping[str, Any]], Any]:
        return translate(self.tree, self.source, self.group)

    def __str__(self) -> str:
        return self.source


_ALLOWED_NODES: tuple[type, ...] = (
    ast.Expr,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.And,
    ast.Or,
    ast.Tuple,  # only after ``in``: see expr_literals
    ast.List,
    *OPERATORS.keys(),
)

_CONSTRUCT_NAMES: dict[type, str] = {
    ast.Attribute: "truy cập thuộc tính (dấu chấm)",
    ast.Subscript: "chỉ số [ ]",
    ast.Lambda: "lambda",
    ast.ListComp: "bộ sinh danh sách",
    ast.SetComp: "bộ sinh tập hợp",
    ast.DictComp: "bộ sinh từ điển",
    ast.GeneratorExp: "bộ sinh",
    ast.NamedExpr: "phép gán :=",
    ast.List: "danh sách",
    ast.Tuple: "bộ giá trị",
    ast.Dict: "từ điển",
    ast.Set: "tập hợp",
    ast.JoinedStr: "chuỗi f",
    ast.Starred: "dấu *",
}


# -- compile -------------------------------------------------------------------------------------


def compile_expression(text: Any, names: Collection[str], group: str = "") -> Expression:
    """Parse and check ``text`` against the declared ``names``. Raises :class:`ExpressionError`.
    ``group``: the pack it belongs to, if any (see :attr:`Expression.group`)."""
    if isinstance(text, bool | Decimal | int):
        text = str(text)
    if not isinstance(text, str):
        raise ExpressionError("PS301", "biểu thức phải là một chuỗi văn bản")
    src = text.strip()
    if not src:
        raise ExpressionError("PS301", "biểu thức rỗng")
    if len(src) > MAX_LENGTH:
        raise ExpressionError("PS305", f"biểu thức quá dài ({len(src)} ký tự, tối đa {MAX_LENGTH})")
    try:
        module = ast.parse(src, mode="exec")
    except SyntaxError as exc:
        raise ExpressionError(
            "PS301",
            f"lỗi cú pháp trong biểu thức '{src}' (cột {exc.offset or 1})",
            "kiểm tra dấu ngoặc và phép toán",
        ) from None
    if len(module.body) != 1 or not isinstance(module.body[0], ast.Expr):
        raise ExpressionError(
            "PS303", f"'{src}' không phải một biểu thức", "không dùng phép gán hay nhiều câu lệnh"
        )
    expr = module.body[0]
    used: set[str] = set()
    for count, node in enumerate(ast.walk(expr), 1):
        if count > MAX_NODES:
            raise ExpressionError("PS305", f"biểu thức '{src}' quá phức tạp")
        _check_node(node, src, names, used)
    problem = literal_problem(expr, src)
    if problem is not None:
        raise ExpressionError(*problem)
    _DecimalLiterals(src).visit(expr)
    return Expression(source=src, names=frozenset(used), tree=expr, group=group)


def trusted_expression(text: Any, group: str = "") -> Expression:
    """The expression :func:`compile_expression` gives for ``text``, without checking it again:
    only for text that compiled before against the same declared names (a pack restored from the
    pack cache, whose entry is written only after every check passed). Its numbers are made
    decimal and its names collected exactly as there."""
    src = (str(text) if isinstance(text, bool | Decimal | int) else text).strip()
    expr = ast.parse(src, mode="exec").body[0]
    assert isinstance(expr, ast.Expr)
    used: set[str] = set()
    for node in ast.walk(expr):  # one walk: the names, and the numbers as _DecimalLiterals does
        if type(node) is ast.Name:
            if node.id not in FUNCTIONS:
                used.add(node.id)
        elif type(node) is ast.Constant:
            _decimal_literal(node, src)
    return Expression(source=src, names=frozenset(used), tree=expr, group=group)


def _check_node(node: ast.AST, src: str, names: Collection[str], used: set[str]) -> None:
    if not isinstance(node, _ALLOWED_NODES):
        what = _CONSTRUCT_NAMES.get(type(node), type(node).__name__)
        raise ExpressionError(
            "PS303",
            f"biểu thức '{src}' dùng cấu trúc không được phép: {what}",
            "chỉ dùng số, tên đầu vào, phép toán, so sánh, and/or/not, if-else và các hàm cho phép",
        )
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            return
        if node.id not in names:
            hint = did_you_mean(node.id, [*names, *FUNCTIONS])
            raise ExpressionError(
                "PS302",
                f"tên '{node.id}' trong biểu thức '{src}' chưa được khai báo trong inputs/derived",
                hint or "khai báo đầu vào trong mục inputs của gói quy tắc",
            )
        used.add(node.id)
    elif isinstance(node, ast.Call):
        _check_call(node, src)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        _check_power(node, src)
    elif isinstance(node, ast.Constant) and not isinstance(node.value, bool | int | float | str):
        raise ExpressionError("PS303", f"hằng số không được phép trong '{src}'")


def _check_call(node: ast.Call, src: str) -> None:
    if not isinstance(node.func, ast.Name):
        raise ExpressionError("PS303", f"chỉ được gọi hàm theo tên trong '{src}'")
    fn = node.func.id
    if fn not in FUNCTIONS:
        raise ExpressionError(
            "PS304",
            f"hàm '{fn}' không được phép trong '{src}'",
            did_you_mean(fn, FUNCTIONS) or "các hàm cho phép: " + ", ".join(FUNCTIONS),
        )
    if node.keywords:
        raise ExpressionError("PS303", f"không dùng đối số có tên khi gọi {fn}() trong '{src}'")
    lo, hi = ARITY[fn]
    if not lo <= len(node.args) <= hi:
        want = str(lo) if lo == hi else f"{lo}–{hi}"
        raise ExpressionError(
            "PS306", f"hàm {fn}() cần {want} đối số, nhận {len(node.args)} trong '{src}'"
        )


def _check_power(node: ast.BinOp, src: str) -> None:
    exp = node.right
    if isinstance(exp, ast.UnaryOp) and isinstance(exp.op, ast.USub | ast.UAdd):
        exp = exp.operand
    ok = (
        isinstance(exp, ast.Constant)
        and isinstance(exp.value, int | float)
        and not isinstance(exp.value, bool)
        and abs(exp.value) <= MAX_EXPONENT
    )
    if not ok:
        raise ExpressionError(
            "PS305",
            f"phép lũy thừa trong '{src}' chỉ cho phép số mũ là hằng số không quá {MAX_EXPONENT}",
            "viết số mũ là một số cụ thể, ví dụ x ** 2",
        )


class _DecimalLiterals(ast.NodeTransformer):
    """Replace numeric literals by the Decimal of their source text."""

    def __init__(self, src: str) -> None:
        self.src = src

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        _decimal_literal(node, self.src)
        return node


def _decimal_literal(node: ast.Constant, src: str) -> None:
    """A numeric literal's value made the Decimal of its source text (other constants kept)."""
    if isinstance(node.value, int | float) and not isinstance(node.value, bool):
        number = number_literal(node, src)
        if not isinstance(number, Decimal):
            raise ExpressionError(*number)
        node.value = number  # type: ignore[assignment]


# -- evaluate ------------------------------------------------------------------------------------
#
# The checked tree is translated, when first evaluated, into an ordinary Python function
# ``fn(env)`` (:mod:`parscore.expr_source`, which says how, and keeps the compiled code between
# runs). simpleeval stays the reference evaluator (:func:`evaluate_reference`), and tests check
# that both agree.

# simpleeval's evaluator, made (and simpleeval imported) when first used: scoring never uses it
_EVALUATORS: list[Any] = []


def _reference_evaluator() -> Any:
    if not _EVALUATORS:
        from simpleeval import SimpleEval

        evaluator = SimpleEval(operators=dict(OPERATORS), functions=dict(FUNCTIONS), names={})
        evaluator.nodes[ast.Tuple] = lambda node: tuple(evaluator._eval(e) for e in node.elts)
        evaluator.nodes[ast.List] = lambda node: tuple(evaluator._eval(e) for e in node.elts)
        _EVALUATORS.append(evaluator)
    return _EVALUATORS[0]


_ACTIVE: ContextVar[decimal.Context | None] = ContextVar("parscore_decimal", default=None)


class decimal_context:  # a class, used like a function: ``with decimal_context():``
    """Enter the expressions' decimal context once for many evaluations (scoring a commune):
    inside it, :func:`evaluate` skips entering it again for each expression."""

    __slots__ = ("_manager", "_token")

    def __enter__(self) -> None:
        self._manager = decimal.localcontext(DECIMAL_CONTEXT)
        self._token = _ACTIVE.set(self._manager.__enter__())

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _ACTIVE.reset(self._token)
        self._manager.__exit__(kind, exc, tb)


def evaluate(expression: Expression, env: Mapping[str, Value]) -> Value:
    """Evaluate with the given values (all of ``expression.names`` must be present)."""
    try:
        if decimal.getcontext() is _ACTIVE.get():
            result = expression.fn(env)
        else:
            with decimal.localcontext(DECIMAL_CONTEXT):
                result = expression.fn(env)
    except KeyError as exc:
        raise _missing(expression, exc.args[0] if exc.args else "?") from None
    except Exception as exc:
        raise _eval_error(expression, exc) from None
    if type(result) in _VALUE_TYPES:
        return result
    return _result(expression, result)


def evaluate_reference(expression: Expression, env: Mapping[str, Value]) -> Value:
    """The same evaluation by simpleeval's tree walk: the reference the translation must match."""
    evaluator = _reference_evaluator()
    evaluator.names = env
    try:
        with decimal.localcontext(DECIMAL_CONTEXT):
            result = evaluator.eval(expression.source, previously_parsed=expression.tree)
    except Exception as exc:
        raise _eval_error(expression, exc) from None
    finally:
        evaluator.names = {}
    return _result(expression, result)


def _eval_error(expression: Expression, exc: Exception) -> EvalError:
    if isinstance(exc, EvalError):
        return exc
    if isinstance(exc, decimal.DivisionByZero):
        return EvalError(f"chia cho 0 khi tính '{expression.source}'")
    if isinstance(exc, decimal.Overflow | decimal.InvalidOperation | OverflowError):
        return EvalError(f"kết quả quá lớn hoặc không xác định khi tính '{expression.source}'")
    if isinstance(exc, TypeError):
        return EvalError(
            f"các giá trị không cùng kiểu (số, ngày, đúng/sai) khi tính '{expression.source}'"
        )
    simpleeval = sys.modules.get("simpleeval")  # only its evaluator raises its errors
    if simpleeval is not None and isinstance(exc, simpleeval.NameNotDefined):
        return _missing(expression, getattr(exc, "name", "?"))
    # anything else simpleeval refuses, or a value of an unexpected kind: said without its
    # Python wording
    return EvalError(f"không tính được '{expression.source}' với các giá trị đã cho")


def _missing(expression: Expression, name: str) -> EvalError:
    return EvalError(f"không tính được '{expression.source}': chưa có giá trị của '{name}'")


_VALUE_TYPES = frozenset({Decimal, bool, dt.date})


def _result(expression: Expression, result: Any) -> Value:
    if type(result) in _VALUE_TYPES or isinstance(result, bool | Decimal | dt.date):
        return result
    if isinstance(result, int):
        return Decimal(result)
    raise EvalError(f"biểu thức '{expression.source}' cho kết quả không phải số, ngày hay đúng/sai")
