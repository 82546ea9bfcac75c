"""A year's standing against its goal at each stage: computed from the commune's data,
self-assessed, after round 1 and after round 2 (the official one marked). The leaders' year-end
view on the commune page, and the table of the council screen.

The totals are the engine's (:func:`parscore.totals.score_totals`, the same totals ``score`` and
``batch`` give, stages by :mod:`parscore.stages`), served by the score cache
(:func:`parscore.web.score_cache.totals_of`, exactly a fresh computation); this module only words
and formats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..compiled import LoadedPack
from ..model.result import Total, official_stage
from ..report.filters import Formatter
from ..report.text import STAGE_VI
from ..totals import Totals
from .models import Assessment
from .packs import loaded_pack
from .score_cache import totals_of

__all__ = ["StageStanding", "YearStanding", "stage_standing", "year_standing"]

# how each stage reads on the commune page (the report's words, a little longer)
STAGE_WORDS = {
    "computed": "Tính từ số liệu của xã",
    "self": "Xã tự chấm",
    "round_1": "Hội đồng thẩm định vòng 1",
    "round_2": "Hội đồng thẩm định vòng 2",
}


@dataclass(frozen=True)
class StageStanding:
    """One stage's total against the goal, formatted as the pack rounds."""

    key: str  # computed, self, round_1, round_2
    stage: str  # its short Vietnamese name (the report's)
    words: str  # its longer name
    official: bool
    total: Total
    score: str
    band: str
    goal: str  # "—" without a goal
    gap: str  # what is missing to the goal ("" when met or without a goal)
    ahead: str  # how far above the goal ("" when not above)
    met: bool | None
    bar: str  # the score as a percentage of the scale, for a CSS width ("86.79")
    goal_mark: str  # the goal as a percentage of the scale ("" without a goal)
    adjustments: str = ""  # the bonus and penalty counted ("+3 / −0,5"), "" when the pack has none


@dataclass(frozen=True)
class YearStanding:
    """A year's stages, the official one and its goal."""

    assessment: Assessment
    totals: Totals
    stages: tuple[StageStanding, ...]

    @property
    def adjusted(self) -> bool:
        """The pack has bonus or penalty items: each stage shows what it counts."""
        return bool(self.stages[0].adjustments)

    @property
    def final(self) -> bool:
        """The council has closed the year: its official stage is final."""
        return self.assessment.status == Assessment.FINAL

    @property
    def official(self) -> StageStanding:
        return next(s for s in self.stages if s.official)

    @property
    def goal(self) -> str:
        return self.stages[0].goal


def _percent(value: Decimal, scale: Decimal) -> str:
    if scale <= 0:
        return "0"
    share = min(max(value / scale * 100, Decimal(0)), Decimal(100))
    return str(share.quantize(Decimal("0.01")))


def stage_standing(totals: Totals, pack: LoadedPack) -> tuple[StageStanding, ...]:
    """The computed total, then every stage present, in order, against the goal."""
    rounding = pack.model.pack.rounding
    fmt = Formatter(rounding.places, rounding.mode)
    official = official_stage(totals.stages)
    adjusted = bool(pack.model.adjustments.codes())
    out = []
    for key, total in [("computed", totals.total), *totals.stages.items()]:
        goal = total.goal
        above = total.score - goal if goal is not None else None
        out.append(
            StageStanding(
                key=key,
                stage=STAGE_VI.get(key, key),
                words=STAGE_WORDS.get(key, key),
                official=key == official,
                total=total,
                score=fmt.pts(total.score),
                band=total.band or "—",
                goal=fmt.pts(goal) if goal is not None else "—",
                gap=fmt.pts(total.gap) if total.gap else "",
                ahead=fmt.pts(above) if above is not None and above > 0 else "",
                met=total.goal_met,
                bar=_percent(total.score, totals.scale),
                goal_mark=_percent(goal, totals.scale) if goal is not None else "",
                adjustments=f"+{fmt.pts(total.bonus)} / −{fmt.pts(total.penalty)}"
                if adjusted
                else "",
            )
        )
    return tuple(out)


def year_standing(assessment: Assessment) -> YearStanding:
    """The year's standing from its stored data, scored by the engine under its frozen pack
    (from the score cache while nothing it is built from has changed)."""
    totals = totals_of([assessment])[assessment.pk]
    return YearStanding(assessment, totals, stage_standing(totals, loaded_pack(assessment.pack)))
