"""What-if: score a scenario's changed copy of the evidence and compare it with the base result.

Nodes are matched by their stable key (``id``, else ``code``) so a scenario scored under another
pack still lines up criteria that were renumbered. A change is reported for every field (top
level), inner criterion and leaf whose points, applicable maximum or status differ.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compiled import LoadedPack
from ..loader import LoadedEvidence
from ..model.result import LeafResult, NodeResult, Result
from ..numbers import plain
from ..scoring import score
from .describe import total_notes
from .scenario import Scenario, apply_scenario

__all__ = ["NodeChange", "WhatIf", "compare_results", "run_whatif"]

Node = NodeResult | LeafResult


@dataclass(frozen=True)
class NodeChange:
    code: str
    title: str
    level: str  # "field" (top level), "group" (inner criterion) or "leaf"
    before: Node | None
    after: Node | None

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after.points - self.before.points

    def to_dict(self, base: Result, new: Result) -> dict[str, Any]:
        delta = self.delta
        before = self.before.points if self.before is not None else None
        after = self.after.points if self.after is not None else None
        return {
            "code": self.code,
            "title": self.title,
            "level": self.level,
            "from": plain(before) if before is not None else None,
            "to": plain(after) if after is not None else None,
            "delta": plain(delta) if delta is not None else None,
            "from_display": base.pack.r(before) if before is not None else None,
            "to_display": new.pack.r(after) if after is not None else None,
            "delta_display": new.pack.r(delta) if delta is not None else None,
            "status_from": self.before.status if self.before is not None else None,
            "status_to": self.after.status if self.after is not None else None,
        }


@dataclass(frozen=True)
class WhatIf:
    base: Result
    new: Result
    changes: tuple[NodeChange, ...]
    notes: tuple[str, ...] = ()
    title: str | None = None

    @property
    def delta(self) -> Decimal:
        """Change of the reported (rounded) score."""
        return self.new.total.score - self.base.total.score

    def leaves(self) -> list[NodeChange]:
        return [c for c in self.changes if c.level == "leaf"]

    def fields(self) -> list[NodeChange]:
        return [c for c in self.changes if c.level == "field"]

    def to_dict(self) -> dict[str, Any]:
        b, n = self.base.total, self.new.total
        return {
            "base": self.base.to_dict(),
            "new": self.new.to_dict(),
            "changes": [c.to_dict(self.base, self.new) for c in self.changes],
            "total": {
                "from": plain(b.score),
                "to": plain(n.score),
                "delta": plain(self.delta),
                "band_from": b.band,
                "band_to": n.band,
                "gap": plain(n.gap) if n.gap is not None else None,
                "goal_met": n.goal_met,
            },
            "title": self.title,
            "notes": list(self.notes),
        }


def run_whatif(
    base_pack: LoadedPack,
    evidence: LoadedEvidence,
    scenario: Scenario,
    new_pack: LoadedPack | None = None,
    carried: LoadedEvidence | None = None,
    notes: Sequence[str] = (),
) -> WhatIf:
    """Score ``evidence`` as it is and with ``scenario`` applied (under ``new_pack`` when the
    scenario names another pack; ``carried`` is the evidence rebased onto it)."""
    strict = scenario.model.strict_evidence
    goal = scenario.goal
    base = score(base_pack, evidence, strict_evidence=strict, goal=goal)
    changed = apply_scenario(carried if carried is not None else evidence, scenario)
    new = score(new_pack or base_pack, changed, strict_evidence=strict, goal=goal)
    all_notes = (*notes, *total_notes(new))
    return WhatIf(base, new, compare_results(base, new), all_notes, scenario.model.title)


def compare_results(base: Result, new: Result) -> tuple[NodeChange, ...]:
    old = {node.key: (node, level) for node, level in _walk(base)}
    seen: set[str] = set()
    out: list[NodeChange] = []
    for node, level in _walk(new):
        seen.add(node.key)
        before = old.get(node.key, (None, level))[0]
        if before is None or _differs(before, node):
            out.append(NodeChange(node.code, node.title, level, before, node))
    for key, (node, level) in old.items():
        if key not in seen:
            out.append(NodeChange(node.code, node.title, level, node, None))
    return tuple(out)


def _walk(result: Result) -> Iterator[tuple[Node, str]]:
    def visit(node: Node, top: bool) -> Iterator[tuple[Node, str]]:
        if isinstance(node, LeafResult):
            yield node, "field" if top else "leaf"
            return
        yield node, "field" if top else "group"
        for child in node.children:
            yield from visit(child, False)

    for top in result.criteria:
        yield from visit(top, True)


def _differs(a: Node, b: Node) -> bool:
    return a.points != b.points or a.applicable_max != b.applicable_max or a.status != b.status
