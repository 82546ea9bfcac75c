"""Council assignments: which member appraises which commune, the whole commune or only some of
its fields (lĩnh vực: the pack's top-level criteria, named by code).

A member assigned to the whole commune appraises every criterion, moves the year's steps and
decides bonus and penalty items (:func:`parscore.web.workflow.check_council`). A member assigned
to fields saves points, notes and explanation requests only for the criteria of those fields
(:func:`check_codes`); anything else is refused, logged, and nothing is saved. The province's
officers assign members on the province's assignment page (:func:`assign`, :func:`unassign`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet

from ..code_order import code_order
from ..compiled import LoadedPack
from .audit import record
from .models import Assessment, Commune, CouncilAssignment, Membership, Province
from .packs import loaded_pack
from .workflow import Refused

__all__ = [
    "PackField",
    "allowed_fields",
    "assign",
    "assignees",
    "check_codes",
    "council_members",
    "field_heads",
    "field_of",
    "fields_text",
    "pack_fields",
    "person_name",
    "unassign",
]


@dataclass(frozen=True)
class PackField:
    """A field (lĩnh vực) of a pack: a top-level criterion with scored criteria below it."""

    code: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.code}. {self.title}"


def pack_fields(pack: LoadedPack) -> list[PackField]:
    """The fields a member may be assigned to: tracked fields (no points) are left out."""
    scored = {field_of(pack, code) for code, leaf in pack.leaves.items()
              if not leaf.criterion.tracked}  # fmt: skip
    return [PackField(c.code, c.title) for c in pack.model.criteria if c.code in scored]


def field_of(pack: LoadedPack, code: str) -> str | None:
    """The code of the field holding criterion ``code`` (``None`` when the pack has no such)."""
    path = pack.paths.get(code)
    if path is None:
        return None
    # a criterion's key path starts at ("criteria", index of its field, ...)
    top = path[1] if len(path) > 1 and path[0] == "criteria" else None
    if not isinstance(top, int) or top >= len(pack.model.criteria):
        return None
    return pack.model.criteria[top].code


def person_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _assignment(user: Any, commune_id: int) -> CouncilAssignment | None:
    return CouncilAssignment.objects.filter(user=user, commune_id=commune_id).first()


def allowed_fields(user: Any, assessment: Assessment) -> set[str] | None:
    """The fields ``user`` may appraise on the commune: ``None`` for every field (the whole
    commune, or an administrator), an empty set when not assigned."""
    if user.is_superuser:
        return None
    row = _assignment(user, assessment.commune_id)
    if row is None:
        return set()
    return None if row.whole else {str(code) for code in row.fields}


def fields_text(pack: LoadedPack | None, codes: Iterable[str]) -> str:
    """``lĩnh vực 3 (Cải cách thủ tục hành chính), 7 (…)``."""
    titles = {f.code: f.title for f in pack_fields(pack)} if pack is not None else {}
    parts = [f"{c} ({titles[c]})" if c in titles else c for c in sorted(codes, key=code_order)]
    return "lĩnh vực " + ", ".join(parts)


def check_codes(user: Any, assessment: Assessment, pack: LoadedPack, codes: Iterable[str]) -> None:
    """Refuse when ``codes`` holds a criterion outside the fields ``user`` is assigned to."""
    allowed = allowed_fields(user, assessment)
    if allowed is None:
        return
    outside = sorted({c for c in codes if field_of(pack, c) not in allowed}, key=code_order)
    if outside:
        listed = ", ".join(outside[:10]) + (" …" if len(outside) > 10 else "")
        raise Refused(
            f"Bạn chỉ được phân công thẩm định {fields_text(pack, allowed)} của xã "
            f"{assessment.commune.name}: không được lưu tiêu chí {listed}. Chưa lưu gì."
        )


def assignees(commune: Commune) -> tuple[list[str], dict[str, list[str]]]:
    """Who appraises the commune: the whole-commune members, and the members of each field."""
    whole: list[str] = []
    by_field: dict[str, list[str]] = {}
    rows = CouncilAssignment.objects.filter(commune=commune).select_related("user")
    for row in rows.order_by("user__first_name", "user__username"):
        if row.whole:
            whole.append(person_name(row.user))
        for code in row.fields:
            by_field.setdefault(str(code), []).append(person_name(row.user))
    return whole, by_field


def council_members(province: Province) -> QuerySet[Any]:
    """Users with the council role, of this province or of none in particular."""
    where = Q(memberships__province__isnull=True) | Q(memberships__province=province)
    return (
        get_user_model()
        .objects.filter(where, memberships__role=Membership.COUNCIL)  # one membership both
        .distinct()
        .order_by("first_name", "username")
    )


def assign(
    actor: Any, member: Any, communes: list[Commune], fields: list[str], pack: LoadedPack | None
) -> int:
    """Assign ``member`` to ``communes``: the whole commune (``fields`` empty) or those fields,
    replacing what the member had there. Every change is logged; returns how many changed."""
    changed = 0
    new = sorted(set(fields), key=code_order)
    with transaction.atomic():
        for commune in communes:
            row, created = CouncilAssignment.objects.select_for_update().get_or_create(
                user=member, commune=commune, defaults={"fields": new}
            )
            if not created and list(row.fields) == new:
                continue
            old = "" if created else _what(pack, row.fields)
            if not created:
                row.fields = new
                row.save(update_fields=["fields"])
            target = f"{member.get_username()} – {commune.name}"
            record(actor, "assign", None, target, old, _what(pack, new), commune=commune)
            changed += 1
    return changed


def unassign(actor: Any, row: CouncilAssignment, pack: LoadedPack | None) -> None:
    what = _what(pack, row.fields)
    target = f"{row.user.get_username()} – {row.commune.name}"
    row.delete()
    record(actor, "unassign", None, target, what, "", commune=row.commune)


def _what(pack: LoadedPack | None, fields: Iterable[str]) -> str:
    codes = [str(c) for c in fields]
    return fields_text(pack, codes) if codes else "cả xã"


def field_heads(assessment: Assessment, user: Any) -> dict[str, str]:
    """Per field of the year's pack, its heading on the round screen: its title and who
    appraises it (``you`` marked)."""
    whole, by_field = assignees(assessment.commune)
    me = person_name(user) if user.is_authenticated else ""

    def names(people: list[str]) -> str:
        return ", ".join(f"{p} (bạn)" if p == me else p for p in people)

    heads = {}
    for f in pack_fields(loaded_pack(assessment.pack)):
        parts = []
        if by_field.get(f.code):
            parts.append(f"thẩm định lĩnh vực: {names(by_field[f.code])}")
        if whole:
            parts.append(f"phụ trách cả xã: {names(whole)}")
        who = "; ".join(parts) or "chưa phân công thành viên hội đồng"
        heads[f.code] = f"Lĩnh vực {f.label} — {who}"
    return heads
