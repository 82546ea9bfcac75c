"""``parscore project EVIDENCE``: where the year-to-date figures lead by 31 December."""

from __future__ import annotations

import argparse
import json

from ..planning.projection import project_year_end
from ..report.projection_text import projection_dict, render_projection_text
from ..vi import COMPUTED_SCORE
from ..wording import index_name
from .common import EXIT_OK, EXIT_SHORT, add_pack_option, load_commune, out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    add_pack_option(parser)
    parser.add_argument(
        "--self-assessment",
        action="store_true",
        help=f"dự báo {COMPUTED_SCORE} thay vì điểm khi thẩm định",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả")


def run(args: argparse.Namespace) -> int:
    evidence, pack = load_commune(args.evidence, args.pack)
    p = project_year_end(pack, evidence, strict_evidence=not args.self_assessment)
    if args.format == "json":
        out(json.dumps(projection_dict(p), ensure_ascii=False, indent=2))
    else:
        heading = f"Dự báo cuối năm {index_name(pack)} – {p.now.commune}, năm {p.year_end.year}"
        out(render_projection_text(p, heading))
    return EXIT_SHORT if p.goal_at_risk else EXIT_OK
