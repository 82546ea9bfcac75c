"""``parscore score EVIDENCE``: score one commune (text table or FORMATS.md §3 JSON)."""

from __future__ import annotations

import argparse
import json

from ..report.adjustment_words import result_claimed
from ..report.text import render_score_text
from ..scoring import score
from ..vi import STRICT_EVIDENCE_RULE
from .common import (
    EXIT_OK,
    EXIT_SHORT,
    add_pack_option,
    check_target,
    decimal_arg,
    load_commune,
    out,
)


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    add_pack_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả")
    parser.add_argument(
        "--strict-evidence",
        action="store_true",
        help=f"như khi thẩm định: {STRICT_EVIDENCE_RULE}",
    )
    parser.add_argument(
        "--fail-under",
        type=decimal_arg,
        metavar="N",
        help="trả mã thoát 1 nếu điểm (đã làm tròn) thấp hơn N",
    )


def run(args: argparse.Namespace) -> int:
    evidence, pack = load_commune(args.evidence, args.pack)
    check_target(args.fail_under, pack, "--fail-under", "ngưỡng điểm")
    result = score(pack, evidence, strict_evidence=args.strict_evidence)
    if args.format == "json":
        out(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        claimed = result_claimed(pack, result, evidence)
        out(render_score_text(result, claimed))
    if args.fail_under is not None and result.official.score < args.fail_under:
        return EXIT_SHORT
    return EXIT_OK
