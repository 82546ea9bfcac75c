"""``parscore plan-document EVIDENCE -o ke-hoach.docx``: the commune's whole improvement plan."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..planner import load_efforts, plan_fixes, with_counterpart
from ..report.plan_document import build_plan_document
from ..report.render import render_text
from ..vi import COMPUTED_SCORE
from .common import (
    EXIT_OK,
    add_pack_option,
    check_target,
    decimal_arg,
    load_commune,
    out,
    write_output,
)
from .report_cmd import templates_dir

SUFFIXES = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md"}
TEMPLATES = {"html": "plan_document.html.j2", "md": "plan_document.md.j2"}


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="tệp kết quả: .docx, .html hoặc .md"
    )
    parser.add_argument(
        "--format", choices=("docx", "html", "md"), help="định dạng (mặc định: theo đuôi tệp)"
    )
    add_pack_option(parser)
    parser.add_argument("--target", type=decimal_arg, metavar="N", help="điểm mục tiêu")
    parser.add_argument("--efforts", metavar="FILE", help="tệp công sức {mã tiêu chí: công sức}")
    parser.add_argument(
        "--self-assessment",
        action="store_true",
        help=f"lập kế hoạch theo {COMPUTED_SCORE} thay vì điểm khi thẩm định",
    )
    parser.add_argument(
        "--no-marks",
        action="store_true",
        help="bỏ cột đánh dấu tiêu chí trọng tâm trong Phụ lục (dòng trọng tâm vẫn in đậm)",
    )
    parser.add_argument("--templates", metavar="DIR", help="thư mục mẫu của bạn (HTML, Markdown)")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp đã có")


def run(args: argparse.Namespace) -> int:
    fmt = args.format or SUFFIXES.get(Path(args.output).suffix.lower())
    if fmt is None:
        raise UsageError.single(
            f"không biết định dạng của tệp '{args.output}'",
            hint="đặt đuôi tệp .docx, .html hoặc .md, hoặc dùng --format",
            file=args.output,
        )
    templates = templates_dir(args.templates)
    evidence, pack = load_commune(args.evidence, args.pack)
    check_target(args.target, pack)
    efforts = load_efforts(args.efforts, pack) if args.efforts else None
    plan = plan_fixes(
        pack,
        evidence,
        target=args.target,
        strict_evidence=not args.self_assessment,
        efforts=efforts,
    )
    doc = build_plan_document(
        pack, evidence, with_counterpart(pack, evidence, plan), marks=not args.no_marks
    )
    if fmt == "docx":
        from ..report.docx_plan_document import write_plan_document

        data = write_plan_document(doc)
    else:
        data = render_text(doc, fmt, templates, name=TEMPLATES[fmt]).encode("utf-8")
    target = write_output(args.output, data, force=args.force)
    out(f"Đã ghi văn bản kế hoạch: {target}")
    return EXIT_OK
