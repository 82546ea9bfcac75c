"""Whole-number settings read from the environment before Django starts (nothing here imports
Django): each is checked when ``parscore serve`` prepares (a wrong value stops it with a
Vietnamese message naming the variable, before anything is made), and read again by the settings.

- ``PARSCORE_SESSION_IDLE_MINUTES``: how long a signed-in session may go without a request.
- ``PARSCORE_SESSION_MAX_HOURS``: how long a signed-in session may last, in use or not.
- ``PARSCORE_MAX_UPLOAD``: the largest evidence file accepted, in bytes.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "DEFAULT_IDLE_MINUTES",
    "DEFAULT_MAX_UPLOAD",
    "MAX_IDLE_MINUTES",
    "check_all",
    "idle_minutes",
    "max_upload",
    "session_hours",
    "vi_minutes",
]

# Two hours: shorter than the midday break of an office (a computer left signed in over lunch
# or overnight is signed out before a colleague sits down at it), longer than a meeting or an
# afternoon's reading of the paper evidence between two saves. Typing in the year's form keeps
# the session alive (each live score is a request), and a form sent after the session ended is
# kept and filled in again after signing in (parscore.web.expired): a short limit costs little.
DEFAULT_IDLE_MINUTES = 120
MAX_IDLE_MINUTES = 7 * 24 * 60

# Twelve hours: longer than an office's working day (7:30 to 17:00 and a late evening), so nobody
# is signed out in the middle of the day's work, and shorter than a night: a session taken (a
# cookie copied from a shared computer, a browser kept open and used every hour) ends by the next
# morning, whatever the idle limit sees.
DEFAULT_SESSION_HOURS = 12
MAX_SESSION_HOURS = 30 * 24

MIB = 1024 * 1024
DEFAULT_MAX_UPLOAD = 20 * MIB
# From 1 MiB (a scanned page) to 1 GiB: an upload is read into a temporary file and unpacked
# documents are capped at 512 MiB (parscore.web.files), so more than that is never useful.
MIN_MAX_UPLOAD, MAX_MAX_UPLOAD = MIB, 1024 * MIB


def _whole_number(name: str, text: str | None, low: int, high: int, default: int, what: str) -> int:
    """``text`` as a whole number from ``low`` to ``high`` (``None`` or blank: ``default``);
    anything else is a :class:`ValueError` naming the variable, in Vietnamese."""
    if text is None or not text.strip():
        return default
    value = text.strip().replace("_", "")
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise ValueError(f"{name}='{text}' không hợp lệ: cần {what}")
    return int(value)


def idle_minutes(text: str | None) -> int:
    """``PARSCORE_SESSION_IDLE_MINUTES``: whole minutes from 1 to a week (default 2 hours)."""
    return _whole_number(
        "PARSCORE_SESSION_IDLE_MINUTES",
        text,
        1,
        MAX_IDLE_MINUTES,
        DEFAULT_IDLE_MINUTES,
        f"số phút, số nguyên từ 1 đến {MAX_IDLE_MINUTES} (một tuần); mặc định "
        f"{DEFAULT_IDLE_MINUTES} (2 giờ)",
    )


def session_hours(text: str | None) -> int:
    """``PARSCORE_SESSION_MAX_HOURS``: whole hours from 1 to 30 days (default 12)."""
    return _whole_number(
        "PARSCORE_SESSION_MAX_HOURS",
        text,
        1,
        MAX_SESSION_HOURS,
        DEFAULT_SESSION_HOURS,
        f"số giờ, số nguyên từ 1 đến {MAX_SESSION_HOURS} (30 ngày); mặc định "
        f"{DEFAULT_SESSION_HOURS}",
    )


def max_upload(text: str | None) -> int:
    """``PARSCORE_MAX_UPLOAD``: bytes, from 1 MiB to 1 GiB (default 20 MiB)."""
    return _whole_number(
        "PARSCORE_MAX_UPLOAD",
        text,
        MIN_MAX_UPLOAD,
        MAX_MAX_UPLOAD,
        DEFAULT_MAX_UPLOAD,
        f"số byte, số nguyên từ {MIN_MAX_UPLOAD} (1 MB) đến {MAX_MAX_UPLOAD} (1 GB); mặc định "
        f"{DEFAULT_MAX_UPLOAD} (20 MB)",
    )


def check_all(environ: Mapping[str, str]) -> None:
    """Every setting of this module read from ``environ``: the first wrong one raises."""
    idle_minutes(environ.get("PARSCORE_SESSION_IDLE_MINUTES"))
    session_hours(environ.get("PARSCORE_SESSION_MAX_HOURS"))
    max_upload(environ.get("PARSCORE_MAX_UPLOAD"))


def vi_minutes(minutes: int) -> str:
    """``2 giờ``, ``1 giờ 30 phút``, ``45 phút``."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} giờ"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} phút")
    return " ".join(parts)
