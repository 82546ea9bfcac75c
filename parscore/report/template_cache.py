"""Compiled report templates kept between runs, so a report does not compile Jinja each time.

Jinja compiles every template (and partial) to Python on first use; for a one-report process
that is a good part of its time. :func:`bytecode_cache` gives Jinja a folder where the compiled
code is kept, keyed by the template's name and a checksum of its source, so a changed or
user-supplied template is compiled anew and never confused with another (writes are atomic).
The folder is a sub-folder of parscore's cache folder (:mod:`parscore.user_cache`: it says where,
and how ``PARSCORE_CACHE_DIR=off`` turns caching off); when it cannot be made, nothing is cached.

Compiled code from the cache is run, so only what this user wrote is trusted: the folder must
belong to the user and be writable by nobody else (else nothing is cached), and a file in it is
read only when it belongs to the user and is writable by nobody else (else the template is
compiled from its source, as if the file were not there).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..user_cache import cache_root, private_folder, read_private

__all__ = ["bytecode_cache", "cache_root"]

# A compiled report template is a few hundred KiB at most; anything larger is not ours.
_LARGEST_ENTRY = 16 * 1024 * 1024


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """A Jinja bytecode cache in parscore's cache folder (per Jinja version), or None."""
    folder = private_folder(f"templates-jinja{jinja2.__version__}")
    return None if folder is None else _OwnBytecodeCache(str(folder))


class _OwnBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache that loads only files this user wrote (see the module's notes)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        data = read_private(Path(self._get_cache_filename(bucket)), _LARGEST_ENTRY)
        if data is None:
            return  # not there, a link, or not private: compiled from the source
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # a damaged file (cut short, garbled): compiled from the source
            bucket.reset()
