"""How a value's source is cited to users: by the document's own title, never its file name.

A source may name a document of ``pack.documents`` (``doc``); its ``ref`` is then the place
within that document. Reports, ``explain`` and ``diff`` all cite through :func:`cite`, so the
words users read come from one place.
"""

from __future__ import annotations

from .pack import RulePack, Source

__all__ = ["cite", "cited"]


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
