"""Evidence data that plainly fits the :class:`~parscore.model.evidence.Evidence` model, made into
the model without building its validator.

Building pydantic's validator of the evidence model (and the plugin lookup pydantic does then) is a
good part of a one-commune command. YAML evidence almost always holds exactly the types the model
asks for: :func:`plain_evidence` checks that in plain Python and makes the same model pydantic would
(``model_construct`` with the same values, integers given for points turned into decimals as
pydantic does, the same keys marked as set). On anything else (a missing or unknown key, another
type, a number out of range, the appraisal meeting or plan document sections, which few files
have) it says None and the caller validates with pydantic, so every problem is still found,
worded and located by the same code as before.

Once built, pydantic's validator is faster than this check (about 90 µs against 290 µs for the
Dân Tiến file): :func:`quick_evidence` uses the check only until pydantic's validator exists and
for at most :data:`PLAIN_LIMIT` files of a process, so that a batch of thousands of files builds
the validator once and uses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .model.evidence import Document, Evidence
from .model.pack import Goal

__all__ = ["PLAIN_LIMIT", "plain_evidence", "quick_evidence"]

PLAIN_LIMIT = 16
_USED: list[None] = []  # one entry per file checked here


def quick_evidence(data: Any) -> Evidence | None:
    """:func:`plain_evidence` while it is the quicker way (see the module's notes), else None."""
    if Evidence.__pydantic_complete__ or len(_USED) >= PLAIN_LIMIT:
        return None
    _USED.append(None)
    return plain_evidence(data)


class _Doubt(Exception):
    """The data is not plainly what the model asks for: pydantic decides."""


def plain_evidence(data: Any) -> Evidence | None:
    """``data`` as the :class:`Evidence` model, when it plainly fits it; else None."""
    if type(data) is not dict or type(data.get("commune")) is not str:
        return None
    try:
        values: dict[str, Any] = {}
        for key, value in data.items():
            check = _FIELDS.get(key)
            if check is None:
                return None  # unknown key, or a section left to pydantic
            values[key] = check(value)
    except _Doubt:
        return None
    return Evidence.model_construct(set(values), **values)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _Doubt
    return value


def _text_or_none(value: Any) -> str | None:
    return None if value is None else _text(value)


def _date_or_none(value: Any) -> dt.date | None:
    if value is None or type(value) is dt.date:
        return value
    raise _Doubt


def _points(value: Any) -> Decimal:
    """A decimal at least 0 (``Field(ge=0)``); an integer becomes its decimal, as in pydantic."""
    kind = type(value)
    if kind is Decimal and value.is_finite() and value >= 0:
        return value
    if kind is int and value >= 0:
        return Decimal(value)
    raise _Doubt


def _year(value: Any) -> int | None:
    if value is None or (type(value) is int and 2000 <= value <= 2100):
        return value
    raise _Doubt


def _goal(value: Any) -> Goal | None:
    if value is None:
        return None
    if type(value) is not dict or value.keys() != {"total"}:
        raise _Doubt
    return Goal.model_construct({"total"}, total=_points(value["total"]))


def _mapping(check: Any) -> Any:
    def mapping(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _Doubt
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _Doubt
            out[key] = check(item)
        return out

    return mapping


def _any(value: Any) -> Any:
    return value


def _texts(value: Any) -> list[str]:
    if type(value) is not list or any(type(item) is not str for item in value):
        raise _Doubt
    return list(value)


_DOCUMENT_FIELDS: dict[str, Callable[[Any], Any]] = {
    "id": _text,
    "title": _text,
    "kind": _text_or_none,
    "number": _text_or_none,
    "issued": _date_or_none,
    "issuer": _text_or_none,
    "file": _text_or_none,
    "supports": _texts,
    "note": _text,
}


def _document(value: Any) -> Document:
    if type(value) is not dict or "id" not in value or "title" not in value:
        raise _Doubt
    values: dict[str, Any] = {}
    for key, item in value.items():
        check = _DOCUMENT_FIELDS.get(key)
        if check is None:
            raise _Doubt
        values[key] = check(item)
    return Document.model_construct(set(values), **values)


def _documents(value: Any) -> list[Document]:
    if type(value) is not list:
        raise _Doubt
    return [_document(item) for item in value]


def _none(value: Any) -> None:
    if value is not None:
        raise _Doubt  # appraisal_meeting, document: left to pydantic


_FIELDS: dict[str, Callable[[Any], Any]] = {
    "commune": _text,
    "province": _text_or_none,
    "year": _year,
    "pack": _text_or_none,
    "as_of": _date_or_none,
    "goal": _goal,
    "metrics": _mapping(_any),
    "documents": _documents,
    "claims": _mapping(_points),
    "appraisal": _mapping(_points),
    "appraisal_final": _mapping(_points),
    "appraisal_notes": _mapping(_text),
    "explanations": _mapping(_text),
    "adjustments": _mapping(_text),
    "not_applicable": _mapping(_text),
    "appraisal_meeting": _none,
    "synthetic": _text_or_none,
    "note": _text,
    "document": _none,
}
