"""``parscore restore SOURCE [--data DIR] [--replace]``: a backup put back into the data folder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .backup_cmd import add_data_option
from .common import EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", metavar="THƯ-MỤC-SAO-LƯU", help="thư mục do lệnh parscore backup tạo ra"
    )
    add_data_option(parser)
    parser.add_argument(
        "--replace",
        action="store_true",
        help="thay dữ liệu đang có trong thư mục dữ liệu bằng bản sao lưu",
    )


def run(args: argparse.Namespace) -> int:
    from ..web.backup import restore

    source = Path(args.source)
    copied = restore(source, Path(args.data), os.environ.get("DATABASE_URL"), args.replace)
    out = sys.stdout
    if copied.sqlite:
        out.write(f"Đã khôi phục cơ sở dữ liệu ({copied.years} năm đánh giá).\n")
    else:
        out.write(
            "Cơ sở dữ liệu là PostgreSQL: khôi phục bằng lệnh\n"
            f'  pg_restore --clean --if-exists --no-owner --dbname "$DATABASE_URL" '
            f'"{source / "parscore.dump"}"\n'
        )
    out.write(f"Tệp tài liệu: {copied.files} tệp ({copied.new_files} tệp mới chép).\n")
    out.write("Khóa bí mật: " + ("đã chép.\n" if copied.key else "bản sao lưu không có.\n"))
    out.write("Khởi động lại parscore serve để dùng dữ liệu đã khôi phục.\n")
    return EXIT_OK
