"""Command-line interface: the only layer that reads argv, prints and picks exit codes."""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from collections.abc import Iterator

__all__ = [
    "EXIT_INTERRUPTED",
    "INTERRUPTED",
    "Terminated",
    "collector_paused",
    "entry",
    "interrupted",
    "started",
]

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


_STARTING: list[bool] = []  # set while the command starts with the garbage collector paused
_ENDING: list[bool] = []  # set in a ``parscore`` process: it ends with its command (entry)


def started() -> None:
    """The command's modules are imported and its arguments read: the garbage collector runs
    again (see :func:`entry`). Nothing when the collector was not paused by :func:`entry`."""
    if _STARTING:
        _STARTING.clear()
        gc.freeze()  # what starting made lives as long as the process: never scanned again
        gc.enable()


@contextlib.contextmanager
def collector_paused(*, last: bool = False) -> Iterator[None]:
    """The garbage collector paused for a bounded piece of work that makes many lasting objects
    and little garbage (loading a pack and an evidence file), then as it was.

    ``last``: the command's last piece of work in a ``parscore`` process (:func:`entry`): what
    it made is kept until the process ends, so it is frozen once the work is done and the first
    collection after it does not walk it all (for an HTML report: ~1.5 ms over the report's
    records and Jinja's modules). Not in a process that goes on (a test calling ``main``)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
        if last and _ENDING:
            gc.freeze()
    finally:
        gc.enable()


def entry() -> int:
    """The ``parscore`` command. Ctrl-C while the program is still loading ends quietly too,
    and once the work is done (output written) the exit is no longer interrupted.

    The garbage collector is paused while the command starts (importing modules makes many
    objects and almost no garbage: the collections cost about a tenth of a one-commune command);
    :func:`started` turns it on again before the command runs.

    Once the command is done, what it made is frozen (:func:`gc.freeze`): the process ends, and
    its memory goes back with it, so the interpreter's last collection at exit need not walk and
    free the command's records and the modules it loaded one by one (for an HTML report, Jinja's
    modules and the report's records: a few milliseconds of a ~0.2 s command)."""
    if gc.isenabled():
        gc.disable()
        _STARTING.append(True)
    _ENDING.append(True)
    try:
        from .main import main

        return main()
    except KeyboardInterrupt as exc:
        return interrupted(exc)
    finally:
        with contextlib.suppress(ValueError):  # only the main thread handles signals
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        if _STARTING:  # stopped before the command ran (help, a wrong argument): on again
            _STARTING.clear()
            gc.enable()
        _ENDING.clear()
        gc.freeze()  # the process ends: nothing left is worth collecting before it does
