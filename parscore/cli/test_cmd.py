"""``parscore test PACK [CASE...]``: run a pack's YAML cases; exit 1 when one fails."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ParscoreError
from ..loader import load_pack
from ..packtests import case_files, run_case
from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_SHORT, out
from .main_errors import print_issues


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", metavar="PACK", help="tệp gói quy tắc")
    parser.add_argument(
        "cases",
        nargs="*",
        metavar="CASE",
        help="tệp ca kiểm thử (mặc định: rules/tests/<tên tệp gói>/)",
    )


def run(args: argparse.Namespace) -> int:
    pack = load_pack(args.pack)
    files = [Path(c) for c in args.cases] or case_files(Path(args.pack), pack.model.pack.year)
    if not files:
        out(
            f"Không có ca kiểm thử nào cho {pack.id} (thư mục tests/{pack.model.pack.year}/ cạnh gói)."
        )
        return EXIT_SHORT
    passed = failed = broken = 0
    for path in files:
        try:
            outcome = run_case(path, pack)
        except ParscoreError as exc:
            broken += 1
            sys.stderr.write(f"✗ {path}: ca kiểm thử có lỗi dữ liệu\n")
            print_issues(exc)
            continue
        if outcome.passed:
            passed += 1
            out(f"✓ {path}: {outcome.name}")
        else:
            failed += 1
            out(f"✗ {path}: {outcome.name}")
            for line in outcome.failures:
                out(f"    {line}")
    out(
        f"{pack.id}: {passed} ca đạt, {failed} ca không đạt"
        + (f", {broken} ca lỗi" if broken else "")
    )
    if broken:
        return EXIT_BAD_INPUT
    return EXIT_SHORT if failed else EXIT_OK
