"""``parscore`` entry point: parse arguments, dispatch, turn user errors into exit code 2."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType, ModuleType
from typing import NoReturn

from .. import __version__
from ..errors import ParscoreError
from . import (
    EXIT_INTERRUPTED,
    INTERRUPTED,
    batch_cmd,
    createuser_cmd,
    diff_cmd,
    explain_cmd,
    import_cmd,
    lint_cmd,
    minutes_cmd,
    plan_cmd,
    plan_document_cmd,
    project_cmd,
    report_cmd,
    schema_cmd,
    score_cmd,
    serve_cmd,
    synth_cmd,
    template_cmd,
    test_cmd,
    validate_cmd,
    whatif_cmd,
)
from .argparse_vi import vietnamese_argparse
from .common import EXIT_BAD_INPUT
from .main_errors import print_issues
from .output import protect_inputs, reset_protected
from .terminal import clean_streams

__all__ = ["COMMANDS", "build_parser", "main"]

# Each command module has NAME, HELP, register(parser) and run(args) -> int.
COMMANDS: list[ModuleType] = [
    validate_cmd,
    score_cmd,
    explain_cmd,
    test_cmd,
    diff_cmd,
    report_cmd,
    minutes_cmd,
    plan_cmd,
    plan_document_cmd,
    project_cmd,
    whatif_cmd,
    lint_cmd,
    schema_cmd,
    batch_cmd,
    synth_cmd,
    template_cmd,
    import_cmd,
    serve_cmd,
    createuser_cmd,
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: lỗi: {message}\n")
        sys.stderr.write("Xem hướng dẫn: parscore --help hoặc parscore <lệnh> --help\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="parscore",
        description="Chấm điểm, giải thích và lập kế hoạch nâng Chỉ số CCHC cấp xã.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"parscore {__version__}",
        help="in số phiên bản rồi thoát",
    )
    subs = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    for module in COMMANDS:
        sub = subs.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.register(sub)
        sub.set_defaults(run=module.run)
    return parser


OUTPUT_OPTIONS = frozenset({"output", "emit_scenario"})  # what a command writes, not reads


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; what it prints is cleaned of control characters, and argparse's own
    sentences are Vietnamese."""
    with clean_streams(), vietnamese_argparse():
        try:
            with _signals_end_cleanly():
                return _main(argv)
        except KeyboardInterrupt:
            sys.stderr.write(INTERRUPTED)
            return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    reset_protected()
    protect_inputs(_input_paths(args))
    try:
        return run(args)
    except ParscoreError as exc:
        print_issues(exc)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0


def _input_paths(args: argparse.Namespace) -> list[str]:
    """Every argument that may name a file the command reads (outputs excluded)."""
    found: list[str] = []
    for key, value in vars(args).items():
        if key in OUTPUT_OPTIONS:
            continue
        values = value if isinstance(value, list) else [value]
        found.extend(v for v in values if isinstance(v, str))
    return found


@contextlib.contextmanager
def _signals_end_cleanly() -> Iterator[None]:
    """Termination and hang-up end the run like Ctrl-C: temporary files removed, no traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s]
    old = {s: signal.signal(s, _interrupt) for s in wanted}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
