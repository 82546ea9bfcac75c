"""``parscore plan EVIDENCE``: the least-effort set of fixes that reaches the target score."""

from __future__ import annotations

import argparse
import json

from ..planning.appraisal import with_counterpart
from ..planning.efforts import load_efforts
from ..planning.optimise import plan_fixes
from ..report.plan_text import render_plan_md, render_plan_text
from .common import (
    EXIT_OK,
    EXIT_SHORT,
    add_mode_options,
    add_pack_option,
    appraisal_mode,
    check_target,
    decimal_arg,
    int_arg,
    load_commune,
    out,
    write_output,
)


def _positive(text: str) -> int:
    value = int_arg(text)
    if value < 1:
        raise argparse.ArgumentTypeError("cần một số nguyên dương")
    return value


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    add_pack_option(parser)
    parser.add_argument(
        "--target",
        type=decimal_arg,
        metavar="N",
        help="điểm mục tiêu (mặc định: mục tiêu của minh chứng, của gói quy tắc, hoặc điểm tối đa)",
    )
    parser.add_argument(
        "--efforts",
        metavar="FILE",
        help="tệp YAML {mã tiêu chí: công sức} thay mức công sức của gói",
    )
    parser.add_argument(
        "--top",
        type=_positive,
        metavar="K",
        help="liệt kê thêm K việc hiệu quả nhất (điểm/công sức)",
    )
    add_mode_options(parser)
    parser.add_argument(
        "--format", choices=("text", "json", "md"), default="text", help="dạng kết quả"
    )
    parser.add_argument(
        "--emit-scenario",
        metavar="FILE",
        help="ghi kế hoạch thành tệp kịch bản cho parscore whatif",
    )
    parser.add_argument("--force", action="store_true", help="cho phép ghi đè tệp kịch bản đã có")


def run(args: argparse.Namespace) -> int:
    evidence, pack = load_commune(args.evidence, args.pack)
    check_target(args.target, pack)
    efforts = load_efforts(args.efforts, pack) if args.efforts else None
    strict = appraisal_mode(args)
    plan = plan_fixes(pack, evidence, target=args.target, strict_evidence=strict, efforts=efforts)
    plan = with_counterpart(pack, evidence, plan)
    if args.emit_scenario:  # the scenario module (and its pydantic model) only when asked for
        from ..planning.scenario import scenario_yaml

        write_output(args.emit_scenario, scenario_yaml(plan).encode("utf-8"), force=args.force)
    if args.format == "json":
        out(json.dumps(plan.to_dict(top=args.top), ensure_ascii=False, indent=2))
    elif args.format == "md":
        out(render_plan_md(plan, args.top))
    else:
        out(render_plan_text(plan, args.top))
        if args.emit_scenario:
            out(
                f"Đã ghi kịch bản: {args.emit_scenario} (chạy: parscore whatif {args.evidence} "
                f"{args.emit_scenario})"
            )
    return EXIT_OK if plan.reachable else EXIT_SHORT
