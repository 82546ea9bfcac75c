"""``diff_packs(old, new)``: every difference between two rule packs, as data.

Criteria are matched by their stable ``key`` (``id``, defaulting to ``code``), so a renumbered
criterion is a ``moved`` change, not a removal plus an addition. Order is deterministic: pack
fields, then inputs and derived values, then criteria in the new pack's order, then removed
criteria in the old pack's order. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..compiled import LoadedPack
from ..model.citation import cited
from ..model.pack import Criterion, InputSpec, RulePack, Source, rule_kind
from ..numbers import plain
from .pack_rules import pack_rule_changes
from .rules import rule_changes

__all__ = [
    "CHANGE_KINDS",
    "CRITERION_FIELDS",
    "INPUT_FIELDS",
    "PACK_FIELDS",
    "Change",
    "diff_models",
    "diff_packs",
    "json_value",
    "same",
]

# Every kind a change can have, in the order they are listed for one criterion.
CHANGE_KINDS: tuple[str, ...] = (
    "pack_changed",
    "input_added",
    "input_removed",
    "input_changed",
    "added",
    "removed",
    "moved",
    "retitled",
    "max_changed",
    "rule_changed",
    "threshold_changed",
    "applies_changed",
    "evidence_changed",
    "target_changed",
    "owner_changed",
    "detail_changed",
    "source_changed",
)

MIRROR: dict[str, str] = {
    "added": "removed",
    "removed": "added",
    "input_added": "input_removed",
    "input_removed": "input_added",
}

# Which change kind each field of a matched criterion belongs to (``code`` and ``children`` are
# compared as the criterion's place in the tree: ``moved``; ``id`` is the identity itself).
CRITERION_FIELDS: dict[str, str] = {
    "code": "moved",
    "id": "",
    "children": "moved",
    "title": "retitled",
    "max": "max_changed",
    "score": "rule_changed",
    "applies_if": "applies_changed",
    "na_allowed": "applies_changed",
    "evidence": "evidence_changed",
    "target": "target_changed",
    "owner": "owner_changed",
    "partners": "owner_changed",
    "deadline": "detail_changed",
    "effort": "detail_changed",
    "survey": "detail_changed",
    "tracked": "detail_changed",
    "note": "detail_changed",
    "source": "source_changed",
}
_SIMPLE_FIELDS = [
    f for f in CRITERION_FIELDS if f not in ("code", "id", "children", "score", "source")
]

PACK_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "province",
    "level",
    "year",
    "revision",
    "status",
    "legal_basis",
    "replaces",
    "total",
    "scale",
    "rounding",
    "goal",
    "bands",
    "index",
    "ranking",
    "note",
    "documents",
    "sources",
)

_ONE_KEY_FIELDS = {"index": "name", "ranking": "ties"}

INPUT_FIELDS: tuple[str, ...] = (
    "label",
    "type",
    "min",
    "max",
    "step",
    "options",
    "default",
    "survey",
    "unit",
    "note",
    "task",
    "year_to_date",
)


@dataclass(frozen=True)
class Change:
    """One difference. ``old``/``new`` are Python values (Decimal, date, str, list, dict, None).

    ``key`` is the criterion's stable id, the input name, or ``None`` for pack fields; ``code`` is
    the criterion's code in the new pack (in the old pack for ``removed``); ``field`` says what
    changed within it (``steps[1].min``, ``goal``, ``label``…), empty when the whole thing did.
    """

    kind: str
    key: str | None
    code: str | None
    old: Any
    new: Any
    field: str = ""
    title: str = ""
    old_code: str | None = None

    def to_dict(self, message: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.key,
            "code": self.code,
            "field": self.field or None,
            "title": self.title or None,
            "old": json_value(self.old),
            "new": json_value(self.new),
            "message": message,
        }

    def mirrored(self) -> Change:
        """The same change seen from the other side (``diff(b, a)`` for ``diff(a, b)``)."""
        code = self.old_code if self.old_code is not None else self.code
        return Change(
            kind=MIRROR.get(self.kind, self.kind),
            key=self.key,
            code=code,
            old=self.new,
            new=self.old,
            field=self.field,
            title=self.title,
            old_code=self.code if self.kind not in ("added", "removed") else None,
        )


def json_value(value: Any) -> Any:
    """A value in JSON form: decimals as plain strings, dates ISO, models as dicts."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return json_value(model_data(value))
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return str(value)


