"""Which criteria read a value: what an input or a derived value's change can move.

A leaf reads a name when one of its expressions reads it, or reads a derived value computed from
it (however many derived values lie between).
"""

from __future__ import annotations

from ..compiled import LoadedPack

__all__ = ["leaves_reading"]


def leaves_reading(pack: LoadedPack, name: str) -> tuple[str, ...]:
    """The codes of the leaves of ``pack`` that read ``name``, in the pack's order."""
    reach = {name}
    for derived, expr in pack.derived:  # in the order they are computed: each after what it reads
        if expr.names & reach:
            reach.add(derived)
    return tuple(code for code, leaf in pack.leaves.items() if reach.intersection(leaf.names))
