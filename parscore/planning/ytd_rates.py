"""The planner's fixes of year-to-date rates: what can still change before 31 December.

A rate such as ``ratio(dossiers_on_time, dossiers_received)`` whose inputs are both marked
``year_to_date: true`` counts the year so far: a dossier already late stays late, and every new
dossier raises the denominator too. So its fix is never "the numerator alone, up": it is new
items, all or most of them good, the part and the whole raised together.

- **as_of known** (in the assessed year): the rest of the year brings ``R`` new items, estimated
  as the year-end projection does (the whole at the pace so far, :func:`.year_to_date.paced`);
  the fix is the fewest ``k ≤ R`` of them that must be good (part ``+ k``, whole ``+ R``). When
  even ``k = R`` does not reach the level, the planner says so (a blocked level), not a fix;
  and when those ``R`` items, every one good, still raise the points (a graded rule's level in
  between, which no lower level of the rule gives), it plans that partial fix, as it plans a
  lower level within reach (:func:`.candidates._raises`).
- **as_of unknown**: how many items the year still brings is unknown; the fix is the fewest new
  items, every one good, that reach the level (part and whole ``+ n``), within the maximum the
  pack declares for either input. When that maximum keeps the level out of reach, the planner
  says so and plans the most it allows, when that gains (a partial fix, as above).

A leaf of several such rates is planned by :mod:`.rates_together`.

Either way the change is scored by the engine like any other fix (its points are real).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal

from ..compiled import LoadedPack
from ..expr import Value
from ..vi import vi_date
from ..wording import Wording
from .describe import change_text, input_default, points_text
from .levers import LeverSet, grid_step
from .search import EXPONENTIAL_STEPS, Probe, Solution, Unreached, _first_true, _reaches
from .year_to_date import paced, year_share, year_to_date_rates

__all__ = [
    "FAR",
    "RateMoves",
    "YearToDate",
    "find_rate_change",
    "find_rates_change",
    "fraction_text",
    "reached_text",
]


class YearToDate:
    """One commune's year-to-date rates and how much of its year is left."""

    def __init__(self, pack: LoadedPack, as_of: dt.date | None, year: int) -> None:
        self.pack = pack
        self.rates = year_to_date_rates(pack)  # part -> whole
        self.wholes = {whole: part for part, whole in self.rates.items()}
        self.year = year
        self.as_of = as_of if as_of is not None and as_of.year == year else None
        self.elapsed = year_share(self.as_of, year) if self.as_of is not None else None

    def pairs(self, levers: LeverSet, env: Mapping[str, Value]) -> list[tuple[str, str]]:
        """The (part, whole) rates among a leaf's inputs, both declared as numbers."""
        names = set(levers.all)
        return [
            (part, whole)
            for part, whole in self.rates.items()
            if part in names
            and whole in names
            and isinstance(env.get(part), Decimal)
            and isinstance(env.get(whole), Decimal)
        ]

    def without_pairs(self, levers: LeverSet, pairs: list[tuple[str, str]]) -> LeverSet:
        """The leaf's other levers: a rate's part and whole never move on their own."""
        fixed = {name for pair in pairs for name in pair}
        return LeverSet(
            tuple(n for n in levers.preferred if n not in fixed),
            tuple(n for n in levers.others if n not in fixed),
        )

    def whole_at_year_end(self, whole: str, now: Decimal) -> Decimal | None:
        """The whole at 31 December at the pace so far (None: as_of unknown, or nothing counted
        yet, so no pace to go by)."""
        if self.elapsed is None or now == 0:
            return None
        return max(now, paced(self.pack.model.inputs[whole], now, self.elapsed, Decimal(1)))

    def describe(
        self, changes: Mapping[str, Value], metrics: Mapping[str, Value]
    ) -> dict[str, str]:
        """Input -> the words of its rate's change, for the part and the whole a change moves
        together (said once, at the first of the two; the other maps to "")."""
        out: dict[str, str] = {}
        if not any(name in self.wholes for name in changes):
            return out
        words = Wording(self.pack)
        for name in changes:
            whole = self.rates.get(name, name)
            part = self.wholes.get(whole)
            if part is None or name in out or whole not in changes:
                continue
            text = self._text(words, part, whole, changes, metrics)
            out[name] = text
            out[whole if name == part else part] = ""
        return out

    def _text(
        self,
        words: Wording,
        part: str,
        whole: str,
        changes: Mapping[str, Value],
        metrics: Mapping[str, Value],
    ) -> str:
        inputs = self.pack.model.inputs
        p0 = _number(metrics.get(part, input_default(self.pack, part)))
        w0 = _number(metrics.get(whole, input_default(self.pack, whole)))
        p1, w1 = _number(changes.get(part, p0)), _number(changes[whole])
        unit = words.unit(whole)
        unit_text = f" {unit}" if unit else ""
        good = p1 - p0
        new = w1 - w0
        head = change_text(part, inputs[part], p0, p1, words) if good else ""
        if not good:
            head = f"«{words.label(part)}» giữ nguyên {words.value(p0)}"
        whole_words = f"«{words.label(whole)}» từ {words.value(w0)} lên {words.value(w1)}"
        past = f"{unit or 'trường hợp'} đã tính từ đầu năm không thay đổi được"
        if self.whole_at_year_end(whole, w0) is None:
            why = (
                "chưa có ngày số liệu"
                if self.as_of is None
                else f"chưa có {unit or 'trường hợp'} nào từ đầu năm"
            )
            return (
                f"{head}, đều là {unit or 'trường hợp'} mới phát sinh ({whole_words}; {past};"
                f" {why} để ước tính số còn phát sinh đến cuối năm)"
            )
        which = "là toàn bộ" if good == new else "trong số"
        return (
            f"{head}, {which} {words.value(new)}{unit_text} dự kiến còn phát sinh đến"
            f" 31/12/{self.year} (ước theo nhịp từ đầu năm đến {vi_date(self.as_of)}:"
            f" {whole_words}; {past})"
        )


