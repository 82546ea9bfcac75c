"""A fast reader for plain evidence YAML, with no positions: the common case of a batch.

Evidence files are almost always plain: ``key: value`` lines, nested blocks indented by spaces,
lists of documents written ``- key: value``, one-line ``[a, b]`` and ``{k: v}``, plain or
simply quoted scalars, comments. :func:`read_plain` reads exactly that subset into the same
Python values :func:`parscore.yamlio.parse_yaml` gives (plain scalars are typed by PyYAML's own
resolver; numbers with a point become :class:`~decimal.Decimal`; dates become
:class:`datetime.date`) and returns ``None`` for anything else or on any doubt: tabs, anchors,
tags, block scalars, multi-line values, escapes, duplicate keys, unusual numbers or dates, line
breaks other than LF/CRLF, characters YAML refuses. The caller then uses the positional reader,
so every problem is still reported with its line and column exactly as before.

Files in the usual layout are read block by block (:mod:`parscore.plain_layout`); the others
line by line here.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from .plain_layout import read_layout
from .plain_scalars import KEYS, VALUES, Doubt, key_of, value_of
from .yamlio import MAX_FILE_BYTES, KeyPath, Position, YamlDocument

__all__ = ["PlainDocument", "read_plain", "read_plain_document", "refused_bytes"]

MAX_NODES = 50_000  # the positional reader counts nodes (and refuses too many): big files go to it
MAX_DEPTH = 16  # and depth: deep files go to it too
# What PyYAML refuses (its reader's NON_PRINTABLE), line breaks other than LF / CRLF, and the
# bidirectional embeddings, overrides and isolates (the loader refuses them: PS205).
_REFUSED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]"
)
_LONE_CR = re.compile("\r(?!\n)")
# The same in UTF-8 (tabs too): bytes other than LF, CR, printable ASCII and those of longer
# characters (a fast C loop deletes the allowed ones), then the refused longer characters.
_ALLOWED_BYTES = bytes([0x0A, 0x0D, *range(0x20, 0x7F), *range(0x80, 0x100)])
_C1 = re.compile(b"\xc2[\x80-\x9f]")
_REFUSED_LONG = {  # lead byte (found fast) -> the refused characters starting with it
    0xE2: re.compile(b"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])"),  # U+2028-202E, U+2066-2069
    0xEF: re.compile(b"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),
}
_BOM = b"\xef\xbb\xbf"
# One match per line (the last alternative takes any line): indent, "- ", key, value, comment, other.
_LINE = re.compile(
    r"""^( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_]*|"[^"\\\n]*"|'[^'\n]*'):(?: +([^\n]*[^ \r\n]))?"""
    r"""|(#[^\n]*)|([^\n]*[^ \r\n]))?[ \r]*$""",
    re.M,
)
_KEY = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*|"[^"\\]*"|'[^']*'):(?: +(.*))?$""")


class PlainDocument(YamlDocument):
    """A document the plain reader read: no positions, and its text holds no control character
    (the reader refuses them), so that check need not walk its strings again."""

    text_checked = True


def read_plain_document(path: str | Path) -> PlainDocument | None:
    """The file as a document without positions, or None when it is not plain evidence YAML
    or cannot be read (the positional reader then says why, with the line and column)."""
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            raw = fh.read(info.st_size + 1)  # sized: a buffer of the largest size costs more
        if len(raw) != info.st_size or refused_bytes(raw):
            return None  # changed while read, or not for this reader
        text = raw.decode("utf-8-sig")
    except (OSError, ValueError):
        return None
    read = _read_checked(text)
    if read is None:
        return None
    return PlainDocument(str(path), read[0], read[1], hashlib.sha256(raw).hexdigest())


def refused_bytes(raw: bytes) -> bool:
    """Whether UTF-8 ``raw`` holds a tab, a lone carriage return or a character YAML refuses
    (what :func:`read_plain` refuses in text, found without decoding)."""
    if raw.startswith(_BOM):
        raw = raw[3:]
    if raw.translate(None, _ALLOWED_BYTES):
        return True
    if b"\xc2" in raw and _C1.search(raw):
        return True
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return True
    return any(
        lead in raw and refused.search(raw) is not None for lead, refused in _REFUSED_LONG.items()
    )


