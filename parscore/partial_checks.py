"""Checks that still run on a file that does not fit the schema, so one error hides no other.

When a rule pack has a structural problem (a missing title, a word where a number belongs) its
model cannot be built, and the semantic checks of :mod:`parscore.compiled` cannot run. The
expressions can still be compiled from the raw data: a typo in a formula is reported together
with the structural error, not after it is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .errors import Issue
from .expr import ExpressionError, compile_expression
from .yamlio import KeyPath, YamlDocument

__all__ = ["raw_expression_issues"]

_OF_KINDS = ("tiers", "linear", "count", "deduct", "deadline")


def raw_expression_issues(doc: YamlDocument) -> list[Issue]:
    """Every expression of a pack's raw data that does not compile (PS3xx), located."""
    data = doc.data if isinstance(doc.data, dict) else {}
    inputs = data.get("inputs")
    derived = data.get("derived")
    names = {str(k) for k in inputs} if isinstance(inputs, dict) else set()
    issues: list[Issue] = []
    if isinstance(derived, dict):
        for name, text in derived.items():
            issues.extend(_compile(doc, text, ("derived", name), names))
            names.add(str(name))
    criteria = data.get("criteria")
    if isinstance(criteria, list):
        for text, path in _criteria_expressions(criteria, ("criteria",)):
            issues.extend(_compile(doc, text, path, names))
    return issues


def _compile(doc: YamlDocument, text: Any, path: KeyPath, names: set[str]) -> list[Issue]:
    if not isinstance(text, str):
        return []  # the schema check reports it
    try:
        compile_expression(text, names)
    except ExpressionError as exc:
        return [doc.issue(exc.code, path, exc.message, exc.hint)]
    return []


def _criteria_expressions(nodes: list[Any], path: KeyPath) -> Iterator[tuple[Any, KeyPath]]:
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            continue
        here = (*path, i)
        if "applies_if" in node:
            yield node["applies_if"], (*here, "applies_if")
        score = node.get("score")
        if isinstance(score, dict):
            yield from _rule_expressions(score, (*here, "score"))
        children = node.get("children")
        if isinstance(children, list):
            yield from _criteria_expressions(children, (*here, "children"))


def _rule_expressions(rule: dict[str, Any], path: KeyPath) -> Iterator[tuple[Any, KeyPath]]:
    for kind in ("check", "formula"):
        if kind in rule:
            yield rule[kind], (*path, kind)
    for kind in _OF_KINDS:
        spec = rule.get(kind)
        if isinstance(spec, dict) and "of" in spec:
            yield spec["of"], (*path, kind, "of")
    alternatives = rule.get("best_of")
    if isinstance(alternatives, list):
        for i, alt in enumerate(alternatives):
            if isinstance(alt, dict):
                yield from _rule_expressions(alt, (*path, "best_of", i))
