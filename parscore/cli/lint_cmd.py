"""``parscore lint PACK...``: method checks beyond validation; exit 1 on error-level findings."""

from __future__ import annotations

import argparse
import json

from ..errors import Issue, ParscoreError
from ..lint import LintReport, lint_pack, provenance_counts
from ..loader import load_pack
from ..report.lint_text import render_lint_text, render_provenance_table
from .common import EXIT_OK, EXIT_SHORT, out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packs", nargs="+", metavar="PACK", help="tệp gói quy tắc (YAML)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả")
    parser.add_argument(
        "--provenance",
        action="store_true",
        help="chỉ in bảng đếm giá trị theo nguồn (chính thức / mượn / suy ra / giả định) của mỗi gói",
    )


def run(args: argparse.Namespace) -> int:
    reports: list[LintReport] = []
    issues: list[Issue] = []
    packs = []
    for path in args.packs:
        try:
            packs.append((path, load_pack(path)))
        except ParscoreError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ParscoreError(issues)
    if args.provenance:
        rows = [(path, pack.id, provenance_counts(pack.model)) for path, pack in packs]
        if args.format == "json":
            data = [{"file": f, "pack": i, "counts": c} for f, i, c in rows]
            out(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            out(render_provenance_table(rows))
        return EXIT_OK
    reports = [lint_pack(pack) for _, pack in packs]
    if args.format == "json":
        data = [r.to_dict() for r in reports]
        out(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        out("\n\n".join(render_lint_text(r) for r in reports))  # a blank line between packs
    return EXIT_SHORT if any(r.has_errors for r in reports) else EXIT_OK