class RateMoves:
    """One year-to-date rate of one leaf and its new items: :meth:`changes` gives the part and the
    whole with ``k`` more good items (grid steps of the part), ``k`` from ``first`` to ``last``
    (None: no bound). With as_of known, the whole is its year-end value whatever ``k`` (the
    rest of the year's items, ``k`` of them good; ``bound``: the part, when its declared
    maximum keeps ``last`` below every item to come); without it, both rise by ``k``, within
    the bounds the pack declares (``bound``: the input whose maximum sets ``last``)."""

    def __init__(self, probe: Probe, pair: tuple[str, str], ytd: YearToDate) -> None:
        self.probe, self.ytd = probe, ytd
        self.part, self.whole = part, whole = pair
        self.p0, self.w0 = p0, w0 = _number(probe.env[part]), _number(probe.env[whole])
        p_spec = probe.spec(part)
        self.step = step = grid_step(p_spec, p0, probe.leaf, probe.pack, part)
        self.w_end = ytd.whole_at_year_end(whole, w0)
        self.bound: str | None = None
        self.last: int | None = None
        self.rest = 0  # with as_of: the items still to come, in grid steps of the part
        if self.w_end is not None:
            self.first = 0
            self.rest = last = math.floor((self.w_end - w0) / step)
            if p_spec.max is not None and math.floor((p_spec.max - p0) / step) < last:
                last, self.bound = math.floor((p_spec.max - p0) / step), part
            self.last = max(last, 0)
            return
        self.first = 1
        for name, base in ((part, p0), (whole, w0)):
            top = probe.spec(name).max
            if top is not None:
                room = math.floor((top - base) / step)
                if self.last is None or room < self.last:
                    self.last, self.bound = room, name

    def changes(self, k: int) -> dict[str, Value]:
        part = self.p0 + self.step * k
        if self.w_end is None:
            return {self.part: part, self.whole: self.w0 + self.step * k}
        out: dict[str, Value] = {self.part: part} if k else {}
        if self.w_end != self.w0:
            out[self.whole] = self.w_end
        return out

    @property
    def room(self) -> bool:
        """Whether new items can change the rate at all."""
        return self.last is None or self.last >= self.first

    def most(self) -> dict[str, Value]:
        """Every item within reach good: the most the bounds allow (an unbounded rate: as many
        items as the search ever tries); nothing when there is no room."""
        if not self.room:
            return {}
        return self.changes(self.last if self.last is not None else FAR)

    def best(self) -> dict[str, Value] | None:
        """The best change the bounds allow (None: no bound, so no best, or no room)."""
        return self.most() if self.last is not None and self.room else None

    def perfect(self) -> dict[str, Value]:
        """The rate at 100%: every item good (what no rate can block)."""
        whole = max(self.w0, self.step)
        return {self.part: whole, self.whole: whole}

    def fewest(self, target: Decimal) -> int | None:
        """The fewest new good items reaching ``target`` points, the leaf's other values as they
        are (None: not within reach)."""
        probe = self.probe
        return _first_true(
            lambda k: _reaches(probe, target, self.changes(k)), self.first, self.last, 1
        )


