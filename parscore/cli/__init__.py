"""Command-line interface: the only layer that reads argv, prints and picks exit codes."""

from __future__ import annotations

import contextlib
import signal
import sys

__all__ = ["EXIT_INTERRUPTED", "INTERRUPTED", "entry"]

EXIT_INTERRUPTED = 130
INTERRUPTED = "Đã dừng theo yêu cầu (Ctrl-C); không tệp nào bị ghi dở.\n"


def entry() -> int:
    """The ``parscore`` command. Ctrl-C while the program is still loading ends quietly too,
    and once the work is done (output written) the exit is no longer interrupted."""
    try:
        from .main import main

        return main()
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED)
        return EXIT_INTERRUPTED
    finally:
        with contextlib.suppress(ValueError):  # only the main thread handles signals
            signal.signal(signal.SIGINT, signal.SIG_IGN)
