"""Loaded rule packs kept between runs, as Python keeps compiled modules in ``__pycache__``.

Loading a pack parses its YAML with positions and validates it against the pack's pydantic
models, which first builds the schemas of every model and scoring kind: most of a one-commune
command's own time. After a pack loads without a problem, its validated model is written as plain
data (JSON: strings, numbers, lists and mappings; decimals and dates as tagged text) to
``packs/`` in parscore's cache folder (:mod:`parscore.user_cache`), under a name made from the
sha256 of the pack file's bytes and of everything that decides what loading it gives (this
format, the versions of parscore, Python, pydantic and PyYAML, and the size and modification time
of the modules that read, validate and check a pack). The next run that loads the same bytes
builds the models from that data as ``model_construct`` does (no schema is built, nothing is
validated again) and checks and compiles them as a first load does (:func:`compile_pack`), except
that the expressions, which passed their checks when the entry was written, are only parsed; the
YAML is parsed with positions only if something asks where a key is written (lint).

Trust: the entry is read only from a private folder of this user and only when the file itself
is this user's and writable by nobody else (:mod:`parscore.user_cache`); JSON cannot run code,
and only the pack's own model classes are made from it. Anything unexpected in an entry (cut
short, garbled, made by another version, a class or field the models do not have) makes it
count as missing: the pack is loaded from its file and the entry written again. A pack that does
not load is never written, so its problems are found, worded and located as without a cache.
``PARSCORE_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .compiled import LoadedPack, compile_pack
from .kinds.base import KindModel
from .model import pack as pack_models
from .model.pack import RulePack
from .user_cache import private_folder, prune, read_private, write_private
from .yamlio import MAX_FILE_BYTES, YamlDocument, parse_yaml

__all__ = ["LazyDocument", "load_cached", "store"]

FORMAT = 1
FOLDER = "packs"
MAX_ENTRIES = 64  # entries kept in the folder; the oldest are removed when a new one is written
_ENTRY_LIMIT = 4 * MAX_FILE_BYTES  # an entry larger than this is not read
# Modules whose code decides what loading a pack gives (besides every scoring kind's).
_MODULES = (
    "parscore.pack_cache",
    "parscore.loader",
    "parscore.compiled",
    "parscore.yamlio",
    "parscore.yaml_scalars",
    "parscore.safe_text",
    "parscore.limits",
    "parscore.expr",
    "parscore.expr_literals",
    "parscore.expr_functions",
    "parscore.inputs",
    "parscore.pack_rules",
    "parscore.model.pack",
    "parscore.kinds",
)


class _Unfit(Exception):
    """A value the cache does not write, or an entry it does not read."""


# -- where ----------------------------------------------------------------------------------------

_FINGERPRINT: list[str] = []


def _fingerprint() -> str:
    """What besides the pack's bytes decides the loaded pack (computed once per process)."""
    if not _FINGERPRINT:
        import pydantic
        import yaml

        from . import __version__

        parts = [
            f"format {FORMAT}",
            f"parscore {__version__}",
            f"python {sys.version}",
            f"pydantic {pydantic.VERSION}",
            f"pyyaml {yaml.__version__}",
        ]
        names = [*_MODULES, *sorted(n for n in sys.modules if n.startswith("parscore.kinds."))]
        for name in names:
            file = getattr(sys.modules.get(name), "__file__", None)
            if file is None:
                parts.append(f"{name} -")
                continue
            try:
                info = os.stat(file)
            except OSError:  # not a file of its own (a zipped install): its version stands
                parts.append(f"{name} ?")
                continue
            parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
        _FINGERPRINT.append("\n".join(parts))
    return _FINGERPRINT[0]


def _entry(folder: Path, sha256: str) -> Path:
    key = hashlib.sha256(f"{_fingerprint()}\n{sha256}".encode()).hexdigest()
    return folder / f"{key}.json"


# -- reading --------------------------------------------------------------------------------------


class LazyDocument(YamlDocument):
    """A pack file's document whose data and positions are parsed from its bytes on first use
    (only lint and the wording of a problem ask for them)."""

    def __init__(self, file: str, raw: bytes, sha256: str) -> None:
        # No dataclass __init__: ``data``, ``positions`` and ``problems`` come from __getattr__.
        self.file = file
        self.sha256 = sha256
        self._raw = raw

    def __getattr__(self, name: str) -> Any:
        if name not in ("data", "positions", "problems"):
            raise AttributeError(name)
        doc = parse_yaml(self._raw.decode("utf-8-sig"), self.file)
        self.data, self.positions, self.problems = doc.data, doc.positions, doc.problems
        return getattr(self, name)


