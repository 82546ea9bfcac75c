"""Shared pieces of the sub-commands: loading evidence with its pack, writing output safely
(:mod:`.output`)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation

from ..compiled import LoadedPack
from ..loader import LoadedEvidence, load_evidence, load_pack
from .output import protect_inputs, write_output

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
    loaded, pack = load_evidence(evidence, pack)
    protect_inputs([pack.file])  # found by its id: an input too, never an output
    for warning in loaded.warnings:
        sys.stderr.write(f"cảnh báo: {warning.format()}\n")
    return loaded, pack


def decimal_arg(text: str) -> Decimal:
    """argparse type for a number given with a dot or a Vietnamese comma."""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' không phải là một số") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"'{text}' không phải là một số hữu hạn")
    return value


def print_or_write(text: str, output: str | None, *, force: bool) -> None:
    """Print ``text``, or write it to ``output`` (refusing to overwrite unless ``force``)."""
    if output:
        write_output(output, text.encode("utf-8"), force=force)
        out(f"Đã ghi {output}")
    else:
        out(text)


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
