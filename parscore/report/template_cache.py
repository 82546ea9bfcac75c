"""Compiled report templates kept between runs, so a report does not compile Jinja each time.

Jinja compiles every template (and partial) to Python on first use; for a one-report process
that is a good part of its time. :func:`bytecode_cache` gives Jinja a folder where the compiled
code is kept, keyed by the template's name and a checksum of its source, so a changed or
user-supplied template is compiled anew and never confused with another (writes are atomic).
The folder is ``$PARSCORE_CACHE_DIR`` (``off`` turns the cache off), else
``$XDG_CACHE_HOME/parscore`` or ``~/.cache/parscore``; when it cannot be made, nothing is cached.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

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
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
