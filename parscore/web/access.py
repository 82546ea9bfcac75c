"""Who may do what, decided on the server for every page, API call and file download.

| role | sees | changes |
|---|---|---|
| commune staff (``staff``) | its commune | values, documents, imports of its commune's open years |
| commune leader (``leader``) | its commune, the audit log | as staff, and submits the year (and withdraws the submission before the council begins) |
| province (``province``) | every commune of its province, the ranking, the audit log | opens years, reopens a submitted year |
| auditor (``auditor``) | everything, read-only | nothing |
| council member (``council``) | the communes assigned to them | appraised points, notes, explanation requests, bonus/penalty decisions, rounds, the meeting (see :mod:`parscore.web.workflow`); a member assigned to some fields only: points, notes and requests of those fields (:mod:`parscore.web.council`) |
| administrator (superuser) | everything | everything, and the admin site |

The auditor views (:mod:`parscore.web.views.auditing`) follow the same rules: the comparison of
two packs with every commune's drift and the province's reconciliation need
:func:`can_view_province` (the province's officers, auditors, administrators); a commune's
reconciliation and audit trail need :func:`can_view` (its own staff and leader too, and the council
members assigned to it).

A request for something the user may not see is answered 403 (never a redirect that would say
whether it exists).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import Assessment, Commune, CouncilAssignment, Membership, Province

__all__ = [
    "can_appraise",
    "can_edit",
    "can_manage_years",
    "can_publish",
    "can_see_audit",
    "can_submit",
    "can_view",
    "can_view_province",
    "require",
    "role_keys",
    "roles_context",
    "visible_communes",
    "visible_provinces",
    "year_page",
]


def _roles(user: Any) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_parscore_roles", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("commune", "province"))
        user._parscore_roles = cached
    return cached


def role_keys(user: Any) -> set[str]:
    """The user's roles (``Membership.ROLES`` keys; none when not signed in)."""
    return {m.role for m in _roles(user)}


def _sees_all(user: Any) -> bool:
    return bool(user.is_superuser) or any(m.role == Membership.AUDITOR for m in _roles(user))


def _assigned(user: Any) -> set[int]:
    """The communes a council member is assigned to."""
    if not any(m.role == Membership.COUNCIL for m in _roles(user)):
        return set()
    cached = getattr(user, "_parscore_assigned", None)
    if cached is None:
        cached = set(
            CouncilAssignment.objects.filter(user=user).values_list("commune_id", flat=True)
        )
        user._parscore_assigned = cached
    return cached


def can_appraise(user: Any, assessment: Assessment) -> bool:
    """The user may work on the year's appraisal (the workflow still checks state and deadline)."""
    return bool(user.is_superuser) or assessment.commune_id in _assigned(user)


def can_view(user: Any, commune: Commune) -> bool:
    if _sees_all(user) or commune.pk in _assigned(user):
        return True
    for m in _roles(user):
        if m.role in (Membership.STAFF, Membership.LEADER) and m.commune_id == commune.pk:
            return True
        if m.role == Membership.PROVINCE and m.province_id == commune.province_id:
            return True
    return False


def can_edit(user: Any, commune: Commune) -> bool:
    if user.is_superuser:
        return True
    return any(
        m.role in (Membership.STAFF, Membership.LEADER) and m.commune_id == commune.pk
        for m in _roles(user)
    )


def can_submit(user: Any, commune: Commune) -> bool:
    if user.is_superuser:
        return True
    return any(m.role == Membership.LEADER and m.commune_id == commune.pk for m in _roles(user))


def can_manage_years(user: Any, commune: Commune) -> bool:
    if user.is_superuser:
        return True
    return any(
        m.role == Membership.PROVINCE and m.province_id == commune.province_id for m in _roles(user)
    )


def can_publish(user: Any, province: Province) -> bool:
    if user.is_superuser:
        return True
    return any(m.role == Membership.PROVINCE and m.province_id == province.pk for m in _roles(user))


def can_view_province(user: Any, province: Province) -> bool:
    if _sees_all(user):
        return True
    return any(m.role == Membership.PROVINCE and m.province_id == province.pk for m in _roles(user))


def can_see_audit(user: Any) -> bool:
    return _sees_all(user) or any(
        m.role in (Membership.LEADER, Membership.PROVINCE) for m in _roles(user)
    )


def visible_communes(user: Any) -> QuerySet[Commune]:
    communes = Commune.objects.select_related("province")
    if _sees_all(user):
        return communes.all()
    roles = _roles(user)
    ids = [m.commune_id for m in roles if m.role in (Membership.STAFF, Membership.LEADER)]
    provinces = [m.province_id for m in roles if m.role == Membership.PROVINCE]
    ids += list(_assigned(user))
    return communes.filter(Q(pk__in=ids) | Q(province_id__in=provinces))


def visible_provinces(user: Any) -> QuerySet[Province]:
    if _sees_all(user):
        return Province.objects.all()
    ids = [m.province_id for m in _roles(user) if m.role == Membership.PROVINCE]
    return Province.objects.filter(pk__in=ids)


def audit_scope(user: Any) -> Q | None:
    """Which audit entries the user may read (``None``: all of them)."""
    if _sees_all(user):
        return None
    roles = _roles(user)
    communes = [m.commune_id for m in roles if m.role == Membership.LEADER]
    provinces = [m.province_id for m in roles if m.role == Membership.PROVINCE]
    return Q(commune_id__in=communes) | Q(commune__province_id__in=provinces)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Bạn không có quyền truy cập trang này.")


def year_page(user: Any, assessment: Assessment) -> str:
    """The page a link to the year opens (a URL name): a council member's or an appraiser's
    work is the appraisal, once the commune has submitted; anyone else's, the year's form."""
    appraiser = role_keys(user) & {Membership.COUNCIL, Membership.AUDITOR}
    return (
        "web:appraisal" if appraiser and assessment.status != Assessment.DRAFT else "web:assessment"
    )


def editable(user: Any, assessment: Assessment) -> bool:
    """Values may change: an editor of the commune, and the year not yet submitted."""
    return can_edit(user, assessment.commune) and assessment.status in Assessment.EDITABLE


def role_names(user: Any) -> list[str]:
    if not user.is_authenticated:
        return []
    names = [
        f"{m.get_role_display()} – {m.commune or m.province}"
        if (m.commune or m.province)
        else m.get_role_display()
        for m in _roles(user)
    ]
    if user.is_superuser:
        names.insert(0, "Quản trị hệ thống")
    return names


def roles_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the user's roles and what the menu may offer (nothing for a request
    refused before its user was read, such as a host name not allowed)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_roles": role_names(user),
        "menu_provinces": list(visible_provinces(user)),
        "menu_audit": can_see_audit(user),
    }
