"""A progress bar on standard error, only when it is a terminal (quiet in pipes, files and CI)."""

from __future__ import annotations

import sys
from typing import TextIO

from .terminal import raw

__all__ = ["Progress", "progress_bar"]

WIDTH = 30


class Progress:
    """``progress(done, total)`` redraws one line; ``close()`` clears it."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = WIDTH * percent // 100
        bar = "█" * filled + "░" * (WIDTH - filled)
        self.stream.write(f"\r{self.label} {bar} {percent:3d}% ({done}/{total})")
        self.stream.flush()

    def close(self) -> None:
        if self.shown >= 0:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def progress_bar(label: str, stream: TextIO | None = None) -> Progress | None:
    """A bar on ``stream`` (standard error) if it is a terminal, else None."""
    stream = raw(stream if stream is not None else sys.stderr)  # draws with its own codes
    isatty = getattr(stream, "isatty", None)
    return Progress(label, stream) if isatty is not None and isatty() else None
