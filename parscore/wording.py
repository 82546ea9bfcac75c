"""A pack's names and expressions in plain Vietnamese, for every text a person reads.

Rule packs name their inputs with identifiers (``training_done``) and their rules with expressions
(``ratio(training_done, training_planned) * 100 >= 100``). People read labels and units instead:
this module turns an input, a derived value or a whole expression into words (``tỷ lệ «Số lượt đào
tạo, bồi dưỡng đã hoàn thành» trên «Số lượt … theo kế hoạch năm» ≥ 100%``), and numbers into the
pack's reported precision (``90,48``, never ``90,47619…``).

``humanise`` rewrites a text that other layers wrote with expression sources inside (a level's
requirement, a rule's explanation), so the words live here and nowhere else.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from .expr import Expression, Value
from .kinds import Level, all_kinds, kind_named
from .numbers import round_to, vi_number
from .vi import vi_date

if TYPE_CHECKING:  # compiled.py imports this module for the task placeholders
    from .compiled import CompiledRule, LoadedPack

__all__ = [
    "KIND_VI",
    "TASK_PLACEHOLDERS",
    "Wording",
    "index_name",
    "kind_words",
    "rule_sources",
    "rule_words",
    "task_placeholders",
]

# Placeholders a pack's ``task:`` phrase may use (documented in the README).
TASK_PLACEHOLDERS = ("delta", "from", "to", "unit", "label")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

_COMPARE = {
    ast.GtE: "≥",
    ast.Gt: ">",
    ast.LtE: "≤",
    ast.Lt: "<",
    ast.Eq: "=",
    ast.NotEq: "≠",
    ast.In: "thuộc",
    ast.NotIn: "không thuộc",
}
_ARITH = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "/", ast.Pow: "^", ast.Mod: "mod"}
_IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_VI_DECIMAL = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})*|\d+),(\d+)(?![\d,])")


class _Memo:
    """A pack's expressions and rules in words (see :class:`Wording`)."""

    def __init__(self) -> None:
        self.said: dict[str, str] = {}
        self.units: dict[str, str] = {}
        self.rules: dict[tuple[CompiledRule, Decimal], str] = {}


_MEMOS: WeakKeyDictionary[LoadedPack, _Memo] = WeakKeyDictionary()
_MEMO_LIMIT = 10_000  # texts remembered per pack (a pack's own expressions and rules: far fewer)


