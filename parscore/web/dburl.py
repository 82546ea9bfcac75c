"""``DATABASE_URL`` -> Django ``DATABASES["default"]`` (PostgreSQL), else SQLite in the data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["database_settings"]

_POSTGRES = ("postgres", "postgresql", "pgsql")


def database_settings(url: str | None, data_dir: Path) -> dict[str, Any]:
    """Settings for ``url`` (``postgresql://user:pass@host:port/name?sslmode=require``), or for
    ``<data_dir>/parscore.sqlite3`` when ``url`` is empty."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "parscore.sqlite3"),
            "OPTIONS": {"timeout": 20},
        }
    parts = urlsplit(url)
    if parts.scheme not in _POSTGRES:
        raise ValueError(f"DATABASE_URL: chỉ hỗ trợ postgresql://…, nhận được '{parts.scheme}://'")
    options = dict(parse_qsl(parts.query))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
    }
