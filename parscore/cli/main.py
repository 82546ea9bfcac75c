"""``parscore`` entry point: parse arguments, dispatch, turn user errors into exit code 2."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import NoReturn

from .. import __version__
from ..errors import ParscoreError
from . import Terminated, interrupted, started
from .argparse_vi import vietnamese_argparse
from .common import EXIT_BAD_INPUT
from .main_errors import print_issues
from .output import protect_inputs, reset_protected
from .terminal import clean_streams

__all__ = ["COMMANDS", "build_parser", "main"]

# name -> (module in parscore.cli, one-line help). A command's module (and what it needs: Excel,
# Word, templates, the web server...) is imported only when that command is asked for, never to
# build the parser. Each module has register(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate_cmd", "kiểm tra gói quy tắc (và tệp minh chứng): báo mọi lỗi một lần"),
    "score": ("score_cmd", "chấm điểm một xã từ tệp minh chứng"),
    "explain": (
        "explain_cmd",
        "giải thích điểm một tiêu chí: số liệu, quy tắc, minh chứng, cách tăng điểm",
    ),
    "test": ("test_cmd", "chạy các ca kiểm thử của gói quy tắc (rules/tests/<tên tệp gói>/*.yaml)"),
    "diff": ("diff_cmd", "so sánh hai gói quy tắc: mọi thay đổi, và ảnh hưởng tới điểm của các xã"),
    "report": ("report_cmd", "báo cáo phân tích điểm và kế hoạch nâng điểm (HTML, Markdown, Word)"),
    "minutes": (
        "minutes_cmd",
        "biên bản thẩm định của một xã (Word, HTML, Markdown): điểm tự chấm, vòng 1, vòng 2",
    ),
    "plan": ("plan_cmd", "lập kế hoạch nâng điểm: các việc ít công sức nhất để đạt mục tiêu"),
    "plan-document": (
        "plan_document_cmd",
        "văn bản Kế hoạch duy trì, cải thiện và nâng cao chỉ số của xã (Word, HTML, Markdown)",
    ),
    "project": ("project_cmd", "dự báo kết quả cuối năm từ số liệu lũy kế đến ngày số liệu"),
    "whatif": (
        "whatif_cmd",
        "thử một kịch bản: điểm thay đổi thế nào khi số liệu, tài liệu hoặc gói quy tắc đổi",
    ),
    "lint": (
        "lint_cmd",
        "soát lỗi phương pháp của gói quy tắc: bậc không đạt được, đầu vào thừa, nguồn giả định…",
    ),
    "schema": (
        "schema_cmd",
        "in JSON Schema của gói quy tắc, để trình soạn thảo gợi ý khóa và báo lỗi khi viết gói",
    ),
    "batch": (
        "batch_cmd",
        "chấm nhiều xã cùng lúc: xếp hạng, số xã theo xếp loại, điểm trung bình, so với năm trước",
    ),
    "synth": (
        "synth_cmd",
        "tạo tệp minh chứng của các xã tổng hợp (giả lập) để thử và đo hiệu năng",
    ),
    "template": (
        "template_cmd",
        "tạo biểu mẫu Excel tự đánh giá (điền sẵn từ tệp minh chứng nếu có)",
    ),
    "import": (
        "import_cmd",
        "đọc biểu mẫu Excel đã điền thành tệp minh chứng YAML (báo ô sai theo Trang!Ô)",
    ),
    "serve": (
        "serve_cmd",
        "chạy ứng dụng web (tự tạo và cập nhật cơ sở dữ liệu trong thư mục dữ liệu)",
    ),
    "createuser": ("createuser_cmd", "tạo hoặc cập nhật tài khoản của ứng dụng web và gán vai trò"),
    "backup": (
        "backup_cmd",
        "sao lưu dữ liệu của ứng dụng web (an toàn cả khi đang chạy): cơ sở dữ liệu, tệp tài liệu",
    ),
    "restore": ("restore_cmd", "khôi phục dữ liệu của ứng dụng web từ một bản sao lưu"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: lỗi: {message}\n")
        if self.prog == "parscore":
            sys.stderr.write("Xem hướng dẫn: parscore --help hoặc parscore <lệnh> --help\n")
        else:
            sys.stderr.write(f"Xem hướng dẫn: {self.prog} --help\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _refuse_unrecognized(
    parser: argparse.ArgumentParser, command: str | None, extras: list[str]
) -> NoReturn:
    """Words the command does not take, refused by the command's own parser (its usage line),
    naming the option the user most likely meant."""
    target = parser
    if command is not None:
        subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        target = subs.choices[command]
    message = f"đối số không nhận ra: {' '.join(extras)}"
    known = [o for a in target._actions for o in a.option_strings if o.startswith("--")]
    for word in extras:
        if word.startswith("-"):
            close = difflib.get_close_matches(word.split("=", 1)[0], known, n=1, cutoff=0.6)
            if close:
                message += f" (gợi ý: có phải ý bạn là {close[0]}?)"
                break
    target.error(message)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s own options are registered (its module imported). With a
    command named, the other commands' sub-parsers are left out too (they are only needed to
    list the commands, or to refuse an unknown one)."""
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
    for name, (module_name, help_text) in COMMANDS.items():
        if command is not None and name != command:
            continue
        sub = subs.add_parser(name, help=help_text, description=help_text)
        if name == command:
            module = importlib.import_module(f"{__package__}.{module_name}")
            module.register(sub)
            sub.set_defaults(run=module.run)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command named on the command line: its first word that is not an option."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _refuse_unknown_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    """A misspelt command is named with the command the user most likely meant."""
    word = next((w for w in argv if not w.startswith("-")), None)
    if word is None or word in COMMANDS:
        return
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f"có phải ý bạn là '{close[0]}'?" if close else "xem danh sách lệnh: parscore --help"
    parser.error(f"không có lệnh '{word}' (gợi ý: {hint})")


OUTPUT_OPTIONS = frozenset({"output", "emit_scenario"})  # what a command writes, not reads


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; what it prints is cleaned of control characters, and argparse's own
    sentences are Vietnamese."""
    with clean_streams(), vietnamese_argparse():
        try:
            with _signals_end_cleanly():
                return _main(argv)
        except KeyboardInterrupt as exc:
            return interrupted(exc)


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command(words))
    _refuse_unknown_command(parser, words)
    args, extras = parser.parse_known_args(words)
    if extras:
        _refuse_unrecognized(parser, getattr(args, "command", None), extras)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    reset_protected()
    protect_inputs(_input_paths(args))
    started()
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
    raise Terminated(signum)
