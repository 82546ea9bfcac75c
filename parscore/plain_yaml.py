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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .yamlio import MAX_FILE_BYTES, KeyPath, Position, YamlDocument

__all__ = ["PlainDocument", "read_plain", "read_plain_document"]

MAX_NODES = 50_000  # the positional reader counts nodes (and refuses too many): big files go to it
MAX_DEPTH = 16  # and depth: deep files go to it too
_TAG = "tag:yaml.org,2002:"
# What PyYAML refuses (its reader's NON_PRINTABLE) and line breaks other than LF / CRLF.
_REFUSED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]"
)
_LONE_CR = re.compile("\r(?!\n)")
# One match per line (the last alternative takes any line): indent, "- ", key, value, comment, other.
_LINE = re.compile(
    r"""^( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_]*|"[^"\\\n]*"|'[^'\n]*'):(?: +([^\n]*[^ \r\n]))?"""
    r"""|(#[^\n]*)|([^\n]*[^ \r\n]))?[ \r]*$""",
    re.M,
)
_KEY = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*|"[^"\\]*"|'[^']*'):(?: +(.*))?$""")
_FLOW_REFUSED = re.compile(r"[\[\]{}#&*!|>\\]")
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PLAIN_STRING = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@` ](?:[^:#]|:(?=[^ ])|(?<! )#)*")
_RESERVED_KEYS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_BOOL = {
    **dict.fromkeys(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"), False),
}
_RESOLVER = Resolver()
_KINDS: dict[str, str] = {}  # plain scalar text -> the kind PyYAML's resolver gives it
_KINDS_MAX = 100_000
_VALUES: dict[str, Any] = {}  # raw scalar text -> its value (str, int, Decimal, bool, date)


class _Doubt(Exception):
    """The text is outside the plain subset: let the positional reader have it."""


class PlainDocument(YamlDocument):
    """A document the plain reader read: no positions, and its text holds no control character
    (the reader refuses them), so that check need not walk its strings again."""

    text_checked = True


def read_plain_document(path: str | Path) -> PlainDocument | None:
    """The file as a document without positions, or None when it is not plain evidence YAML
    or cannot be read (the positional reader then says why, with the line and column)."""
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            return None
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except (OSError, ValueError):
        return None
    if len(raw) > MAX_FILE_BYTES:
        return None
    data = read_plain(text)
    if data is None:
        return None
    return PlainDocument(
        str(path), data, _top_level_positions(text), hashlib.sha256(raw).hexdigest()
    )


def _top_level_positions(text: str) -> dict[KeyPath, Position]:
    """Where each top-level key is written (line, column 1), as the positional reader records
    them: enough for a caller that points at a key such as ``pack`` of a file read fine."""
    positions: dict[KeyPath, Position] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if line[:1] in ("", " ", "#", "\r"):
            continue
        m = _KEY.match(line.rstrip("\r"))
        if m is not None:
            key = _KEYS.get(m.group(1)) or _key(m.group(1))
            position = Position(number, 1)
            positions.setdefault((), position)
            positions.setdefault((key,), position)
    return positions


Row = tuple[int, str, str | None, str]  # indent, "- " or "", key (None: a "- value" item), value


def read_plain(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or None when it is not plain evidence YAML (see module)."""
    if "\t" in text or _REFUSED.search(text) or ("\r" in text and _LONE_CR.search(text)):
        return None
    rows: list[Row] = []
    for indent, dash, key, value, _comment, other in _LINE.findall(text):
        if key:
            rows.append((len(indent), dash, _KEYS.get(key) or _key(key), value))
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
    except _Doubt:
        return None
    return data if end == len(rows) else None


_KEYS: dict[str, str] = {}


def _key(raw: str) -> str:
    if raw[0] in "\"'":
        key = raw[1:-1]
    elif raw.lower() in _RESERVED_KEYS:
        return ""  # a YAML word (yes, null...) as a key: not for this reader
    else:
        key = raw
    if len(_KEYS) < _KINDS_MAX:
        _KEYS[raw] = key
    return key


def _mapping(rows: list[Row], i: int, indent: int, depth: int) -> tuple[dict[str, Any], int]:
    if depth > MAX_DEPTH:
        raise _Doubt
    out: dict[str, Any] = {}
    n = len(rows)
    while i < n:
        at, dash, key, raw = rows[i]
        if at != indent or dash:
            if at < indent:
                break
            raise _Doubt
        if not key or key in out:
            raise _Doubt
        i += 1
        if not raw or raw[0] == "#":
            out[key], i = _block(rows, i, indent, depth + 1)
        else:
            value = _VALUES.get(raw)
            out[key] = value if value is not None else _value(raw)
    return out, i


def _block(rows: list[Row], i: int, indent: int, depth: int) -> tuple[Any, int]:
    """The value under ``key:`` with nothing after it: a nested block, or null."""
    if i >= len(rows):
        return None, i
    at, dash, _, _ = rows[i]
    if at < indent or (at == indent and not dash):
        return None, i
    if at == indent:
        raise _Doubt  # a sequence at its key's indent: valid YAML, left to the full reader
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
            raise _Doubt
        if key is None:
            value = _VALUES.get(raw)
            out.append(value if value is not None else _value(raw))
            i += 1
        else:
            # "- key: value" opens a mapping whose keys sit at the first key's column
            inner = at + len(dash)
            rows[i] = (inner, "", key, raw)
            value, i = _mapping(rows, i, inner, depth + 1)
            out.append(value)
    return out, i


def _value(text: str) -> Any:
    """A one-line value: a scalar, or a flow sequence / mapping of scalars."""
    c = text[0]
    if c == "[":
        return [_scalar(part) for part in _flow_items(text, "]")]  # a new list each time
    if c == "{":
        out: dict[str, Any] = {}
        for part in _flow_items(text, "}"):
            m = _KEY.match(part)
            key = _key(m.group(1)) if m else ""
            if not key or key in out or m is None or m.group(2) is None:
                raise _Doubt
            out[key] = _scalar(m.group(2))
        return out
    value = _scalar(text)
    if value is not None and len(_VALUES) < _KINDS_MAX:
        _VALUES[text] = value  # immutable: shared between files
    return value


def _flow_items(text: str, close: str) -> list[str]:
    end = text.rfind(close)
    if end < 0 or not _ends_clean(text[end + 1 :]):
        raise _Doubt
    inner = text[1:end]
    if _FLOW_REFUSED.search(inner):
        raise _Doubt  # keep to plain and simply quoted items; the rest goes to the full reader
    parts = [p.strip(" ") for p in inner.split(",")]
    if parts == [""]:
        return []
    for part in parts:
        if not part:
            raise _Doubt
        quoted = part[-1] in "\"'" or part[0] in "\"'"
        if close == "]" and quoted and (part[-1] != part[0] or part.count(part[0]) != 2):
            raise _Doubt  # a comma inside quotes
    return parts


def _scalar(text: str) -> Any:
    c = text[0]
    if c == '"':
        end = text.find('"', 1)
        if end < 0 or "\\" in text[:end] or not _ends_clean(text[end + 1 :]):
            raise _Doubt
        return text[1:end]
    if c == "'":
        end = text.find("'", 1)
        if end < 0 or not _ends_clean(text[end + 1 :]):
            raise _Doubt
        return text[1:end]
    hash_at = text.find(" #")
    if hash_at >= 0:
        text = text[:hash_at].rstrip(" ")
    if not _PLAIN_STRING.fullmatch(text):
        raise _Doubt
    kind = _KINDS.get(text)
    if kind is None:
        kind = _RESOLVER.resolve(ScalarNode, text, (True, False))[len(_TAG) :]
        if len(_KINDS) < _KINDS_MAX:
            _KINDS[text] = kind
    if kind == "str":
        return text
    if kind == "int" and _INT.fullmatch(text):
        return int(text)
    if kind == "float" and _DECIMAL.fullmatch(text):
        return Decimal(text)
    if kind == "bool" and text in _BOOL:
        return _BOOL[text]
    if kind == "null" and text in ("null", "Null", "NULL", "~"):
        return None
    if kind == "timestamp":
        m = _DATE.fullmatch(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise _Doubt from None
    raise _Doubt


def _ends_clean(tail: str) -> bool:
    return not tail or (tail[0] == " " and tail.lstrip(" ").startswith("#"))
