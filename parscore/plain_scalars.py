"""One-line YAML values and keys for the plain readers (:mod:`parscore.plain_yaml`): plain or
simply quoted scalars, one-line ``[a, b]`` and ``{k: v}``, typed exactly as
:func:`parscore.yamlio.parse_yaml` types them (plain scalars by PyYAML's own resolver; numbers
with a point become :class:`~decimal.Decimal`; dates :class:`datetime.date`).

Anything outside that subset raises :class:`Doubt`: the caller leaves the text to a fuller
reader. The answers for a given text never change, so they are remembered (scalars and keys in
dictionaries shared between files; flow collections as tuples, copied out on each use).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

__all__ = ["KEYS", "VALUES", "Doubt", "key_of", "value_of"]

_TAG = "tag:yaml.org,2002:"
KEY_TEXT = re.compile(r"""[A-Za-z_][A-Za-z0-9_]*|"[^"\\\n]*"|'[^'\n]*'""")
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
_CACHE_MAX = 100_000  # entries in each of the caches below
_KINDS: dict[str, str] = {}  # plain scalar text -> the kind PyYAML's resolver gives it
VALUES: dict[str, Any] = {}  # raw scalar text -> its value (str, int, Decimal, bool, date)
KEYS: dict[str, str] = {}  # raw key text (as matched by KEY_TEXT) -> the key
_FLOWS: dict[str, tuple[Any, ...]] = {}  # raw flow text -> its items (pairs for a mapping)


class Doubt(Exception):
    """The text is outside the plain subset: let a fuller reader have it."""


def key_of(raw: str) -> str:
    """The key ``raw`` (matched by ``KEY_TEXT``) spells; "" for a YAML word (yes, null...)."""
    if raw[0] in "\"'":
        key = raw[1:-1]
    elif raw.lower() in _RESERVED_KEYS:
        return ""  # a YAML word as a key: not for these readers
    else:
        key = raw
    if len(KEYS) < _CACHE_MAX:
        KEYS[raw] = key
    return key


def value_of(text: str) -> Any:
    """A one-line value (no spaces around it): a scalar, or a flow sequence / mapping of scalars."""
    c = text[0]
    if c == "[" or c == "{":
        items = _FLOWS.get(text)
        if items is None:
            items = _flow(text)
            if len(_FLOWS) < _CACHE_MAX:
                _FLOWS[text] = items
        return list(items) if c == "[" else dict(items)  # a new collection each time
    value = scalar_of(text)
    if value is not None and len(VALUES) < _CACHE_MAX:
        VALUES[text] = value  # immutable: shared between files
    return value


def _flow(text: str) -> tuple[Any, ...]:
    if text[0] == "[":
        return tuple(scalar_of(part) for part in _flow_items(text, "]"))
    out: dict[str, Any] = {}
    for part in _flow_items(text, "}"):
        m = _KEY.match(part)
        key = key_of(m.group(1)) if m else ""
        if not key or key in out or m is None or m.group(2) is None:
            raise Doubt
        out[key] = scalar_of(m.group(2))
    return tuple(out.items())


def _flow_items(text: str, close: str) -> list[str]:
    end = text.rfind(close)
    if end < 0 or not _ends_clean(text[end + 1 :]):
        raise Doubt
    inner = text[1:end]
    if _FLOW_REFUSED.search(inner):
        raise Doubt  # keep to plain and simply quoted items; the rest goes to the full reader
    parts = [p.strip(" ") for p in inner.split(",")]
    if parts == [""]:
        return []
    for part in parts:
        if not part:
            raise Doubt
        quoted = part[-1] in "\"'" or part[0] in "\"'"
        if close == "]" and quoted and (part[-1] != part[0] or part.count(part[0]) != 2):
            raise Doubt  # a comma inside quotes
    return parts


def scalar_of(text: str) -> Any:
    c = text[0]
    if c == '"':
        end = text.find('"', 1)
        if end < 0 or "\\" in text[:end] or not _ends_clean(text[end + 1 :]):
            raise Doubt
        return text[1:end]
    if c == "'":
        end = text.find("'", 1)
        if end < 0 or not _ends_clean(text[end + 1 :]):
            raise Doubt
        return text[1:end]
    hash_at = text.find(" #")
    if hash_at >= 0:
        text = text[:hash_at].rstrip(" ")
    if not _PLAIN_STRING.fullmatch(text):
        raise Doubt
    kind = _KINDS.get(text)
    if kind is None:
        kind = _RESOLVER.resolve(ScalarNode, text, (True, False))[len(_TAG) :]
        if len(_KINDS) < _CACHE_MAX:
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
                raise Doubt from None
    raise Doubt


def _ends_clean(tail: str) -> bool:
    return not tail or (tail[0] == " " and tail.lstrip(" ").startswith("#"))
