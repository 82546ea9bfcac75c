"""``compare(old, new, evidence)``: the whole answer of ``parscore diff`` as one value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..compiled import LoadedPack
from ..yamlio import YamlDocument
from .causes import DriftCauses
from .changes import Change, diff_packs
from .describe import Packs, describe
from .drift import Drift, drift
from .readers import leaves_reading

__all__ = ["PackDiff", "PackRef", "compare", "input_readers", "pack_diff"]


@dataclass(frozen=True)
class PackRef:
    id: str
    title: str
    revision: int
    status: str
    year: int
    sha256: str
    file: str
    province: str = ""

    @classmethod
    def of(cls, pack: LoadedPack) -> PackRef:
        meta = pack.model.pack
        return cls(
            meta.id,
            meta.title,
            meta.revision,
            meta.status,
            meta.year,
            pack.sha256,
            pack.file,
            meta.province,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "revision": self.revision,
            "status": self.status,
            "year": self.year,
            "province": self.province,
            "sha256": self.sha256,
            "file": self.file,
        }


@dataclass(frozen=True)
class PackDiff:
    old: PackRef
    new: PackRef
    changes: tuple[Change, ...]
    drift: tuple[Drift, ...]
    # input or derived name -> the leaves reading it (in the new pack; the old one's if removed)
    readers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the packs compared, for the changes' words (labels, units); None: names as written
    packs: Packs | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``parscore diff --format json``."""
        causes = DriftCauses(self.changes, self.readers, self.packs)
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "changes": [c.to_dict(describe(c, self.packs)) for c in self.changes],
            "drift": [d.to_dict(causes.of) for d in self.drift],
        }


def compare(old: LoadedPack, new: LoadedPack, evidence: Iterable[YamlDocument] = ()) -> PackDiff:
    """Every change between the packs, and the drift of each evidence document (pure)."""
    return pack_diff(old, new, [drift(old, new, doc) for doc in evidence])


def pack_diff(old: LoadedPack, new: LoadedPack, drifts: Iterable[Drift]) -> PackDiff:
    """The changes between the packs with ``drifts`` already computed, and which criteria read
    each changed input or derived value."""
    changes = tuple(diff_packs(old, new))
    readers = input_readers(old, new, changes)
    refs = PackRef.of(old), PackRef.of(new)
    return PackDiff(*refs, changes, tuple(drifts), readers, (old, new))


def input_readers(
    old: LoadedPack, new: LoadedPack, changes: Iterable[Change]
) -> dict[str, tuple[str, ...]]:
    """For each changed input or derived value, the codes of the leaves reading it (in the new
    pack; in the old one for a removed value)."""
    return {
        c.key: leaves_reading(old if c.kind == "input_removed" else new, c.key)
        for c in changes
        if c.kind.startswith("input_") and c.key is not None
    }
