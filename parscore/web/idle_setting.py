"""How long a signed-in session may go without a request (``PARSCORE_SESSION_IDLE_MINUTES``),
read from the environment before Django starts: nothing here imports Django."""

from __future__ import annotations

__all__ = ["DEFAULT_IDLE_MINUTES", "MAX_IDLE_MINUTES", "idle_minutes", "vi_minutes"]

# Two hours: shorter than the midday break of an office (a computer left signed in over lunch
# or overnight is signed out before a colleague sits down at it), longer than a meeting or an
# afternoon's reading of the paper evidence between two saves. Typing in the year's form keeps
# the session alive (each live score is a request), and a form sent after the session ended is
# kept and filled in again after signing in (parscore.web.expired): a short limit costs little.
DEFAULT_IDLE_MINUTES = 120
MAX_IDLE_MINUTES = 7 * 24 * 60


def idle_minutes(text: str | None) -> int:
    """The environment's value (``None`` or blank: :data:`DEFAULT_IDLE_MINUTES`); anything but
    a whole number of minutes from 1 to a week is a :class:`ValueError` saying so in Vietnamese."""
    if text is None or not text.strip():
        return DEFAULT_IDLE_MINUTES
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_IDLE_MINUTES:
        raise ValueError(
            f"PARSCORE_SESSION_IDLE_MINUTES='{text}' không hợp lệ: cần số phút, số nguyên từ 1 "
            f"đến {MAX_IDLE_MINUTES} (một tuần); mặc định {DEFAULT_IDLE_MINUTES} (2 giờ)"
        )
    return int(value)


def vi_minutes(minutes: int) -> str:
    """``2 giờ``, ``1 giờ 30 phút``, ``45 phút``."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} giờ"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} phút")
    return " ".join(parts)
