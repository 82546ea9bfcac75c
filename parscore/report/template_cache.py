"""Compiled report templates kept between runs, so a report does not compile Jinja each time.

Jinja compiles every template (and partial) to Python on first use; for a one-report process
that is a good part of its time. :func:`bytecode_cache` gives Jinja a folder where the compiled
code is kept, keyed by the template's name and a checksum of its source, so a changed or
user-supplied template is compiled anew and never confused with another (writes are atomic).
The folder is ``$PARSCORE_CACHE_DIR`` (``off`` turns the cache off), else
``$XDG_CACHE_HOME/parscore`` or ``~/.cache/parscore``; when it cannot be made, nothing is cached.

Compiled code from the cache is run, so only what this user wrote is trusted: the folder must
belong to the user and be writable by nobody else (else nothing is cached), and a file in it is
read only when it belongs to the user and is writable by nobody else (else the template is
compiled from its source, as if the file were not there).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

__all__ = ["bytecode_cache", "cache_root"]

_OFF = ("off", "0", "none")


def cache_root() -> Path | None:
    """parscore's cache folder, or None when caching is turned off."""
    given = os.environ.get("PARSCORE_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in _OFF or not given.strip() else Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "parscore"


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """A Jinja bytecode cache in parscore's cache folder (per Jinja version), or None."""
    root = cache_root()
    if root is None:
        return None
    folder = root / f"templates-jinja{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.access(folder, os.W_OK | os.X_OK) or not _private(os.stat(folder)):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None
    return _OwnBytecodeCache(str(folder))


def _private(info: os.stat_result) -> bool:
    """Whether a file or folder belongs to this user and nobody else can write to it (where
    there are no POSIX owners, as on Windows, the folder's own access rules stand)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return True
    return info.st_uid == geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class _OwnBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache that loads only files this user wrote (see the module's notes)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self._get_cache_filename(bucket), flags)
        except OSError:
            return  # not there (or a link): compiled from the source
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or not _private(info):
                return
            try:
                bucket.load_bytecode(f)
            except Exception:  # a damaged file (cut short, garbled): compiled from the source
                bucket.reset()
