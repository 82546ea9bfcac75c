"""Changes of a pack's top-level rules: ``constraints`` and ``adjustments`` (bonus, penalty).

They become ``pack_changed`` changes whose ``field`` says what moved: ``constraints`` (a
constraint added, removed or reworded, matched by its ``check``), ``adjustments.bonus.max``, or
``adjustments.penalty.items.V1`` (an item added, removed or changed, matched by its code).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..model.citation import cited
from ..model.pack import AdjustmentGroup, AdjustmentItem, RulePack

__all__ = ["pack_rule_changes"]

RuleChange = tuple[Any, Any, str]  # old value, new value, field


def pack_rule_changes(old: RulePack, new: RulePack) -> Iterator[RuleChange]:
    """``(old, new, field)`` for every constraint and adjustment that differs."""
    before = {c.check: c for c in old.constraints}
    after = {c.check: c for c in new.constraints}
    for check in [*after, *(c for c in before if c not in after)]:
        a, b = before.get(check), after.get(check)
        if a != b:
            yield _data(a), _data(b), "constraints"
    for side in ("bonus", "penalty"):
        x: AdjustmentGroup | None = getattr(old.adjustments, side)
        y: AdjustmentGroup | None = getattr(new.adjustments, side)
        prefix = f"adjustments.{side}"
        max_x = x.max if x is not None else None
        max_y = y.max if y is not None else None
        if max_x != max_y:
            yield max_x, max_y, f"{prefix}.max"
        items_x = {i.code: i for i in (x.items if x is not None else ())}
        items_y = {i.code: i for i in (y.items if y is not None else ())}
        for code in [*items_y, *(c for c in items_x if c not in items_y)]:
            a_item, b_item = items_x.get(code), items_y.get(code)
            if a_item != b_item:
                yield _item(old, a_item), _item(new, b_item), f"{prefix}.items.{code}"


def _item(pack: RulePack, item: AdjustmentItem | None) -> dict[str, Any] | None:
    """An item as data, its source cited as users read it (a document's title, not its key)."""
    if item is None:
        return None
    return _data(item.model_copy(update={"source": cited(pack, item.source)}))


def _data(model: BaseModel | None) -> dict[str, Any] | None:
    """A model as YAML writes it (defaults left out), values kept as Python objects."""
    if model is None:
        return None
    return model.model_dump(by_alias=True, exclude_defaults=True)
