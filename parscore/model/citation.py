"""How a value's source is cited to users, and how many values have each kind of source.

A source may name a document of ``pack.documents`` (``doc``); its ``ref`` is then the place
within that document. Reports, ``explain`` and ``diff`` all cite through :func:`cite`, so users
read the document's own title, never a file name. :func:`provenance_counts` counts the values of
a pack by status (reports, ``lint --provenance`` and the README's pack table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .pack import PACK_SOURCE_KEYS, SOURCE_STATUSES, Criterion, RulePack, Source

__all__ = ["cite", "cited", "provenance_counts", "used_pack_keys", "with_parents"]


def cite(pack: RulePack, source: Source) -> str:
    """``"<document title>, <place>"`` for a source naming a document, else its ``ref``."""
    document = pack.pack.documents.get(source.doc) if source.doc else None
    if document is None:
        return source.ref
    return f"{document.title}, {source.ref}" if source.ref else document.title


def cited(pack: RulePack, source: Source | None) -> Source | None:
    """The source with its ``ref`` written out as users read it (``doc`` resolved)."""
    if source is None or source.doc is None:
        return source
    return source.model_copy(update={"ref": cite(pack, source), "doc": None})


def used_pack_keys(model: RulePack) -> list[str]:
    """The pack-wide values this pack relies on (each needs a ``pack.sources`` entry)."""
    meta = model.pack
    leaves = [n for n, _ in with_parents(model.criteria) if n.is_leaf]
    used = {
        "total": True,
        "scale": True,
        "rounding": True,
        "goal": meta.goal is not None,
        "bands": bool(meta.bands),
        "effort": bool(leaves),
        "evidence": any(leaf.evidence for leaf in leaves)
        or any(
            item.evidence
            for group in (model.adjustments.bonus, model.adjustments.penalty)
            if group is not None
            for item in group.items
        ),
        "na_allowed": any(leaf.na_allowed for leaf in leaves),
    }
    return [key for key in PACK_SOURCE_KEYS if used[key]]


def provenance_counts(model: RulePack, pack_wide: bool = True) -> dict[str, int]:
    """How many values have each source status (``none``: no source): every criterion's, and,
    with ``pack_wide``, every pack-wide value the pack uses."""
    counts: Counter[str] = Counter()
    for node, _ in with_parents(model.criteria):
        counts[node.source.status if node.source is not None else "none"] += 1
    sources: dict[str, Source] = {str(k): v for k, v in model.pack.sources.items()}
    for key in used_pack_keys(model) if pack_wide else []:
        source = sources.get(key)
        counts[source.status if source is not None else "none"] += 1
    return {status: counts.get(status, 0) for status in (*SOURCE_STATUSES, "none")}


def with_parents(
    nodes: list[Criterion], parent: Criterion | None = None
) -> Iterator[tuple[Criterion, Criterion | None]]:
    """Every criterion in file order, with the node it sits under (``None`` at the top)."""
    for node in nodes:
        yield node, parent
        yield from with_parents(node.children or [], node)
