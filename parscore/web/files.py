"""Evidence files on disk: named by content hash, type checked by content, never deleted.

Files live in ``<data>/files/<first two hex digits>/<sha256>``; the same content uploaded twice is
stored once. Only PDF, Word, Excel and images are accepted, recognised by their first bytes (and,
for Office files, their inner parts), never by the name alone. PDF and images may be shown in the
browser (:data:`INLINE`); which of them a stored file is, is read again from its bytes when it is
served (:func:`inline_type`).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from ..forms.archive import declared_entries
from ..numbers import vi_number

__all__ = [
    "HEAD",
    "INLINE",
    "KINDS",
    "SHRINK",
    "archive_problem",
    "detect_type",
    "file_path",
    "inline_type",
    "store",
    "too_big",
    "upload_limit_mb",
]

# type -> (what people call it, download suffix, content type)
KINDS = {
    "pdf": ("PDF", ".pdf", "application/pdf"),
    "docx": (
        "Word",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("Excel", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "doc": ("Word 97–2003", ".doc", "application/msword"),
    "xls": ("Excel 97–2003", ".xls", "application/vnd.ms-excel"),
    "png": ("ảnh PNG", ".png", "image/png"),
    "jpeg": ("ảnh JPEG", ".jpg", "image/jpeg"),
    "gif": ("ảnh GIF", ".gif", "image/gif"),
    "webp": ("ảnh WebP", ".webp", "image/webp"),
}
# the types a browser may show (never HTML, SVG or anything else that could run script)
INLINE = frozenset({"pdf", "png", "jpeg", "gif", "webp"})
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
HEAD = 16  # bytes read to recognise a type
# a Word or Excel file (a zip) kept as evidence: the council opens it in Word or Excel
MAX_PARTS = 10_000  # parts in the zip (a document with hundreds of pictures has a few hundred)
MAX_UNPACKED = 512 * 1024 * 1024  # bytes of all parts once unpacked


def _sniff(head: bytes) -> str | None:
    """PDF or an image from the first bytes alone; ``None`` for anything else."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def inline_type(sha256: str) -> str | None:
    """The type (in :data:`INLINE`) of a stored file, read from its first bytes; ``None`` when it
    is not one a browser may show, or the file is not there."""
    try:
        with file_path(sha256).open("rb") as f:
            head = f.read(HEAD)
    except (OSError, ValueError):
        return None
    return _sniff(head)


def archive_problem(data: bytes) -> str:
    """Why a zip (a Word or Excel file) is refused before its type is read: too many parts, or
    too big once unpacked (a "zip bomb" that would stop the computer of whoever opens it), said
    in Vietnamese; ``""`` for any other file. Read from the zip's directory, nothing unpacked."""
    if not data.startswith(b"PK\x03\x04"):
        return ""
    declared = declared_entries(data)  # before the whole directory is read
    count = declared
    if count is None or count <= MAX_PARTS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                entries = z.infolist()
        except Exception:  # whatever a crafted directory makes the zip reader raise
            return ""  # not a zip that opens: refused as no accepted type
        count = len(entries)
        if count <= MAX_PARTS:
            unpacked = sum(e.file_size for e in entries)
            if unpacked <= MAX_UNPACKED:
                return ""
            size = vi_number(Decimal(unpacked) / (1024 * 1024), 0)
            return (
                f"khi giải nén quá lớn ({size} MB, tối đa {MAX_UNPACKED // (1024 * 1024)} MB):"
                " tệp nén bất thường, mở ra có thể làm treo máy"
            )
    return (
        f"chứa quá nhiều phần ({vi_number(Decimal(count), 0)}, tối đa "
        f"{vi_number(Decimal(MAX_PARTS), 0)}): không phải tệp Word hoặc Excel thông thường"
    )


def detect_type(head: bytes, data: bytes, name: str) -> str | None:
    """The accepted type of a file from its content; ``None`` when not accepted."""
    sniffed = _sniff(head)
    if sniffed is not None:
        return sniffed
    if head.startswith(_OLE):
        return "xls" if name.lower().endswith(".xls") else "doc"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def file_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a sha256")
    return Path(settings.FILES_DIR) / sha256[:2] / sha256


def store(chunks: Iterable[bytes]) -> tuple[str, int, bytes]:
    """Write the content under its hash (atomically, once); returns ``(sha256, size, content)``."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    for chunk in chunks:
        digest.update(chunk)
        parts.append(chunk)
    data = b"".join(parts)
    sha = digest.hexdigest()
    target = file_path(sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, 0o440)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return sha, len(data), data


# what to do with a file over the limit
SHRINK = (
    "Hãy giảm dung lượng (quét lại ở độ phân giải thấp hơn, ví dụ 150 dpi, hoặc lưu PDF ở chế độ "
    "nén) hoặc tách thành nhiều tệp."
)


def upload_limit_mb() -> int:
    """The upload limit in whole megabytes, as users are told it."""
    return int(settings.PARSCORE_MAX_UPLOAD) // (1024 * 1024)


def too_big(name: str, megabytes: str) -> str:
    """What a file over the upload limit is told, by the server or, before it is sent, by the
    browser (``{name}``, ``{size}`` left for parscore/file_size.js to fill in)."""
    return f"Tệp quá lớn: tối đa {upload_limit_mb()} MB, tệp “{name}” {megabytes} MB. {SHRINK}"
