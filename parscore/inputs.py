"""Choice inputs (``type: choice`` with ``options``) and stepped inputs (``step: S``).

- A choice input's value is one of its option keys (a string). Evidence may write the key or the
  label; anything else is refused with the options listed (PS511). Expressions compare it with
  string literals (``unit_kind == 'phuong'``); a literal that is no option is refused at load
  (PS311).
- A ``number``/``percent`` input with ``step`` takes only the values ``min + k·step`` (``min``
  defaults to 0); another value is refused, naming the two nearest allowed ones (PS512).

Load-time problems of the declaration itself are PS416 (options) and PS417 (step).
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .errors import did_you_mean
from .expr import Expression
from .model.pack import InputSpec
from .model.result import InputValue
from .numbers import plain, vi_number
from .vi import vi_value

__all__ = [
    "choice_literal_problems",
    "choice_problem",
    "grid_neighbours",
    "input_shape_problems",
    "option_list",
    "step_problem",
    "value_vi",
]


def input_shape_problems(spec: InputSpec) -> Iterator[tuple[str, tuple[str, ...], str, str]]:
    """``(code, key path under the input, message, hint)`` for each inconsistent key."""
    if spec.type == "choice":
        if not spec.options:
            yield (
                "PS416",
                (),
                f"đầu vào '{spec.label}' kiểu choice cần danh sách lựa chọn 'options'",
                "ví dụ options: { xa: Xã, phuong: Phường, thi_tran: Thị trấn }",
            )
        for key in ("min", "max", "step"):
            if getattr(spec, key) is not None:
                yield ("PS416", (key,), f"đầu vào kiểu choice không dùng '{key}'", "bỏ khóa này")
        for key in spec.options or {}:
            if not key.strip():
                yield ("PS416", ("options",), "khóa lựa chọn không được để trống", "")
    elif spec.options is not None:
        yield (
            "PS416",
            ("options",),
            f"'options' chỉ dùng cho đầu vào kiểu choice (đầu vào này kiểu '{spec.type}')",
            "đặt type: choice hoặc bỏ 'options'",
        )
    if spec.step is not None and spec.type not in ("number", "percent", "choice"):
        yield (
            "PS417",
            ("step",),
            f"'step' chỉ dùng cho đầu vào kiểu number hoặc percent (đầu vào này kiểu '{spec.type}')",
            "bỏ 'step'",
        )
    if spec.step is not None and spec.type in ("number", "percent"):
        default = spec.default
        if isinstance(default, Decimal | int) and not isinstance(default, bool):
            problem = step_problem(spec, Decimal(default))
            if problem:
                yield ("PS417", ("default",), f"giá trị mặc định: {problem}", "")


def option_list(spec: InputSpec) -> str:
    """``xa (Xã), phuong (Phường)``: the options as a reader sees them."""
    return ", ".join(f"{key} ({label})" for key, label in (spec.options or {}).items())


def choice_problem(spec: InputSpec, value: object) -> tuple[str | None, str]:
    """``(key, "")`` when ``value`` names an option (its key or label), else ``(None, why)``.
    A number names the option whose key is written the same (``1`` for key ``"1"``)."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        value = plain(Decimal(value))
    if isinstance(value, str):
        key = spec.option_key(value)
        if key is not None:
            return key, ""
    shown = f"«{value}»" if isinstance(value, str) else str(value)
    options = spec.options or {}
    hint = did_you_mean(str(value), [*options, *options.values()]) if isinstance(value, str) else ""
    text = f"{shown} không phải một lựa chọn; chọn một trong: {option_list(spec)}"
    return None, f"{text} ({hint})" if hint else text


def grid_neighbours(spec: InputSpec, value: Decimal) -> tuple[Decimal, Decimal] | None:
    """The allowed values just below and above ``value`` (None: ``value`` is on the grid)."""
    step = spec.step
    if step is None:
        return None
    base = spec.min if spec.min is not None else Decimal(0)
    k = (value - base) / step
    if k == k.to_integral_value():
        return None
    low = base + k.to_integral_value(rounding=ROUND_FLOOR) * step
    high = base + k.to_integral_value(rounding=ROUND_CEILING) * step
    return low, high


def step_problem(spec: InputSpec, value: Decimal) -> str:
    """Why ``value`` is off the input's grid (empty when it is on it)."""
    near = grid_neighbours(spec, value)
    if near is None:
        return ""
    assert spec.step is not None
    low, high = near
    return (
        f"{vi_number(value)} không đúng bước {vi_number(spec.step)}: "
        f"chọn {vi_number(low)} hoặc {vi_number(high)}"
    )


def choice_literal_problems(
    expr: Expression, inputs: Mapping[str, InputSpec]
) -> Iterator[tuple[str, str]]:
    """``(message, hint)`` for each string literal compared with a choice input that is not
    one of its option keys (``unit_kind == 'phuongg'``)."""
    for node in ast.walk(expr.tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        for a, b in itertools.pairwise(sides):
            for name, other in ((a, b), (b, a)):
                # ``unit_kind == 'xa'``, or ``unit_kind in ('xa', 'phuong')``
                consts = other.elts if isinstance(other, ast.Tuple | ast.List) else [other]
                spec = inputs.get(name.id) if isinstance(name, ast.Name) else None
                if spec is None or not spec.options:
                    continue  # (a choice without options is PS416 already)
                for const in consts:
                    if not isinstance(const, ast.Constant) or not isinstance(const.value, str):
                        continue
                    if const.value not in spec.options:
                        yield (
                            f"'{const.value}' không phải một lựa chọn của '{spec.label}' trong"
                            f" biểu thức '{expr.source}'",
                            did_you_mean(const.value, spec.options)
                            or "các lựa chọn: " + ", ".join(spec.options),
                        )


def value_vi(spec: InputSpec | None, value: InputValue) -> str:
    """An input's value for a reader: a choice input's option by its label (in «»)."""
    if isinstance(value, str) and spec is not None and spec.options:
        return f"«{spec.options.get(value, value)}»"
    return vi_value(value)
