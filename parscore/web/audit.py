"""Writing the append-only audit log: who changed which value or file, when, old -> new."""

from __future__ import annotations

from typing import Any

from .models import Assessment, AuditEntry, Commune

__all__ = ["record"]


def record(
    user: Any,
    action: str,
    assessment: Assessment | None = None,
    target: str = "",
    old: str = "",
    new: str = "",
    commune: Commune | None = None,
) -> AuditEntry:
    """Append an entry; ``commune`` names the commune when there is no year (an assignment)."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=user.get_username()
        if user is not None and user.is_authenticated
        else "(hệ thống)",
        commune=assessment.commune if assessment is not None else commune,
        year=assessment.year if assessment is not None else None,
        action=action,
        target=target,
        old=old,
        new=new,
    )
