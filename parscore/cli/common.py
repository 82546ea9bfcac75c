"""Shared pieces of the sub-commands: loading evidence with its pack, writing output safely."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..compiled import LoadedPack
from ..errors import Issue, UsageError
from ..loader import LoadedEvidence, load_evidence, load_pack

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_OK",
    "EXIT_SHORT",
    "add_pack_option",
    "decimal_arg",
    "load_commune",
    "print_or_write",
    "write_output",
]

EXIT_OK = 0
EXIT_SHORT = 1
EXIT_BAD_INPUT = 2


def add_pack_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pack",
        metavar="PACK",
        help="tệp gói quy tắc (mặc định: tìm theo khóa 'pack' của minh chứng trong rules/)",
    )


def load_commune(evidence: str, pack_path: str | None) -> tuple[LoadedEvidence, LoadedPack]:
    pack = load_pack(pack_path) if pack_path else None
    return load_evidence(evidence, pack)


def decimal_arg(text: str) -> Decimal:
    """argparse type for a number given with a dot or a Vietnamese comma."""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' không phải là một số") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"'{text}' không phải là một số hữu hạn")
    return value


def write_output(path: str, data: bytes, *, force: bool = True) -> Path:
    """Write atomically: a failed run never leaves a half-written or clobbered file."""
    target = Path(path)
    if target.exists() and target.is_dir():
        raise UsageError([Issue("PS602", "đường dẫn ra là một thư mục", file=path)])
    if target.exists() and not force:
        raise UsageError(
            [
                Issue(
                    "PS602",
                    "tệp đã tồn tại, không ghi đè",
                    file=path,
                    hint="chọn tên khác hoặc thêm --force để ghi đè",
                )
            ]
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            [
                Issue(
                    "PS602",
                    "thư mục chứa tệp ra không tồn tại",
                    file=path,
                    hint="tạo thư mục trước",
                )
            ]
        )
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".parscore-", suffix=target.suffix)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def print_or_write(text: str, output: str | None, *, force: bool) -> None:
    """Print ``text``, or write it to ``output`` (refusing to overwrite unless ``force``)."""
    if output:
        write_output(output, text.encode("utf-8"), force=force)
        out(f"Đã ghi {output}")
    else:
        out(text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def add_mode_options(parser: argparse.ArgumentParser) -> None:
    """How a plan is scored: as appraisal does (the default) or as a self-assessment."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--strict-evidence",
        action="store_true",
        help="chấm như khi thẩm định: tiêu chí thiếu tài liệu kiểm chứng được 0 điểm (mặc định)",
    )
    group.add_argument(
        "--self-assessment",
        action="store_true",
        help="lập kế hoạch theo điểm tự đánh giá (tài liệu thiếu vẫn giữ điểm)",
    )


def appraisal_mode(args: argparse.Namespace) -> bool:
    """Plans are made under appraisal rules unless ``--self-assessment`` is given."""
    return not getattr(args, "self_assessment", False)
