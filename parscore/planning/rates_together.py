"""The planner's fixes of a leaf with several year-to-date rates (``min(on_time_rate,
answer_rate) >= 90``): each rate alone first (:func:`.ytd_rates.find_rate_change`), then the
rates raised together (this module); and when no change reaches the level, why, said of the
rate that blocks it (the one still short with every other rate at 100%), not of whichever was
tried last. Loaded only for such a leaf (:func:`.ytd_rates.find_rates_change`).
"""

from __future__ import annotations

from decimal import Decimal

from ..expr import Value
from ..wording import Wording
from .search import Solution, Unreached, _first_true, _reaches
from .ytd_rates import RateMoves, fraction_text, reached_text

__all__ = ["several_rates_change"]


def several_rates_change(
    rates: list[RateMoves], failures: list[Unreached], target: Decimal, maximum: Decimal
) -> Solution | Unreached:
    """Several rates none of which reaches ``target`` alone (``failures``: why, each): the
    fewest new good items of them together, or why not, said of the rate that blocks."""
    joint = _joint(rates, target)
    if joint is not None:
        return joint
    return _blocking(rates, failures, target, maximum)


def _joint(rates: list[RateMoves], target: Decimal) -> Solution | None:
    """Several rates raised together (no one of them reaches ``target`` alone): the fewest
    common number of new good items each, then each rate brought back, in turn, to the fewest
    that still reach ``target`` with the others (left as it is when the others reach it)."""
    movable = [m for m in rates if m.room]
    if len(movable) < 2:
        return None
    probe = movable[0].probe
    lasts = [m.last for m in movable]
    stop = None if any(last is None for last in lasts) else max(n for n in lasts if n is not None)

    def at(ks: list[int | None]) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for m, k in zip(movable, ks, strict=True):
            if k is not None:
                out.update(m.changes(k))
        return out

    def common(k: int) -> list[int | None]:
        return [max(m.first, k if m.last is None else min(k, m.last)) for m in movable]

    k = _first_true(lambda k: _reaches(probe, target, at(common(k))), 1, stop, 1)
    if k is None:
        return None
    ks = common(k)
    for i, m in enumerate(movable):
        ks[i] = None
        if _reaches(probe, target, at(ks)):
            continue  # the others reach it without this rate
        held = ks[:i], ks[i + 1 :]

        def pred(j: int, held: tuple[list[int | None], list[int | None]] = held) -> bool:
            return _reaches(probe, target, at([*held[0], j, *held[1]]))

        ks[i] = _first_true(pred, m.first, common(k)[i], 1)
    return Solution(at(ks), (0, Decimal(0), 0))


def _blocking(
    rates: list[RateMoves], failures: list[Unreached], target: Decimal, maximum: Decimal
) -> Unreached:
    """Why several rates cannot reach ``target``, said of the rate that blocks it: the one that
    falls short even with every other rate at 100% (the furthest short, when several do). With
    the points of every rate's best change together (a partial fix, when it gains)."""
    probe = rates[0].probe
    chosen: tuple[Decimal, int] | None = None
    for i, moves in enumerate(rates):
        changes: dict[str, Value] = {}
        for j, other in enumerate(rates):
            changes.update(moves.most() if j == i else other.perfect())
        pts = probe.points(changes)
        short = Decimal(-1) if pts is None else pts
        if short < target and (chosen is None or short < chosen[0]):
            chosen = (short, i)
    together: dict[str, Value] = {}
    for moves in rates:
        together.update(moves.best() or {})
    reach = probe.points(together) if together else None
    if chosen is None:  # no rate blocks alone: together, at their best, they fall short
        bounded = [m for m in rates if m.best()]
        if not bounded:
            return Unreached(failures[0].reason, failures[0].year_end, reach)
        words = Wording(probe.pack)
        parts = ", ".join(f"«{words.label(m.part)}»" for m in bounded)
        said = ", ".join(
            f"«{words.label(m.part)}» {fraction_text(words, m, m.last or 0, words.unit(m.whole))}"
            for m in bounded
        )
        return Unreached(
            f"kể cả khi mọi trường hợp mới còn có thể phát sinh đều được tính vào {parts}, các"
            f" tỷ lệ cùng lúc cũng chỉ: {said}{reached_text(probe, reach, maximum)}; số đã tính"
            " từ đầu năm không thay đổi được",
            year_end=any(f.year_end for f in failures),
            reach=reach,
        )
    failure = failures[chosen[1]]
    return Unreached(
        failure.reason, failure.year_end, reach if reach is not None else failure.reach
    )
