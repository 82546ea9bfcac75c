"""What every fuzzed input must give, whatever it is: a clean answer or located problems.

- The command line exits 0, 1 or 2, never with a traceback, and within the example's budget.
- Exit 2 prints problems; every problem printed is located (``file:line:col: PSxxx`` or
  ``Sheet!Cell: PSxxx``), also those ``batch`` reports before going on with the other files.
- The public API either returns or raises :class:`~parscore.errors.ParscoreError` whose issues
  all have a code, a Vietnamese message and a place.
- Nothing reaches the terminal raw: no escape character in what is printed.

Budget: hypothesis's ``deadline`` per example, generous enough for a loaded two-core machine
(an input that hangs takes minutes, far beyond it).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from hypothesis import HealthCheck, settings

from parscore.cli.main import main
from parscore.errors import Issue, ParscoreError

__all__ = ["FUZZ", "check_api", "check_cli", "check_issues"]

EXAMPLES = int(os.environ.get("PARSCORE_FUZZ_EXAMPLES", "0"))
DEEP = EXAMPLES > 0

FUZZ = settings(
    max_examples=EXAMPLES if DEEP else 6,
    derandomize=not DEEP,  # in the suite: the same examples every run
    database=None,
    deadline=timedelta(seconds=60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)

# A problem line: ``[place: ]CODE [path: ]message``. Its place is ``file:line:col`` or
# ``Sheet!C12``; only problems of a whole file or command (not found, too large, usage) have none.
_PROBLEM = re.compile(r"^(?:(?P<place>.*?): )?(?P<code>PS\d{3}) ")
_PLACE = re.compile(r"(?:.+:\d+:\d+|.+![A-Z]{0,3}\d+)$")  # a sheet's row alone: ``Số liệu!45``
WHOLE_FILE_CODES = frozenset({"PS101", "PS105", "PS601", "PS602", "PS801"})

T = TypeVar("T")


def check_cli(argv: Sequence[str], located: bool = True) -> tuple[int, str, str]:
    """Run ``parscore argv`` in this process; check the exit code and what was printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    stdout, stderr = out.getvalue(), err.getvalue()
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr + stdout
    assert "\x1b" not in stderr + stdout and "\x9b" not in stderr + stdout
    problems = [m for m in map(_PROBLEM.match, stderr.splitlines()) if m]
    if code == 2:
        assert problems or "lỗi:" in stderr, stderr  # argparse's own usage errors say "lỗi:"
    if located:  # every problem printed, whatever the exit (batch reports files and goes on)
        for m in problems:
            place = m.group("place") or ""
            if m.group("code") not in WHOLE_FILE_CODES:
                assert _PLACE.match(place), f"problem without a place: {m.string!r}"
    return code, stdout, stderr


def check_issues(issues: Sequence[Issue]) -> None:
    """Every issue has a code, a Vietnamese message and a place."""
    assert issues
    for issue in issues:
        assert re.fullmatch(r"PS\d{3}", issue.code), issue
        assert issue.message and not issue.message.isascii(), issue.format()
        assert issue.file, issue.format()
        assert issue.line is not None or "!" in issue.file, issue.format()


def check_api(call: Callable[[], T]) -> T | None:
    """``call()``'s result, or ``None`` when it raised located problems (anything else fails)."""
    try:
        return call()
    except ParscoreError as exc:
        check_issues(exc.issues)
        return None
