"""``parscore backup DEST [--data DIR]``: a copy of the web app's data, safe while it runs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .common import EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dest", metavar="THƯ-MỤC-SAO-LƯU", help="thư mục mới để chứa bản sao lưu (ví dụ theo ngày)"
    )
    add_data_option(parser)


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=os.environ.get("PARSCORE_DATA", "parscore-data"),
        help="thư mục dữ liệu của parscore serve (mặc định ./parscore-data)",
    )


def run(args: argparse.Namespace) -> int:
    from ..web.backup import backup

    dest = Path(args.dest)
    copied = backup(Path(args.data), dest, os.environ.get("DATABASE_URL"))
    out = sys.stdout
    if copied.sqlite:
        out.write(
            f"Đã sao lưu cơ sở dữ liệu ({copied.years} năm đánh giá, đã kiểm tra toàn vẹn).\n"
        )
    else:
        out.write(
            "Cơ sở dữ liệu là PostgreSQL: sao lưu bằng lệnh\n"
            f'  pg_dump --format=custom --file "{dest / "parscore.dump"}" "$DATABASE_URL"\n'
        )
    out.write(f"Tệp tài liệu: {copied.files} tệp ({copied.new_files} tệp mới chép).\n")
    out.write(
        "Khóa bí mật: " + ("đã chép.\n" if copied.key else "không có trong thư mục dữ liệu.\n")
    )
    out.write(f"Bản sao lưu ở {dest.resolve()}\n")
    return EXIT_OK
