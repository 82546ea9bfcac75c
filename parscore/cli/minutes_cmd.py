"""``parscore minutes EVIDENCE -o FILE.docx|.html|.md``: the appraisal minutes (biên bản thẩm định)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..report.minutes import build_minutes, render_minutes
from ..report.render import FORMATS
from ..scoring import score
from ..vi import STRICT_EVIDENCE_RULE
from .common import EXIT_OK, add_pack_option, load_commune, out, write_output
from .output import check_output


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="tệp biên bản: .docx, .html hoặc .md (định dạng theo đuôi tệp)",
    )
    add_pack_option(parser)
    parser.add_argument(
        "--strict-evidence",
        action="store_true",
        help=f"như khi thẩm định: {STRICT_EVIDENCE_RULE}",
    )
    parser.add_argument("--force", action="store_true", help="ghi đè tệp biên bản đã có")


def run(args: argparse.Namespace) -> int:
    fmt = FORMATS.get(Path(args.output).suffix.lower())
    if fmt is None:
        raise UsageError.single(
            f"không biết định dạng biên bản của tệp '{args.output}'",
            hint="đặt đuôi tệp .docx, .html hoặc .md",
            file=args.output,
        )
    check_output(args.output, force=args.force)
    evidence, pack = load_commune(args.evidence, args.pack)
    result = score(pack, evidence, strict_evidence=args.strict_evidence)
    data = render_minutes(build_minutes(result, pack, evidence), fmt)
    target = write_output(args.output, data, force=args.force)
    out(f"Đã ghi biên bản thẩm định: {target}")
    return EXIT_OK
