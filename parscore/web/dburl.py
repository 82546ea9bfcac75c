"""``DATABASE_URL`` -> Django ``DATABASES["default"]`` (PostgreSQL), else SQLite in the data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["database_settings"]

_POSTGRES = ("postgres", "postgresql", "pgsql")

# SQLite under the server's threads (several people saving, a council member scoring, the
# province listing at once):
# - every transaction takes the database's write lock when it begins (BEGIN IMMEDIATE), waiting
#   for it up to ``timeout`` seconds. A transaction begun as a reader that then writes cannot
#   wait: SQLite refuses it at once ("database is locked") when another wrote meanwhile. Holding
#   the lock from the start also gives the row locks the workflow asks for (``select_for_update``,
#   which acts on PostgreSQL only) their meaning: one writing transaction at a time.
# - WAL journal: readers never wait for the writer nor the writer for readers; synchronous=NORMAL
#   is durable across a crash of the app (a power cut may lose the last transactions, never
#   corrupt the file). WAL needs a local disk (not a network share) for the data folder.
CONNECT_TIMEOUT = "10"  # seconds, PostgreSQL (libpq's connect_timeout)

SQLITE_OPTIONS: dict[str, Any] = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def database_settings(url: str | None, data_dir: Path) -> dict[str, Any]:
    """Settings for ``url`` (``postgresql://user:pass@host:port/name?sslmode=require``), or for
    ``<data_dir>/parscore.sqlite3`` when ``url`` is empty."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "parscore.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    parts = urlsplit(url)
    if parts.scheme not in _POSTGRES:
        raise ValueError(f"DATABASE_URL: chỉ hỗ trợ postgresql://…, nhận được '{parts.scheme}://'")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("DATABASE_URL: cổng phải là một số (ví dụ :5432)") from None
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ValueError("DATABASE_URL: thiếu tên cơ sở dữ liệu sau dấu / cuối (ví dụ …/parscore)")
    # A server that does not answer (a firewall dropping packets) is reported after this many
    # seconds instead of leaving `parscore serve` waiting for ever.
    options = {"connect_timeout": CONNECT_TIMEOUT, **dict(parse_qsl(parts.query))}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        # A connection kept from an earlier request is checked before use: after PostgreSQL
        # restarts (an update, a failover) each server thread's first request would fail.
        "CONN_HEALTH_CHECKS": True,
    }
