"""``parscore serve [--host H] [--port P] [--data DIR] [--demo]``: the web app for commune staff."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..errors import UsageError
from .common import EXIT_OK, int_arg


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)"
    )
    parser.add_argument("--port", type=int_arg, default=8000, help="cổng (mặc định 8000)")
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=os.environ.get("PARSCORE_DATA", "parscore-data"),
        help="thư mục dữ liệu: cơ sở dữ liệu SQLite, tệp tài liệu (mặc định ./parscore-data)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="nạp tỉnh mẫu với các xã mẫu (dữ liệu giả lập) và các tài khoản mẫu",
    )


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise UsageError.single(
            f"--port {args.port}: cổng là một số từ 1 đến 65535", "ví dụ --port 8000"
        )
    from ..web.server import serve  # Django loads only for this command

    serve(args.host, args.port, Path(args.data), demo=args.demo)
    return EXIT_OK
