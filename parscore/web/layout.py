"""The metrics form, generated from a pack: fields -> criteria -> leaves, each leaf with the inputs
it reads (an input shared by several leaves is asked once, at its first leaf), its target, owner,
deadline and required documents. Inputs no leaf reads come last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..compiled import LoadedPack
from ..model.pack import Criterion, InputSpec
from ..numbers import typed_number, vi_number
from ..vi import vi_date

__all__ = ["FormField", "FormGroup", "FormLeaf", "build_layout", "input_display", "metric_key"]

TYPE_WORDS = {
    "count": "số nguyên",
    "number": "số",
    "percent": "tỷ lệ %",
    "bool": "có/không",
    "date": "ngày (dd/mm/yyyy)",
}


def metric_key(name: str) -> str:
    """The form field of an input."""
    return f"m-{name}"


def input_display(spec: InputSpec | None, value: Any) -> str:
    """A value as shown in its form field: ``98,5`` (no thousands dots), ``31/12/2025``, ``true``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return vi_date(value)
    if isinstance(value, int | Decimal):
        return typed_number(value)
    return str(value)


@dataclass
class FormField:
    name: str
    spec: InputSpec
    value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return metric_key(self.name)

    @property
    def type_word(self) -> str:
        return TYPE_WORDS.get(self.spec.type, self.spec.type)

    @property
    def bounds(self) -> str:
        lo, hi = self.spec.min, self.spec.max
        if self.spec.type == "percent":
            lo = Decimal(0) if lo is None else lo
            hi = Decimal(100) if hi is None else hi
        parts = []
        if lo is not None:
            parts.append(f"từ {vi_number(lo)}")
        if hi is not None:
            parts.append(f"đến {vi_number(hi)}")
        return " ".join(parts)


@dataclass
class FormLeaf:
    criterion: Criterion
    fields: list[FormField]
    depth: int

    @property
    def deadline(self) -> str:
        d = self.criterion.deadline
        return vi_date(d) if d is not None else ""

    @property
    def is_leaf(self) -> bool:
        return self.criterion.children is None


@dataclass
class FormGroup:
    """A field (lĩnh vực) of the pack and the rows under it (inner criteria and leaves, in order)."""

    criterion: Criterion
    rows: list[FormLeaf]

    @property
    def field_count(self) -> int:
        return sum(len(r.fields) for r in self.rows)


def build_layout(
    pack: LoadedPack,
    values: Mapping[str, Any],
    errors: Mapping[str, list[str]] | None = None,
    typed: bool = True,
) -> tuple[list[FormGroup], list[FormField]]:
    """Groups per field, and the inputs no leaf reads. ``values`` are typed values (``typed``) or
    the texts a person posted."""
    errors = errors or {}
    inputs = pack.model.inputs
    placed: set[str] = set()

    def make(name: str) -> FormField:
        spec = inputs[name]
        raw = values.get(name)
        text = input_display(spec, raw) if typed else ("" if raw is None else str(raw))
        return FormField(name, spec, text, list(errors.get(f"metrics.{name}", [])))

    def visit(node: Criterion, depth: int, rows: list[FormLeaf]) -> None:
        if node.children is not None:
            rows.append(FormLeaf(node, [], depth))
            for child in node.children:
                visit(child, depth + 1, rows)
            return
        compiled = pack.leaves.get(node.code)
        names = []
        if compiled is not None:
            ordered = [n for n in compiled.names if n in inputs]
            for raw_name in sorted(compiled.raw_inputs):
                if raw_name not in ordered:
                    ordered.append(raw_name)
            names = [n for n in ordered if n in inputs and n not in placed]
        placed.update(names)
        rows.append(FormLeaf(node, [make(n) for n in names], depth))

    groups = []
    for top in pack.model.criteria:
        rows: list[FormLeaf] = []
        for child in top.children or []:
            visit(child, 0, rows)
        if top.children is None:
            visit(top, 0, rows)
        groups.append(FormGroup(top, rows))
    rest = [make(n) for n in inputs if n not in placed]
    return groups, rest
