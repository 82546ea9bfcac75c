"""Field and criterion rankings on official points: for each field (lĩnh vực) and each scored
criterion, every commune's points in its official stage, the share of the maximum and the rank.

- Official points are those of the stage the commune's total is official in (the last appraisal
  round present, else the computed points), so a commune's field points add up to its official
  total's points (before rescaling, bonus and penalty).
- Ranks use the points rounded once by the pack's rule (what is shown) and the pack's tie rule
  (``ranking.ties``), through the same :func:`~parscore.batch.rank_order` as the total ranking;
  tied communes are listed by name. A criterion that does not apply to a commune is not ranked
  and is listed last.

Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .batch import BatchSummary, match_key, rank_order
from .model.result import LeafResult, PackInfo, Result
from .numbers import round_to

__all__ = [
    "RankRow",
    "RankingTable",
    "criterion_rankings",
    "field_rankings",
    "official_leaf_points",
]

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RankRow:
    rank: int | None  # None: the criterion does not apply to this commune
    slug: str  # the commune's file or web slug
    commune: str
    points: Decimal | None  # exact official points (None: not applicable)
    shown: Decimal | None  # rounded by the pack's rule
    percent: Decimal | None  # of the maximum, exact

    @property
    def applies(self) -> bool:
        return self.points is not None


@dataclass(frozen=True)
class RankingTable:
    """One field or criterion ranked over the communes."""

    code: str
    title: str
    field: str  # the field it belongs to (a field's own code for a field)
    max: Decimal
    rows: tuple[RankRow, ...]  # rank order, not-applicable rows last

    @property
    def ranked(self) -> tuple[RankRow, ...]:
        return tuple(r for r in self.rows if r.points is not None)

    @property
    def average(self) -> Decimal | None:
        """Mean exact points of the communes it applies to."""
        values = [r.points for r in self.ranked if r.points is not None]
        return sum(values, ZERO) / len(values) if values else None

    @property
    def average_percent(self) -> Decimal | None:
        average = self.average
        return average / self.max * HUNDRED if average is not None and self.max else None

    @property
    def full(self) -> int:
        """Communes with every point of it."""
        return sum(1 for r in self.ranked if r.points == self.max)


def _table(
    pack: PackInfo,
    code: str,
    title: str,
    field: str,
    maximum: Decimal,
    entries: Sequence[tuple[str, str, Decimal | None]],
) -> RankingTable:
    """``entries``: (slug, commune, official points or None) of every commune."""
    applying = [e for e in entries if e[2] is not None]
    shown = [round_to(e[2], pack.places, pack.mode) for e in applying if e[2] is not None]
    keys = [(*match_key(e[1]), e[0]) for e in applying]
    rows = [
        _row(rank, applying[i], shown[i], maximum)
        for i, rank in rank_order(shown, keys, pack.ranking)
    ]
    rest = sorted((e for e in entries if e[2] is None), key=lambda e: (match_key(e[1]), e[0]))
    rows += [RankRow(None, slug, name, None, None, None) for slug, name, _ in rest]
    return RankingTable(code, title, field, maximum, tuple(rows))


def _row(
    rank: int, entry: tuple[str, str, Decimal | None], shown: Decimal, maximum: Decimal
) -> RankRow:
    slug, name, points = entry
    assert points is not None
    share = points / maximum * HUNDRED if maximum else None
    return RankRow(rank, slug, name, points, shown, share)


def field_rankings(summary: BatchSummary) -> tuple[RankingTable, ...]:
    """Every scored field of a province's ranking, ranked on its official points."""
    if summary.pack is None:
        return ()
    return tuple(
        _table(
            summary.pack,
            f.code,
            f.title,
            f.code,
            f.max,
            [(c.score.file, c.score.commune, c.field_points(f.code)) for c in summary.communes],
        )
        for f in summary.fields
    )


def official_leaf_points(result: Result, leaf: LeafResult) -> Decimal | None:
    """A leaf's points in the result's official stage; ``None`` when it does not apply."""
    if leaf.status == "na":
        return None
    stage = result.official_stage
    if stage == "computed":
        return leaf.points
    return dict(leaf.stages).get(stage, leaf.points)


def criterion_rankings(results: Sequence[tuple[str, Result]]) -> tuple[RankingTable, ...]:
    """Every scored criterion (leaf) of the pack, in pack order, ranked on its official points;
    ``results`` are ``(slug, full result)`` of communes scored under one pack."""
    if not results:
        return ()
    pack = results[0][1].pack
    first = results[0][1]
    tables = []
    for top in first.criteria:
        for leaf in top.walk():
            if leaf.tracked or not leaf.max:
                continue
            entries = []
            for slug, result in results:
                own = result.find(leaf.code)  # absent under another revision of the pack
                points = official_leaf_points(result, own) if isinstance(own, LeafResult) else None
                entries.append((slug, result.commune, points))
            tables.append(_table(pack, leaf.code, leaf.title, top.code, leaf.max, entries))
    return tuple(tables)
