"""YAML scalars that are not text: booleans, integers, decimals and dates, read safely.

A scalar's text is checked before it is converted (at most :data:`~parscore.limits.MAX_NUMBER_TEXT`
characters for a number, so no 5,000-digit integer reaches ``int()``), and the value after
(within :func:`~parscore.limits.number_problem`). Text that is not of its kind, an impossible date
(``2025-02-30``) or an explicit tag whose text does not fit (``!!int "abc"``), gives a
:class:`ScalarProblem` instead of the constructor's exception.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from .limits import number_problem, number_text_problem

__all__ = ["SCALAR_KINDS", "ScalarProblem", "read_scalar", "short_text"]

_SCALAR = SafeConstructor()


class ScalarProblem(NamedTuple):
    code: str  # PS109 not of its kind, PS110 beyond the limits
    message: str
    hint: str


def read_scalar(node: ScalarNode, kind: str) -> Any | ScalarProblem:
    """The value of a ``bool``, ``int``, ``float`` or ``timestamp`` scalar, or its problem."""
    text = node.value
    problem = number_text_problem(text) if kind in ("int", "float") else ""
    if not problem:
        try:
            value = _CONSTRUCTORS[kind](node)
        except Exception:  # each constructor fails its own way on text that is not its kind
            return ScalarProblem("PS109", _NOT_A[kind].format(text=short_text(text)), _HINTS[kind])
        if kind == "timestamp" or isinstance(value, bool):
            return value
        problem = number_problem(value)
        if not problem:
            return value
    return ScalarProblem("PS110", f"'{short_text(text)}': {problem}", _BOUND_HINT)


def short_text(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _to_decimal(node: ScalarNode) -> Decimal:
    value = Decimal(node.value.replace("_", ""))  # InvalidOperation: not a number, caught above
    if not value.is_finite():
        raise ValueError(node.value)
    return value


def _to_date(node: ScalarNode) -> dt.date | dt.datetime:
    value = _SCALAR.construct_yaml_timestamp(node)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    assert isinstance(value, dt.date)
    return value


_CONSTRUCTORS: dict[str, Callable[[ScalarNode], Any]] = {
    "bool": _SCALAR.construct_yaml_bool,
    "int": _SCALAR.construct_yaml_int,
    "float": _to_decimal,
    "timestamp": _to_date,
}
SCALAR_KINDS = frozenset(_CONSTRUCTORS)
_NOT_A = {
    "bool": "'{text}' không phải giá trị đúng/sai",
    "int": "'{text}' không phải một số nguyên",
    "float": "'{text}' không phải một số hữu hạn",
    "timestamp": "'{text}' không phải một ngày có thật",
}
_HINTS = {
    "bool": "dùng true (có) hoặc false (không)",
    "int": "viết số bằng chữ số, ví dụ 1250",
    "float": "dùng một số thập phân hữu hạn, ví dụ 99.9",
    "timestamp": "dùng một ngày có thật dạng YYYY-MM-DD, ví dụ 2025-12-31",
}
_BOUND_HINT = "không số liệu thật nào lớn hay dài như vậy; kiểm tra lại giá trị"
