"""A year's :class:`~parscore.totals.Totals` as plain data, for the score cache's database column.

Compact JSON of lists: strings, integers, booleans, nulls, and exact decimals as their canonical
strings (``str(Decimal)``, so the exponent is kept: ``"1.50"`` stays ``1.50``). Nothing read back
can run code: :func:`decode` builds only the engine's own records from checked values, and
returns ``None`` for anything that is not exactly what :func:`encode` writes (garbled, truncated,
of another version, wrong types, extra or missing items), which the cache treats as a miss.

Decoding is lean: pack records and decimals already seen are shared rather than built again
(they are immutable), and records are filled without their checking ``__init__``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from ..model.result import PackInfo, ResultWarning, Total
from ..totals import FieldTotal, Totals

__all__ = ["decode", "encode"]

VERSION = "totals/2"  # 2: a field's points in the official stage

_PACK_FIELDS = (
    ("id", str),
    ("revision", int),
    ("sha256", str),
    ("status", str),
    ("title", str),
    ("year", int),
    ("places", int),
    ("mode", str),
    ("adjustments", bool),
    ("index", str),
    ("ranking", str),
)
_TOTAL_FIELDS = (
    "points",
    "max",
    "applicable_max",
    "score_exact",
    "score",
    "band",
    "goal",
    "gap",
    "goal_met",
    "bonus",
    "penalty",
)


class _Bad(Exception):
    """The blob is not one :func:`encode` wrote."""


# -- encoding ------------------------------------------------------------------------------------


def _dec(value: object) -> str:
    if type(value) is not Decimal or not value.is_finite():
        raise TypeError(f"not a finite Decimal: {value!r}")
    return str(value)


def _opt_dec(value: object) -> str | None:
    return None if value is None else _dec(value)


def _typed(value: object, kind: type) -> Any:
    if type(value) is not kind:
        raise TypeError(f"not a {kind.__name__}: {value!r}")
    return value


def _opt(value: object, kind: type) -> Any:
    return None if value is None else _typed(value, kind)


def _total(t: Total) -> list[Any]:
    return [
        _dec(t.points),
        _dec(t.max),
        _dec(t.applicable_max),
        _dec(t.score_exact),
        _dec(t.score),
        _opt(t.band, str),
        _opt_dec(t.goal),
        _opt_dec(t.gap),
        _opt(t.goal_met, bool),
        _dec(t.bonus),
        _dec(t.penalty),
    ]


def encode(totals: Totals) -> bytes:
    """The totals as compact JSON; ``TypeError`` for a value the format has no place for."""
    t = totals
    data = [
        VERSION,
        [_typed(getattr(t.pack, name), kind) for name, kind in _PACK_FIELDS],
        _typed(t.commune, str),
        _opt(t.year, int),
        None if t.as_of is None else _typed(t.as_of, dt.date).isoformat(),
        _typed(t.strict_evidence, bool),
        _total(t.total),
        [
            [
                _typed(f.code, str),
                _typed(f.key, str),
                _typed(f.title, str),
                _dec(f.max),
                _dec(f.applicable_max),
                _dec(f.points),
                _typed(f.tracked, bool),
                _opt_dec(f.stage_points),
            ]
            for f in t.fields
        ],
        [[_typed(w.code, str), _typed(w.message, str), _opt(w.criterion, str)] for w in t.warnings],
        _opt(t.synthetic, str),
        _dec(t.scale),
        [[_typed(name, str), _total(total)] for name, total in t.stages.items()],
    ]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


# -- decoding ------------------------------------------------------------------------------------

_DECIMALS: dict[str, Decimal] = {}  # canonical text -> its (immutable) Decimal
_PACKS: dict[tuple[Any, ...], PackInfo] = {}
_SHARED_LIMIT = 50_000


def _d(text: Any) -> Decimal:
    value = _DECIMALS.get(text) if type(text) is str else None
    if value is None:
        if type(text) is not str:
            raise _Bad
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _Bad from None
        if not value.is_finite() or str(value) != text:  # only the canonical text is accepted
            raise _Bad
        if len(_DECIMALS) >= _SHARED_LIMIT:
            _DECIMALS.clear()
        _DECIMALS[text] = value
    return value


def _od(text: Any) -> Decimal | None:
    return None if text is None else _d(text)


def _s(value: Any) -> str:
    if type(value) is not str:
        raise _Bad
    return value


def _os(value: Any) -> str | None:
    return None if value is None else _s(value)


def _b(value: Any) -> bool:
    if type(value) is not bool:
        raise _Bad
    return value


def _list(value: Any, size: int | None = None) -> list[Any]:
    if type(value) is not list or (size is not None and len(value) != size):
        raise _Bad
    return value


def _made(cls: type, values: dict[str, Any]) -> Any:
    """A frozen record from checked values, without its ``__init__``."""
    record: Any = object.__new__(cls)
    record.__dict__.update(values)
    return record


def _decode_total(value: Any) -> Total:
    v = _list(value, len(_TOTAL_FIELDS))
    goal_met = v[8]
    if goal_met is not None:
        _b(goal_met)
    values = (
        _d(v[0]),
        _d(v[1]),
        _d(v[2]),
        _d(v[3]),
        _d(v[4]),
        _os(v[5]),
        _od(v[6]),
        _od(v[7]),
        goal_met,
        _d(v[9]),
        _d(v[10]),
    )
    total: Total = _made(Total, dict(zip(_TOTAL_FIELDS, values, strict=True)))
    return total


def _decode_pack(value: Any) -> PackInfo:
    key = tuple(_list(value, len(_PACK_FIELDS)))
    try:
        info = _PACKS.get(key)
    except TypeError:  # a list or another unhashable item
        raise _Bad from None
    if info is None:
        for item, (_, kind) in zip(key, _PACK_FIELDS, strict=True):
            if type(item) is not kind:
                raise _Bad
        info = PackInfo(**{name: item for item, (name, _) in zip(key, _PACK_FIELDS, strict=True)})
        if len(_PACKS) >= _SHARED_LIMIT:
            _PACKS.clear()
        _PACKS[key] = info
    return info


def _decode_field(value: Any) -> FieldTotal:
    v = _list(value, 8)
    code, key, title, tracked = v[0], v[1], v[2], v[6]
    if type(code) is not str or type(key) is not str or type(title) is not str:
        raise _Bad
    if type(tracked) is not bool:
        raise _Bad
    stage = v[7]
    field: FieldTotal = tuple.__new__(  # every item checked: without the NamedTuple's __new__
        FieldTotal,
        (
            code,
            key,
            title,
            _d(v[3]),
            _d(v[4]),
            _d(v[5]),
            tracked,
            None if stage is None else _d(stage),
        ),
    )
    return field


def _decode_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        date = dt.date.fromisoformat(_s(value))
    except ValueError:
        raise _Bad from None
    if date.isoformat() != value:
        raise _Bad
    return date


def _decode(data: Any) -> Totals:
    v = _list(data, 12)
    if v[0] != VERSION:
        raise _Bad
    year = v[3]
    if year is not None and type(year) is not int:
        raise _Bad
    stages: dict[str, Total] = {}
    for item in _list(v[11]):
        name, total = _list(item, 2)
        if _s(name) in stages:
            raise _Bad
        stages[name] = _decode_total(total)
    values = {
        "pack": _decode_pack(v[1]),
        "commune": _s(v[2]),
        "year": year,
        "as_of": _decode_date(v[4]),
        "strict_evidence": _b(v[5]),
        "total": _decode_total(v[6]),
        "fields": tuple(_decode_field(f) for f in _list(v[7])),
        "warnings": tuple(
            ResultWarning(_s(w[0]), _s(w[1]), _os(w[2])) for w in map(_warning, _list(v[8]))
        ),
        "synthetic": _os(v[9]),
        "scale": _d(v[10]),
        "stages": stages,
    }
    totals: Totals = _made(Totals, values)
    return totals


def _warning(value: Any) -> list[Any]:
    return _list(value, 3)


def decode(blob: bytes | bytearray | memoryview | None) -> Totals | None:
    """The totals :func:`encode` wrote, or ``None`` if ``blob`` is anything else."""
    if blob is None:
        return None
    try:
        return _decode(json.loads(bytes(blob)))
    except (_Bad, ValueError, RecursionError):  # JSON and UTF-8 errors are ValueErrors
        return None
