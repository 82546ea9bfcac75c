"""Starting the web app: prepare the data folder, migrate the database, serve with waitress.

The data folder holds ``parscore.sqlite3`` (unless ``DATABASE_URL`` names PostgreSQL), the
``secret_key`` (made on first start, readable by its owner only) and ``files/`` (evidence files by
content hash). Starting again on an existing folder keeps everything.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import TextIO

__all__ = ["ensure_data_dir", "prepare", "serve"]

_LOCAL = ("127.0.0.1", "localhost", "::1")


def ensure_data_dir(data_dir: Path) -> Path:
    """The data folder with ``files/`` and a secret key (made once, owner-only); before Django
    reads its settings."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "files").mkdir(exist_ok=True)
    key = data_dir / "secret_key"
    if not key.exists() and not os.environ.get("PARSCORE_SECRET_KEY"):
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(50) + "\n")
    os.environ["PARSCORE_DATA"] = str(data_dir)
    return data_dir


def prepare(data_dir: Path, host: str = "127.0.0.1", out: TextIO | None = None) -> None:
    """Make the data folder and secret key, configure Django, migrate (idempotent)."""
    ensure_data_dir(data_dir)
    if "PARSCORE_ALLOWED_HOSTS" not in os.environ and host not in _LOCAL:
        wildcard = host in ("0.0.0.0", "::", "")
        os.environ["PARSCORE_ALLOWED_HOSTS"] = "*" if wildcard else f"{host},localhost,127.0.0.1"
        if wildcard and out is not None:
            out.write(
                "Lưu ý: đang nhận mọi tên máy chủ; đặt PARSCORE_ALLOWED_HOSTS=ten.mien.vn "
                "khi triển khai thật.\n"
            )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parscore.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def _warm(out: TextIO) -> None:
    """Score every year whose cached totals are missing or stale (after an upgrade, the demo's
    creation, a change made while the server was stopped) before the first page asks."""
    from .score_cache import preload, warm

    out.write("Đang tính sẵn điểm các xã...\n")
    out.flush()
    count = warm()
    preload()  # and kept in memory for the first pages
    out.write(f"Đã tính sẵn điểm ({count} năm tự đánh giá cần tính lại).\n")


def serve(
    host: str, port: int, data_dir: Path, demo: bool = False, out: TextIO = sys.stdout
) -> None:
    prepare(data_dir, host, out)
    if demo:
        from .demo import DEMO_PASSWORD, load_demo

        accounts = load_demo()
        out.write("Dữ liệu mẫu (giả lập) đã sẵn sàng. Tài khoản mẫu, mật khẩu " + DEMO_PASSWORD)
        out.write(":\n")
        for username, role in accounts:
            out.write(f"  {username:<16} {role}\n")
    _warm(out)
    from django.conf import settings
    from waitress import serve as waitress_serve

    from .wsgi import application

    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    out.write(f"parscore đang chạy tại http://{shown}:{port}/  (dữ liệu: {data_dir})\n")
    out.write("Nhấn Ctrl+C để dừng.\n")
    out.flush()
    waitress_serve(
        application,
        host=host,
        port=port,
        threads=8,
        ident="parscore",
        max_request_body_size=settings.PARSCORE_MAX_UPLOAD + 2 * 1024 * 1024,
    )