def read_plain(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or None when it is not plain evidence YAML (see module)."""
    if "\t" in text or _REFUSED.search(text) or ("\r" in text and _LONE_CR.search(text)):
        return None
    read = _read_checked(text)
    return read[0] if read is not None else None


def _read_checked(text: str) -> tuple[dict[str, Any], dict[KeyPath, Position]] | None:
    """``read_plain`` once the characters are checked; with the top-level keys' positions."""
    if 2 * text.count("\n") + text.count(",") > MAX_NODES:
        return None
    read = read_layout(text)
    if read is not None:
        return read
    data = _read_lines(text)
    return (data, _top_level_positions(text)) if data is not None else None


def _top_level_positions(text: str) -> dict[KeyPath, Position]:
    """Where each top-level key is written (line, column 1), as the positional reader records
    them: enough for a caller that points at a key such as ``pack`` of a file read fine."""
    positions: dict[KeyPath, Position] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if line[:1] in ("", " ", "#", "\r"):
            continue
        m = _KEY.match(line.rstrip("\r"))
        if m is not None:
            key = KEYS.get(m.group(1)) or key_of(m.group(1))
            position = Position(number, 1)
            positions.setdefault((), position)
            positions.setdefault((key,), position)
    return positions


Row = tuple[int, str, str | None, str]  # indent, "- " or "", key (None: a "- value" item), value


def _read_lines(text: str) -> dict[str, Any] | None:
    rows: list[Row] = []
    for indent, dash, key, value, _comment, other in _LINE.findall(text):
        if key:
            rows.append((len(indent), dash, KEYS.get(key) or key_of(key), value))
        elif other:
            if not dash:
                return None
            rows.append((len(indent), dash, None, other))
        elif dash:
            return None
    if not rows or rows[0][0] != 0 or rows[0][1]:
        return None
    if 2 * len(rows) + text.count(",") > MAX_NODES:
        return None
    try:
        data, end = _mapping(rows, 0, 0, 0)
    except Doubt:
        return None
    return data if end == len(rows) else None


def _mapping(rows: list[Row], i: int, indent: int, depth: int) -> tuple[dict[str, Any], int]:
    if depth > MAX_DEPTH:
        raise Doubt
    out: dict[str, Any] = {}
    n = len(rows)
    while i < n:
        at, dash, key, raw = rows[i]
        if at != indent or dash:
            if at < indent:
                break
            raise Doubt
        if not key or key in out:
            raise Doubt
        i += 1
        if not raw or raw[0] == "#":
            out[key], i = _block(rows, i, indent, depth + 1)
        else:
            value = VALUES.get(raw)
            out[key] = value if value is not None else value_of(raw)
    return out, i


def _block(rows: list[Row], i: int, indent: int, depth: int) -> tuple[Any, int]:
    """The value under ``key:`` with nothing after it: a nested block, or null."""
    if i >= len(rows):
        return None, i
    at, dash, _, _ = rows[i]
    if at < indent or (at == indent and not dash):
        return None, i
    if at == indent:
        raise Doubt  # a sequence at its key's indent: valid YAML, left to the full reader
    if dash:
        return _sequence(rows, i, at, depth)
    return _mapping(rows, i, at, depth)


def _sequence(rows: list[Row], i: int, indent: int, depth: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    n = len(rows)
    while i < n:
        at, dash, key, raw = rows[i]
        if at < indent:
            break
        if at > indent or not dash:
            raise Doubt
        if key is None:
            value = VALUES.get(raw)
            out.append(value if value is not None else value_of(raw))
            i += 1
        else:
            # "- key: value" opens a mapping whose keys sit at the first key's column
            inner = at + len(dash)
            rows[i] = (inner, "", key, raw)
            value, i = _mapping(rows, i, inner, depth + 1)
            out.append(value)
    return out, i
