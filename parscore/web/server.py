"""Starting the web app: prepare the data folder, migrate the database, serve with waitress.

The data folder holds ``parscore.sqlite3`` (unless ``DATABASE_URL`` names PostgreSQL), the
``secret_key`` (made on first start, readable by its owner only) and ``files/`` (evidence files by
content hash). Starting again on an existing folder keeps everything.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Any, TextIO

__all__ = ["ensure_data_dir", "prepare", "require_migrated", "serve"]

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
    """Make the data folder and secret key, configure Django, migrate (idempotent). A data
    folder that cannot be written, a ``DATABASE_URL`` that cannot be read, a database that
    cannot be reached or refuses are a :class:`~parscore.errors.UsageError` saying so."""
    from .dburl import database_settings
    from .env_settings import check_all
    from .startup import check_writable, data_dir_error, database_url_error, setting_error

    try:
        database_settings(os.environ.get("DATABASE_URL"), data_dir)
    except ValueError as exc:
        raise database_url_error(str(exc)) from None
    try:
        check_all(os.environ)
    except ValueError as exc:
        raise setting_error(str(exc)) from None
    try:
        ensure_data_dir(data_dir)
        check_writable(data_dir)
        check_writable(data_dir / "files")
        key = data_dir / "secret_key"
        if key.exists():  # made by another account (root): the service's account cannot read it
            key.read_bytes()
    except OSError as exc:
        raise data_dir_error(data_dir.resolve(), exc) from None
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

    django.setup()
    _migrate()


def _migrate() -> None:
    """Create or update the database's tables; a database that refuses is said so."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from .startup import database_error

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        error = database_error(exc, connection.settings_dict)
        connection.close()
        if error is None:
            raise
        raise error from None


def require_migrated() -> None:
    """Refuse to serve a database whose tables are missing or older than this parscore (another
    WSGI server than ``parscore serve``, which migrates, started before ``migrate``)."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise ImproperlyConfigured(
            f"Cơ sở dữ liệu chưa được tạo hoặc chưa cập nhật theo phiên bản parscore này "
            f"({len(pending)} bước cập nhật bảng chưa chạy): chạy 'parscore serve' một lần (hoặc "
            f"'django-admin migrate' với DJANGO_SETTINGS_MODULE=parscore.web.settings) với cùng "
            f"DATABASE_URL và PARSCORE_DATA, rồi khởi động lại."
        )


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
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()  # migrated just now (the WSGI module would check)

    # Listening before the demo and the scores are made: a port in use is said at once, and
    # a browser opened meanwhile waits for the first page instead of being refused.
    server = _listen(application, host, port)
    if demo:
        from .demo import DEMO_PASSWORD, load_demo

        accounts = load_demo()
        out.write("Dữ liệu mẫu (giả lập) đã sẵn sàng. Tài khoản mẫu, mật khẩu " + DEMO_PASSWORD)
        out.write(":\n")
        for username, role in accounts:
            out.write(f"  {username:<16} {role}\n")
    _warm(out)
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    out.write(f"parscore đang chạy tại http://{shown}:{port}/  (dữ liệu: {data_dir})\n")
    out.write("Nhấn Ctrl+C để dừng.\n")
    out.flush()
    # waitress's own warnings (a full request queue) reach the log; Django logs by its settings
    logging.getLogger("waitress").addHandler(logging.StreamHandler())
    server.run()


def _listen(application: Any, host: str, port: int) -> Any:
    """The waitress server bound to ``host:port`` (8 threads); a port in use, not allowed or an
    address this machine does not have is a :class:`~parscore.errors.UsageError`. Waitress
    removes the ``X-Forwarded-*`` headers of every request unless they come from the trusted
    proxy: without it, behind nginx, every request looked like plain HTTP (redirected to HTTPS
    for ever) from one address (20 failed logins locked everyone out)."""
    from django.conf import settings
    from waitress.server import create_server

    from .front_door import install
    from .startup import port_error

    proxy: dict[str, Any] = {}
    if settings.PARSCORE_TRUSTED_PROXY:  # behind a reverse proxy: HTTPS and the user's address
        proxy = {
            "trusted_proxy": settings.PARSCORE_TRUSTED_PROXY,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
        }
    servers: dict[Any, Any] = {}
    try:
        server = create_server(
            application,
            servers,
            host=host,
            port=port,
            threads=8,
            ident="parscore",
            max_request_body_size=settings.PARSCORE_MAX_UPLOAD + 2 * 1024 * 1024,
            **proxy,
        )
    except (OSError, ValueError) as exc:
        raise port_error(host, port, exc) from None
    install(servers)  # a body over the limit: refused unread, in Vietnamese
    return server
