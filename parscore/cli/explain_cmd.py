"""``parscore explain EVIDENCE CODE``: one criterion, its inputs, rule, points and evidence."""

from __future__ import annotations

import argparse

from ..errors import Issue, UsageError, did_you_mean
from ..model.result import LeafResult
from ..raising import raise_hints
from ..report.text import render_explain, render_item_explain
from ..scoring import score
from .common import EXIT_OK, add_pack_option, load_commune, out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    parser.add_argument(
        "code", metavar="CODE", help="mã tiêu chí, ví dụ 3.2.2 (hoặc mã mục điểm thưởng, trừ)"
    )
    add_pack_option(parser)
    parser.add_argument(
        "--strict-evidence",
        action="store_true",
        help="như khi thẩm định: tiêu chí thiếu tài liệu kiểm chứng được 0 điểm",
    )


def run(args: argparse.Namespace) -> int:
    evidence, pack = load_commune(args.evidence, args.pack)
    result = score(pack, evidence, strict_evidence=args.strict_evidence)
    node = result.find(args.code)
    if node is None and pack.model.adjustments.item(args.code) is not None:
        out(render_item_explain(result, pack, dict(evidence.model.adjustments), args.code))
        return EXIT_OK
    if node is None:
        codes = [c.code for c in pack.walk()] + pack.model.adjustments.codes()
        raise UsageError(
            [
                Issue(
                    "PS501",
                    f"gói quy tắc {pack.id} không có tiêu chí"
                    + (" hay mục thưởng, trừ" if pack.model.adjustments.codes() else "")
                    + f" '{args.code}'",
                    hint=did_you_mean(args.code, codes)
                    or "xem mã tiêu chí bằng lệnh parscore score",
                )
            ]
        )
    hints: list[str] = []
    if isinstance(node, LeafResult):
        hints = raise_hints(
            node,
            pack.leaves[node.code],
            evidence.model.as_of,
            pack=pack,
            evidence=evidence,
            strict_evidence=args.strict_evidence,
        )
    out(render_explain(result, pack, node.code, hints))
    return EXIT_OK
