"""Expressions as plain Python on typed locals: the direct path of scoring.

:func:`native` turns the checked syntax tree of an :class:`~parscore.expr.Expression` into the
source of a Python expression over local variables (one per name it reads), with Python's own
operators where every operand is known to be a :class:`~decimal.Decimal`, and the same function
objects as :mod:`parscore.expr_functions` for calls. It works from the tree that
:func:`~parscore.expr.compile_expression` has already checked against the whitelist, never from
the pack's text: names become the caller's local names, literals become names of constants held
in the caller's namespace (:class:`~parscore.expr_source.Namespace`), so nothing the pack wrote
reaches the generated source.

A value's type is inferred from the declared inputs (``count``/``number``/``percent`` are
decimals, ``bool``, ``date``, ``choice`` a text); the code that runs the result checks, for every
name read, that the value has that type, and otherwise takes the general path. With operands of
those types, the plain operators give exactly what :func:`~parscore.expr.evaluate` gives (the
checked operators only add refusals, for dates and texts, that typed operands never meet); any
exception is left to the caller, who then asks the general path for the exact error.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal

from .expr import Expression
from .expr_functions import FUNCTIONS
from .expr_source import COMPARE, Namespace

__all__ = ["INPUT_TYPES", "Native", "native"]

# The Python type of a declared input's value, by its ``type``.
INPUT_TYPES: dict[str, type] = {
    "count": Decimal,
    "number": Decimal,
    "percent": Decimal,
    "bool": bool,
    "date": dt.date,
    "choice": str,
}
RESULT_TYPES = (Decimal, bool, dt.date)  # what evaluate() returns as is

Native = tuple[str, type]  # (Python source over locals and constants, the value's type)

_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%", ast.Pow: "**"}
_DECIMAL_RESULT = frozenset({"abs", "round", "clamp", "ratio", "days_between", "year"})


def native(
    expr: Expression,
    local: Callable[[str], str],
    types: Mapping[str, type | None],
    ns: Namespace,
) -> Native | None:
    """``expr`` as Python source over the locals ``local(name)`` (holding values of ``types``),
    when it can be written with plain operators and its value is a number, a truth value or a
    date; None when it cannot (the general path then scores it)."""
    found = _Native(local, types, ns).node(expr.tree.value)
    if found is None or found[1] not in RESULT_TYPES:
        return None
    return found


class _Native:
    def __init__(
        self, local: Callable[[str], str], types: Mapping[str, type | None], ns: Namespace
    ) -> None:
        self.local, self.types, self.ns = local, types, ns

    def node(self, node: ast.AST) -> Native | None:
        method = getattr(self, "n_" + type(node).__name__, None)
        return None if method is None else method(node)

    def all(self, nodes: list[ast.expr]) -> list[Native] | None:
        out = []
        for n in nodes:
            found = self.node(n)
            if found is None:
                return None
            out.append(found)
        return out

    def n_Constant(self, node: ast.Constant) -> Native | None:
        value = node.value
        if type(value) is bool:
            return ("True" if value else "False"), bool
        if type(value) in (Decimal, str):
            return self.ns.const(value), type(value)
        return None

    def n_Name(self, node: ast.Name) -> Native | None:
        kind = self.types.get(node.id)
        if kind is None:  # unknown type, or a function's name used as a value
            return None
        return self.local(node.id), kind

    def n_BinOp(self, node: ast.BinOp) -> Native | None:
        sym = _ARITH.get(type(node.op))
        parts = self.all([node.left, node.right])
        if sym is None or parts is None or any(t is not Decimal for _, t in parts):
            return None
        return f"({parts[0][0]} {sym} {parts[1][0]})", Decimal

    def n_UnaryOp(self, node: ast.UnaryOp) -> Native | None:
        found = self.node(node.operand)
        if found is None:
            return None
        if isinstance(node.op, ast.Not):
            return f"(not {found[0]})", bool
        if found[1] is not Decimal:
            return None
        sym = "-" if isinstance(node.op, ast.USub) else "+" if isinstance(node.op, ast.UAdd) else ""
        return (f"({sym}{found[0]})", Decimal) if sym else None

    def n_Compare(self, node: ast.Compare) -> Native | None:
        parts = self.all([node.left, *node.comparators])
        syms = [COMPARE.get(type(op)) for op in node.ops]
        if parts is None or None in syms:
            return None
        text = parts[0][0]
        for sym, (src, _) in zip(syms, parts[1:], strict=True):
            text += f" {sym} {src}"
        return f"({text})", bool

    def n_Tuple(self, node: ast.Tuple | ast.List) -> Native | None:
        parts = self.all(node.elts)
        if parts is None:
            return None
        return "(" + "".join(src + ", " for src, _ in parts) + ")", tuple

    n_List = n_Tuple

    def n_BoolOp(self, node: ast.BoolOp) -> Native | None:
        parts = self.all(node.values)
        if parts is None or len({t for _, t in parts}) != 1:
            return None
        sym = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + sym.join(src for src, _ in parts) + ")", parts[0][1]

    def n_IfExp(self, node: ast.IfExp) -> Native | None:
        parts = self.all([node.test, node.body, node.orelse])
        if parts is None or parts[1][1] is not parts[2][1]:
            return None
        return f"({parts[1][0]} if {parts[0][0]} else {parts[2][0]})", parts[1][1]

    def n_Call(self, node: ast.Call) -> Native | None:
        assert isinstance(node.func, ast.Name)
        name = node.func.id
        args = self.all(node.args)
        if args is None:
            return None
        kinds = {t for _, t in args}
        joined = ", ".join(src for src, _ in args)
        if name in ("min", "max"):
            if len(kinds) != 1:
                return None
            if len(args) >= 2 and kinds == {Decimal}:  # the built-in on the same operands
                builtin = min if name == "min" else max
                return f"{self.ns.const(builtin)}({joined})", Decimal
            return f"{self.ns.const(FUNCTIONS[name])}({joined})", kinds.pop()
        if name not in _DECIMAL_RESULT:
            return None
        if name == "ratio" and kinds == {Decimal} and args[1][0].isidentifier():
            num, den = args[0][0], args[1][0]  # ratio() on decimals, its divisor read once
            zero = self.ns.const(Decimal(0))
            return f"({zero} if {den} == {zero} else {num} / {den})", Decimal
        return f"{self.ns.const(FUNCTIONS[name])}({joined})", Decimal