def task_placeholders(text: str) -> list[str]:
    """The placeholder names of a ``task:`` phrase that are not allowed (empty when it is fine)."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1) not in TASK_PLACEHOLDERS]


class Wording:
    """Words for one pack: labels, units, percent-valued names, numbers at the pack's precision."""

    def __init__(self, pack: LoadedPack) -> None:
        self.pack = pack
        model = pack.model
        self.places = model.pack.rounding.places
        self.mode = model.pack.rounding.mode
        self.derived = {name: expr for name, expr in pack.derived}
        # What the pack's own expressions and rules say depends on the pack alone: said once
        # per pack, remembered for every Wording of it (a report words every leaf's rule).
        memo = _MEMOS.get(pack)
        if memo is None:
            memo = _MEMOS[pack] = _Memo()
        self._said = memo.said
        self._units = memo.units
        self._rules = memo.rules

    # -- numbers -------------------------------------------------------------------------------

    def number(self, value: Decimal) -> str:
        """A number at the pack's reported precision, decimal comma, no trailing zeros."""
        return vi_number(round_to(value, self.places, self.mode).normalize())

    def value(self, value: Value | None, name: str | None = None) -> str:
        if value is None:
            return "chưa khai báo"
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, dt.date):
            return vi_date(value)
        if isinstance(value, str):  # a choice input's option, by its label
            spec = self.pack.model.inputs.get(name) if name is not None else None
            return f"«{(spec.options or {}).get(value, value) if spec is not None else value}»"
        text = self.number(value)
        return text + "%" if name is not None and self.is_percent(name) else text

    def measured(self, value: Value | None, name: str) -> str:
        """:meth:`value` of the input or derived value ``name`` with its unit (``1.248 hồ sơ``,
        ``99,84%``)."""
        text = self.value(value, name)
        if isinstance(value, Decimal) and not self.is_percent(name):
            text += self.unit_after(name)
        return text

    # -- names ---------------------------------------------------------------------------------

    def unit(self, name: str) -> str:
        spec = self.pack.model.inputs.get(name)
        if spec is None:
            return "%" if self.is_percent(name) else ""
        if spec.unit:
            return spec.unit
        return "%" if spec.type == "percent" else ""

    def unit_after(self, source: str) -> str:
        """What follows a number compared with ``source``, an input, a derived value or an
        expression: its unit (``%`` written close, ``95%``; another unit after a space,
        ``5 ngày``: see :meth:`_unit_of`), else ``""``. Found once per pack and source."""
        said = self._units.get(source)
        if said is None:
            if len(self._units) >= _MEMO_LIMIT:
                self._units.clear()
            self._units[source] = ""  # a derived value that reads itself says no unit
            said = self._units[source] = self._unit_after(source)
        return said

    def unit_of(self, expr: Expression) -> str:
        """:meth:`unit_after` of a compiled expression (a rule's value): read from its tree,
        never parsed again."""
        said = self._units.get(expr.source)
        if said is None:
            said = self._unit_after(expr.source, expr.tree.value)
            if len(self._units) >= _MEMO_LIMIT:
                self._units.clear()
            self._units[expr.source] = said
        return said

    def _unit_after(self, source: str, tree: ast.AST | None = None) -> str:
        if source in self.pack.model.inputs:
            unit = self.unit(source)
            return unit if unit in ("", "%") else f" {unit}"
        expr = self.derived.get(source)
        if expr is not None:
            return self._unit_of(expr.tree.value)
        if tree is None:
            try:
                tree = ast.parse(source.strip(), mode="eval").body
            except SyntaxError:
                return ""
        return self._unit_of(tree)

    def _unit_of(self, node: ast.AST) -> str:
        """:meth:`unit_after` of an expression: a name's unit; ``%`` for a rate; `` ngày`` for
        ``days_between`` (its result is in days); for a sum, a difference, ``min``, ``max``,
        ``abs``, ``round`` or ``clamp`` of values that share one unit (numbers written in the
        pack take the others'), that unit; else none (a product, two units…)."""
        if isinstance(node, ast.Name):
            known = node.id in self.derived or node.id in self.pack.model.inputs
            return self.unit_after(node.id) if known else ""
        if _is_rate(node):
            return "%"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "days_between" and len(node.args) == 2:
                return " ngày"
            if node.func.id in _SAME_UNIT_CALLS:
                return self._shared_unit(node.args)
            return ""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            return self._shared_unit((node.left, node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            return self._unit_of(node.operand)
        return ""

    def _shared_unit(self, nodes: Iterable[ast.AST]) -> str:
        units = {self._unit_of(n) for n in nodes if not _is_number(n)}
        return units.pop() if len(units) == 1 else ""

    def per_unit(self, expr: str | Expression) -> str | None:
        """``mỗi hệ thống``, ``mỗi 1%``: one unit of the value of ``expr`` (see
        :meth:`unit_after`), for a rule that gives or takes points per unit; None when it has
        no unit."""
        unit = self.unit_after(expr) if isinstance(expr, str) else self.unit_of(expr)
        if not unit:
            return None
        return "mỗi 1%" if unit == "%" else f"mỗi{unit}"

    def is_percent(self, name: str) -> bool:
        spec = self.pack.model.inputs.get(name)
        if spec is not None:
            return spec.unit == "%" or (spec.unit is None and spec.type == "percent")
        expr = self.derived.get(name)
        return expr is not None and _is_rate(expr.tree.value)

    def label(self, name: str) -> str:
        """An input's label; a derived value described from its formula; else the name itself."""
        spec = self.pack.model.inputs.get(name)
        if spec is not None:
            return spec.label
        expr = self.derived.get(name)
        if expr is not None:
            return self._words(expr.tree.value, top=True)
        return name

    def quoted(self, name: str) -> str:
        if name in self.pack.model.inputs:
            return f"«{self.label(name)}»"
        return self.label(name)

    def names(self, names: Iterable[str]) -> str:
        return "; ".join(self.label(n) for n in names)

    # -- expressions ---------------------------------------------------------------------------

    def expression(self, source: str | Expression) -> str:
        """An expression in words; its source unchanged when it does not parse. A compiled
        expression (a rule's) is worded from its tree, not parsed again."""
        text = source if isinstance(source, str) else source.source
        said = self._said.get(text)
        if said is None:
            if len(self._said) >= _MEMO_LIMIT:
                self._said.clear()
            said = self._said[text] = self._expression(source)
        return said

    def _expression(self, source: str | Expression) -> str:
        if not isinstance(source, str):
            return self._words(source.tree.value, top=True)
        try:
            tree = ast.parse(source.strip(), mode="eval").body
        except SyntaxError:
            return source
        return self._words(tree, top=True)

    def rule(self, rule: CompiledRule, maximum: Decimal) -> str:
        """:func:`rule_words`, said once per rule of the pack."""
        key = (rule, maximum)
        said = self._rules.get(key)
        if said is None:
            if len(self._rules) >= _MEMO_LIMIT:
                self._rules.clear()
            said = self._rules[key] = kind_named(rule.kind).rule_words(rule, maximum, self)
        return said

    def rounded(self, text: str) -> str:
        """Vietnamese decimals in ``text`` (``90,4761…``) cut to the pack's places (``90,48``)."""

        def cut(m: re.Match[str]) -> str:
            whole, frac = m.group(1), m.group(2)
            if len(frac) <= self.places:
                return m.group(0)
            return self.number(Decimal(f"{whole.replace('.', '')}.{frac}"))

        return _VI_DECIMAL.sub(cut, text)

    def requirement(self, level: Level) -> str:
        """A planner level's requirement in words: the expression it bounds worded, the bound in
        that expression's unit (``«Số quầy một cửa hiện đại» ≥ 3 quầy``, ``… ≥ 90%``:
        :meth:`unit_of`), any name in a requirement bounding nothing by its label."""
        text, measured = level.requirement, level.measured
        head, found, tail = text.rpartition(measured.source) if measured else ("", "", text)
        if not found or measured is None:
            return self.humanise(text)
        return head + self.expression(measured) + tail + self.unit_of(measured)

    def explanation(self, text: str, sources: Iterable[str]) -> str:
        """A scoring explanation for people: computed numbers at the pack's precision, then the
        expressions and names in words (their own numbers, the pack's thresholds, kept whole)."""
        return self.humanise(self.rounded(text), sources)

    def humanise(self, text: str, sources: Iterable[str] = ()) -> str:
        """``text`` with the given expression sources, then any remaining name, put into words."""
        for src in sorted({s for s in sources if s}, key=len, reverse=True):
            if src in text:
                said = self.expression(src)
                text = text.replace(f"«{src}»", said).replace(src, said)
        known = self.pack.model.inputs.keys() | self.derived.keys()
        return _IDENT.sub(
            lambda m: self.label(m.group(0)) if m.group(0) in known else m.group(0), text
        )

    def _words(self, node: ast.AST, *, top: bool = False) -> str:
        w = self._words
        if isinstance(node, ast.Name):
            return self.quoted(node.id)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return "có" if node.value else "không"
            if isinstance(node.value, int | float | Decimal):
                return vi_number(Decimal(str(node.value)))
            return str(node.value)
        if _is_rate(node):
            assert isinstance(node, ast.BinOp)
            call = node.left if isinstance(node.left, ast.Call) else node.right
            assert isinstance(call, ast.Call)
            a, b = call.args
            return f"tỷ lệ {w(a)} trên {w(b)}"
        if isinstance(node, ast.Compare):
            # what the numbers and texts are compared with: the first other operand
            sides = [node.left, *node.comparators]
            subject = next((n for n in sides if not isinstance(n, ast.Constant)), node.left)
            parts = [self._operand(node.left, subject)]
            for op, right in zip(node.ops, node.comparators, strict=True):
                parts.append(f"{_COMPARE.get(type(op), '?')} {self._operand(right, subject)}")
            return " ".join(parts)
        if isinstance(node, ast.BoolOp):
            joiner = " và " if isinstance(node.op, ast.And) else " hoặc "
            return joiner.join(w(v) for v in node.values)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return f"không phải ({w(node.operand)})"
            if isinstance(node.op, ast.USub):
                return f"−{w(node.operand)}"
            return w(node.operand)
        if isinstance(node, ast.BinOp):
            text = f"{w(node.left)} {_ARITH.get(type(node.op), '?')} {w(node.right)}"
            return text if top else f"({text})"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self._call(node.func.id, node.args)
        if isinstance(node, ast.IfExp):
            return f"{w(node.body)} nếu {w(node.test)}, nếu không thì {w(node.orelse)}"
        return ast.unparse(node)

    def _operand(self, node: ast.AST, other: ast.AST) -> str:
        """A side of a comparison: a number takes the unit of what it is compared with (``≥ 95%``,
        ``≤ 5 ngày``: :meth:`_unit_of`), a choice (``'tu_80'``, or a group of them after
        ``in``) its option's label when compared with a choice input (``«Từ 80% trở lên»``),
        on either side (``0 < x``, ``'xa' == loai``)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self._option(node.value, other)
        if isinstance(node, ast.Tuple | ast.List):  # only after ``in`` (expr_literals)
            return "(" + "; ".join(self._operand(e, other) for e in node.elts) + ")"
        if isinstance(node, ast.Constant) and _is_number(node):
            return vi_number(Decimal(str(node.value))) + self._unit_of(other)
        return self._words(node)

    def _option(self, key: str, other: ast.AST) -> str:
        """A text compared with ``other``: by its label when ``other`` is a choice input that
        declares one (``«Từ 80% trở lên»``), else as written."""
        spec = self.pack.model.inputs.get(other.id) if isinstance(other, ast.Name) else None
        label = (spec.options or {}).get(key) if spec is not None else None
        return f"«{label}»" if label is not None else key

    def _call(self, fn: str, args: list[ast.expr]) -> str:
        parts = [self._words(a, top=True) for a in args]
        if fn == "max" and len(args) == 2 and _is_zero(args[0]):
            return f"phần dương của ({parts[1]})"
        if fn == "max" and len(args) == 2 and _is_zero(args[1]):
            return f"phần dương của ({parts[0]})"
        if fn == "min":
            return "giá trị nhỏ nhất trong (" + "; ".join(parts) + ")"
        if fn == "max":
            return "giá trị lớn nhất trong (" + "; ".join(parts) + ")"
        if fn == "ratio" and len(parts) == 2:
            return f"({parts[0]} / {parts[1]})"
        if fn == "abs":
            return f"giá trị tuyệt đối của ({parts[0]})"
        if fn == "round":
            return f"làm tròn ({parts[0]})"
        if fn == "clamp" and len(parts) == 3:
            return f"{parts[0]} (giới hạn trong {parts[1]} – {parts[2]})"
        if fn == "days_between" and len(parts) == 2:
            return f"số ngày từ {parts[0]} đến {parts[1]}"
        if fn == "year":
            return f"năm của {parts[0]}"
        return fn + "(" + "; ".join(parts) + ")"


# calls whose value is in the unit of their arguments (``max(0, a - b)``: that of ``a`` and ``b``)
_SAME_UNIT_CALLS = frozenset({"min", "max", "abs", "round", "clamp"})


def _is_number(node: ast.AST) -> bool:
    """A number written in an expression (``0``, ``2.5``)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float | Decimal)
        and not isinstance(node.value, bool)
    )


