"""The direct path of a whole pack: one plain Python function from a commune's metrics to the
points and applicable maximum of every field, for :func:`~parscore.totals.score_totals`.

Made once per pack, from the same pieces as each leaf's direct function
(:class:`~parscore.leaf_direct.DirectCode`): the function reads each input once (with its declared
default), computes the derived values the pack declares, in order, decides every scored leaf in
the criteria tree, and sums points and maxima node by node in the tree's order, exactly as the
general path adds them. It returns ``(points, applicable)`` of each field in order, or None — a
value not of its declared type, or any exception (a derived value or a leaf that cannot be
computed, which the general path reports with a warning) — and then the caller scores the commune
by the general path. A pack with a leaf or a derived value that has no direct form has no such
function (None).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .kinds.base import indent
from .leaf_direct import DirectCode, value_types
from .model.pack import Criterion

__all__ = ["PackDirect", "pack_direct"]

# (the metrics' get, declared not applicable) -> (points, applicable) of each field, flat;
# None: the general path
PackDirect = Callable[[Callable[[str, Any], Any], Mapping[str, str]], "tuple[Decimal, ...] | None"]
_PACKS: WeakKeyDictionary[LoadedPack, PackDirect | None] = WeakKeyDictionary()


def pack_direct(pack: LoadedPack) -> PackDirect | None:
    """The pack's direct function (made once per pack); None when it has none."""
    try:
        return _PACKS[pack]
    except KeyError:
        pass
    fn = _PACKS[pack] = _Writer(pack).function()
    return fn


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
        self.code = DirectCode(types, "return None", derived, defaults)
        self.derived = derived
        self._vars = 0

    def var(self) -> str:
        self._vars += 1
        return f"s{self._vars}"

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
        body: list[str] = []
        out: list[str] = []
        for top in self.pack.model.criteria:
            p, a = self.var(), self.var()
            lines = self.node(top, p, a, top=True)
            if lines is None:
                return None
            body += lines
            out += [p, a]
        result = "return (" + "".join(f"{v}, " for v in out) + ")"
        return code.function(
            "totals",
            ["get", "declared"],
            [*code.read, *prologue, *body, result],
            "None",
            f"pack {self.pack.id}",
        )

    def node(self, c: Criterion, p: str, a: str, top: bool = False) -> list[str] | None:
        """Lines adding the points and applicable maximum of ``c`` to the locals ``p`` and ``a``
        (``top``: setting them, as the general path returns a field that is a leaf)."""
        code = self.code
        if c.children is None:
            leaf = self.pack.leaves[c.code]
            m = code.const(c.max)
            op = "=" if top else "+="
            missing = [f"{p} {op} ZERO", f"{a} {op} {m}"] if top else [f"{a} += {m}"]
            na = [f"{p} = ZERO", f"{a} = ZERO"] if top else ["pass"]
            scored = [f"{p} {op} points", f"{a} {op} {m}"]
            body = code.leaf_body(leaf, missing, na, scored)
            if body is None:
                return None
            declared = f"declared and ({code.const(c.code)} in declared"
            declared += f" or {code.const(c.key)} in declared)"
            return [*(na if top else []), f"if not ({declared}):", *indent(body)]
        lines = [f"{p} = ZERO", f"{a} = ZERO"] if top else []
        inner_p, inner_a = (p, a) if top else (self.var(), self.var())
        if not top:
            lines += [f"{inner_p} = ZERO", f"{inner_a} = ZERO"]
        for child in c.children:
            if child.children is None and not child.max:
                continue  # tracked: never adds points or maximum
            found = self.node(child, inner_p, inner_a)
            if found is None:
                return None
            lines += found
        if not top:
            lines += [f"{p} += {inner_p}", f"{a} += {inner_a}"]
        return lines
