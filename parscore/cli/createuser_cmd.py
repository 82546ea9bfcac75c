"""``parscore createuser NAME --role ROLE [--commune SLUG | --province SLUG]``: a web account."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ..errors import UsageError
from .common import EXIT_OK

ROLES = ("staff", "leader", "province", "auditor", "admin")


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username", metavar="TÊN", help="tên đăng nhập")
    parser.add_argument(
        "--role",
        required=True,
        choices=ROLES,
        help="staff: cán bộ xã; leader: lãnh đạo xã; province: cán bộ tỉnh; "
        "auditor: thẩm định (chỉ xem); admin: quản trị",
    )
    parser.add_argument("--commune", metavar="MÃ-XÃ", help="mã xã (với staff, leader)")
    parser.add_argument("--province", metavar="MÃ-TỈNH", help="mã tỉnh (với province)")
    parser.add_argument("--name", default="", help="họ và tên")
    parser.add_argument(
        "--password-env",
        metavar="BIẾN",
        help="đọc mật khẩu từ biến môi trường này (mặc định: hỏi khi chạy)",
    )
    parser.add_argument(
        "--token", action="store_true", help="tạo thêm mã truy cập API (in ra một lần)"
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=os.environ.get("PARSCORE_DATA", "parscore-data"),
        help="thư mục dữ liệu (mặc định ./parscore-data)",
    )


def run(args: argparse.Namespace) -> int:
    if args.role in ("staff", "leader") and not args.commune:
        raise UsageError.single("vai trò này cần --commune <mã xã>", "xem mã xã trên địa chỉ trang")
    if args.role == "province" and not args.province:
        raise UsageError.single("vai trò province cần --province <mã tỉnh>")
    if args.password_env:
        password = os.environ.get(args.password_env, "")
    else:
        password = getpass.getpass("Mật khẩu: ")
    if len(password) < 8:
        raise UsageError.single("mật khẩu cần ít nhất 8 ký tự")
    from ..web.server import prepare  # Django loads only for this command

    prepare(Path(args.data))
    from ..web.accounts import create_account

    token = create_account(
        args.username, password, args.role, args.commune, args.province, args.name, args.token
    )
    sys.stdout.write(f"Đã tạo/cập nhật tài khoản '{args.username}' ({args.role}).\n")
    if token:
        sys.stdout.write(f"Mã truy cập API (chỉ hiện một lần): {token}\n")
    return EXIT_OK
