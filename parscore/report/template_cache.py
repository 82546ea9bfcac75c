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

import marshal
import pickle
from types import CodeType

import jinja2
from jinja2.bccache import Bucket, bc_magic

from ..user_cache import cache_root, private_folder, read_private

__all__ = ["bytecode_cache", "cache_root", "compiled_code"]

# A compiled report template is a few hundred KiB at most; anything larger is not ours.
_LARGEST_ENTRY = 16 * 1024 * 1024


def bytecode_cache(*, sandboxed: bool = True) -> jinja2.BytecodeCache | None:
    """A Jinja bytecode cache in parscore's cache folder (per Jinja version), or None.

    Code compiled for Jinja's sandbox checks every attribute and call it makes; code compiled
    for a plain environment (parscore's own templates) does not. Each is kept in its own folder,
    so a template's code compiled without the sandbox is never run for a user's template of the
    same text."""
    kind = "" if sandboxed else "-trusted-onecall"  # (jinja_env.OwnEnvironment's code)
    folder = private_folder(f"templates-jinja{jinja2.__version__}{kind}")
    return None if folder is None else _OwnBytecodeCache(str(folder))


class _OwnBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache that loads only files this user wrote (see the module's notes)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        # the file's name as a string: a Path is parsed for nothing (a report loads nine)
        data = read_private(self._get_cache_filename(bucket), _LARGEST_ENTRY)
        if data is None:
            return  # not there, a link, or not private: compiled from the source
        code = compiled_code(data, bucket.checksum)
        if code is not None:  # else another source's, or damaged: compiled from the source
            bucket.code = code


def compiled_code(data: bytes, checksum: str) -> CodeType | None:
    """The code in a cache file as Jinja writes it (``Bucket.write_bytecode``: Jinja's header,
    the source's checksum pickled, the code marshalled) when it is the code of the source with
    ``checksum``; None otherwise (another source's, another Jinja's or Python's, damaged).

    Jinja's own reader (``Bucket.load_bytecode``) gives the same code, but reads it with
    ``marshal.load`` from a file object, which asks the file for every piece of the code: about
    five times as long as ``marshal.loads`` on the bytes. Nothing here is unpickled: the header
    is compared as bytes."""
    head = bc_magic + pickle.dumps(checksum, 2)
    if not data.startswith(head):
        return None
    try:
        code = marshal.loads(memoryview(data)[len(head) :])
    except (EOFError, ValueError, TypeError):  # cut short or garbled
        return None
    return code if isinstance(code, CodeType) else None
