"""What reaches the terminal: text cleaned of control characters.

A commune name, a document title or any other string from a user's file may hold escape sequences
(``\\x1b[2J`` clears the screen, ``\\x1b]8;;…`` makes a link) or bidirectional overrides that make
a line read differently from what it says. Everything the commands print goes through
:class:`CleanStream`, which shows such a character as its ``\\uXXXX`` escape: visible, and still
valid inside JSON strings. Tab and newline are kept. The progress bar, which draws with ``\\r``
and an erase sequence of its own, writes to the stream underneath (:func:`raw`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["CleanStream", "clean_streams", "clean_text", "raw"]

_UNSAFE = [c for c in range(0x20) if c not in (0x09, 0x0A)]
_UNSAFE += list(range(0x7F, 0xA0))  # DEL and the C1 controls (0x9B is a one-byte CSI)
_UNSAFE += [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # bidi
_TABLE = {c: f"\\u{c:04x}" for c in _UNSAFE}


def clean_text(text: str) -> str:
    """``text`` with every control or bidirectional-override character shown as ``\\uXXXX``."""
    return text.translate(_TABLE)


class CleanStream:
    """A text stream that cleans what is written to it, and otherwise behaves as ``stream``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(clean_text(text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def raw(stream: Any) -> Any:
    """The stream under a :class:`CleanStream` (for the progress bar's own control codes)."""
    return stream.stream if isinstance(stream, CleanStream) else stream


@contextmanager
def clean_streams() -> Iterator[None]:
    """Clean standard output and error for the duration of a command."""
    saved = sys.stdout, sys.stderr
    sys.stdout = CleanStream(raw(saved[0]))
    sys.stderr = CleanStream(raw(saved[1]))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
