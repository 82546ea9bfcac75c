"""The direct path of a whole pack: one plain Python function from a commune's metrics to the
record of every field, for :func:`~parscore.totals.score_totals`.

Made once per pack, from the same pieces as each leaf's direct function
(:class:`~parscore.leaf_direct.DirectCode`): the function reads each input once (with its declared
default), computes the derived values the pack declares, in order, decides every scored leaf in
the criteria tree and sums its points node by node in the tree's order, exactly as the general
path adds them. It returns each field's :class:`~parscore.field_total.FieldTotal` and the sums of
their points and applicable maxima (in field order, as the general path adds them up), or None —
a value not of its declared type, a leaf declared not applicable that may not be (evidence with
an error), or any exception (a derived value or a leaf that cannot be computed, which the general
path reports with a warning) — and then the caller scores the commune by the general path. A pack
with a leaf or a derived value that has no direct form has no such function (None).

Applicable maxima are exact sums (the pack's maxima are short decimals; checked when the function
is written, else the pack has no direct function): their value and exponent do not depend on the
order of the terms. So a field's applicable maximum starts at the sum of the maxima of the leaves
that always count (no ``applies_if``, not ``na_allowed``), computed once, and adds those of the
other leaves that apply, one by one: the same number, to the exponent, as the general path's sum
node by node. Points are not reordered (a quotient may be inexact).
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .expr import DECIMAL_CONTEXT
from .field_total import FieldTotal
from .kinds.base import indent
from .leaf_direct import DirectCode, value_types
from .model.pack import Criterion

__all__ = ["PackDirect", "pack_direct"]

# (the metrics' get, declared not applicable) -> (each field's record, points, applicable);
# None: the general path. Runs inside the expressions' decimal context.
PackDirect = Callable[
    [Callable[[str, Any], Any], Mapping[str, str]],
    "tuple[tuple[FieldTotal, ...], Decimal, Decimal] | None",
]
_PACKS: WeakKeyDictionary[LoadedPack, PackDirect | None] = WeakKeyDictionary()
ZERO = Decimal(0)


def pack_direct(pack: LoadedPack) -> PackDirect | None:
    """The pack's direct function (made once per pack); None when it has none."""
    try:
        return _PACKS[pack]
    except KeyError:
        pass
    fn = _PACKS[pack] = _Writer(pack).function()
    return fn


def _leaves(c: Criterion) -> list[Criterion]:
    """The leaves under ``c`` (itself when it is one) that count: max above 0."""
    if c.children is None:
        return [c] if c.max else []
    return [leaf for child in c.children for leaf in _leaves(child)]


def _exact_sum(values: list[Decimal]) -> Decimal | None:
    """``0 + values…`` in the expressions' context; None when a term is negative or the sum
    is not exact (then the order of the terms could change it)."""
    context = DECIMAL_CONTEXT.copy()
    context.traps[decimal.Inexact] = context.traps[decimal.Rounded] = True
    total = ZERO
    try:
        for value in values:
            if value < 0:
                return None
            total = context.add(total, value)
    except decimal.DecimalException:
        return None
    return total


