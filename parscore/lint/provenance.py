"""Provenance checks: a value says no more about its source than the source supports.

- PL122 error: a ``derived`` or ``official`` value under a parent whose own value is ``assumed``
  (a share of an assumed maximum is itself assumed).
- PL123 error: an ``official`` value whose document is not among the pack's ``legal_basis``
  (a value of another instrument is ``borrowed``).
- PL124 warning: a pack-wide value (goal, bands, rounding, effort, evidence lists…) that the pack
  uses but gives no source for in ``pack.sources`` (an assumption must be listed to be printed).

:func:`provenance_counts` counts every sourced value of a pack by status (the README's pack table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..compiled import LoadedPack
from ..model.citation import cite
from ..model.pack import PACK_SOURCE_KEYS, SOURCE_STATUSES, Criterion, RulePack, Source
from ..yamlio import KeyPath
from .finding import Finding

__all__ = ["provenance_counts", "provenance_findings", "used_pack_keys"]


def provenance_findings(pack: LoadedPack) -> Iterator[Finding]:
    model = pack.model
    for node, parent in _with_parents(model.criteria, None):
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
    for key in used_pack_keys(model):
        if key not in model.pack.sources:
            yield Finding(
                "PL124",
                "warning",
                ("pack",),
                f"gói dùng '{key}' nhưng không ghi nguồn của nó trong pack.sources",
                f"thêm pack.sources.{key}: {{ ref: …, status: official | borrowed | derived | "
                "assumed, note: … }",
            )


def used_pack_keys(model: RulePack) -> list[str]:
    """The pack-wide values this pack relies on (each needs a ``pack.sources`` entry)."""
    meta = model.pack
    leaves = [n for n, _ in _with_parents(model.criteria, None) if n.is_leaf]
    used = {
        "total": True,
        "scale": True,
        "rounding": True,
        "goal": meta.goal is not None,
        "bands": bool(meta.bands),
        "effort": bool(leaves),
        "evidence": any(leaf.evidence for leaf in leaves),
        "na_allowed": any(leaf.na_allowed for leaf in leaves),
    }
    return [key for key in PACK_SOURCE_KEYS if used[key]]


def provenance_counts(model: RulePack) -> dict[str, int]:
    """How many sourced values (criteria and pack-wide) have each status, ``none`` for none."""
    counts: Counter[str] = Counter()
    for node, _ in _with_parents(model.criteria, None):
        counts[node.source.status if node.source is not None else "none"] += 1
    for key in used_pack_keys(model):
        source = model.pack.sources.get(key)
        counts[source.status if source is not None else "none"] += 1
    return {status: counts.get(status, 0) for status in (*SOURCE_STATUSES, "none")}


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


def _with_parents(
    nodes: list[Criterion], parent: Criterion | None
) -> Iterator[tuple[Criterion, Criterion | None]]:
    for node in nodes:
        yield node, parent
        yield from _with_parents(node.children or [], node)
