"""The points of one field (a top-level criterion) in :class:`~parscore.totals.Totals`: made by
the pack's direct path (:mod:`parscore.pack_direct`) and by the general one."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

__all__ = ["FieldTotal"]


class FieldTotal(NamedTuple):
    """A top-level criterion (lĩnh vực): its exact points and maxima."""

    code: str
    key: str
    title: str
    max: Decimal
    applicable_max: Decimal
    points: Decimal
    tracked: bool = False
    stage_points: Decimal | None = None  # in the official appraisal stage (None: no stage)

    @property
    def official_points(self) -> Decimal:
        """The field's points in the official stage (as :attr:`Totals.official`), else computed."""
        return self.points if self.stage_points is None else self.stage_points