def load_cached(path: str | Path, name: str) -> LoadedPack | None:
    """The pack at ``path`` from its cache entry (shown as ``name``), or None when there is no
    usable entry (or no cache): the caller then loads the file."""
    folder = private_folder(FOLDER)
    if folder is None:
        return None
    raw = _read_pack(path)
    if raw is None:
        return None
    sha256 = hashlib.sha256(raw).hexdigest()
    data = read_private(_entry(folder, sha256), _ENTRY_LIMIT)
    if data is None:
        return None
    try:
        model = _decode_entry(data)
    except Exception:  # cut short, garbled or foreign: loaded from the file and written again
        return None
    loaded = compile_pack(model, LazyDocument(name, raw, sha256), sha256, trusted=True)
    return loaded if isinstance(loaded, LoadedPack) else None


def _read_pack(path: str | Path) -> bytes | None:
    """The pack file's bytes when it is a regular file of a size the loader reads."""
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            raw = fh.read(info.st_size + 1)
    except OSError:
        return None
    return raw if len(raw) == info.st_size else None


def _decode_entry(data: bytes) -> RulePack:
    entry = json.loads(data)
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        raise _Unfit("format")
    model = _decode(entry["pack"], _classes())
    if type(model) is not RulePack:
        raise _Unfit("not a pack")
    return model


_PLAIN = frozenset({str, int, bool, type(None)})  # values that stand for themselves


def _decode(value: Any, classes: dict[str, type[BaseModel]]) -> Any:
    # (a plain value inside a list, mapping or model is taken as it is, without a call)
    if type(value) is not list:
        if type(value) in _PLAIN:
            return value
        raise _Unfit(type(value).__name__)
    tag = value[0]
    if tag == "d":
        if type(value[1]) is not str:
            raise _Unfit("decimal")
        return Decimal(value[1])
    if tag == "l":
        return [v if type(v) in _PLAIN else _decode(v, classes) for v in value[1:]]
    if tag == "o":
        return {k: v if type(v) in _PLAIN else _decode(v, classes) for k, v in value[1].items()}
    if tag == "m":
        cls = classes[value[1]]
        fields = value[3]
        if fields.keys() != cls.__pydantic_fields__.keys():
            raise _Unfit(value[1])
        values = {k: v if type(v) in _PLAIN else _decode(v, classes) for k, v in fields.items()}
        return _construct(cls, values, set(value[2]))
    if tag == "t":
        return dt.date.fromisoformat(value[1])
    raise _Unfit(str(tag))


_setattr = object.__setattr__


def _construct(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> BaseModel:
    """``cls.model_construct(fields_set, **values)`` when ``values`` holds every field: what it
    does, without looking up each field's alias and default (the models have no extra fields, no
    private attributes and no ``model_post_init``: checked in :func:`_classes`)."""
    model = cls.__new__(cls)
    _setattr(model, "__dict__", values)
    _setattr(model, "__pydantic_fields_set__", fields_set)
    _setattr(model, "__pydantic_extra__", None)
    _setattr(model, "__pydantic_private__", None)
    return model


def _classes() -> dict[str, type[BaseModel]]:
    """The model classes an entry may name: the pack's and the scoring kinds'."""
    out: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [pack_models._Model, KindModel]
    while todo:
        cls = todo.pop()
        if (
            cls.__pydantic_post_init__
            or cls.__private_attributes__
            or cls.model_config.get("extra") != "forbid"
        ):
            raise _Unfit(cls.__qualname__)  # _construct would not be model_construct
        out[f"{cls.__module__}.{cls.__qualname__}"] = cls
        todo.extend(cls.__subclasses__())
    return out


# -- writing --------------------------------------------------------------------------------------


def store(pack: LoadedPack) -> None:
    """Write the entry of a pack just loaded from its file (nothing when there is no cache, or
    when the pack holds a value the cache does not write)."""
    folder = private_folder(FOLDER)
    if folder is None or not pack.sha256:
        return
    try:
        classes = {cls: name for name, cls in _classes().items()}
        encoded = _encode(pack.model, classes)
    except _Unfit:
        return
    text = json.dumps({"format": FORMAT, "pack": encoded}, ensure_ascii=False)
    if write_private(_entry(folder, pack.sha256), text.encode("utf-8")):
        prune(folder, ".json", MAX_ENTRIES)


def _encode(value: Any, classes: dict[type, str]) -> Any:
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is Decimal:
        return ["d", str(value)]
    if kind is list:
        return ["l", *(_encode(v, classes) for v in value)]
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise _Unfit("key")
        return ["o", {k: _encode(v, classes) for k, v in value.items()}]
    if kind is dt.date:
        return ["t", value.isoformat()]
    name = classes.get(kind)
    if name is None or value.__pydantic_extra__ or value.__pydantic_private__:
        raise _Unfit(kind.__name__)
    fields = {k: _encode(v, classes) for k, v in value.__dict__.items()}
    if fields.keys() != kind.__pydantic_fields__.keys():
        raise _Unfit(name)
    return ["m", name, sorted(value.__pydantic_fields_set__), fields]