FAR = 2 ** (EXPONENTIAL_STEPS - 1)  # new items "without end": what an unbounded search tries


def find_rates_change(
    rates: list[RateMoves], target: Decimal, maximum: Decimal
) -> Solution | Unreached:
    """The fewest new good items of a leaf's year-to-date rates reaching ``target`` points: one
    rate's, else several rates' together; or why not, said of the rate that blocks."""
    failures: list[Unreached] = []
    for moves in rates:
        found = find_rate_change(moves, target, maximum)
        if not isinstance(found, Unreached):
            return found
        failures.append(found)
    if len(rates) < 2:
        return failures[0]
    from .rates_together import several_rates_change  # only a leaf of several rates needs it

    return several_rates_change(rates, failures, target, maximum)


def find_rate_change(moves: RateMoves, target: Decimal, maximum: Decimal) -> Solution | Unreached:
    """The fewest new good items of a year-to-date rate reaching ``target`` points, or why not
    (with the points the best change within reach would give: every item still to come good,
    or, without as_of, as many new items as the declared bounds allow)."""
    found = moves.fewest(target)
    if found is not None and moves.changes(found):
        return Solution(moves.changes(found), (0, Decimal(0), 0))
    if moves.w_end is not None:
        return _year_end_failure(moves, target, maximum)
    return _unbounded_failure(moves, target, maximum)


def _year_end_failure(moves: RateMoves, target: Decimal, maximum: Decimal) -> Unreached:
    probe, ytd = moves.probe, moves.ytd
    assert moves.w_end is not None and moves.last is not None
    words = Wording(probe.pack)
    unit = words.unit(moves.whole) or "trường hợp"
    most = moves.changes(moves.last)
    best = probe.points(most)
    reach = best if most else None  # some items still to come: a partial fix, if it gains
    year = f"{fraction_text(words, moves, moves.last, unit)}{reached_text(probe, best, maximum)}"
    rest = moves.w_end - moves.w0
    if rest == 0:
        when = (
            f"số liệu đã tính đến hết năm ({vi_date(ytd.as_of)})"
            if ytd.as_of == dt.date(ytd.year, 12, 31)
            else f"theo nhịp từ đầu năm đến {vi_date(ytd.as_of)}"
        )
        return Unreached(
            f"{when}, không còn {unit} nào dự kiến phát sinh đến 31/12/{ytd.year} để nâng tỷ"
            f" lệ: cả năm {year}; số đã tính từ đầu năm không thay đổi được",
            year_end=True,
            reach=reach,
        )
    to_come = (
        f"{words.value(rest)} {unit} dự kiến còn phát sinh đến 31/12/{ytd.year} (ước theo nhịp"
        f" từ đầu năm đến {vi_date(ytd.as_of)})"
    )
    past = "số đã tính từ đầu năm không thay đổi được"
    label = words.label(moves.part)
    if moves.bound is None:
        return Unreached(
            f"kể cả khi toàn bộ {to_come} đều được tính vào «{label}», cả năm cũng chỉ {year};"
            f" {past}",
            year_end=True,
            reach=reach,
        )
    # the part's declared maximum keeps some of the items to come from counting in it
    top = probe.spec(moves.part).max
    assert top is not None
    capped = f"không vượt quá {words.measured(top, moves.part)} (giới hạn khai báo của đầu vào)"
    if _reaches(probe, target, moves.changes(moves.rest)):  # the maximum alone blocks the level
        good = words.value(moves.step * moves.last)
        return Unreached(
            f"«{label}» {capped}: trong {to_come}, chỉ {good} {unit} có thể được tính vào"
            f" «{label}», cả năm cũng chỉ {year}; {past}",
            reach=reach,
        )
    return Unreached(
        f"kể cả khi toàn bộ {to_come} đều được tính vào «{label}», cả năm cũng chỉ"
        f" {fraction_text(words, moves, moves.rest, unit)}; «{label}» lại {capped}: cao nhất"
        f" {year}; {past}",
        year_end=True,
        reach=reach,
    )


