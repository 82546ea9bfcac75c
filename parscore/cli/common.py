"""Shared pieces of the sub-commands: loading evidence with its pack, writing output safely
(:mod:`.output`)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation

from ..compiled import LoadedPack
from ..errors import UsageError
from ..limits import number_problem, number_text_problem
from ..loader import LoadedEvidence, load_evidence, load_pack
from ..numbers import vi_number
from ..vi import COMPUTED_SCORE, STRICT_EVIDENCE_RULE
from . import collector_paused
from .output import protect_inputs, write_output

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_OK",
    "EXIT_SHORT",
    "add_pack_option",
    "check_target",
    "decimal_arg",
    "int_arg",
    "load_commune",
    "print_or_write",
    "write_output",
]

EXIT_OK = 0
EXIT_SHORT = 1
EXIT_BAD_INPUT = 2


def add_pack_option(
    parser: argparse.ArgumentParser,
    default: str = "tìm theo khóa 'pack' của minh chứng trong rules/",
) -> None:
    parser.add_argument("--pack", metavar="PACK", help=f"tệp gói quy tắc (mặc định: {default})")


def load_commune(evidence: str, pack_path: str | None) -> tuple[LoadedEvidence, LoadedPack]:
    with collector_paused():  # loading makes many lasting objects and little garbage
        pack = load_pack(pack_path) if pack_path else None
        loaded, pack = load_evidence(evidence, pack)
    protect_inputs([pack.file])  # found by its id: an input too, never an output
    for warning in loaded.warnings:
        sys.stderr.write(f"cảnh báo: {warning.format()}\n")
    return loaded, pack


def decimal_arg(text: str) -> Decimal:
    """argparse type for a number given with a dot or a Vietnamese comma."""
    if number_text_problem(text):
        raise argparse.ArgumentTypeError(number_text_problem(text))
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' không phải là một số") from None
    problem = number_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"'{text[:40]}': {problem}")
    return value


def int_arg(text: str) -> int:
    """argparse type for a whole number (a count, a seed, a port), refused in Vietnamese."""
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' không phải là một số nguyên") from None


def check_target(
    target: Decimal | None, pack: LoadedPack, option: str = "--target", what: str = "điểm mục tiêu"
) -> None:
    """A score given on the command line (``--target``, ``--fail-under``) must lie on the pack's
    scale: every command says so alike, before any work."""
    scale = pack.model.pack.scale
    if target is not None and not 0 <= target <= scale:
        raise UsageError.single(
            f"{what} {vi_number(target)} nằm ngoài thang điểm 0–{vi_number(scale)}",
            f"chọn {option} trong thang điểm của gói quy tắc",
        )


def print_or_write(text: str, output: str | None, *, force: bool) -> None:
    """Print ``text``, or write it to ``output`` (refusing to overwrite unless ``force``)."""
    if output:
        write_output(output, text.encode("utf-8"), force=force)
        out(f"Đã ghi {output}")
    else:
        out(text)


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def add_mode_options(parser: argparse.ArgumentParser) -> None:
    """How a plan is scored: as appraisal does (the default) or on the score computed from the
    data, documents missing still counted (``--self-assessment``)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--strict-evidence",
        action="store_true",
        help=f"chấm như khi thẩm định: {STRICT_EVIDENCE_RULE} (mặc định)",
    )
    group.add_argument(
        "--self-assessment",
        action="store_true",
        help=f"lập kế hoạch theo {COMPUTED_SCORE} (tài liệu thiếu vẫn giữ điểm)",
    )


def appraisal_mode(args: argparse.Namespace) -> bool:
    """Plans are made under appraisal rules unless ``--self-assessment`` is given."""
    return not getattr(args, "self_assessment", False)
