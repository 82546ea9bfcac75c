"""Byte-identical Word files: fixed core-property dates and zip entry timestamps.

python-docx stamps the current time into ``docProps/core.xml`` and into every zip entry; a report
must not depend on the clock, so both are pinned to the report's own date.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FALLBACK_DATE",
    "Deflated",
    "deflated",
    "docx_bytes",
    "fixed_datetime",
    "normalize_zip",
    "zip_deflated",
]

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


@dataclass(frozen=True)
class Deflated:
    """A zip entry compressed as ``zipfile`` compresses it (``ZIP_DEFLATED``, default level)."""

    name: str
    crc: int
    size: int
    data: bytes  # the raw deflate stream


def deflated(name: str, blob: bytes) -> Deflated:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Deflated(
        name, zlib.crc32(blob), len(blob), compressor.compress(blob) + compressor.flush()
    )


# the zip format's records as zipfile writes them (local header, central directory entry, end)
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION, _UNIX, _MODE = 20, 3, 0o644 << 16  # deflate needs zip 2.0; made on Unix, rw-r--r--


def zip_deflated(entries: Iterable[Deflated], when: dt.datetime) -> bytes:
    """The zip ``zipfile`` writes for these entries in this order with :func:`_write`'s attributes
    (stamped ``when``, Unix ``0644``, no extra fields), from entries compressed beforehand."""
    y, mo, d, h, mi, s = _stamp(when)
    date, time = (y - 1980) << 9 | mo << 5 | d, h << 11 | mi << 5 | s // 2
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for e in entries:
        name = e.name.encode("ascii")  # zipfile flags non-ASCII names; ours are all ASCII
        sizes = (e.crc, len(e.data), e.size, len(name))
        head = _LOCAL.pack(b"PK\3\4", _VERSION, 0, 0, zipfile.ZIP_DEFLATED, time, date, *sizes, 0)
        central.append(
            _CENTRAL.pack(
                b"PK\1\2",
                _VERSION,
                _UNIX,
                _VERSION,
                0,
                0,
                zipfile.ZIP_DEFLATED,
                time,
                date,
                *sizes,
                0,
                0,
                0,
                0,
                _MODE,
                offset,
            )
            + name
        )
        out += (head, name, e.data)
        offset += len(head) + len(name) + len(e.data)
    directory = b"".join(central)
    count = len(central)
    end = _END.pack(b"PK\5\6", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(out) + directory + end


class _StampedWriter:
    """python-docx's zip writer (``write(pack_uri, blob)``) with fixed entry attributes."""

    def __init__(self, target: zipfile.ZipFile, when: dt.datetime) -> None:
        self.target, self.when = target, when

    def write(self, pack_uri: Any, blob: bytes) -> None:
        _write(self.target, pack_uri.membername, blob, self.when)


def _stamp(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


def _write(target: zipfile.ZipFile, name: str, blob: bytes, when: dt.datetime) -> None:
    info = zipfile.ZipInfo(name, date_time=_stamp(when))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    target.writestr(info, blob)
