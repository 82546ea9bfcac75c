"""``parscore lint PACK...``: method checks beyond validation; exit 1 on error-level findings."""

from __future__ import annotations

import argparse
import json

from ..errors import Issue, ParscoreError
from ..lint import LintReport, lint_pack
from ..loader import load_pack
from ..report.lint_text import render_lint_text
from .common import EXIT_OK, EXIT_SHORT, out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packs", nargs="+", metavar="PACK", help="tệp gói quy tắc (YAML)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả")


def run(args: argparse.Namespace) -> int:
    reports: list[LintReport] = []
    issues: list[Issue] = []
    for path in args.packs:
        try:
            reports.append(lint_pack(load_pack(path)))
        except ParscoreError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ParscoreError(issues)
    if args.format == "json":
        data = [r.to_dict() for r in reports]
        out(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        out("\n".join(render_lint_text(r) for r in reports))
    return EXIT_SHORT if any(r.has_errors for r in reports) else EXIT_OK
