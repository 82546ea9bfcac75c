"""``parscore report EVIDENCE -o FILE.html|.md|.docx``: gap analysis and improvement plan."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from ..errors import Issue, UsageError
from ..report.build import build_context
from ..report.render import FORMATS, render_report
from ..scoring import score
from ..vi import COMPUTED_SCORE, STRICT_EVIDENCE_RULE
from . import collector_paused
from .common import (
    EXIT_OK,
    add_pack_option,
    check_target,
    decimal_arg,
    load_commune,
    out,
    write_output,
)
from .output import check_output


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="tệp báo cáo: .html, .md hoặc .docx (định dạng theo đuôi tệp)",
    )
    add_pack_option(parser)
    parser.add_argument(
        "--strict-evidence",
        action="store_true",
        help=f"như khi thẩm định: {STRICT_EVIDENCE_RULE}",
    )
    parser.add_argument(
        "--templates",
        metavar="DIR",
        help="thư mục mẫu báo cáo của bạn; tệp cùng tên thay cho mẫu có sẵn",
    )
    parser.add_argument("--force", action="store_true", help="ghi đè tệp báo cáo đã có")
    parser.add_argument(
        "--plan",
        action="store_true",
        help="thêm mục Kế hoạch nâng điểm (các việc ít công sức nhất để đạt mục tiêu)",
    )
    parser.add_argument(
        "--target", type=decimal_arg, metavar="N", help="điểm mục tiêu của kế hoạch (cùng --plan)"
    )
    parser.add_argument(
        "--efforts", metavar="FILE", help="tệp công sức {mã tiêu chí: công sức} (cùng --plan)"
    )
    parser.add_argument(
        "--projection",
        action="store_true",
        help="thêm mục Dự báo kết quả cuối năm (từ số liệu lũy kế đến ngày số liệu)",
    )
    parser.add_argument(
        "--self-assessment",
        action="store_true",
        help=(
            f"kế hoạch và dự báo theo {COMPUTED_SCORE} thay vì điểm khi thẩm định"
            " (cùng --plan hoặc --projection)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args.output)
    check_output(args.output, force=args.force)
    templates = templates_dir(args.templates)
    # the day the report is made (pinned by SOURCE_DATE_EPOCH), distinct from the data date
    when = source_date(os.environ.get("SOURCE_DATE_EPOCH")) or dt.date.today()
    evidence, pack = load_commune(args.evidence, args.pack)
    check_target(args.target, pack)
    result = score(pack, evidence, strict_evidence=args.strict_evidence)
    plan = None
    plan_writer: Callable[..., None] | None = None
    if args.plan:  # the planner's and the projection's modules load only when asked for
        from ..planning.appraisal import with_counterpart
        from ..planning.efforts import load_efforts
        from ..planning.optimise import plan_fixes
        from ..report.plan_view import docx_plan_writer, plan_view

        plan_writer = docx_plan_writer
        efforts = load_efforts(args.efforts, pack) if args.efforts else None
        strict = args.strict_evidence or not args.self_assessment
        fixes = plan_fixes(
            pack, evidence, target=args.target, strict_evidence=strict, efforts=efforts
        )
        plan = plan_view(with_counterpart(pack, evidence, fixes))
    else:
        _refuse_plan_options(args)
    projection = None
    if args.projection:
        from ..planning.projection import project_year_end
        from ..report.projection_text import projection_view

        strict = args.strict_evidence or not args.self_assessment
        projection = projection_view(project_year_end(pack, evidence, strict_evidence=strict))
    with collector_paused(last=True):  # bounded work making few cycles; kept until the end
        ctx = build_context(
            result, pack, evidence, report_date=when, plan=plan, projection=projection
        )
        data = render_report(ctx, fmt, templates, docx_plan_writer=plan_writer)
    target = write_output(args.output, data, force=args.force)
    out(f"Đã ghi báo cáo: {target}")
    return EXIT_OK


def _refuse_plan_options(args: argparse.Namespace) -> None:
    """The plan's own options without ``--plan``: named, one by one, with what they go with."""
    given = [
        o for o, v in (("--target", args.target), ("--efforts", args.efforts)) if v is not None
    ]
    if given:
        raise UsageError.single(
            f"{' và '.join(given)} chỉ dùng cùng --plan",
            "thêm --plan, hoặc bỏ " + " và ".join(given),
        )
    if args.self_assessment and not args.projection:
        raise UsageError.single(
            "--self-assessment chỉ dùng cùng --plan hoặc --projection",
            "thêm --plan hoặc --projection, hoặc bỏ --self-assessment",
        )


def output_format(path: str) -> str:
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError.single(
            f"không biết định dạng báo cáo của tệp '{path}'",
            hint="đặt đuôi tệp .html, .md hoặc .docx",
            file=path,
        )
    return fmt


def templates_dir(path: str | None) -> Path | None:
    if path is None:
        return None
    folder = Path(path)
    if not folder.is_dir():
        raise UsageError.single(
            "thư mục mẫu báo cáo không tồn tại",
            hint="chỉ định một thư mục có các tệp report.html.j2, report.md.j2 hoặc partials/…",
            file=path,
        )
    return folder


def source_date(value: str | None) -> dt.date | None:
    """The report date pinned by ``SOURCE_DATE_EPOCH`` (reproducible builds), if set."""
    if value is None or not value.strip():
        return None
    try:
        seconds = int(value.strip())
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            [
                Issue(
                    "PS601",
                    f"biến môi trường SOURCE_DATE_EPOCH='{value}' không phải số giây hợp lệ",
                    hint="đặt SOURCE_DATE_EPOCH là số giây kể từ 01/01/1970 (UTC), hoặc bỏ biến này",
                )
            ]
        ) from None
