"""Kinds of evidence documents (``bao_cao``, ``ke_hoach``…): Vietnamese labels, and the kinds a
pack asks for.

A leaf's ``evidence`` requirement with a ``kind`` is met only by a supporting document of that
kind, so a kind typed differently ("Báo cáo" for ``bao_cao``) silently supports nothing. The Excel
form offers the pack's kinds as a list of labels and reads back a label or a code; YAML evidence
naming a kind the pack never asks for gets a warning naming the criteria the document was meant for.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from .compiled import LoadedPack
from .errors import Issue, Severity
from .model.evidence import Evidence
from .model.pack import AdjustmentItem, Criterion
from .names import name_key
from .yamlio import YamlDocument

__all__ = [
    "KIND_LABELS",
    "kind_from_text",
    "kind_label",
    "pack_kinds",
    "supported_words",
    "unknown_kind_warnings",
]

KIND_LABELS = {
    "bao_cao": "Báo cáo",
    "bien_ban": "Biên bản",
    "chi_thi": "Chỉ thị",
    "cong_van": "Công văn",
    "huong_dan": "Hướng dẫn",
    "ke_hoach": "Kế hoạch",
    "nghi_quyet": "Nghị quyết",
    "quy_che": "Quy chế",
    "quyet_dinh": "Quyết định",
    "thong_bao": "Thông báo",
    "to_trinh": "Tờ trình",
    "van_ban": "Văn bản",
}


def kind_label(kind: str) -> str:
    """The Vietnamese label of a kind code (the code itself when it has none)."""
    return KIND_LABELS.get(kind, kind)


def pack_kinds(pack: LoadedPack) -> dict[str, list[str]]:
    """Each kind the pack's evidence requirements ask for -> the codes of the leaves and of the
    bonus or penalty items asking."""
    kinds: dict[str, list[str]] = {}
    adjustments = pack.model.adjustments
    askers: list[Criterion | AdjustmentItem] = list(pack.walk())
    for code in adjustments.codes():
        found = adjustments.item(code)
        if found is not None:
            askers.append(found[1])
    for asking in askers:
        for requirement in asking.evidence:
            if requirement.kind and asking.code not in kinds.setdefault(requirement.kind, []):
                kinds[requirement.kind].append(asking.code)
    return dict(sorted(kinds.items()))


def kind_from_text(text: str, kinds: Iterable[str]) -> str | None:
    """The kind code ``text`` names, as a code or a label (case, accents' form and spacing
    ignored), among ``kinds``; None when it names none of them."""
    wanted = _norm(text)
    for kind in kinds:
        if wanted in (_norm(kind), _norm(kind_label(kind))):
            return kind
    return None


_KINDS_OF: weakref.WeakKeyDictionary[LoadedPack, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def unknown_kind_warnings(model: Evidence, pack: LoadedPack, doc: YamlDocument) -> list[Issue]:
    """A located warning for each document whose kind the pack never asks for (not for one
    supporting only bonus or penalty items that ask for no kind)."""
    kinds = _KINDS_OF.get(pack)  # once per pack, not once per commune of a batch (read only)
    if kinds is None:
        kinds = _KINDS_OF[pack] = pack_kinds(pack)
    asking = {code for codes in kinds.values() for code in codes}
    items = {code for code in pack.model.adjustments.codes() if code not in asking}
    out: list[Issue] = []
    for i, document in enumerate(model.documents):
        if document.kind is None or document.kind in kinds:
            continue
        meant = [pack.code_of(code) or code for code in document.supports if code not in items]
        if document.supports and not meant:
            continue
        asked = sorted({k for k, codes in kinds.items() for c in meant if c in codes})
        named = kind_from_text(document.kind, kinds)
        whose = supported_words(meant, pack)
        if named is not None:
            hint = f"ghi mã loại '{named}' thay cho '{document.kind}'"
        elif asked:
            hint = f"{whose[1]} đó cần loại: " + ", ".join(f"{k} ({kind_label(k)})" for k in asked)
        else:
            hint = "các loại gói quy tắc dùng: " + ", ".join(kinds) if kinds else ""
        where = f" (tài liệu cho {whose[0]})" if meant else ""
        out.append(
            doc.issue(
                "W020",
                ("documents", i, "kind"),
                f"loại tài liệu '{document.kind}' không có trong gói quy tắc {pack.id}: tài liệu"
                f" '{document.id}' không đáp ứng yêu cầu nào cần loại tài liệu cụ thể{where}",
                hint,
            )
        )
    return [
        Issue(i.code, i.message, i.file, i.line, i.col, i.path, i.hint, severity=Severity.WARNING)
        for i in out
    ]


def supported_words(codes: list[str], pack: LoadedPack) -> tuple[str, str]:
    """What a document supports, in words (``tiêu chí 1.1, 2.3; mục điểm thưởng T1``), and who
    "đó" is in a hint (``các tiêu chí``, ``các mục``, ``các tiêu chí, mục``)."""
    adjustments = pack.model.adjustments
    sides = {
        item.code: side
        for side, group in (("điểm thưởng", adjustments.bonus), ("điểm trừ", adjustments.penalty))
        if group is not None
        for item in group.items
    }
    criteria = [c for c in codes if c not in sides]
    parts = ["tiêu chí " + ", ".join(criteria)] if criteria else []
    for side in ("điểm thưởng", "điểm trừ"):
        items = [c for c in codes if sides.get(c) == side]
        if items:
            parts.append(f"mục {side} " + ", ".join(items))
    who = "các tiêu chí" if criteria else "các mục"
    if criteria and len(parts) > 1:
        who = "các tiêu chí, mục"
    return "; ".join(parts), who


def _norm(text: str) -> str:
    return name_key(text.replace("_", " "))
