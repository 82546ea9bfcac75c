"""The smallest change of raw inputs that brings one leaf to a level, re-evaluated for real.

Every probe has the leaf's environment exactly as the engine's own ``build_env`` gives it
(defaults, metrics, derived values; only the derived values a change reaches are evaluated again)
and scores the rule with ``apply_rule``: no formula is inverted by hand,
so a change found here gives exactly the points it promises.

Values move on a grid (whole units for ``count`` inputs, a few decimals otherwise; whole days for
dates, never before the data date ``as_of``), within the bounds the pack declares. The search
assumes the leaf's points are monotone along the direction it moves an input; for ``formula``
rules that is checked on a sample of the input's range first and the input is refused if not.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from ..compiled import CompiledLeaf, LoadedPack
from ..environment import build_env, env_with_changes
from ..expr import EvalError, Value, decimal_context
from ..frozen_records import frozen_record
from ..kinds import kind_named, rule_points, rule_ready
from ..leaf_direct import MISSING, SLOW, LeafDirect, leaf_direct
from ..model.pack import InputSpec
from ..numbers import plain
from ..wording import Wording
from .levers import LeverSet, grid_step, rule_numbers

__all__ = ["Probe", "Solution", "Unreached", "find_change", "probe_direct"]

EXPONENTIAL_STEPS = 48  # 2**48 grid steps: far beyond any real count
DATE_HORIZON = 3660  # days searched around the current date when as_of is unknown
_FIRST_DAY, _LAST_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()
MONOTONE_SAMPLES = 33


class Probe:
    """One leaf of one commune, ready to be re-scored under changed inputs (``known_env``:
    ``build_env`` of the metrics, if made already)."""

    def __init__(
        self,
        pack: LoadedPack,
        leaf: CompiledLeaf,
        metrics: Mapping[str, Value],
        as_of: dt.date | None,
        calls: int = 0,
        known_env: dict[str, Value] | None = None,
    ) -> None:
        self.pack = pack
        self.leaf = leaf
        self.metrics = metrics
        self.as_of = as_of
        self.calls = calls
        self.env: dict[str, Value] = build_env(pack, metrics) if known_env is None else known_env
        self._direct = probe_direct(pack, leaf)
        self._seen: dict[tuple[object, ...], Decimal | None] = {}
        self._seeds: dict[Decimal, tuple[int, ...]] = {}

    def seeds(self, step: Decimal) -> tuple[int, ...]:
        """Grid indices next to the numbers the rule compares with (``>= 90`` on a 0.01 grid:
        8999, 9000, 9001), where a level is most often first reached: a search tries them
        before it halves its range (see :func:`_first_true`)."""
        found = self._seeds.get(step)
        if found is None:
            near: set[int] = set()
            for number in rule_numbers(self.leaf, self.pack):
                q = number / step
                low, high = math.floor(q), math.ceil(q)
                near.update((low - 1, low, low + 1, high - 1, high, high + 1))
            found = self._seeds[step] = tuple(sorted(near))
        return found

    def points(self, changes: Mapping[str, Value]) -> Decimal | None:
        """The leaf's computed points with ``changes`` applied (None when it cannot be scored).
        A change tried before is not scored again (the same values: same types and digits)."""
        self.calls += 1
        key = tuple([(k, v.__class__, str(v)) for k, v in changes.items()])
        try:
            return self._seen[key]
        except KeyError:
            pass
        found = self._seen[key] = self._points(changes)
        return found

    def _points(self, changes: Mapping[str, Value]) -> Decimal | None:
        direct = self._direct
        with decimal_context():  # the derived values and the rule's points, in one context
            env = self.changed_env(changes)
            found = direct(env.get) if direct is not None else SLOW
        if found is MISSING:
            return None
        if type(found) is Decimal:
            return found
        return self.general_points(env)  # no direct path, or it leaves this case to the general

    def general_points(self, env: Mapping[str, Value]) -> Decimal | None:
        """The rule's points in ``env`` by the general path (the reference)."""
        rule = self.leaf.rule
        if not rule_ready(rule, env):
            return None
        try:
            with decimal_context():
                return rule_points(rule, self.leaf.criterion.max, env).points
        except EvalError:
            return None

    def spec(self, name: str) -> InputSpec:
        return self.pack.model.inputs[name]

    def changed_env(self, changes: Mapping[str, Value]) -> dict[str, Value]:
        """``build_env`` of the metrics with ``changes``: the base environment with only the
        derived values a change reaches evaluated again (see ``env_with_changes``)."""
        return env_with_changes(self.pack, self.env, self.metrics, changes)[0]


