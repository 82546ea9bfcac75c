"""Report views of format v2's totals: the stages side by side, and the bonus and penalty items."""

from __future__ import annotations

from collections.abc import Callable

from ..compiled import LoadedPack
from ..loader import LoadedEvidence
from ..model.result import AdjustmentLine, Result
from .adjustment_words import missing_words
from .context import AdjustmentView, DocumentView, StageView
from .text import STAGE_VI

__all__ = ["adjustment_views", "stage_views"]


def stage_views(result: Result) -> tuple[StageView, ...]:
    """The computed total and each stage, side by side; only when an appraisal round is present
    (a self-assessment alone is shown leaf by leaf, as before)."""
    if result.official_stage == "computed":
        return ()
    official = result.official_stage
    return tuple(
        StageView(
            key,
            STAGE_VI[key],
            t.points,
            t.score,
            t.band,
            t.bonus,
            t.penalty,
            t.goal_met,
            key == official,
            t.gap,
        )
        for key, t in [("computed", result.total), *result.stages.items()]
    )


def adjustment_views(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    result: Result,
    document: Callable[[str], DocumentView],
    hints: Callable[[AdjustmentLine], tuple[str, ...]] | None = None,
) -> tuple[AdjustmentView, ...]:
    """The bonus and penalty items the evidence lists, bonuses first, with their reasons, the
    documents that support them and those the pack requires that are missing
    (``result.adjustments``; ``document``: a document's view by id; ``hints``: what would raise
    an item, none when not given)."""
    lines = {a.code: a for a in result.adjustments}
    out: list[AdjustmentView] = []
    for code, reason in evidence.model.adjustments.items():
        found = pack.model.adjustments.item(code)
        line = lines.get(code)
        if found is not None and line is not None:
            side, item = found
            ev = line.evidence
            out.append(
                AdjustmentView(
                    side,
                    code,
                    item.title,
                    item.points,
                    reason,
                    tuple(map(document, ev.documents)),
                    ev.required,
                    ev.found,
                    ev.missing,
                    missing_words(line),
                    hints(line) if hints is not None else (),
                )
            )
    return tuple(sorted(out, key=lambda a: a.side))