def same(a: Any, b: Any) -> bool:
    """Equal values: numbers by value (``5`` is ``5.0``), but ``true`` is never ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, Decimal | int) and isinstance(b, Decimal | int):
        return Decimal(a) == Decimal(b)
    return type(a) is type(b) and a == b


def model_data(model: BaseModel) -> dict[str, Any]:
    """A model's fields by YAML name, defaults left out, values kept as Python objects."""
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value == info.default and not info.is_required():
            continue
        out[info.alias or name] = model_data(value) if isinstance(value, BaseModel) else value
    return out


def diff_packs(old: LoadedPack, new: LoadedPack) -> list[Change]:
    """Every change from ``old`` to ``new`` (empty when the packs say the same thing)."""
    return diff_models(old.model, new.model)


def diff_models(old: RulePack, new: RulePack) -> list[Change]:
    changes: list[Change] = []
    changes.extend(_pack_changes(old, new))
    changes.extend(
        Change("pack_changed", None, None, a, b, field=field)
        for a, b, field in pack_rule_changes(old, new)
    )
    changes.extend(_input_changes(old, new))
    changes.extend(_criteria_changes(old, new))
    return changes


# -- pack and inputs -----------------------------------------------------------------------------


def _pack_changes(old: RulePack, new: RulePack) -> Iterator[Change]:
    for name in PACK_FIELDS:
        a, b = _pack_field(old, name), _pack_field(new, name)
        if name in _ONE_KEY_FIELDS:  # a one-key model: the change is its value's
            key = _ONE_KEY_FIELDS[name]
            a, b, name = getattr(a, key), getattr(b, key), f"{name}.{key}"
        if name == "sources":  # one change per pack-wide value whose source changed
            for key in [*a, *(k for k in b if k not in a)]:
                if not same(a.get(key), b.get(key)):
                    old_src, new_src = _data(a.get(key)), _data(b.get(key))
                    yield Change("pack_changed", None, None, old_src, new_src, f"sources.{key}")
            continue
        if not same(a, b):
            yield Change("pack_changed", None, None, _data(a), _data(b), field=name)


def _pack_field(pack: RulePack, name: str) -> Any:
    """A pack field as users compare it: documents by title (their keys are the pack's own
    references, never shown), sources cited by document title."""
    if name == "documents":
        return [doc.title for doc in pack.pack.documents.values()]
    if name == "sources":
        return {key: cited(pack, src) for key, src in pack.pack.sources.items()}
    return getattr(pack.pack, name)


