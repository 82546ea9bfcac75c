"""Byte-identical Word files: fixed core-property dates and zip entry timestamps.

python-docx stamps the current time into ``docProps/core.xml`` and into every zip entry; a report
must not depend on the clock, so both are pinned to the report's own date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["FALLBACK_DATE", "fixed_datetime", "normalize_zip"]

FALLBACK_DATE = dt.date(2000, 1, 1)  # when neither the evidence nor SOURCE_DATE_EPOCH gives a date


def fixed_datetime(day: dt.date | None) -> dt.datetime:
    """Midnight UTC of the report date (or of a fixed fallback date)."""
    d = day or FALLBACK_DATE
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry stamped ``when``, in the same order, same attributes."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
