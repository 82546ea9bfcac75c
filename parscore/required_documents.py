"""Required documents against the documents that support a criterion or a bonus or penalty item.

A requirement with a ``kind`` is met only by a supporting document of that kind, one without by
any supporting document; each document meets one requirement. Criteria (:mod:`parscore.leaf_records`)
and bonus and penalty items (:mod:`parscore.stages`) are checked by the same function;
:func:`item_requirement_words` says what an item requires where a commune claims it (the Excel
form, the web app).
"""

from __future__ import annotations

from collections.abc import Sequence

from .document_kinds import kind_label
from .model.evidence import Document
from .model.pack import AdjustmentItem, EvidenceRequirement
from .model.result import EvidenceCheck

__all__ = ["documents_check", "item_requirement_words"]


def documents_check(
    required: Sequence[EvidenceRequirement], supporting: Sequence[Document]
) -> EvidenceCheck:
    """The requirements met and missing (their titles), and the supporting documents' ids."""
    if not required:
        return EvidenceCheck(0, 0, (), tuple([d.id for d in supporting]))
    unused = list(supporting)
    missing: list[str] = []
    for req in required:
        kind = req.kind
        for doc in unused:
            if kind is None or doc.kind == kind:
                unused.remove(doc)
                break
        else:
            missing.append(req.title)
    return EvidenceCheck(
        len(required),
        len(required) - len(missing),
        tuple(missing),
        tuple([d.id for d in supporting]),
    )


def item_requirement_words(side: str, item: AdjustmentItem) -> str:
    """``Tài liệu kiểm chứng cần có: Quyết định công nhận … (Quyết định) (thiếu thì không được
    tính khi thẩm định)`` for a bonus (a penalty: ``điểm trừ vẫn tính dù thiếu``); "" when the
    item requires none."""
    if not item.evidence:
        return ""
    wanted = "; ".join(
        r.title + (f" ({kind_label(r.kind)})" if r.kind else "") for r in item.evidence
    )
    effect = (
        "thiếu thì không được tính khi thẩm định"
        if side == "bonus"
        else "điểm trừ vẫn tính dù thiếu"
    )
    return f"Tài liệu kiểm chứng cần có: {wanted} ({effect})"
