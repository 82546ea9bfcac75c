"""Command-line interface: the only layer that reads argv, prints and picks exit codes."""

from __future__ import annotations

import contextlib
import signal
import sys

__all__ = ["EXIT_INTERRUPTED", "INTERRUPTED", "Terminated", "entry", "interrupted"]

EXIT_INTERRUPTED = 130
INTERRUPTED = "Đã dừng theo yêu cầu (Ctrl-C); không tệp nào bị ghi dở.\n"
TERMINATED = "Đã dừng vì nhận tín hiệu kết thúc; không tệp nào bị ghi dở.\n"


class Terminated(KeyboardInterrupt):
    """A termination or hang-up signal, unwound like Ctrl-C; the exit code says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def interrupted(exc: KeyboardInterrupt) -> int:
    """Say why the run stopped; the shell's exit code for it (130 for Ctrl-C, 128 + N for
    signal N)."""
    if isinstance(exc, Terminated):
        sys.stderr.write(TERMINATED)
        return 128 + exc.signum
    sys.stderr.write(INTERRUPTED)
    return EXIT_INTERRUPTED


def entry() -> int:
    """The ``parscore`` command. Ctrl-C while the program is still loading ends quietly too,
    and once the work is done (output written) the exit is no longer interrupted."""
    try:
        from .main import main

        return main()
    except KeyboardInterrupt as exc:
        return interrupted(exc)
    finally:
        with contextlib.suppress(ValueError):  # only the main thread handles signals
            signal.signal(signal.SIGINT, signal.SIG_IGN)
