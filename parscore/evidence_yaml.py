"""Evidence -> YAML text, deterministic and readable (the inverse of loading an evidence file).

Used by ``parscore import`` (Excel form -> evidence) and the synthetic commune generator. The
output has a fixed key order, every string double-quoted (so a commune called ``Yes`` or a code
``1.10`` stays text), criterion codes quoted, decimals written exactly as their text
(``Decimal('1.50')`` -> ``1.50``), dates in ISO form. Reading the text back with
:func:`parscore.yamlio.parse_yaml` gives the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .model.evidence import AppraisalMeeting, Document, Evidence

__all__ = ["dump_evidence", "yaml_scalar"]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# words YAML 1.1 reads as booleans or null: never written as plain keys
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def dump_evidence(evidence: Evidence, header: Iterable[str] = ()) -> str:
    """The evidence as YAML text; ``header`` lines become ``#`` comments at the top."""
    lines = [f"# {line}".rstrip() for line in header]
    e = evidence
    lines.append(f"commune: {yaml_scalar(e.commune)}")
    for key, value in (
        ("province", e.province),
        ("year", e.year),
        ("pack", e.pack),
        ("as_of", e.as_of),
        ("synthetic", e.synthetic),
    ):
        if value is not None:
            lines.append(f"{key}: {yaml_scalar(value)}")
    if e.goal is not None:
        lines.append(f"goal: {{ total: {yaml_scalar(e.goal.total)} }}")
    if e.metrics:
        lines.append("metrics:")
        lines.extend(f"  {_key(k)}: {yaml_scalar(v)}" for k, v in e.metrics.items())
    if e.documents:
        lines.append("documents:")
        for doc in e.documents:
            lines.extend(_document(doc))
    for section in (
        "claims",
        "appraisal",
        "appraisal_final",
        "appraisal_notes",
        "explanations",
        "adjustments",
        "not_applicable",
    ):
        mapping: Mapping[str, Any] = getattr(e, section)
        if mapping:
            lines.append(f"{section}:")
            lines.extend(f"  {yaml_scalar(k)}: {yaml_scalar(v)}" for k, v in mapping.items())
    if e.appraisal_meeting is not None:
        lines.extend(_meeting(e.appraisal_meeting))
    if e.note:
        lines.append(f"note: {yaml_scalar(e.note)}")
    return "\n".join(lines) + "\n"


def _meeting(meeting: AppraisalMeeting) -> list[str]:
    """The ``appraisal_meeting`` section (for the minutes): only the keys that are set."""
    out = ["appraisal_meeting:"]
    data = meeting.model_dump(exclude_defaults=True)
    for key in AppraisalMeeting.model_fields:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, dict):
            out.append(f"  {key}: {_person(value)}")
        elif isinstance(value, list):
            out.append(f"  {key}:")
            out.extend(f"    - {_person(person)}" for person in value)
        else:
            out.append(f"  {key}: {yaml_scalar(value)}")
    return out


def _person(person: Mapping[str, Any]) -> str:
    return "{ " + ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in person.items()) + " }"


def _document(doc: Document) -> list[str]:
    out = [f"  - id: {yaml_scalar(doc.id)}"]
    for key in ("kind", "title", "number", "issued", "issuer", "file"):
        value = getattr(doc, key)
        if value is not None:
            out.append(f"    {key}: {yaml_scalar(value)}")
    if doc.supports:
        out.append("    supports: [ " + ", ".join(yaml_scalar(s) for s in doc.supports) + " ]")
    if doc.note:
        out.append(f"    note: {yaml_scalar(doc.note)}")
    return out


def _key(name: str) -> str:
    if _PLAIN_KEY.fullmatch(name) and name.lower() not in _RESERVED:
        return name
    return yaml_scalar(name)


def yaml_scalar(value: Any) -> str:
    """One value as YAML: strings double-quoted, decimals exact, dates ISO, null for None."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return format(value, "f")
    if isinstance(value, dt.datetime):
        raise ValueError(f"a date without a time is expected, got {value!r}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _quote(value)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _quote(text: str) -> str:
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _printable(code):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _printable(code: int) -> bool:
    """Characters safe unescaped: YAML refuses control characters, and folds line breaks."""
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and code not in (0x2028, 0x2029, 0xFEFF)
