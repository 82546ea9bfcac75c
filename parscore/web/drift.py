"""Drift over a province's communes: each commune's stored evidence scored under an old and a new
pack (the engine's :func:`parscore.diffing.drift`), with the change per field, band changes and
the totals an auditor reads. Used by the pack migration preview and the auditor's comparison.

The evidence is the year's values, declarations and documents only (no self-scores, no council
points): drift is what the rules change, so both sides are computed scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..code_order import code_order
from ..compiled import LoadedPack
from ..diffing import CriterionDrift, Drift, apportion, drift
from ..errors import ParscoreError
from ..numbers import round_to
from ..yamlio import YamlDocument
from .evidence import evidence_data
from .models import Assessment
from .packs import loaded_pack

__all__ = [
    "CommuneDrift",
    "DriftTotals",
    "FieldColumn",
    "ProvinceMover",
    "province_drift",
    "province_movers",
]

ZERO = Decimal(0)


@dataclass(frozen=True)
class FieldColumn:
    """A field (top-level criterion) of either pack, as a column of the drift table."""

    code: str
    title: str


@dataclass(frozen=True)
class CommuneDrift:
    """One commune's drift, or the reason it could not be scored (``problem``)."""

    assessment: Assessment
    drift: Drift | None
    problem: str = ""

    @property
    def band_changed(self) -> bool:
        d = self.drift
        return d is not None and d.old.total.band != d.new.total.band

    def field_delta(self, code: str) -> Decimal:
        """The field's share of the change: its criteria's deltas (they add up to the total)."""
        if self.drift is None:
            return ZERO
        return sum((c.delta for c in self.drift.criteria if field_of(c) == code), ZERO)

    def movers(self, count: int = 3) -> list[CriterionDrift]:
        """The criteria that moved the total most (largest change first)."""
        if self.drift is None:
            return []
        moved = [c for c in self.drift.criteria if c.delta]
        return sorted(moved, key=lambda c: (-abs(c.delta), code_order(c.code)))[:count]


@dataclass(frozen=True)
class DriftTotals:
    communes: int  # scored under both packs
    band_changes: int
    up: int
    down: int
    mean: Decimal | None  # mean change of the score (exact)


@dataclass(frozen=True)
class ProvinceMover:
    """A criterion that moved communes' scores: in how many communes, and its mean change of the
    total split as each commune's row splits it, into the part due to its points and the part
    due to the rescaling (the means rounded to the packs' places, the two parts adding up to the
    mean to the last digit). ``shown`` is one commune's row of it (its code, title and mark)."""

    shown: CriterionDrift
    communes: int
    mean: Decimal
    points: Decimal
    rescale: Decimal


def province_movers(rows: Iterable[CommuneDrift], places: int) -> list[ProvinceMover]:
    """Every criterion that moved a commune's score, those moving the province's scores most
    first (by the sum of their changes' sizes).

    Criteria are told apart by their stable key, not their code: a removed criterion keeps its
    old code, which a renumbered one may have taken (each is shown as the commune's rows show it).
    """
    moved: dict[str, list[CriterionDrift]] = defaultdict(list)
    for r in rows:
        for c in r.drift.criteria if r.drift is not None else ():
            if c.delta:
                moved[c.key].append(c)
    ranked = sorted(
        moved.items(),
        key=lambda kv: (-sum(abs(c.delta) for c in kv[1]), code_order(kv[1][-1].code), kv[0]),
    )
    out = []
    for _key, found in ranked:
        n = len(found)
        mean = round_to(sum((c.delta for c in found), ZERO) / n, places)
        points = sum((Fraction(c.points_delta) for c in found), Fraction(0)) / n
        rescale = sum((Fraction(c.rescale_delta) for c in found), Fraction(0)) / n
        split = apportion([points, rescale], mean, places)
        out.append(ProvinceMover(found[-1], n, mean, split[0], split[1]))
    return out


def field_of(c: CriterionDrift) -> str:
    return c.code.split(".", 1)[0]


def evidence_document(assessment: Assessment, pack: LoadedPack) -> YamlDocument:
    """The year's stored evidence as a document for the engine (computed scores only)."""
    data = evidence_data(assessment, pack, rounds=0)
    data.pop("claims", None)
    return YamlDocument(assessment.commune.name, data, {})


def province_drift(
    old: LoadedPack, new: LoadedPack, assessments: Iterable[Assessment]
) -> list[CommuneDrift]:
    """Each year's evidence (read under its own frozen pack) scored under ``old`` and ``new``."""
    out = []
    for a in assessments:
        doc = evidence_document(a, loaded_pack(a.pack))
        try:
            out.append(CommuneDrift(a, drift(old, new, doc)))
        except ParscoreError as exc:
            out.append(CommuneDrift(a, None, "; ".join(i.message for i in exc.issues[:3])))
    return out


def field_columns(old: LoadedPack, new: LoadedPack) -> list[FieldColumn]:
    """The fields of the new pack, then those only the old pack has."""
    seen = {c.code: FieldColumn(c.code, c.title) for c in new.model.criteria if c.max}
    for c in old.model.criteria:
        if c.max and c.code not in seen:
            seen[c.code] = FieldColumn(c.code, f"{c.title} (chỉ có ở gói cũ)")
    return list(seen.values())


def drift_totals(rows: Iterable[CommuneDrift]) -> DriftTotals:
    scored = [r for r in rows if r.drift is not None]
    deltas = [r.drift.delta for r in scored if r.drift is not None]
    return DriftTotals(
        communes=len(scored),
        band_changes=sum(1 for r in scored if r.band_changed),
        up=sum(1 for d in deltas if d > 0),
        down=sum(1 for d in deltas if d < 0),
        mean=sum(deltas, ZERO) / len(deltas) if deltas else None,
    )