def probe_direct(pack: LoadedPack, leaf: CompiledLeaf) -> LeafDirect | None:
    """The leaf's direct path when it gives exactly what :meth:`Probe.points` asks: the rule's
    points, ``MISSING`` when ``rule_ready`` is false (``applies_if`` left aside: the probe scores
    the rule alone, so a leaf with one takes the general path)."""
    rule = leaf.rule
    if leaf.applies_if is not None:
        return None
    if rule.expr is None and kind_named(rule.kind).ready(rule) is None:
        return None  # rule_ready is false there, while the direct path would score the rule
    return leaf_direct(pack, leaf)


@frozen_record
class Solution:
    changes: dict[str, Value]
    rank: tuple[int, Decimal, int]  # (moves something down, relative size, first-use order)


@frozen_record
class Unreached:
    """Why a level cannot be reached (``reason``, Vietnamese, names as the pack spells them).
    ``year_end``: a year-to-date rate's level, out of reach by 31 December (its items counted
    already cannot change); ``reach``: the most points a year-to-date rate can still bring (every
    new item good: the rest of the year's, or as many as the inputs' declared maximum allows),
    when that is a change at all."""

    reason: str
    year_end: bool = False
    reach: Decimal | None = None


def find_change(
    probe: Probe,
    target: Decimal,
    levers: LeverSet,
    *,
    check_monotone: bool = False,
    now: Decimal | None = None,
) -> Solution | Unreached:
    """The preferred smallest change reaching ``target`` points, or why there is none (with
    the points of the best change within the inputs' declared maximum, when one stops there
    and gains over ``now``, the leaf's points as they are; None: scored here)."""
    refused: list[str] = []
    bests: list[dict[str, Value]] = []  # changes stopped at a declared maximum
    preferred = _usable(probe, levers.preferred, check_monotone, refused)
    others = _usable(probe, levers.others, check_monotone, refused)
    order = {name: i for i, name in enumerate(levers.all)}
    for group, joint in (
        (preferred, False),
        (preferred, True),
        (others, False),
        (preferred + others, True),
    ):
        if not group or (joint and len(group) < 2):
            continue
        found = (
            _joint(probe, target, group, order, bests)
            if joint
            else _single(probe, target, group, order, bests)
        )
        if found is not None:
            return found
    names = ", ".join(levers.all) or "—"
    if refused and not preferred and not others:
        return Unreached(
            "công thức không đơn điệu theo " + ", ".join(refused) + ": không tìm kiếm được"
        )
    if bests:
        capped = _capped(probe, bests, now)
        if capped is not None:
            return capped
    held = [n for n in preferred + others if not _may_fall(probe, n)]
    why = (
        f" (số liệu lũy kế từ đầu năm chỉ tăng, không giảm được: {', '.join(held)})" if held else ""
    )
    return Unreached(
        f"không có thay đổi nào của {names} đạt mức này trong giới hạn khai báo của đầu vào{why}"
    )


def _capped(probe: Probe, bests: list[dict[str, Value]], now: Decimal | None) -> Unreached | None:
    """A level out of reach because inputs stop at their declared maximum: which, and the most
    points they then allow (``reach``: planned as a partial fix); None when none of ``bests``
    gains over ``now`` (a rule that falls as the input rises is not stopped by its maximum)."""
    from .describe import points_text

    scored = [(probe.points(changes), changes) for changes in bests]  # probed already: cached
    if now is None:
        now = probe.points({})
    gains = [(p, c) for p, c in scored if p is not None and (now is None or p > now)]
    if not gains:
        return None
    pts, changes = max(gains, key=lambda best: best[0])  # the first of the most points
    words = Wording(probe.pack)
    caps = ", ".join(
        f"«{words.label(n)}» không vượt quá {words.measured(probe.spec(n).max, n)}"
        for n in changes
        if probe.spec(n).max is not None and changes[n] == probe.spec(n).max
    )
    top = points_text(probe.pack, probe.leaf.criterion.max)
    return Unreached(
        f"{caps} (giới hạn khai báo của đầu vào): cao nhất đạt {points_text(probe.pack, pts)}"
        f"/{top} điểm",
        reach=pts,
    )


