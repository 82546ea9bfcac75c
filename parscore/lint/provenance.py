"""Provenance checks: a value says no more about its source than the source supports.

- PL122 error: a ``derived`` or ``official`` value under a parent whose own value is ``assumed``
  (a share of an assumed maximum is itself assumed).
- PL123 error: an ``official`` value whose document is not among the pack's ``legal_basis``
  (a value of another instrument is ``borrowed``).
- PL124 warning: a pack-wide value (goal, bands, rounding, effort, evidence lists…) that the pack
  uses but gives no source for in ``pack.sources`` (an assumption must be listed to be printed).

"""

from __future__ import annotations

from collections.abc import Iterator

from ..compiled import LoadedPack
from ..model.citation import cite, used_pack_keys, with_parents
from ..model.pack import RulePack, Source
from ..yamlio import KeyPath
from .finding import Finding

__all__ = ["provenance_findings"]


def provenance_findings(pack: LoadedPack) -> Iterator[Finding]:
    model = pack.model
    for node, parent in with_parents(model.criteria):
        source, path = node.source, pack.paths[node.code]
        if source is None:
            continue
        above = parent.source if parent is not None else None
        if (
            parent is not None
            and above is not None
            and above.status == "assumed"
            and source.status in ("derived", "official")
        ):
            yield Finding(
                "PL122",
                "error",
                (*path, "source", "status"),
                f"tiêu chí {node.code} ghi nguồn '{source.status}' nhưng điểm tối đa của mục "
                f"{parent.code} chứa nó là giả định",
                "giá trị suy ra từ một giá trị giả định cũng là giả định: đổi status thành assumed",
            )
        yield from _official_findings(model, source, (*path, "source"), f"tiêu chí {node.code}")
    for key, source in model.pack.sources.items():
        yield from _official_findings(model, source, ("pack", "sources", key), f"giá trị {key}")
    for used in used_pack_keys(model):
        if used not in model.pack.sources:
            yield Finding(
                "PL124",
                "warning",
                ("pack",),
                f"gói dùng '{used}' nhưng không ghi nguồn của nó trong pack.sources",
                f"thêm pack.sources.{used}: {{ ref: …, status: official | borrowed | derived | "
                "assumed, note: … }",
            )


def _official_findings(
    model: RulePack, source: Source, path: KeyPath, what: str
) -> Iterator[Finding]:
    if source.status != "official" or _in_legal_basis(model, source):
        return
    yield Finding(
        "PL123",
        "error",
        (*path, "status"),
        f"{what} ghi nguồn chính thức «{cite(model, source)}» nhưng văn bản này không có trong "
        "pack.legal_basis",
        "giá trị chính thức của một văn bản khác (cấp khác, năm khác, tỉnh khác) là borrowed; "
        "hoặc thêm văn bản vào legal_basis nếu đó là quyết định của chính gói này",
    )


def _in_legal_basis(model: RulePack, source: Source) -> bool:
    basis = model.pack.legal_basis
    if source.doc is not None:
        document = model.pack.documents.get(source.doc)
        return source.doc in basis or (document is not None and document.title in basis)
    return any(source.ref.startswith(entry) for entry in basis)
