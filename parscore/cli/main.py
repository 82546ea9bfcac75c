"""``parscore`` entry point: parse arguments, dispatch, turn user errors into exit code 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import NoReturn

from .. import __version__
from ..errors import ParscoreError
from . import (
    batch_cmd,
    createuser_cmd,
    diff_cmd,
    explain_cmd,
    import_cmd,
    lint_cmd,
    plan_cmd,
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
from .common import EXIT_BAD_INPUT
from .main_errors import print_issues

__all__ = ["COMMANDS", "build_parser", "main"]

# Each command module has NAME, HELP, register(parser) and run(args) -> int.
COMMANDS: list[ModuleType] = [
    validate_cmd,
    score_cmd,
    explain_cmd,
    test_cmd,
    diff_cmd,
    report_cmd,
    plan_cmd,
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

_TRANSLATIONS = (
    ("the following arguments are required:", "thiếu đối số bắt buộc:"),
    ("unrecognized arguments:", "đối số không nhận ra:"),
    ("invalid choice:", "lựa chọn không hợp lệ:"),
    ("choose from", "chọn một trong"),
    ("expected one argument", "cần một giá trị"),
    ("argument", "đối số"),
    ("invalid", "không hợp lệ"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for en, vi in _TRANSLATIONS:
            message = message.replace(en, vi)
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: lỗi: {message}\n")
        sys.stderr.write("Xem hướng dẫn: parscore --help hoặc parscore <lệnh> --help\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="parscore",
        description="Chấm điểm, giải thích và lập kế hoạch nâng Chỉ số CCHC cấp xã.",
    )
    parser.add_argument("--version", action="version", version=f"parscore {__version__}")
    subs = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    for module in COMMANDS:
        sub = subs.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.register(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return run(args)
    except ParscoreError as exc:
        print_issues(exc)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n")
        return 130
    except BrokenPipeError:
        return 0