def _usable(probe: Probe, names: tuple[str, ...], check: bool, refused: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if probe.env.get(name) is None:
            continue
        if check and not _monotone(probe, name):
            refused.append(name)
            continue
        out.append(name)
    return out


def _may_fall(probe: Probe, name: str) -> bool:
    """Whether the input may be planned down: a count from 1 January to the data date may not
    (what happened this year cannot be undone; new items only add to it)."""
    spec = probe.pack.model.inputs.get(name)
    return spec is None or not spec.year_to_date


def _single(
    probe: Probe,
    target: Decimal,
    names: list[str],
    order: dict[str, int],
    bests: list[dict[str, Value]],
) -> Solution | None:
    best: Solution | None = None
    for up, name in itertools.product((True, False), names):  # every upward search first
        if not up and best is not None and best.rank[0] == 0 and _falls(probe.env[name]):
            continue  # a found change that moves nothing down ranks before any that does
        if not up and not _may_fall(probe, name):
            continue
        value = _move_one(probe, name, target, up, bests)
        if value is None:
            continue
        base = probe.env[name]
        rank = (_is_down(base, value), _relative(probe.spec(name), base, value), order[name])
        if best is None or rank < best.rank:
            best = Solution({name: value}, rank)
    return best


def _falls(base: Value) -> bool:
    """Whether moving ``base`` down is a change that moves something down (see ``_is_down``):
    a number lowered, a yes turned to no; a date moved earlier is not."""
    return isinstance(base, Decimal | bool)


def _reaches(probe: Probe, target: Decimal, changes: Mapping[str, Value]) -> bool:
    pts = probe.points(changes)
    return pts is not None and pts >= target


def _move_one(
    probe: Probe,
    name: str,
    target: Decimal,
    up: bool,
    bests: list[dict[str, Value]] | None = None,
) -> Value | None:
    """The input's value nearest its own reaching ``target``, moving up or down (None: none
    within its bounds; when its declared maximum stops it going up, that value is added to
    ``bests``)."""
    base = probe.env[name]
    spec = probe.spec(name)
    if isinstance(base, bool):
        value = not base
        if value != up:
            return None
        return value if _reaches(probe, target, {name: value}) else None
    if isinstance(base, dt.date):
        return _move_date(probe, name, base, target, up)
    if isinstance(base, str):
        return _move_choice(probe, name, spec, target) if up else None
    step = grid_step(spec, base, probe.leaf, probe.pack, name)
    lo, hi = _bounds(spec, base)

    def pred(k: int) -> bool:
        return _reaches(probe, target, {name: _on_grid(k, step, spec)})

    seeds = probe.seeds(step)
    if up:
        start = math.floor(base / step) + 1
        stop = math.floor(hi / step) if hi is not None else None
        k = _first_true(pred, start, stop, 1, seeds)
        if k is None and stop is not None and spec.max is not None and bests is not None:
            top = _on_grid(stop, step, spec)
            if top > base:
                bests.append({name: top})
    else:
        start = math.ceil(base / step) - 1
        stop = math.ceil(lo / step) if lo is not None else start - 2**EXPONENTIAL_STEPS
        k = _first_true(pred, start, stop, -1, seeds)
    return _on_grid(k, step, spec) if k is not None else None


def _move_choice(probe: Probe, name: str, spec: InputSpec, target: Decimal) -> str | None:
    """Another option of a choice input that reaches ``target``: the one giving the fewest
    points that still do (the smallest change), the first in the pack's order on a tie."""
    best: tuple[Decimal, str] | None = None
    for key in spec.options or {}:
        if key == probe.env[name]:
            continue
        pts = probe.points({name: key})
        if pts is not None and pts >= target and (best is None or pts < best[0]):
            best = (pts, key)
    return best[1] if best is not None else None


def _move_date(probe: Probe, name: str, base: dt.date, target: Decimal, up: bool) -> dt.date | None:
    floor = probe.as_of.toordinal() if probe.as_of else base.toordinal() - DATE_HORIZON
    ceiling = max(base.toordinal(), floor) + DATE_HORIZON
    floor, ceiling = max(floor, _FIRST_DAY), min(ceiling, _LAST_DAY)  # 0001-01-01 … 9999-12-31

    def pred(k: int) -> bool:
        return _reaches(probe, target, {name: dt.date.fromordinal(k)})

    if up:
        k = _first_true(pred, max(base.toordinal() + 1, floor), ceiling, 1)
    else:
        k = _first_true(pred, base.toordinal() - 1, floor, -1)
    return dt.date.fromordinal(k) if k is not None else None


def _joint(
    probe: Probe,
    target: Decimal,
    names: list[str],
    order: dict[str, int],
    bests: list[dict[str, Value]],
) -> Solution | None:
    """Move several inputs together: every one to at least (or at most) a common value ``t``
    (when every one stops at its bound going up and one at its declared maximum, that change
    is added to ``bests``)."""
    numeric: dict[str, Decimal] = {}
    flags: list[str] = []
    for n in names:
        value = probe.env[n]
        if isinstance(value, bool):
            flags.append(n)
        elif isinstance(value, Decimal):
            numeric[n] = value
    if not numeric and len(flags) < 2:
        return None
    bounds = {n: _bounds(probe.spec(n), v) for n, v in numeric.items()}
    step = min(
        (grid_step(probe.spec(n), v, probe.leaf, probe.pack, n) for n, v in numeric.items()),
        default=Decimal(1),
    )
    for up in (True, False):

        def changes(k: int, up: bool = up) -> dict[str, Value]:
            out: dict[str, Value] = {f: up for f in flags if probe.env[f] != up}
            for n, base in numeric.items():
                if not up and not _may_fall(probe, n):
                    continue  # held where it is (a year-to-date count)
                t = _on_grid(k, step, probe.spec(n), up)
                lo, hi = bounds[n]
                value = max(base, t) if up else min(base, t)
                value = min(value, hi) if hi is not None else value
                value = max(value, lo) if lo is not None else value
                if value != base:
                    out[n] = value
            return out

        k: int | None = 0
        if numeric:
            start, stop = _joint_range(numeric, bounds, step, up)
            k = _first_true(
                lambda k: _reaches(probe, target, changes(k)),
                start,
                stop,
                1 if up else -1,
                probe.seeds(step),
            )
            if k is None and up and stop is not None:
                top = changes(stop)
                if any(probe.spec(n).max == v for n, v in top.items()):
                    bests.append(top)
        elif not _reaches(probe, target, changes(0)):
            k = None
        found = changes(k) if k is not None else None
        if found:
            found = _trim(probe, target, found, [n for n in numeric if n in found], up)
            size = sum(
                (_relative(probe.spec(n), probe.env[n], v) for n, v in found.items()), Decimal(0)
            )
            first = min(order[n] for n in found)
            return Solution(found, (0 if up else 1, size, first))
    return None


def _trim(
    probe: Probe, target: Decimal, found: dict[str, Value], names: list[str], up: bool
) -> dict[str, Value]:
    """Each input of a joint change brought back, one after the other, to the least change that
    still reaches ``target`` with the others (``a >= 90 and b >= 80`` moved together to 90: b goes
    back to 80, so no task asks for more than the level needs)."""
    out = dict(found)
    sign = 1 if up else -1
    for name in names:
        base, value = probe.env[name], out[name]
        assert isinstance(base, Decimal) and isinstance(value, Decimal)
        spec = probe.spec(name)
        without = {k: v for k, v in out.items() if k != name}
        if _reaches(probe, target, without):
            out = without
            continue
        step = grid_step(spec, base, probe.leaf, probe.pack, name)

        def pred(
            k: int,
            name: str = name,
            spec: InputSpec = spec,
            step: Decimal = step,
            others: dict[str, Value] = out,
        ) -> bool:
            return _reaches(probe, target, {**others, name: _on_grid(k, step, spec, up)})

        if up:
            start, stop = math.floor(base / step) + 1, math.ceil(value / step)
        else:
            start, stop = math.ceil(base / step) - 1, math.floor(value / step)
        k = _first_true(pred, start, stop, sign, probe.seeds(step))
        if k is not None:
            less = _on_grid(k, step, spec, up)
            if (less < value) if up else (less > value):
                out[name] = less
    return out


def _joint_range(
    numeric: dict[str, Decimal],
    bounds: dict[str, tuple[Decimal | None, Decimal | None]],
    step: Decimal,
    up: bool,
) -> tuple[int, int | None]:
    if up:
        his = [hi for _, hi in bounds.values()]
        top = None if any(h is None for h in his) else max(h for h in his if h is not None)
        start = math.floor(min(numeric.values()) / step) + 1
        return start, (math.floor(top / step) if top is not None else None)
    los = [lo for lo, _ in bounds.values()]
    start = math.ceil(max(numeric.values()) / step) - 1
    if any(lo is None for lo in los):
        return start, start - 2**EXPONENTIAL_STEPS
    return start, math.ceil(min(lo for lo in los if lo is not None) / step)


def _first_true(
    pred: Callable[[int], bool],
    start: int,
    stop: int | None,
    sign: int,
    seeds: Iterable[int] = (),
) -> int | None:
    """The first index from ``start`` towards ``stop`` (inclusive; None: unbounded) where
    ``pred`` holds, assuming it stays true once it holds. Once the range is known to hold it,
    the ``seeds`` inside (indices where it is likely, see :meth:`Probe.seeds`) are tried first,
    nearest ``start`` first, each narrowing the range (a level reached right at a threshold of
    the rule is found in two or three probes, not a dozen); then the range is halved. Under the
    assumption there is one first index, whichever probes find it."""
    if stop is not None and (stop - start) * sign < 0:
        return None
    if pred(start):
        return start
    if stop is not None:
        span = (stop - start) * sign
        if not pred(stop):
            return None
        lo, hi = 0, span
    else:  # unbounded: the far end first (once it holds it stays so), then doubling steps
        if not pred(start + 2 ** (EXPONENTIAL_STEPS - 1) * sign):
            return None
        lo, hi = 0, 1
        for _ in range(EXPONENTIAL_STEPS):
            if pred(start + hi * sign):
                break
            lo, hi = hi, hi * 2
        else:
            return None
    if seeds:
        lo, hi = _narrowed(pred, start, sign, lo, hi, seeds)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if pred(start + mid * sign):
            hi = mid
        else:
            lo = mid
    return start + hi * sign


def _narrowed(
    pred: Callable[[int], bool], start: int, sign: int, lo: int, hi: int, seeds: Iterable[int]
) -> tuple[int, int]:
    """``lo`` (an offset from ``start`` where ``pred`` fails) and ``hi`` (one where it holds)
    brought closer by trying the ``seeds`` between them, nearest ``start`` first."""
    for offset in sorted([(k - start) * sign for k in seeds]):
        if offset <= lo:
            continue
        if offset >= hi:
            break
        if pred(start + offset * sign):
            hi = offset
            break  # every later seed is past the first index that holds
        lo = offset
    return lo, hi


def _monotone(probe: Probe, name: str) -> bool:
    """Whether the leaf's points never go both up and down across a sample of the input."""
    base = probe.env[name]
    if not isinstance(base, Decimal):
        return True
    spec = probe.spec(name)
    lo, hi = _bounds(spec, base)
    low = lo if lo is not None else min(base, Decimal(0)) - abs(base) - 100
    high = hi if hi is not None else max(base, Decimal(0)) * 2 + 100
    values = sorted(
        {low + (high - low) * i / (MONOTONE_SAMPLES - 1) for i in range(MONOTONE_SAMPLES)} | {base}
    )
    seen = [probe.points({name: v}) for v in values]
    pts = [p for p in seen if p is not None]
    ups = any(b > a for a, b in itertools.pairwise(pts))
    downs = any(b < a for a, b in itertools.pairwise(pts))
    return not (ups and downs)


def _bounds(spec: InputSpec, base: Decimal) -> tuple[Decimal | None, Decimal | None]:
    lo = spec.min
    if lo is None and (spec.type in ("count", "percent") or base >= 0):
        lo = Decimal(0)
    hi = spec.max
    if hi is None and spec.type == "percent":
        hi = Decimal(100)
    return lo, hi


def _on_grid(k: int, step: Decimal, spec: InputSpec, up: bool = True) -> Decimal:
    value = Decimal(plain(step * k))
    if spec.type == "count" and value != value.to_integral_value():
        value = value.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR)
    return value


def _is_down(base: Value, value: Value) -> int:
    if isinstance(base, bool):
        return 1 if base and not value else 0
    if isinstance(base, dt.date | str):
        return 0
    assert isinstance(value, Decimal)
    return 1 if value < base else 0


def _relative(spec: InputSpec, base: Value, value: Value) -> Decimal:
    """A change's size on the input's own scale, so changes of different inputs compare."""
    if isinstance(base, bool):
        return Decimal(1)
    if isinstance(base, dt.date) and isinstance(value, dt.date):
        return Decimal(abs((value - base).days)) / 365
    if isinstance(base, str):
        return Decimal(1)
    assert isinstance(base, Decimal) and isinstance(value, Decimal)
    if spec.min is not None and spec.max is not None and spec.max > spec.min:
        ref = spec.max - spec.min
    elif spec.type == "percent":
        ref = Decimal(100)
    else:
        ref = max(abs(base), Decimal(1))
    return abs(value - base) / ref
