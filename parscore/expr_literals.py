"""Which literals an expression may hold, checked when the pack loads.

The expression language computes with numbers, dates and booleans. Text appears only to compare
a choice input with a choice (``unit_kind == 'phuong'``, ``unit_kind in ('phuong', 'xa')``):
a string literal is allowed only as an operand of ``==``, ``!=``, ``in`` or ``not in``, and a
tuple or list only as the right side of ``in`` / ``not in``, holding literals. Anything else
with text (``'a' * 10**9``, ``'{:>1000000000}' % x``, ``'a' < 'b'``, ``('a', 'b')[0]``) is refused,
so no expression can build a large string. Number literals are held to the bounds of
:mod:`parscore.limits` (no ``1e9999999``).
"""

from __future__ import annotations

import ast
from decimal import Decimal

from .limits import number_problem

__all__ = ["literal_problem", "number_literal"]

_TEXT_COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)
_MEMBERSHIP = (ast.In, ast.NotIn)

Problem = tuple[str, str, str]  # (code, Vietnamese message, hint)


def literal_problem(tree: ast.AST, src: str) -> Problem | None:
    """The first misuse of a string literal or a tuple/list in ``tree``, or ``None``."""
    allowed_text: set[int] = set()
    allowed_groups: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            if not isinstance(op, _TEXT_COMPARISONS):
                continue
            left, right = operands[i], operands[i + 1]
            allowed_text.update(id(n) for n in (left, right) if _is_text(n))
            if isinstance(op, _MEMBERSHIP) and isinstance(right, ast.Tuple | ast.List):
                allowed_groups.add(id(right))
                allowed_text.update(id(e) for e in right.elts if _is_text(e))
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List):
            if id(node) not in allowed_groups:
                return (
                    "PS303",
                    f"biểu thức '{src}' dùng cấu trúc không được phép: danh sách hoặc bộ giá trị",
                    "danh sách chỉ dùng sau 'in', ví dụ loai_xa in ('phuong', 'xa')",
                )
            if not all(isinstance(e, ast.Constant) for e in node.elts):
                return (
                    "PS303",
                    f"danh sách sau 'in' trong '{src}' chỉ được chứa các giá trị cụ thể",
                    "viết từng lựa chọn trong ngoặc kép, ví dụ ('phuong', 'xa')",
                )
        elif _is_text(node) and id(node) not in allowed_text:
            return (
                "PS303",
                f"biểu thức '{src}' dùng chuỗi văn bản ngoài phép so sánh",
                "chuỗi văn bản chỉ dùng để so sánh một lựa chọn: ==, !=, in, not in",
            )
    return None


def number_literal(node: ast.Constant, src: str) -> Decimal | Problem:
    """The exact decimal of a number literal (from its text), or a problem when out of bounds."""
    value = node.value
    if isinstance(value, int):  # hex, octal and binary literals too; never a huge int as text
        problem = number_problem(value)
        number = Decimal(value) if not problem else Decimal(0)
    else:
        text = (ast.get_source_segment(src, node) or repr(value)).replace("_", "")
        number = Decimal(text)
        problem = number_problem(number)
    if problem:
        shown = ast.get_source_segment(src, node) or "?"
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        return (
            "PS307",
            f"hằng số '{shown}' trong biểu thức '{src}': {problem}",
            "viết một số cụ thể trong giới hạn",
        )
    return number


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
