"""Generated Python source for expressions, and the general path's translation of one.

Generated code never holds text of the pack: every constant (a decimal literal, a text, a
function, an operator) is a name in the code's own namespace (:class:`Namespace`), and input
names, which the checker allows only as Python identifiers, are written as string literals of
those identifiers. :func:`translate` writes the checked syntax tree of an expression as the body
of ``def _expression(_env)`` and compiles it through :mod:`parscore.code_cache` (in the file of
the pack's direct code), so a pack scored again in a later process does not compile its
expressions again.

The translation is the general path's evaluator (``Expression.fn``): each input name becomes
``_env["name"]``, each arithmetic operator a call of the same operator function simpleeval is
given (so dates, ``**`` and unary signs are checked exactly as there), each allowed function a
reference to it, and each decimal literal a constant. Comparisons, and/or/not and if-else keep
their Python meaning, which is what simpleeval gives them too. The function runs with no
builtins. simpleeval stays the reference (``evaluate_reference``); tests check that both agree.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .code_cache import compile_source
from .expr_functions import FUNCTIONS, OPERATORS

__all__ = ["COMPARE", "GROUP", "Namespace", "translate"]

GROUP = "expressions"  # the code cache's group of expressions that belong to no pack

# Python's comparison operators, by syntax node (all the checker allows).
COMPARE = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}


class Namespace:
    """The globals of generated code: constants and functions under generated names."""

    def __init__(self, fixed: Mapping[str, Any]) -> None:
        self.values: dict[str, Any] = {"__builtins__": {}, **fixed}
        self._names: dict[tuple[type, Any], str] = {}

    def const(self, value: Any) -> str:
        """The name of ``value`` in the generated code (one name per distinct value)."""
        key = (type(value), value.as_tuple() if type(value) is Decimal else value)  # 1.0 is not 1
        try:
            name = self._names.get(key)
        except TypeError:  # not hashable: a name of its own
            name = None
        if name is None:
            name = f"_k{len(self.values)}"
            self.values[name] = value
            with contextlib.suppress(TypeError):
                self._names[key] = name
        return name


def name_or_function(env: Mapping[str, Any], name: str) -> Any:
    """A function's name used as a value: the input of that name if any, else the function."""
    try:
        return env[name]
    except KeyError:
        return FUNCTIONS[name]


def translate(tree: ast.Expr, source: str, group: str = "") -> Callable[[Mapping[str, Any]], Any]:
    """The checked tree of ``source`` as a Python function of the values (``fn(env)``);
    ``group``: the pack it belongs to (its code is kept with the pack's direct code)."""
    ns = Namespace({"_name_or_function": name_or_function})
    body = _Writer(ns).node(tree.value)
    text = f"def _expression(_env):\n    return {body}\n"
    code = compile_source(text, f"<biểu thức {source[:60]}>", group or GROUP)
    exec(code, ns.values)  # compiled from the text above, written from a checked tree
    fn: Callable[[Mapping[str, Any]], Any] = ns.values.pop("_expression")
    return fn


class _Writer:
    """Python source of one checked syntax tree (only the nodes the checker allows)."""

    def __init__(self, ns: Namespace) -> None:
        self.ns = ns

    def node(self, node: ast.AST) -> str:
        write: Callable[[Any], str] | None = getattr(self, "w_" + type(node).__name__, None)
        if write is None:  # the checker refuses any other node before a tree gets here
            raise TypeError(f"cannot translate {type(node).__name__}")
        return write(node)

    def all(self, nodes: list[ast.expr]) -> list[str]:
        return [self.node(n) for n in nodes]

    def w_Constant(self, node: ast.Constant) -> str:
        if type(node.value) is bool:
            return "True" if node.value else "False"
        return self.ns.const(node.value)

    def w_Name(self, node: ast.Name) -> str:
        name = node.id
        if not name.isidentifier():  # ast gives identifiers only; said, not assumed
            raise TypeError(f"not an identifier: {name!r}")
        if name in FUNCTIONS:
            return f"_name_or_function(_env, {name!r})"
        return f"_env[{name!r}]"

    def w_Call(self, node: ast.Call) -> str:
        assert isinstance(node.func, ast.Name)
        return f"{self.ns.const(FUNCTIONS[node.func.id])}({', '.join(self.all(node.args))})"

    def w_BinOp(self, node: ast.BinOp) -> str:
        op = self.ns.const(OPERATORS[type(node.op)])
        return f"{op}({self.node(node.left)}, {self.node(node.right)})"

    def w_UnaryOp(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, ast.Not):
            return f"(not {self.node(node.operand)})"
        return f"{self.ns.const(OPERATORS[type(node.op)])}({self.node(node.operand)})"

    def w_BoolOp(self, node: ast.BoolOp) -> str:
        sym = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + sym.join(self.all(node.values)) + ")"

    def w_Compare(self, node: ast.Compare) -> str:
        text = self.node(node.left)
        for op, right in zip(node.ops, node.comparators, strict=True):
            text += f" {COMPARE[type(op)]} {self.node(right)}"
        return f"({text})"

    def w_IfExp(self, node: ast.IfExp) -> str:
        test, body, orelse = self.all([node.test, node.body, node.orelse])
        return f"({body} if {test} else {orelse})"

    def w_Tuple(self, node: ast.Tuple) -> str:
        return "(" + "".join(part + ", " for part in self.all(node.elts)) + ")"

    def w_List(self, node: ast.List) -> str:
        return "[" + ", ".join(self.all(node.elts)) + "]"
