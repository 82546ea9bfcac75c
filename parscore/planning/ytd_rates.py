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
  items, every one good, that reach the level (part and whole ``+ n``).

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
from .search import Probe, Solution, Unreached, _first_true, _reaches
from .year_to_date import paced, year_share, year_to_date_rates

__all__ = ["YearToDate", "find_rate_change"]


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


def find_rate_change(
    probe: Probe, target: Decimal, pair: tuple[str, str], ytd: YearToDate, maximum: Decimal
) -> Solution | Unreached:
    """The fewest new good items of a year-to-date rate reaching ``target`` points, or why not
    (with as_of known, and the level out of reach by 31 December: with the points every item
    still to come, good, would give)."""
    part, whole = pair
    p0, w0 = _number(probe.env[part]), _number(probe.env[whole])
    p_spec, w_spec = probe.spec(part), probe.spec(whole)
    step = grid_step(p_spec, p0, probe.leaf, probe.pack, part)
    words = Wording(probe.pack)
    unit = words.unit(whole) or "trường hợp"
    w_end = ytd.whole_at_year_end(whole, w0)
    limit = p_spec.max

    def grid(k: int) -> Decimal:
        return p0 + step * k

    if w_end is not None:
        rest = w_end - w0

        def changes(k: int) -> dict[str, Value]:
            out: dict[str, Value] = {part: grid(k)} if k else {}
            if w_end != w0:
                out[whole] = w_end
            return out

        top = math.floor(rest / step)
        if limit is not None:
            top = min(top, math.floor((limit - p0) / step))
        found = _first_true(lambda k: _reaches(probe, target, changes(k)), 0, top, 1)
        if found is not None and changes(found):
            return Solution(changes(found), (0, Decimal(0), 0))
        most = changes(max(top, 0))
        best = probe.points(most)
        reach = best if most else None  # some items still to come: a partial fix, if it gains
        reached = ""
        if best is not None:
            reached = (
                f", đạt {points_text(probe.pack, best)}/{points_text(probe.pack, maximum)} điểm"
            )
        year = f"{words.value(p0 + step * max(top, 0))}/{words.value(w_end)} {unit}{reached}"
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
        return Unreached(
            f"kể cả khi toàn bộ {words.value(rest)} {unit} dự kiến còn phát sinh đến"
            f" 31/12/{ytd.year} (ước theo nhịp từ đầu năm đến {vi_date(ytd.as_of)}) đều được tính"
            f" vào «{words.label(part)}», cả năm cũng chỉ {year}; số đã tính từ đầu năm không thay"
            " đổi được",
            year_end=True,
            reach=reach,
        )

    def both(k: int) -> dict[str, Value]:
        return {part: grid(k), whole: w0 + step * k}

    stop = None
    for spec, base in ((p_spec, p0), (w_spec, w0)):
        if spec.max is not None:
            room = math.floor((spec.max - base) / step)
            stop = room if stop is None else min(stop, room)
    found = _first_true(lambda k: _reaches(probe, target, both(k)), 1, stop, 1)
    if found is not None:
        return Solution(both(found), (0, Decimal(0), 0))
    return Unreached(
        f"kể cả khi mọi {unit} mới phát sinh đều được tính vào «{words.label(part)}», tỷ lệ"
        f" không đạt mức này vì {words.value(w0 - p0)} {unit} đã tính từ đầu năm không thay đổi"
        " được",
        year_end=True,
    )


def _number(value: Value | None) -> Decimal:
    assert isinstance(value, Decimal)  # a rate's part and whole: declared numbers (see pairs)
    return value
