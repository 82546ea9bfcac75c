"""A document several fixes of a plan need is made once, so its effort is counted once.

The plan's fixes match documents by title and kind (:func:`document_key`): the later fix cites
the document the earlier one makes. A raise's effort is its criterion's effort, the documents it
adds included; an "attach" fix is its documents alone (``DOCUMENT_EFFORT``). So an attach fix
whose every document another fix of the same plan makes costs nothing more: its effort is 0, and
the effort of the document is the one of the fix that makes it. The optimiser counts an option's
effort this way and the plan's total and the order of its fixes follow the same count.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model.evidence import Document
from .records import Candidate

__all__ = ["document_key", "shared_efforts"]


def document_key(doc: Document) -> tuple[str, str | None]:
    """What makes two fixes' documents one document: the same title and kind."""
    return doc.title, doc.kind


def shared_efforts(picks: Sequence[Candidate]) -> list[int]:
    """Each pick's effort in a plan holding all of ``picks`` (in the pack's order): its own, or 0
    for an attach fix whose documents other picks make. Raises make their documents; then attach
    fixes with more documents first, then the one gaining more (then in the given order): of two
    attach fixes needing the same one document, the one gaining more makes it, the other uses it."""
    made: set[tuple[str, str | None]] = {
        document_key(d) for c in picks if c.action != "attach" for d in c.documents
    }
    out = [c.effort for c in picks]
    attach = sorted(
        (i for i, c in enumerate(picks) if c.action == "attach"),
        key=lambda i: (-len(picks[i].documents), -picks[i].gain, i),
    )
    for i in attach:
        keys = {document_key(d) for d in picks[i].documents}
        if keys and keys <= made:
            out[i] = 0
        made |= keys
    return out
