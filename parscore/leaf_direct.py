"""The direct path of a leaf: one plain Python function from the commune's values to its points.

Made once per leaf when a pack is first scored. The function reads the values it needs from the
commune's environment (``get``: its ``dict.get``), checks that each has its declared type, and
computes the points with the kind's own arithmetic written out (``ScoreKind.direct``): thresholds,
maxima and other numbers of the rule are constants of the function, expressions are plain
operators (:mod:`parscore.expr_native`). It returns the points (a ``Decimal``), :data:`MISSING`
(inputs not declared: 0 of the maximum), :data:`NA` (``applies_if`` false: neither points nor
maximum) or :data:`SLOW`: a value of another type, or any exception — then the general path
(:mod:`parscore.leaf_plans`) decides the leaf, with its exact error. Declared not applicable is
the caller's to check first.

The general path stays the reference: tests check that both give the same outcome on every leaf of
every bundled pack. The generated source is built only from the checked syntax trees and the
kinds' templates; every name and number of the pack is a constant of the function's namespace,
never text of its source. Runs inside :func:`~parscore.expr.decimal_context`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from .code_cache import compile_source
from .compiled import CompiledLeaf, CompiledRule, LoadedPack
from .expr import Expression
from .expr_native import INPUT_TYPES, native
from .expr_source import Namespace
from .kinds import kind_named
from .kinds.base import indent

__all__ = ["MISSING", "NA", "SLOW", "DirectCode", "LeafDirect", "leaf_direct", "value_types"]


class _Mark:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


MISSING = _Mark("MISSING")  # an input the rule needs is not declared: 0 of the maximum
NA = _Mark("NA")  # applies_if is false: the leaf leaves both points and maximum
SLOW = _Mark("SLOW")  # the general path decides
_ABSENT = _Mark("ABSENT")  # get()'s default: a name not in the environment

LeafDirect = Callable[[Callable[[str, Any], Any]], Any]
_TYPES: WeakKeyDictionary[LoadedPack, dict[str, type | None]] = WeakKeyDictionary()
_DIRECT: WeakKeyDictionary[CompiledLeaf, LeafDirect | None] = WeakKeyDictionary()


def value_types(pack: LoadedPack) -> dict[str, type | None]:
    """The type of each input's and derived value's value (None: not known ahead)."""
    types = _TYPES.get(pack)
    if types is None:
        types = {name: INPUT_TYPES.get(spec.type) for name, spec in pack.model.inputs.items()}
        scratch = Namespace({})
        for name, expr in pack.derived:
            found = native(expr, lambda n: "x", types, scratch)
            types[name] = found[1] if found is not None else None
        _TYPES[pack] = types
    return types


def leaf_direct(pack: LoadedPack, leaf: CompiledLeaf) -> LeafDirect | None:
    """The leaf's direct function (made once per leaf); None when its kind, or one of its
    expressions, has no direct form (the general path then scores it)."""
    try:
        return _DIRECT[leaf]
    except KeyError:
        pass
    fn = _DIRECT[leaf] = DirectCode(value_types(pack), group=pack.sha256).leaf(leaf)
    return fn


class DirectCode:
    """The source of generated scoring code being written: what a kind's ``direct`` is given.

    ``bail`` is the statement that leaves the generated function for the general path (a value
    not of its type). Values are read at the top of the function (:attr:`read`) with
    ``get(name, default)``; ``derived`` names values the code computes itself (already of their
    type), ``defaults`` the inputs' declared defaults (when ``get`` reads the metrics alone).
    ``group`` names the pack whose code it is, for the compiled code's cache
    (:mod:`parscore.code_cache`).
    """

    def __init__(
        self,
        types: dict[str, type | None],
        bail: str = "return SLOW",
        derived: dict[str, str] | None = None,
        defaults: dict[str, Any] | None = None,
        *,
        group: str = "",
    ) -> None:
        self.types = types
        self.group = group
        self.bail = bail
        self.ns = Namespace(
            {"ZERO": Decimal(0), "ONE": Decimal(1), "min": min, "max": max, "type": type}
        )
        self.ns.values.update(Exception=Exception, MISSING=MISSING, NA=NA, SLOW=SLOW)
        self.ns.values["ABSENT"] = _ABSENT
        self.locals: dict[str, str] = dict(derived or {})  # name -> local variable
        self.defaults = defaults or {}
        self.checked: set[str] = set(self.locals)  # names whose type is known where the code is
        self.read: list[str] = []  # lines reading the values, at the top of the function
        self._fresh = 0

    def const(self, value: Any) -> str:
        """A constant of the function (a number, a date, a function), by its name."""
        return self.ns.const(value)

    def fresh(self) -> str:
        """A new local variable."""
        self._fresh += 1
        return f"t{self._fresh}"

    def local(self, name: str) -> str:
        """The local holding the value ``name`` (read at the top of the function)."""
        var = self.locals.get(name)
        if var is None:
            var = self.locals[name] = f"v{len(self.read)}"
            default = self.defaults.get(name, _ABSENT)
            self.read.append(f"{var} = get({self.const(name)}, {self.const(default)})")
        return var

    def absent(self, names: frozenset[str]) -> str:
        """A condition: one of ``names`` is not in the environment."""
        return " or ".join(f"{self.local(n)} is ABSENT" for n in sorted(names)) or "False"

    def value(self, expr: Expression) -> tuple[list[str], str, type] | None:
        """Lines checking the types of the values ``expr`` reads (else :attr:`bail`), and its
        source and type; None when it has no direct form."""
        found = native(expr, self.local, self.types, self.ns)
        if found is None:
            return None
        checks = []
        for name in sorted(expr.names - self.checked):
            kind = self.const(self.types[name])
            checks.append(f"if type({self.local(name)}) is not {kind}: {self.bail}")
            self.checked.add(name)
        return checks, found[0], found[1]

    @contextlib.contextmanager
    def branch(self) -> Iterator[None]:
        """Code in a branch: the types it checks are not known checked after it."""
        before = set(self.checked)
        yield
        self.checked = before

    def rule(self, rule: CompiledRule, maximum: str, out: str) -> list[str] | None:
        """Lines setting ``out`` to the rule's points (``maximum``: the name of the maximum)."""
        return kind_named(rule.kind).direct(rule, maximum, out, self)

    def leaf_body(
        self, leaf: CompiledLeaf, missing: list[str], na: list[str], scored: list[str]
    ) -> list[str] | None:
        """A leaf decided as :func:`~parscore.leaf_plans.decide_leaf` does (declared not
        applicable aside): ``missing``, ``na`` or ``scored`` (with the local ``points``) runs."""
        rule = leaf.rule
        kind = kind_named(rule.kind)
        with self.branch():
            test = self.value(leaf.applies_if) if leaf.applies_if is not None else None
            lines = self.rule(rule, self.const(leaf.criterion.max), "points")
            absent = kind.direct_absent(rule, self)
        if lines is None or (leaf.applies_if is not None and test is None):
            return None
        body = [f"if {absent}:", *indent(missing), "else:", *indent([*lines, *scored])]
        if test is None:
            return body
        assert leaf.applies_if is not None
        return [
            f"if {self.absent(leaf.applies_if.names)}:",
            *indent(missing),
            "else:",
            *indent([*test[0], f"if not {test[1]}:", *indent(na), "else:", *indent(body)]),
        ]

    def leaf(self, leaf: CompiledLeaf) -> LeafDirect | None:
        body = self.leaf_body(leaf, ["return MISSING"], ["return NA"], ["return points"])
        if body is None:
            return None
        return self.function("direct", ["get"], [*self.read, *body], "SLOW", leaf.criterion.code)

    def function(
        self, name: str, args: list[str], body: list[str], failed: str, where: str
    ) -> Callable[..., Any]:
        """Compile ``body`` as ``def name(*args)``; any exception returns ``failed``."""
        source = "\n".join(
            [
                f"def {name}({', '.join(args)}):",
                "    try:",
                *("        " + line for line in body),
                "    except Exception:",
                f"        return {failed}",
            ]
        )
        code = compile_source(source, f"<{where}>", self.group)
        exec(code, self.ns.values)  # compiled from the source above, built from checked trees
        fn: Callable[..., Any] = self.ns.values.pop(name)
        return fn
