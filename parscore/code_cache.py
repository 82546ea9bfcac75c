"""Compiled generated scoring code kept between runs, as Python keeps ``__pycache__``.

The direct path (:mod:`parscore.leaf_direct`, :mod:`parscore.pack_direct`) writes Python source
for a pack's leaves and totals and compiles it when the pack is first scored in a process: for
a one-commune ``score``, compiling is about half of the scoring. :func:`compile_source` keeps
each compiled code object in ``code/`` of parscore's cache folder (:mod:`parscore.user_cache`),
one file per pack (its ``group``), under the sha256 of the code's file name and source. Compiling
the same text always gives the same code, so what is read back is what compiling would give,
whatever wrote the source; a file is named by the Python version too (code objects are not
portable between versions). The codes compiled in a process are saved when it ends
(:func:`save`, run at exit), with those the group's file held; the :data:`MAX_FILES` newest
files are kept.

Trust: code read back is run, so, as for Jinja's compiled report templates, a file is read only
from a private folder of this user and only when it belongs to the user and is writable by nobody
else (:mod:`parscore.user_cache`). Anything else (a damaged file, a value that is not code)
counts as missing: the source is compiled and the file written again. ``PARSCORE_CACHE_DIR=off``
turns it off.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType

from .user_cache import private_folder, prune, read_private, write_private

__all__ = ["compile_source", "save"]

FOLDER = "code"
MAX_FILES = 64  # files kept in the folder; the oldest are removed when a new one is written
MAX_CODES = 4096  # codes in one file; a file holding more is started afresh
_LIMIT = 16 * 1024 * 1024  # a file larger than this is not read
_SUFFIX = ".marshal"


class _Group:
    """The codes of one group: those read from its file, those compiled since."""

    __slots__ = ("changed", "codes", "path")

    def __init__(self, path: Path | None, codes: dict[bytes, CodeType]) -> None:
        self.path = path
        self.codes = codes
        self.changed = False


_GROUPS: dict[str, _Group] = {}
_SAVING: list[bool] = []  # set once save() is registered to run at exit


def compile_source(source: str, filename: str, group: str) -> CodeType:
    """``compile(source, filename, "exec")``, from the cache when it holds it (``group``: the
    pack whose code it is, which decides the file it is kept in)."""
    found = _GROUPS.get(group)
    if found is None:
        found = _GROUPS[group] = _read(group)
    key = hashlib.sha256(f"{filename}\0{source}".encode()).digest()
    code = found.codes.get(key)
    if code is None:
        code = compile(source, filename, "exec")
        if found.path is not None:
            found.codes[key] = code
            found.changed = True
            if not _SAVING:
                _SAVING.append(True)
                atexit.register(save)
    return code


def _file(folder: Path, group: str) -> Path:
    tag = f"{sys.version}\n{sys.implementation.cache_tag}\n{marshal.version}\n{group}"
    return folder / (hashlib.sha256(tag.encode()).hexdigest() + _SUFFIX)


def _read(group: str) -> _Group:
    folder = private_folder(FOLDER)
    if folder is None:
        return _Group(None, {})
    path = _file(folder, group)
    data = read_private(path, _LIMIT)
    codes: dict[bytes, CodeType] = {}
    if data is not None:
        try:
            loaded = marshal.loads(data)
        except Exception:  # cut short or garbled: compiled again and written anew
            loaded = None
        if (
            type(loaded) is dict
            and len(loaded) <= MAX_CODES
            and all(
                type(k) is bytes and len(k) == 32 and type(v) is CodeType for k, v in loaded.items()
            )
        ):
            codes = loaded
    return _Group(path, codes)


def save() -> None:
    """Write the file of every group that has codes compiled since it was read."""
    for group in _GROUPS.values():
        if not group.changed or group.path is None:
            continue
        group.changed = False
        if write_private(group.path, marshal.dumps(group.codes)):
            prune(group.path.parent, _SUFFIX, MAX_FILES)
