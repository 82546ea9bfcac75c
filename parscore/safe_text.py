"""Text that is safe to write: no control characters, no spreadsheet formulas.

- Control characters (C0 except tab and line breaks, DEL, C1, lone surrogates, U+FFFE/U+FFFF)
  break Word and Excel files (XML cannot hold them) and drive terminals; bidirectional
  embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a page read otherwise
  than it says (a title reversed, the «3 → 5» after it shown as «5 ← 3»). Inputs holding them are
  refused where they are read (:func:`control_char_issues`, a located ``PS205``); every writer
  also passes its text through :func:`clean_text`, so none can ever reach a file.
- Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is a formula to a
  spreadsheet (OWASP's CSV-injection rule). :func:`csv_text` prefixes such text with an
  apostrophe; Excel files write it as an explicit text cell instead (:func:`set_text_cell`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "CONTROL_CHARS",
    "FORMULA_STARTS",
    "clean_strings",
    "clean_text",
    "control_char_issues",
    "csv_text",
    "first_control_char",
    "looks_like_formula",
    "set_text_cell",
]
T = TypeVar("T")

CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def first_control_char(text: str) -> int | None:
    """The position of the first control character in ``text``, or None."""
    match = CONTROL_CHARS.search(text)
    return match.start() if match else None


def clean_text(text: str) -> str:
    """``text`` without control characters."""
    return CONTROL_CHARS.sub("", text)


def clean_strings(value: T) -> T:
    """``value`` with every string inside it cleaned: frozen dataclasses, tuples, lists and
    dicts are rebuilt; anything else is kept as it is. (What a writer is given passes here.)"""
    if isinstance(value, str):
        return clean_text(value) if CONTROL_CHARS.search(value) else value  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: clean_strings(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(clean_strings(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [clean_strings(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}  # type: ignore[return-value]
    return value


def set_text_cell(cell: Any, value: Any) -> Any:
    """Put ``value`` into an openpyxl cell; text is cleaned and stays text (a string cell, marked
    as typed text, so Excel never runs it as a formula, even after the cell is edited)."""
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A CSV field that no spreadsheet runs as a formula: control characters removed and an
    apostrophe before text starting like a formula, and before a formula's start after a
    semicolon, a tab or a line break (Excel set for Vietnamese splits a CSV file at semicolons,
    LibreOffice may at tabs: the text after one would start a cell of its own)."""
    text = clean_text(text)
    if _INNER_CELL.search(text):
        text = _INNER_CELL.sub(r"\1'", text)
    return "'" + text if looks_like_formula(text) else text


# a separator another program may split at, quotes opening a field, then a formula's start
_INNER_CELL = re.compile(r'([;\t\r\n]"*)(?=[=+\-@\t\r])')


_KeyPath = tuple[str | int, ...]


def control_char_issues(data: Any, issue: Callable[[_KeyPath, str, str], Any]) -> list[Any]:
    """One issue per string (key or value) in ``data`` holding a control character;
    ``issue(path, message, hint)`` makes a located issue."""
    found: list[Any] = []
    if not _may_hold_control_chars(data):
        return found

    def walk(node: Any, path: _KeyPath) -> None:
        if isinstance(node, str):
            pos = first_control_char(node)
            if pos is not None:
                found.append(issue(path, _message(node, pos), _HINT))
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and (pos := first_control_char(key)) is not None:
                    found.append(issue((*path, key), _message(key, pos), _HINT))
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, i))

    walk(data, ())
    return found


# The same characters in UTF-8 bytes (a bytes pattern is much faster than a wide Unicode class);
# lone surrogates cannot be encoded at all.
_CONTROL_BYTES = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])"
    rb"|\xef\xbf[\xbe\xbf]"
)


def _may_hold_control_chars(data: Any) -> bool:
    """A fast first look at every string (keys included): False means surely none."""
    found: list[str] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            found.extend(k for k in node if isinstance(k, str))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    try:
        raw = "\n".join(found).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return _CONTROL_BYTES.search(raw) is not None


_HINT = "xóa ký tự này (thường lẫn vào khi sao chép từ phần mềm khác)"


def _message(text: str, pos: int) -> str:
    return (
        f"văn bản chứa ký tự điều khiển không in được (U+{ord(text[pos]):04X}) "
        f"ở ký tự thứ {pos + 1}"
    )
