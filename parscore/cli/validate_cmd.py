"""``parscore validate PACK...``: load and check packs (and evidence files), all problems at once."""

from __future__ import annotations

import argparse
import sys

from ..errors import ParscoreError
from ..loader import load_pack
from ..yamlio import load_yaml
from .common import EXIT_BAD_INPUT, EXIT_OK, add_pack_option, load_commune, out
from .main_errors import print_issues


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="PACK", help="tệp gói quy tắc hoặc minh chứng")
    add_pack_option(parser)


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            kind = _kind(path)
            if kind == "evidence":
                evidence, pack = load_commune(path, args.pack)
                out(f"✓ {path}: minh chứng của {evidence.model.commune} hợp lệ với gói {pack.id}")
            else:
                pack = load_pack(path)
                meta = pack.model.pack
                leaves = len(pack.leaves)
                status = "tạm thời" if meta.status == "provisional" else "chính thức"
                out(
                    f"✓ {path}: {meta.id} (lần sửa {meta.revision}, {status}), "
                    f"{leaves} tiêu chí chấm điểm, hợp lệ"
                )
        except ParscoreError as exc:
            failed += 1
            print_issues(exc)
    if failed:
        sys.stderr.write(f"{failed}/{len(args.files)} tệp có lỗi.\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _kind(path: str) -> str:
    data = load_yaml(path).data
    return "evidence" if isinstance(data.get("pack"), str) or "metrics" in data else "pack"
