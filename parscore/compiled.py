"""A validated rule pack with its expressions compiled: what scoring runs on.

:func:`compile_pack` runs every semantic check on a :class:`~parscore.model.pack.RulePack`
(unique codes, sums of maxima, expressions, tier order…) and collects all problems as issues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel

from .errors import Issue, did_you_mean
from .expr import Expression, ExpressionError, compile_expression, trusted_expression
from .inputs import choice_literal_problems, input_shape_problems
from .kinds import kind_of
from .kinds.base import LoadContext
from .model.pack import Criterion, InputSpec, RulePack, Source
from .pack_rules import CompiledConstraint, check_adjustments, compile_constraints
from .wording import TASK_PLACEHOLDERS, task_placeholders
from .yamlio import KeyPath, YamlDocument

__all__ = ["CompiledLeaf", "CompiledRule", "LoadedPack", "compile_pack"]


@dataclass(frozen=True, eq=False)
class CompiledRule:
    """A score rule with its expression compiled (``expr`` is the ``of``/``check``/``formula``)."""

    kind: str
    model: BaseModel
    expr: Expression | None
    alternatives: tuple[CompiledRule, ...] = ()
    specs: Mapping[str, InputSpec] = field(default_factory=dict)  # declared inputs ``expr`` reads


@dataclass(frozen=True, eq=False)
class CompiledLeaf:
    """A scored leaf ready to decide: its criterion, place, rule and expressions."""

    criterion: Criterion
    path: KeyPath
    rule: CompiledRule
    applies_if: Expression | None
    names: tuple[str, ...]  # names the leaf's expressions read directly, in first-use order
    raw_inputs: frozenset[str]  # declared inputs those names depend on


@dataclass(frozen=True, eq=False)
class LoadedPack:
    """A rule pack ready to score: the model, where it came from, and compiled expressions."""

    model: RulePack
    file: str
    sha256: str
    document: YamlDocument
    derived: tuple[tuple[str, Expression], ...]
    derived_inputs: dict[str, frozenset[str]]
    leaves: dict[str, CompiledLeaf]
    paths: dict[str, KeyPath]  # criterion code -> key path in the file
    keys: dict[str, str] = field(default_factory=dict)  # id or code -> code
    steps: dict[str, Decimal] = field(default_factory=dict)  # input -> grid a graded rule needs
    constraints: tuple[CompiledConstraint, ...] = ()

    @property
    def id(self) -> str:
        return self.model.pack.id

    def walk(self) -> Iterator[Criterion]:
        def visit(nodes: list[Criterion]) -> Iterator[Criterion]:
            for node in nodes:
                yield node
                if node.children is not None:
                    yield from visit(node.children)

        return visit(self.model.criteria)

    def code_of(self, code_or_id: str) -> str | None:
        return self.keys.get(code_or_id)

    def names(self) -> set[str]:
        return set(self.model.inputs) | set(self.derived_inputs)

    def input_spec(self, name: str) -> InputSpec | None:
        """A declared input as evidence is checked against: with the grid a ``graded`` rule
        puts on it when the input declares no ``step`` of its own."""
        spec = self.model.inputs.get(name)
        if spec is not None and spec.step is None and name in self.steps:
            return spec.model_copy(update={"step": self.steps[name]})
        return spec


def compile_pack(
    model: RulePack, doc: YamlDocument, sha256: str, *, trusted: bool = False
) -> LoadedPack | list[Issue]:
    """Check and compile; return the pack, or every problem found. ``trusted``: the pack passed
    every check before (restored from the pack cache), its expressions are not checked again."""
    checker = _Checker(model, doc, sha256, trusted)
    checker.run()
    if checker.issues:
        return checker.issues
    return LoadedPack(
        model=model,
        file=doc.file,
        sha256=sha256,
        document=doc,
        derived=tuple(checker.derived),
        derived_inputs=checker.derived_inputs,
        leaves=checker.leaves,
        paths=checker.paths,
        keys=checker.keys,
        steps=checker.steps,
        constraints=checker.constraints,
    )


class _Checker:
    def __init__(
        self, model: RulePack, doc: YamlDocument, sha256: str, trusted: bool = False
    ) -> None:
        self.model = model
        self.doc = doc
        self.sha256 = sha256  # the code cache's group of the pack's expressions
        self.trusted = trusted
        self.issues: list[Issue] = []
        self.derived: list[tuple[str, Expression]] = []
        self.derived_inputs: dict[str, frozenset[str]] = {}
        self.leaves: dict[str, CompiledLeaf] = {}
        self.paths: dict[str, KeyPath] = {}
        self.keys: dict[str, str] = {}
        self.steps: dict[str, Decimal] = {}
        self.names = set(model.inputs)
        self.constraints: tuple[CompiledConstraint, ...] = ()

    def add(self, code: str, path: KeyPath, message: str, hint: str = "") -> None:
        self.issues.append(self.doc.issue(code, path, message, hint))

    def run(self) -> None:
        self._check_pack_meta()
        self._check_inputs()
        self._compile_derived()
        self.constraints, problems = compile_constraints(self.model, self.doc, self.names)
        self.issues.extend(problems)
        self.issues.extend(check_adjustments(self.model, self.doc))
        top = Decimal(0)
        for i, node in enumerate(self.model.criteria):
            self._visit(node, ("criteria", i))
            top += node.max
        total = self.model.pack.total
        if top != total:
            self.add(
                "PS404",
                ("pack", "total"),
                f"tổng điểm tối đa các lĩnh vực là {top}, khác pack.total = {total}",
                "sửa điểm tối đa của các lĩnh vực hoặc pack.total cho khớp",
            )

    def _check_pack_meta(self) -> None:
        bands = self.model.pack.bands
        for i in range(1, len(bands)):
            if bands[i].min >= bands[i - 1].min:
                self.add(
                    "PS409",
                    ("pack", "bands", i, "min"),
                    f"xếp loại '{bands[i].label}' (min {bands[i].min}) phải thấp hơn "
                    f"'{bands[i - 1].label}' (min {bands[i - 1].min})",
                    "liệt kê xếp loại từ cao xuống thấp",
                )
        for key, source in self.model.pack.sources.items():
            self._check_source(source, ("pack", "sources", key))

    def _check_source(self, source: Source | None, path: KeyPath) -> None:
        documents = self.model.pack.documents
        if source is not None and source.doc is not None and source.doc not in documents:
            self.add(
                "PS415",
                (*path, "doc"),
                f"nguồn trích dẫn tài liệu '{source.doc}' không có trong pack.documents",
                did_you_mean(source.doc, documents) or "khai báo tài liệu trong pack.documents",
            )

    def _check_inputs(self) -> None:
        for name, spec in self.model.inputs.items():
            path: KeyPath = ("inputs", name)
            if not name.isidentifier():
                self.add("PS410", path, f"tên đầu vào '{name}' không hợp lệ", "dùng chữ, số và _")
            if spec.min is not None and spec.max is not None and spec.min > spec.max:
                self.add("PS203", (*path, "min"), f"min {spec.min} lớn hơn max {spec.max}")
            if spec.task is not None:
                self._check_task(path, spec.task)
            if spec.default is not None and not _default_fits(spec, spec.default):
                self.add(
                    "PS412",
                    (*path, "default"),
                    f"giá trị mặc định {spec.default} không đúng kiểu '{spec.type}'",
                    "với kiểu choice, mặc định là một khóa trong options" if spec.options else "",
                )
            for code, where, message, hint in input_shape_problems(spec):
                self.add(code, (*path, *where), message, hint)

    def _check_task(self, path: KeyPath, text: str) -> None:
        bad = task_placeholders(text)
        if bad or text.count("{") != text.count("}"):
            shown = ", ".join("{" + b + "}" for b in bad) or "dấu ngoặc nhọn không khớp"
            self.add(
                "PS430",
                (*path, "task"),
                f"câu nhiệm vụ có chỗ điền không hợp lệ: {shown}",
                "chỉ dùng " + ", ".join("{" + p + "}" for p in TASK_PLACEHOLDERS),
            )

    def _compile_derived(self) -> None:
        for name, text in self.model.derived.items():
            path: KeyPath = ("derived", name)
            if name in self.model.inputs or not name.isidentifier():
                self.add(
                    "PS410",
                    path,
                    f"tên giá trị tính toán '{name}' trùng với một đầu vào hoặc không hợp lệ",
                    "đặt một tên khác",
                )
                continue
            expr = self._compile(text, path, self.names)
            self.names.add(name)
            if expr is None:
                continue
            self.derived.append((name, expr))
            deps: set[str] = set()
            for used in expr.names:
                deps |= self.derived_inputs.get(used, {used})
            self.derived_inputs[name] = frozenset(deps)

    def _compile(self, text: str, path: KeyPath, names: set[str]) -> Expression | None:
        if self.trusted:
            return trusted_expression(text, self.sha256)
        try:
            expr = compile_expression(text, names, self.sha256)
        except ExpressionError as exc:
            self.add(exc.code, path, exc.message, exc.hint)
            return None
        for message, hint in choice_literal_problems(expr, self.model.inputs):
            self.add("PS311", path, message, hint)
        return expr

    def _visit(self, node: Criterion, path: KeyPath) -> None:
        if node.code in self.paths:
            self.add("PS401", (*path, "code"), f"mã tiêu chí '{node.code}' bị trùng")
        self.paths.setdefault(node.code, path)
        if node.key in self.keys and node.id is not None:
            self.add("PS402", (*path, "id"), f"id '{node.key}' bị trùng")
        self.keys.setdefault(node.key, node.code)
        self.keys.setdefault(node.code, node.code)
        self._check_source(node.source, (*path, "source"))
        if node.children is not None:
            self._visit_inner(node, path)
        else:
            self._visit_leaf(node, path)

    def _visit_inner(self, node: Criterion, path: KeyPath) -> None:
        assert node.children is not None
        if node.score is not None:
            self.add(
                "PS408",
                (*path, "score"),
                f"tiêu chí '{node.code}' có cả 'children' và 'score'",
                "tiêu chí có tiêu chí con thì điểm là tổng của các con; bỏ 'score'",
            )
        if not node.children:
            self.add("PS408", (*path, "children"), f"tiêu chí '{node.code}' không có tiêu chí con")
        total = Decimal(0)
        for i, child in enumerate(node.children):
            self._visit(child, (*path, "children", i))
            total += child.max
        if node.children and total != node.max:
            self.add(
                "PS403",
                (*path, "max"),
                f"điểm tối đa của '{node.code}' là {node.max}, nhưng tổng các tiêu chí con là {total}",
                "sửa điểm tối đa cho bằng tổng các tiêu chí con",
            )

    def _visit_leaf(self, node: Criterion, path: KeyPath) -> None:
        if node.score is None:
            self.add(
                "PS408",
                path,
                f"tiêu chí '{node.code}' không có 'score' cũng không có 'children'",
                "thêm cách chấm điểm (score) hoặc các tiêu chí con (children)",
            )
            return
        if node.tracked and node.max != 0:
            self.add(
                "PS411",
                (*path, "max"),
                f"tiêu chí theo dõi '{node.code}' không tính điểm, max phải là 0",
            )
        before = len(self.issues)
        rule = self._rule(node, node.score, (*path, "score"))
        applies = None
        if node.applies_if is not None:
            applies = self._compile(node.applies_if, (*path, "applies_if"), self.names)
        if rule is None or len(self.issues) > before:
            return
        names: list[str] = []
        for expr in (applies, *_rule_exprs(rule)):
            if expr is not None:
                names.extend(n for n in sorted(expr.names) if n not in names)
        raw: set[str] = set()
        for name in names:
            raw |= self.derived_inputs.get(name, {name})
        self.leaves[node.code] = CompiledLeaf(
            criterion=node,
            path=path,
            rule=rule,
            applies_if=applies,
            names=tuple(names),
            raw_inputs=frozenset(raw),
        )

    def _rule(self, node: Criterion, rule: BaseModel, path: KeyPath) -> CompiledRule | None:
        kind = kind_of(rule)
        parts = kind.parts(rule, path)
        alternatives = [self._rule(node, part, where) for part, where in parts]
        where_expr = kind.expression(rule, path)
        expr = None
        if where_expr is not None:
            expr = self._compile(where_expr[0], where_expr[1], self.names)
        kind.check(LoadContext(node.max, self.model.inputs, self.add), rule, path)
        step = kind.input_step(rule)
        if step is not None:
            self.steps.setdefault(*step)
        if any(a is None for a in alternatives) or (where_expr is not None and expr is None):
            return None
        inputs = self.model.inputs
        specs = {n: inputs[n] for n in sorted(expr.names) if n in inputs} if expr else {}
        return CompiledRule(
            kind.name, rule, expr, tuple(a for a in alternatives if a is not None), specs
        )


def _rule_exprs(rule: CompiledRule) -> Iterator[Expression]:
    if rule.expr is not None:
        yield rule.expr
    for alt in rule.alternatives:
        yield from _rule_exprs(alt)


def _default_fits(spec: InputSpec, value: object) -> bool:
    kind = spec.type
    if kind == "choice":
        return isinstance(value, str) and value in (spec.options or {})
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date)
    return isinstance(value, Decimal | int) and not isinstance(value, bool)
