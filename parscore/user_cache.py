"""parscore's cache folder in the user's home, and the checks that decide whether it is trusted.

The folder is ``$PARSCORE_CACHE_DIR`` (``off``, ``0``, ``none`` or empty turn every cache off),
else ``$XDG_CACHE_HOME/parscore`` or ``~/.cache/parscore``. What is read back from it is trusted
only when this user alone can have written it, as Python trusts its own ``__pycache__``: a folder
of the cache must belong to the user and be writable by nobody else (:func:`private_folder`), and
a file in it must be a regular file that belongs to the user and is writable by nobody else
(:func:`read_private`); otherwise the cache is not used.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

__all__ = [
    "cache_root",
    "private",
    "private_folder",
    "prune",
    "read_private",
    "write_private",
]

_OFF = ("off", "0", "none")


def cache_root() -> Path | None:
    """parscore's cache folder, or None when caching is turned off."""
    given = os.environ.get("PARSCORE_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in _OFF or not given.strip() else Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "parscore"


def private(info: os.stat_result) -> bool:
    """Whether a file or folder belongs to this user and nobody else can write to it (where
    there are no POSIX owners, as on Windows, the folder's own access rules stand)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return True
    return info.st_uid == geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def private_folder(name: str) -> Path | None:
    """The sub-folder ``name`` of the cache folder, made (``0700``) when missing; None when
    caching is off, the folder cannot be made, or it is not private (see :func:`private`)."""
    root = cache_root()
    if root is None:
        return None
    folder = root / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.stat(folder, follow_symlinks=False)
        if not stat.S_ISDIR(info.st_mode) or not private(info):
            return None
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None
    return folder


def read_private(path: Path | str, limit: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (not a link) of this user that nobody else
    can write to, and not larger than ``limit``; None otherwise (or when it cannot be read)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or not private(info) or info.st_size > limit:
                return None
            return fh.read(limit + 1)
    except OSError:
        return None


def write_private(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically (a private temporary file in the same folder, then
    renamed over it), readable by this user only. False when it could not be written."""
    import tempfile  # only when writing: not on the common path of reading

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def prune(folder: Path, suffix: str, keep: int) -> None:
    """Keep the ``keep`` newest files of ``folder`` whose names end with ``suffix``."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(suffix)]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
        for old in entries[: len(entries) - keep]:
            os.unlink(old.path)
    except OSError:
        pass
