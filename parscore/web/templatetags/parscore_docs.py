"""Template filters: how the pages' document viewer shows a stored document, and its file type."""

from __future__ import annotations

from typing import Any

from django import template

from ..files import INLINE, KINDS

register = template.Library()


@register.filter
def viewer(doc: Any) -> str:
    """``pdf`` or ``image`` for a document the browser may show (its file's checked type), ``""``
    for one that is only downloaded (Word, Excel, no file). The server reads the type again from
    the file's bytes when it serves it."""
    kind = getattr(doc, "file_type", "")
    if not getattr(doc, "sha256", "") or kind not in INLINE:
        return ""
    return "pdf" if kind == "pdf" else "image"


@register.filter
def file_kind(doc: Any) -> str:
    """What people call the document's file type ("PDF", "ảnh PNG", "Word"); ``""`` unknown."""
    kind = KINDS.get(getattr(doc, "file_type", ""))
    return kind[0] if kind else ""