def _data(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return model_data(value)
    if isinstance(value, list):
        return [_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    return value


def _definitions(pack: RulePack) -> dict[str, InputSpec | str]:
    """Declared inputs and derived values by name (a derived value is its expression text)."""
    out: dict[str, InputSpec | str] = dict(pack.inputs)
    out.update(pack.derived)
    return out


def _input_changes(old: RulePack, new: RulePack) -> Iterator[Change]:
    a, b = _definitions(old), _definitions(new)
    for name, spec in b.items():
        if name not in a:
            yield Change("input_added", name, None, None, _input_value(spec))
            continue
        before = a[name]
        if isinstance(before, InputSpec) and isinstance(spec, InputSpec):
            for field in INPUT_FIELDS:
                x, y = getattr(before, field), getattr(spec, field)
                if not same(x, y):
                    yield Change("input_changed", name, None, x, y, field=field)
        elif before != spec:
            field = "derived" if isinstance(before, str) and isinstance(spec, str) else "kind"
            yield Change(
                "input_changed", name, None, _input_value(before), _input_value(spec), field
            )
    for name, spec in a.items():
        if name not in b:
            yield Change("input_removed", name, None, _input_value(spec), None)


def _input_value(spec: InputSpec | str) -> Any:
    return {"derived": spec} if isinstance(spec, str) else model_data(spec)


# -- criteria ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    node: Criterion
    parent: Criterion | None


def _places(pack: RulePack) -> dict[str, _Place]:
    out: dict[str, _Place] = {}

    def visit(nodes: list[Criterion], parent: Criterion | None) -> None:
        for node in nodes:
            out.setdefault(node.key, _Place(node, parent))
            if node.children is not None:
                visit(node.children, node)

    visit(pack.criteria, None)
    return out


def summary(node: Criterion, parent: Criterion | None) -> dict[str, Any]:
    """What an added or removed criterion was: code, parent, title, max and scoring kind."""
    out: dict[str, Any] = {
        "code": node.code,
        "parent": parent.code if parent is not None else None,
        "title": node.title,
        "max": node.max,
    }
    if node.score is not None:
        out["kind"] = rule_kind(node.score)
    else:
        out["children"] = len(node.children or [])
    return out


def _criteria_changes(old: RulePack, new: RulePack) -> Iterator[Change]:
    a, b = _places(old), _places(new)
    for key, place in b.items():
        node = place.node
        if key not in a:
            yield Change(
                "added", key, node.code, None, summary(node, place.parent), title=node.title
            )
            continue
        yield from _criterion_changes(key, a[key], place, (old, new))
    for key, place in a.items():
        if key not in b:
            node = place.node
            yield Change(
                "removed", key, node.code, summary(node, place.parent), None, title=node.title
            )


def _criterion_changes(
    key: str, before: _Place, after: _Place, packs: tuple[RulePack, RulePack]
) -> Iterator[Change]:
    x, y = before.node, after.node
    code, title = y.code, y.title
    old_code = x.code if x.code != y.code else None

    def change(kind: str, old: Any, new: Any, field: str = "") -> Change:
        return Change(kind, key, code, old, new, field=field, title=title, old_code=old_code)

    parent_a = before.parent.key if before.parent is not None else None
    parent_b = after.parent.key if after.parent is not None else None
    if x.code != y.code or parent_a != parent_b:
        yield change(
            "moved",
            {"code": x.code, "parent": before.parent.code if before.parent else None},
            {"code": y.code, "parent": after.parent.code if after.parent else None},
        )
    for field in ("title", "max"):
        if getattr(x, field) != getattr(y, field):
            yield change(CRITERION_FIELDS[field], getattr(x, field), getattr(y, field))
    if x.score != y.score:
        for kind, field, old, new in rule_changes(x.score, y.score):
            yield change(kind, old, new, field)
    for kind in ("applies_changed", "evidence_changed", "target_changed", "owner_changed"):
        yield from _fields_of_kind(x, y, kind, change)
    yield from _fields_of_kind(x, y, "detail_changed", change)
    a, b = cited(packs[0], x.source), cited(packs[1], y.source)
    if a != b:
        yield from _source_changes(a, b, change)


def _fields_of_kind(x: Criterion, y: Criterion, kind: str, change: Any) -> Iterator[Change]:
    for field in _SIMPLE_FIELDS:
        if CRITERION_FIELDS[field] != kind or field in ("title", "max"):
            continue
        a, b = getattr(x, field), getattr(y, field)
        if not same(a, b):
            yield change(kind, a, b, field)


def _source_changes(a: Source | None, b: Source | None, change: Any) -> Iterator[Change]:
    """Sources compared as users read them (a document's title, not its key or file)."""
    if a is None or b is None:
        yield change("source_changed", a, b)
        return
    for field in ("status", "ref", "note"):
        if getattr(a, field) != getattr(b, field):
            yield change("source_changed", getattr(a, field), getattr(b, field), f"source.{field}")
