"""The quickest reading of plain evidence YAML: whole blocks at a time, for the common layout.

Evidence files written by parscore (``parscore import``, ``parscore synth``, the web app) and
most written by hand share one layout: top-level ``key: value`` lines and comments, blocks of
``  key: value`` lines (metrics, claims, not_applicable...) and lists of documents written
``  - key: value`` / ``    key: value``. :func:`read_layout` recognises each block with one
regular-expression match and splits it into keys and values with string operations, instead of
looking at every line in Python. Values go through the same typing as the line reader
(:mod:`parscore.plain_scalars`).

Anything else (other indents, nested blocks, blank lines or comments inside a block, carriage
returns, a value that may hold ``": "``) returns None: the line reader of
:mod:`parscore.plain_yaml` then reads the file, or passes it on to the positional reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress, repeat
from operator import is_
from typing import Any

from .plain_scalars import KEYS, VALUES, Doubt, key_of, value_of
from .yamlio import KeyPath, Position

__all__ = ["read_layout"]

_K = r"""(?:[A-Za-z_][A-Za-z0-9_]*|"[^"\\\n:]*")"""
# Every line of the block holds at least one ": " after its key, so a block split into exactly
# two pieces per line was split at each line's key and nowhere else.
_MAPPING = re.compile(rf"(?:  {_K}: [^\n]*\n)+")
_DOCUMENTS = re.compile(rf"(?:  - {_K}: [^\n]*\n(?:    {_K}: [^\n]*\n)*)+")
_TOP_KEY = re.compile(_K)
_POSITIONS: dict[int, Position] = {}  # line -> Position(line, 1): the same for every file


def read_layout(text: str) -> tuple[dict[str, Any], dict[KeyPath, Position]] | None:
    """The mapping ``text`` holds and where its top-level keys are (line, column 1), or None
    when ``text`` is not laid out as above. The caller has refused tabs and characters YAML
    refuses."""
    if not text.endswith("\n") or "\r" in text:
        return None
    try:
        return _read(text)
    except Doubt:
        return None


def _read(text: str) -> tuple[dict[str, Any], dict[KeyPath, Position]] | None:
    out: dict[str, Any] = {}
    positions: dict[KeyPath, Position] = {}
    size = len(text)
    pos = 0
    line = 1
    while pos < size:
        nl = text.index("\n", pos)
        head = text[pos:nl]
        if not head or head[0] == "#":  # a blank line or a comment
            pos, line = nl + 1, line + 1
            continue
        if head[0] == " ":
            return None  # indented where a top-level key should be
        if head[-1] == ":":  # a block (or nothing: null)
            raw_key = head[:-1]
            start = nl + 1
            if text.startswith("  - ", start):
                m = _DOCUMENTS.match(text, start)
                value: Any = _documents(m.group()) if m else None
            else:
                m = _MAPPING.match(text, start)
                value = _mapping(m.group()[2:-1], "\n  ") if m else None
            end = m.end() if m else start
            if end < size and text[end] == " ":
                return None  # a block this reader does not know
            lines = text.count("\n", start, end) + 1
        else:
            raw_key, sep, raw = head.partition(": ")
            if not sep:
                return None
            value = VALUES.get(raw)
            if value is None:
                value = _value(raw)
            end, lines = nl + 1, 1
        key = KEYS.get(raw_key)
        if key is None:
            key = key_of(raw_key) if _TOP_KEY.fullmatch(raw_key) else ""
        if not key or key in out:
            return None
        out[key] = value
        where = _POSITIONS.get(line) or _position(line)
        positions.setdefault((), where)
        positions[(key,)] = where
        pos, line = end, line + lines
    if not out:
        return None
    return out, positions


def _mapping(body: str, newline: str) -> dict[str, Any]:
    """``key: value`` lines joined by ``newline`` (the first line's indent and the last line
    break taken off) as a mapping."""
    count = body.count(newline) + 1
    keys, values = _pairs(body.replace(newline, ": ").split(": "), count)
    out = dict(zip(keys, values, strict=True))
    if len(out) != count:
        raise Doubt  # a key written twice
    return out


def _documents(block: str) -> list[dict[str, Any]]:
    """``  - key: value`` items, each continued by ``    key: value`` lines, as mappings."""
    items = block[4:-1].split("\n  - ")
    sizes = [item.count("\n") + 1 for item in items]
    keys, values = _pairs("\n    ".join(items).replace("\n    ", ": ").split(": "), sum(sizes))
    out = []
    at = 0
    for n in sizes:
        item = dict(zip(keys[at : at + n], values[at : at + n], strict=True))
        if len(item) != n:
            raise Doubt
        out.append(item)
        at += n
    return out


def _pairs(pieces: list[str], count: int) -> tuple[list[str], list[Any]]:
    """Keys and values from ``key, value, key, value...`` pieces of ``count`` lines."""
    if len(pieces) != 2 * count:
        raise Doubt  # some line holds ": " in its value: the line reader sorts it out
    raw_keys = pieces[0::2]
    raw_values = pieces[1::2]
    keys = list(map(KEYS.get, raw_keys))
    for i in _unknown(keys):
        keys[i] = key_of(raw_keys[i]) or _doubt()
    values = list(map(VALUES.get, raw_values))
    for i in _unknown(values):  # not seen before, null, or a [flow] / {flow} collection
        values[i] = _value(raw_values[i])
    return keys, values  # type: ignore[return-value]


def _unknown(found: list[Any]) -> Iterator[int]:
    """The places of None in ``found`` (compared by identity: a Decimal compared with None
    costs an abstract-class check)."""
    return compress(range(len(found)), map(is_, found, repeat(None)))


def _value(raw: str) -> Any:
    if not raw or raw[0] == " " or raw[-1] == " ":
        raise Doubt  # spaces around a value: the line reader's business
    return value_of(raw)


def _position(line: int) -> Position:
    where = _POSITIONS[line] = Position(line, 1)
    return where


def _doubt() -> str:
    raise Doubt
