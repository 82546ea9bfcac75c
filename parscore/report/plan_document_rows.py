"""The appendix of the plan document: every criterion of the pack, in its order and numbering,
with the seed plans' columns (requirement, deadline, lead and coordinating agencies)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..compiled import LoadedPack
from ..model.pack import Criterion
from .build import _inherited
from .filters import roman, vi_deadline

__all__ = ["AppendixRow", "appendix_rows"]


@dataclass(frozen=True)
class AppendixRow:
    """A row of "Phân công nhiệm vụ": ``field`` (I, II…), ``group`` (an inner criterion), ``leaf``."""

    kind: str
    stt: str
    title: str
    target: str
    deadline: str
    owner: str
    partners: str
    at_stake: bool  # loses points or risks losing them: a row to act on this year
    tracked: bool


def appendix_rows(pack: LoadedPack, *, at_stake: set[str]) -> Iterator[AppendixRow]:
    """Fields (I, II…), inner criteria and leaves; ``at_stake`` leaves are the rows to act on."""

    def visit(node: Criterion, above: tuple[Criterion, ...]) -> Iterator[AppendixRow]:
        if not above:
            yield AppendixRow(
                "field", roman(node.code), node.title.upper(), "", "", "", "", False, node.tracked
            )
        elif node.children is not None:
            yield AppendixRow("group", node.code, node.title, "", "", "", "", False, node.tracked)
        if node.children is None:
            yield _leaf_row(node, above, node.code in at_stake)
            return
        for child in node.children:
            yield from visit(child, (*above, node))

    for top in pack.model.criteria:
        yield from visit(top, ())


def _leaf_row(node: Criterion, above: tuple[Criterion, ...], hot: bool) -> AppendixRow:
    deadline = _inherited(node, above, "deadline")
    return AppendixRow(
        "leaf",
        node.code,
        node.title,
        node.target or "",
        vi_deadline(deadline, plan_style=True) if deadline is not None else "",
        _inherited(node, above, "owner") or "",
        "; ".join(_inherited(node, above, "partners") or ()),
        hot,
        node.tracked or any(a.tracked for a in above),
    )