class _Writer:
    def __init__(self, pack: LoadedPack) -> None:
        self.pack = pack
        types = value_types(pack)
        derived = {name: f"d{i}" for i, (name, _) in enumerate(pack.derived)}
        defaults: dict[str, Any] = {}
        for name, spec in pack.model.inputs.items():  # as build_env() gives them
            if spec.default is not None:
                value = spec.default
                defaults[name] = Decimal(value) if type(value) is int else value
        self.code = DirectCode(types, "return None", derived, defaults, group=pack.sha256)
        self.derived = derived
        self._vars = 0

    def var(self) -> str:
        self._vars += 1
        return f"s{self._vars}"

    def variable(self, c: Criterion) -> bool:
        """Whether the leaf ``c`` may leave its maximum out (not applicable)."""
        return c.na_allowed or self.pack.leaves[c.code].applies_if is not None

    def function(self) -> PackDirect | None:
        code = self.code
        prologue: list[str] = []
        for name, expr in self.pack.derived:  # present when all its names are (build_env)
            with code.branch():
                found = code.value(expr)
            if found is None or code.types.get(name) is not found[2]:
                return None
            local = self.derived[name]
            prologue += [
                f"if {code.absent(expr.names)}:",
                f"    {local} = ABSENT",
                "else:",
                *indent([*found[0], f"{local} = {found[1]}"]),
            ]
        # Only leaves that allow it are declared not applicable (the loader checks it): any other
        # name leaves the commune to the general path, so the other leaves need no look-up.
        names = {
            n
            for leaf in self.pack.leaves.values()
            if leaf.criterion.na_allowed
            for n in (leaf.criterion.code, leaf.criterion.key)
        }
        guard = (
            f"if declared and not declared.keys() <= {code.const(frozenset(names))}: return None"
        )
        body: list[str] = []
        records: list[str] = []
        points, applicable = "P", "A"
        # the fields' sums from ZERO, in order, as the general path adds them; a field that is a
        # node is a sum from ZERO itself (never -0), so ZERO + it is it, to the exponent, and a
        # node with no leaf that counts adds ZERO to such a sum
        sums: list[str] = []
        for top in self.pack.model.criteria:
            p, a = self.var(), self.var()
            lines = self.field(top, p, a)
            if lines is None:
                return None
            body += lines
            head = [code.const(v) for v in (top.code, top.key, top.title, top.max)]
            record = (*head, a, p, code.const(top.tracked), "None")
            records.append(f"NEW(FIELD, ({', '.join(record)}))")
            if top.children is not None and not sums:
                sums += [f"{points} = {p}", f"{applicable} = {a}"]
            elif not sums:
                sums += [f"{points} = ZERO + {p}", f"{applicable} = ZERO + {a}"]
            elif top.children is None or _leaves(top):
                sums += [f"{points} += {p}", f"{applicable} += {a}"]
        code.ns.values.update(NEW=tuple.__new__, FIELD=FieldTotal)
        if not sums:
            sums = [f"{points} = ZERO", f"{applicable} = ZERO"]
        result = f"return ({''.join(f'{r}, ' for r in records)}), {points}, {applicable}"
        return code.function(
            "totals",
            ["get", "declared"],
            [guard, *code.read, *prologue, *body, *sums, result],
            "None",
            f"pack {self.pack.id}",
        )

    def field(self, top: Criterion, p: str, a: str) -> list[str] | None:
        """Lines setting the locals ``p`` and ``a`` to the field's points and applicable maximum."""
        code = self.code
        if top.children is None:  # as the general path returns a field that is a leaf
            m = code.const(top.max)
            na = [f"{p} = ZERO", f"{a} = ZERO"]
            body = code.leaf_body(
                self.pack.leaves[top.code],
                [f"{p} = ZERO", f"{a} = {m}"],
                na,
                [f"{p} = points", f"{a} = {m}"],
            )
            if body is None:
                return None
            if not top.na_allowed:
                return [*na, *body]
            return [*na, f"if not {self.declared(top)}:", *indent(body)]
        fixed = _exact_sum([c.max for c in _leaves(top) if not self.variable(c)])
        if fixed is None or _exact_sum([c.max for c in _leaves(top)]) is None:
            return None
        lines = self.points(top, p, a, fresh=True)
        if lines is None:
            return None
        return [f"{p} = ZERO", f"{a} = {code.const(fixed)}", *lines]

    def declared(self, c: Criterion) -> str:
        """A condition: the leaf ``c`` is declared not applicable."""
        code = self.code
        return (
            f"(declared and ({code.const(c.code)} in declared or {code.const(c.key)} in declared))"
        )

    def points(self, c: Criterion, p: str, a: str, fresh: bool) -> list[str] | None:
        """Lines adding the points of the children of ``c`` to ``p`` (still ZERO when ``fresh``)
        node by node, and the maxima of its applicable variable leaves to ``a``."""
        assert c.children is not None
        code = self.code
        lines: list[str] = []
        for child in c.children:
            if not _leaves(child):
                continue  # nothing that counts: it adds ZERO to a sum that started at ZERO
            if child.children is not None:
                if fresh:  # ZERO + (the child's sum from ZERO) is that sum, to the exponent
                    found = self.points(child, p, a, fresh=True)
                    if found is None:
                        return None
                    lines += found
                else:
                    inner = self.var()
                    found = self.points(child, inner, a, fresh=True)
                    if found is None:
                        return None
                    lines += [f"{inner} = ZERO", *found, f"{p} += {inner}"]
                fresh = False
                continue
            m = code.const(child.max)
            leaf = self.pack.leaves[child.code]
            if not self.variable(child):
                body = code.leaf_body(leaf, ["pass"], ["pass"], [f"{p} += points"])
                if body is None:
                    return None
                lines += body
            else:
                missing, scored = [f"{a} += {m}"], [f"{p} += points", f"{a} += {m}"]
                body = code.leaf_body(leaf, missing, ["pass"], scored)
                if body is None:
                    return None
                lines += (
                    [f"if not {self.declared(child)}:", *indent(body)] if child.na_allowed else body
                )
            fresh = False
        return lines
