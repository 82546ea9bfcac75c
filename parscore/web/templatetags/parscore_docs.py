"""Template filter: how the pages' document viewer shows a stored document."""

from __future__ import annotations

from typing import Any

from django import template

from ..files import INLINE

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
