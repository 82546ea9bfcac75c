"""Byte-identical Word files: fixed core-property dates and zip entry timestamps.

python-docx stamps the current time into ``docProps/core.xml`` and into every zip entry; a report
must not depend on the clock, so both are pinned to the report's own date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from typing import Any

__all__ = ["FALLBACK_DATE", "docx_bytes", "fixed_datetime", "normalize_zip", "zip_entries"]

FALLBACK_DATE = dt.date(2000, 1, 1)  # when neither the evidence nor SOURCE_DATE_EPOCH gives a date


def fixed_datetime(day: dt.date | None) -> dt.datetime:
    """Midnight UTC of the report date (or of a fixed fallback date)."""
    d = day or FALLBACK_DATE
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry stamped ``when``, in the same order, same attributes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            _write(target, entry.filename, source.read(entry.filename), when)
    return out.getvalue()


def docx_bytes(doc: Any, when: dt.datetime) -> bytes:
    """``normalize_zip`` of what ``doc.save`` writes, compressed once: the parts are written the
    way python-docx's package writer writes them (same entries, same order), stamped ``when``."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        writer: Any = _StampedWriter(target, when)  # duck-typed as its zip writer
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
    return out.getvalue()


def zip_entries(entries: Iterable[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A zip of ``entries`` (name, bytes) in order, stamped ``when`` as :func:`docx_bytes` does."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, blob in entries:
            _write(target, name, blob, when)
    return out.getvalue()


class _StampedWriter:
    """python-docx's zip writer (``write(pack_uri, blob)``) with fixed entry attributes."""

    def __init__(self, target: zipfile.ZipFile, when: dt.datetime) -> None:
        self.target, self.when = target, when

    def write(self, pack_uri: Any, blob: bytes) -> None:
        _write(self.target, pack_uri.membername, blob, self.when)


def _write(target: zipfile.ZipFile, name: str, blob: bytes, when: dt.datetime) -> None:
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    target.writestr(info, blob)
