"""Required documents against the documents that support a criterion or a bonus or penalty item.

A requirement with a ``kind`` is met only by a supporting document of that kind, one without by
any supporting document; each document meets one requirement. Criteria (:mod:`parscore.leaf_records`)
and bonus and penalty items (:mod:`parscore.stages`) are checked by the same function.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model.evidence import Document
from .model.pack import EvidenceRequirement
from .model.result import EvidenceCheck

__all__ = ["documents_check"]


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