def _is_zero(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0


def _is_rate(node: ast.AST) -> bool:
    """``ratio(a, b) * 100`` (either order): a percentage."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)):
        return False
    for call, k in ((node.left, node.right), (node.right, node.left)):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "ratio"
            and len(call.args) == 2
            and isinstance(k, ast.Constant)
            and not isinstance(k.value, bool)
            and k.value == 100
        ):
            return True
    return False


# -- rules -----------------------------------------------------------------------------------------

KIND_VI = {kind.name: kind.kind_words for kind in all_kinds()}


def kind_words(kind: str) -> str:
    """How a leaf is scored, in words (``theo bậc``), never the kind's name."""
    return KIND_VI.get(kind, "theo quy tắc của gói")


def rule_sources(rule: CompiledRule) -> list[str]:
    """Every expression source a rule (and its alternatives) reads, for :meth:`Wording.humanise`."""
    out = [rule.expr.source] if rule.expr is not None else []
    for alt in rule.alternatives:
        out.extend(rule_sources(alt))
    return out


def rule_words(words: Wording, rule: CompiledRule, maximum: Decimal) -> str:
    """The whole rule in Vietnamese, from labels and units (what the report's trace shows): each
    scoring kind words its own rules (:meth:`parscore.kinds.ScoreKind.rule_words`)."""
    return words.rule(rule, maximum)


def index_name(pack: LoadedPack, *, long: bool = False) -> str:
    """The index's name as documents write it (``Chỉ số CCHC``; ``long``: ``Chỉ số cải cách hành
    chính``), from ``pack.index``: the one place the new documents read it."""
    index = pack.model.pack.index
    return index.long_name if long else index.name