def _unbounded_failure(moves: RateMoves, target: Decimal, maximum: Decimal) -> Unreached:
    """Without as_of: a level no number of new items reaches (items counted already block it),
    or one the inputs' declared maximum keeps out of reach; either way with the best change the
    declared bounds allow, planned as a partial fix when it gains."""
    probe = moves.probe
    words = Wording(probe.pack)
    unit = words.unit(moves.whole) or "trường hợp"
    best = moves.best()
    reach = probe.points(best) if best else None
    bound = moves.bound
    if bound is not None and _reaches(probe, target, moves.changes(FAR)):
        spec = probe.spec(bound)
        assert moves.last is not None and spec.max is not None
        head = (
            f"«{words.label(bound)}» không vượt quá {words.measured(spec.max, bound)} (giới hạn"
            " khai báo của đầu vào)"
        )
        reached = reached_text(probe, reach if best else probe.points({}), maximum)
        if not best:
            fraction = fraction_text(words, moves, 0, unit)
            return Unreached(
                f"{head}: không còn {unit} mới nào để nâng tỷ lệ ({fraction}{reached})"
            )
        return Unreached(
            f"{head}: kể cả khi toàn bộ {words.value(moves.step * moves.last)} {unit} mới phát"
            f" sinh trong giới hạn đó đều được tính vào «{words.label(moves.part)}», tỷ lệ cũng"
            f" chỉ {fraction_text(words, moves, moves.last, unit)}{reached}",
            reach=reach,
        )
    within = ""
    if best:
        within = (
            f"; trong giới hạn khai báo của đầu vào, cao nhất"
            f" {fraction_text(words, moves, moves.last or 0, unit)}{reached_text(probe, reach, maximum)}"
        )
    return Unreached(
        f"kể cả khi mọi {unit} mới phát sinh đều được tính vào «{words.label(moves.part)}», tỷ lệ"
        f" không đạt mức này vì {words.value(moves.w0 - moves.p0)} {unit} đã tính từ đầu năm"
        f" không thay đổi được{within}",
        year_end=True,
        reach=reach,
    )


def fraction_text(words: Wording, moves: RateMoves, k: int, unit: str) -> str:
    """The rate's part and whole after ``k`` new good items (``182/202 hồ sơ``)."""
    changed = moves.changes(k)
    part = _number(changed.get(moves.part, moves.p0))
    whole = _number(changed.get(moves.whole, moves.w0))
    return f"{words.value(part)}/{words.value(whole)} {unit}".rstrip()


def reached_text(probe: Probe, points: Decimal | None, maximum: Decimal) -> str:
    if points is None:
        return ""
    return f", đạt {points_text(probe.pack, points)}/{points_text(probe.pack, maximum)} điểm"


def _number(value: Value | None) -> Decimal:
    assert isinstance(value, Decimal)  # a rate's part and whole: declared numbers (see pairs)
    return value
