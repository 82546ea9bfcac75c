"""``parscore template --pack PACK [--evidence E] -o FILE.xlsx``: the Excel self-assessment form."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..forms.workbook import build_form
from ..loader import load_pack
from .common import EXIT_OK, load_commune, out, write_output
from .output import check_output


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pack",
        metavar="PACK",
        help="tệp gói quy tắc (có thể bỏ khi có --evidence: tìm theo khóa 'pack' của minh chứng)",
    )
    parser.add_argument("--evidence", metavar="E", help="tệp minh chứng để điền sẵn biểu mẫu")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="tệp Excel ra")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp Excel đã có")


def run(args: argparse.Namespace) -> int:
    if Path(args.output).suffix.lower() != ".xlsx":
        raise UsageError.single(
            f"tệp ra phải có đuôi .xlsx, nhận được '{args.output}'", "ví dụ -o bieu-mau.xlsx"
        )
    check_output(args.output, force=args.force)
    if args.evidence:
        evidence, pack = load_commune(args.evidence, args.pack)
    elif args.pack:
        evidence, pack = None, load_pack(args.pack)
    else:
        raise UsageError.single(
            "cần --pack (gói quy tắc) hoặc --evidence (minh chứng)",
            "ví dụ parscore template --pack rules/2025.yaml -o bieu-mau.xlsx",
        )
    write_output(args.output, build_form(pack, evidence), force=args.force)
    inputs = len(pack.model.inputs)
    leaves = len(pack.leaves)
    filled = f", điền sẵn từ {args.evidence}" if args.evidence else ""
    out(
        f"Đã tạo biểu mẫu {args.output} theo gói {pack.id}: {leaves} tiêu chí, "
        f"{inputs} chỉ tiêu số liệu{filled}."
    )
    left_out = [
        what
        for what, present in (
            (
                "thông tin cuộc họp thẩm định (appraisal_meeting)",
                evidence and evidence.model.appraisal_meeting,
            ),
            ("thông tin văn bản kế hoạch (document)", evidence and evidence.model.document),
        )
        if present
    ]
    if left_out:
        out(
            "Lưu ý: biểu mẫu không chứa "
            + " và ".join(left_out)
            + f" của {args.evidence}; tệp minh chứng nhập lại từ biểu mẫu sẽ không có các phần này."
        )
    return EXIT_OK
