"""A commune's audit trail in words: who did what, when, and the value before and after, with
criterion codes and input names shown with their titles and labels from the year's pack."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..numbers import vi_number
from ..vi import vi_date
from .models import Assessment, AuditEntry, PackVersion, ProposedAdjustment, Province
from .models_appraisal import DEADLINES
from .packs import loaded_pack
from .uncoded import uncoded

__all__ = ["TrailRow", "trail_rows"]

STATUS_VI = dict(Assessment.STATUSES)
_CRITERION_ACTIONS = {
    "claim",
    "not_applicable",
    "round_1",
    "round_2",
    "ask_explanation",
    "explain",
}
_WORDS = {"requested": "đã yêu cầu", "published": "đã công bố"}
_PROVINCE_ACTIONS = {"publish", "withdraw", "deadlines"}  # logged as ``<province slug> <year>``
_PUBLICATION = {
    "published": "đã công bố",
    "published again": "đã công bố lại",
    "withdrawn": "đã thu hồi công bố",
}
_DECISIONS = dict(ProposedAdjustment.DECISIONS)  # pending, accepted, rejected
# actions whose values are stored as the evidence writes them (``99.5``, ``2025-10-20``, ``true``)
_VALUE_ACTIONS = {"metric", "claim", "round_1", "round_2"}
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YES_NO = {"true": "Có", "false": "Không"}


@dataclass(frozen=True)
class TrailRow:
    entry: AuditEntry
    action: str  # in Vietnamese
    target: str
    old: str
    new: str


def trail_rows(entries: Iterable[AuditEntry], actions: dict[str, str]) -> list[TrailRow]:
    """Rows for ``entries`` (one commune's); ``actions`` names each action in Vietnamese."""
    names: dict[int, dict[str, str]] = {}
    assessments = {}
    rows = []
    for e in entries:
        if e.commune_id is not None and e.year is not None:
            key = (e.commune_id, e.year)
            if key not in assessments:
                assessments[key] = (
                    Assessment.objects.filter(commune_id=e.commune_id, year=e.year)
                    .select_related("pack")
                    .first()
                )
            a = assessments[key]
            titles = _titles(a, names) if a is not None else {}
        else:
            titles = {}
        rows.append(_row(e, actions, titles))
    return rows


def _titles(assessment: Assessment, cache: dict[int, dict[str, str]]) -> dict[str, str]:
    """Criterion and bonus or penalty item codes -> ``code – title`` of the year's pack (cached
    per pack; the pack keeps the two kinds of code apart)."""
    found = cache.get(assessment.pack_id)
    if found is None:
        pack = loaded_pack(assessment.pack)
        found = cache[assessment.pack_id] = {
            node.code: f"{node.code} – {node.title}" for node in pack.walk()
        }
        for code in pack.model.adjustments.codes():
            item = pack.model.adjustments.item(code)
            if item is not None:
                found[code] = f"{code} – {item[1].title}"
    return found


def _row(e: AuditEntry, actions: dict[str, str], titles: dict[str, Any]) -> TrailRow:
    target, old, new = e.target, e.old, e.new
    if target == "status":
        target = "Trạng thái hồ sơ"
        old = STATUS_VI.get(old, old)
        state, _, note = new.partition(" (")
        if note.endswith(")"):  # the score handed in (``86.79``) or a word
            note = _value(note[:-1]) + ")"
        new = STATUS_VI.get(state, state) + (f" ({note}" if note else "")
    elif e.action in _CRITERION_ACTIONS:
        target = titles.get(target, target)
    elif e.action == "demo":
        target = f"Năm {e.year}" if e.year else ""
    elif e.action == "pack_migrate":
        target = "Gói quy tắc"
        old, new = _pack_version(old), _pack_version(new)
    elif e.action in _PROVINCE_ACTIONS:
        target = _province_year(target)
        if e.action == "deadlines":
            old, new = _deadlines(old), _deadlines(new)
        else:
            old, new = _publication(old), _publication(new)
    elif e.action in ("adjustment_propose", "adjustment_decide"):
        target = titles.get(target, target)
        if e.action == "adjustment_decide":  # the council's decision in words
            old, new = _DECISIONS.get(old, old), _DECISIONS.get(new, new)
    elif e.action == "refused":
        what, _, code = target.partition(" ")
        if what in _PROVINCE_ACTIONS:
            target = f"{actions.get(what, what)} – {_province_year(code)}"
        target = actions.get(target) or (
            f"Điểm thưởng, trừ {code}" if what == "adjustment" else target
        )
        old = STATUS_VI.get(old, old)
    if e.action in _VALUE_ACTIONS:
        old, new = _value(old), _value(new)
    # entries written before the pages' messages lost the engine's codes (``PS505``) still hold them
    old, new = uncoded(_WORDS.get(old, old)), uncoded(_WORDS.get(new, new))
    return TrailRow(e, actions.get(e.action, e.action), target, old, new)


def _province_year(text: str) -> str:
    """``thai-nguyen 2023`` (how a province's year is logged) as ``Thái Nguyên, năm 2023``."""
    slug, _, year = text.rpartition(" ")
    if not year.isdigit():
        return text
    name = Province.objects.filter(slug=slug).values_list("name", flat=True).first()
    return f"{name or slug}, năm {year}"


def _publication(text: str) -> str:
    """``published again (lý do)`` as ``đã công bố lại (lý do)``: the state in words, the reason
    as typed."""
    state, sep, reason = text.partition(" (")
    return _PUBLICATION.get(state, state) + sep + reason


def _deadlines(text: str) -> str:
    """The four deadlines as logged (``2025-11-30 - - -``) named and in dd/mm/yyyy."""
    days = text.split(" ")
    if len(days) != len(DEADLINES):
        return text
    return "; ".join(
        f"{label}: {'—' if day == '-' else _value(day)}"
        for (_, label), day in zip(DEADLINES, days, strict=True)
    )


def _pack_version(prefix: str) -> str:
    """A pack logged by the start of its SHA-256 as ``id, lần sửa n (abc123…)``."""
    if not prefix:
        return prefix
    version = PackVersion.objects.filter(sha256__startswith=prefix).first()
    if version is None:
        return prefix
    return f"{version.pack_id}, lần sửa {version.revision} ({prefix}…)"


def _value(text: str) -> str:
    """A stored value as the pages write it: ``99,5``, ``3.414``, ``20/10/2025``, ``Có``."""
    if text in _YES_NO:
        return _YES_NO[text]
    if _NUMBER.fullmatch(text):
        return vi_number(Decimal(text))
    if _ISO_DAY.fullmatch(text):
        try:
            return vi_date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text
