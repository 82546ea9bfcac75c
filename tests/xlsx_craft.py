"""Crafting broken workbooks from a real generated form (shared by the corpus and fuzz tests)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from parscore.forms.archive import sheet_parts

Edit = Callable[[bytes], bytes]


def sheet_path(form: bytes, sheet: str) -> str:
    """The XML part of ``sheet`` in the workbook."""
    archive = zipfile.ZipFile(io.BytesIO(form))
    return next(s.path for s in sheet_parts(archive) if s.name == sheet)


def rezip(form: bytes, edits: dict[str, Edit] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The same workbook with some parts edited or left out."""
    source = zipfile.ZipFile(io.BytesIO(form))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename in drop:
                continue
            data = source.read(entry.filename)
            edit = (edits or {}).get(entry.filename)
            target.writestr(entry.filename, edit(data) if edit else data)
    return out.getvalue()


def set_cell_xml(xml: bytes, ref: str, inner: bytes, attrs: bytes = b"") -> bytes:
    """``xml`` with the cell ``ref`` replaced by ``<c r="ref" attrs>inner</c>`` (added if absent)."""
    cell = rb'<c r="%s"%s>%s</c>' % (ref.encode(), attrs, inner)
    pattern = re.compile(rb'<c r="%s"(?:[^>]*/>|[^>]*>.*?</c>)' % ref.encode(), re.S)
    if pattern.search(xml):
        return pattern.sub(lambda _: cell, xml, count=1)
    row = int(re.sub(r"[A-Z]", "", ref))
    return xml.replace(b"</sheetData>", b'<row r="%d">%s</row></sheetData>' % (row, cell))


def with_cell(form: bytes, sheet: str, ref: str, inner: bytes, attrs: bytes = b"") -> bytes:
    return rezip(form, {sheet_path(form, sheet): lambda x: set_cell_xml(x, ref, inner, attrs)})


def text_cell(text: str) -> tuple[bytes, bytes]:
    """``(inner, attrs)`` of an inline-string cell holding ``text``."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return b"<is><t>%s</t></is>" % escaped.encode("utf-8"), b' t="inlineStr"'
