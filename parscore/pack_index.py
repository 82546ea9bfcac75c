"""A rule pack's id read cheaply: from the first lines of the file, remembered by mtime.

Finding the pack an evidence file names (``pack: thai-nguyen/xa/2025``) used to parse every
``rules/*.yaml`` in full. Packs begin with their ``pack:`` block, so the id is on one of the first
lines: :func:`header_pack_id` reads it from there when the text is plainly that (a ``pack:`` line
at the margin, an indented ``id:`` under it with a plain or simply quoted value) and says
``None`` on any doubt (flow mappings, tags, anchors, escapes, tabs, a document marker...), in
which case :func:`pack_id_of` parses the whole file as before.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import ParscoreError
from .yamlio import load_yaml

__all__ = ["header_pack_id", "pack_id_of"]

HEADER_BYTES = 16 * 1024  # the pack block is at the top; a header longer than this is parsed
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*))?$")
_ID = re.compile(r"[ ]+id:[ ]+(.*)$")
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*")
_QUOTED = re.compile(r"\"([A-Za-z0-9_./ -]+)\"|'([A-Za-z0-9_./ -]+)'")
_BY_FILE: dict[str, tuple[int, int, str | None]] = {}


def header_pack_id(path: str | Path) -> str | None:
    """The ``pack.id`` written at the top of ``path``, or None when it is not plainly there."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEADER_BYTES)
    except OSError:
        return None
    if len(head) == HEADER_BYTES:
        head = head[: head.rfind(b"\n") + 1]  # the last line may be cut in the middle
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    in_pack = False
    for raw in lines:
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "\t" in line or stripped.startswith(("---", "...", "%")):
            return None
        if not line.startswith(" "):  # a top-level key
            if in_pack:
                return None  # the pack block ended without an id
            key = _KEY.match(line)
            if key is None:
                return None
            if key.group(1) == "pack":
                if key.group(2) not in (None, "") and not key.group(2).startswith("#"):
                    return None  # pack: {...} or pack: an-id (an evidence file)
                in_pack = True
            continue
        if in_pack:
            found = _ID.match(line)
            if found:
                return _scalar(found.group(1))
    return None


def _scalar(text: str) -> str | None:
    value = text.split(" #", 1)[0].rstrip()
    if _PLAIN.fullmatch(value):
        return value
    quoted = _QUOTED.fullmatch(value)
    if quoted:
        return quoted.group(1) or quoted.group(2)
    return None


def pack_id_of(path: Path) -> str | None:
    """The pack id of the file at ``path`` (None when it is not a readable pack), remembered
    until the file changes (its modification time or size)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = str(path)
    known = _BY_FILE.get(key)
    if known is not None and known[:2] == (st.st_mtime_ns, st.st_size):
        return known[2]
    found = header_pack_id(path)
    if found is None:
        try:
            data = load_yaml(path).data
        except ParscoreError:
            data = None
        pack = data.get("pack") if isinstance(data, dict) else None
        value = pack.get("id") if isinstance(pack, dict) else None
        found = value if isinstance(value, str) else None
    _BY_FILE[key] = (st.st_mtime_ns, st.st_size, found)
    return found
