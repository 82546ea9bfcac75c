"""The text columns of a document's row, checked where a document enters (the upload form, an
imported file): a text longer than its column is refused with the field's name, never left to
the database (PostgreSQL refuses it with a server error, SQLite would keep it whole)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .models import EvidenceDocument

__all__ = ["LABELS", "too_long", "too_long_fields"]

# column -> the name the upload form gives it
LABELS = {
    "doc_id": "Mã tài liệu",
    "title": "Trích yếu",
    "kind": "Loại",
    "number": "Số hiệu",
    "issuer": "Cơ quan ban hành",
}


def too_long(fields: Mapping[str, Any]) -> list[str]:
    """A Vietnamese problem per text of ``fields`` (columns of :data:`LABELS`; a missing or
    ``None`` one is empty) longer than its column holds."""
    return list(too_long_fields(fields).values())


def too_long_fields(fields: Mapping[str, Any]) -> dict[str, str]:
    """:func:`too_long`'s problems by the column they are about (a form marks those fields)."""
    out = {}
    for key, label in LABELS.items():
        text = str(fields.get(key) or "")
        limit = EvidenceDocument._meta.get_field(key).max_length or 0
        if len(text) > limit:
            out[key] = f"{label} dài {len(text)} ký tự, tối đa {limit}."
    return out
