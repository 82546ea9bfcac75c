"""Synthetic communes: N made-up evidence files for a pack, for tests and benchmarks.

Every commune is clearly labelled: its name is ``Xã tổng hợp 0001``…, its ``synthetic:`` key says
the numbers are invented. Commune ``i`` depends only on the seed and ``i`` (not on N), so the
first 10 of 3,321 are the 10 of a run with N = 10.

Values respect each input's type and its min/max. They are "realistic-ish": a hidden quality
level per commune moves all its numbers together, so totals spread over the bands. The pack's
expressions are read to keep related numbers consistent: in ``ratio(a, b)`` or ``b >= a`` the
part ``a`` never exceeds the whole ``b``; in ``max(0, a - b)`` the handled ``b`` never exceeds
``a``; a date scored by a ``deadline`` lands around its due date. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .compiled import LoadedPack
from .expr import Value
from .inputs import grid_neighbours
from .kinds import kind_named
from .model.evidence import Document, Evidence
from .model.pack import InputSpec
from .part_whole import parts_of, rules_with_expressions

__all__ = [
    "SYNTHETIC_NOTE",
    "commune_file_name",
    "commune_name",
    "synthetic_communes",
    "synthetic_evidence",
]

SYNTHETIC_NOTE = (
    "Dữ liệu tổng hợp (giả lập) để kiểm thử và đo hiệu năng, không phải số liệu thật của xã nào;"
    " sinh bằng parscore synth, hạt giống {seed}."
)
MISSING_RATE = 0.03  # a self-assessment is often partial: some inputs not declared yet
NA_RATE = 0.1  # leaves that allow it are declared not applicable this often


def commune_name(index: int) -> str:
    return f"Xã tổng hợp {index:04d}"


def commune_file_name(index: int) -> str:
    return f"xa-tong-hop-{index:04d}.yaml"


def synthetic_communes(pack: LoadedPack, n: int, seed: int) -> Iterator[tuple[str, Evidence]]:
    """``(file name, evidence)`` for communes 1..n."""
    shape = _PackShape.of(pack)
    for index in range(1, n + 1):
        yield commune_file_name(index), _generate(pack, shape, index, seed)


def synthetic_evidence(pack: LoadedPack, index: int, seed: int) -> Evidence:
    """Commune ``index`` (1-based) of the series for ``seed``."""
    return _generate(pack, _PackShape.of(pack), index, seed)


# -- what the pack says about its inputs ----------------------------------------------------------


@dataclass(frozen=True)
class _PackShape:
    part_of: dict[str, str]  # input -> the input it is a part of (never larger than it)
    due: dict[str, dt.date]  # date input -> the due date of a deadline rule that reads it
    bad: frozenset[str]  # inputs read by a deduct rule: fewer is better

    @classmethod
    def of(cls, pack: LoadedPack) -> _PackShape:
        due: dict[str, dt.date] = {}
        bad: set[str] = set()
        for leaf in pack.leaves.values():
            for rule in rules_with_expressions(leaf.rule):
                assert rule.expr is not None
                kind = kind_named(rule.kind)
                rule_due = kind.due(rule.model)
                if rule_due is not None:
                    for name in rule.expr.names:
                        due.setdefault(name, rule_due)
                if kind.counts_violations:
                    bad |= rule.expr.names
        return cls(parts_of(pack), due, frozenset(bad))


# -- one commune ----------------------------------------------------------------------------------


def _generate(pack: LoadedPack, shape: _PackShape, index: int, seed: int) -> Evidence:
    rng = random.Random(f"parscore-synth:{seed}:{index}")
    meta = pack.model.pack
    year = meta.year
    quality = rng.betavariate(6, 2)  # mean 0.75: most communes are fair to good
    name = commune_name(index)
    metrics: dict[str, Value] = {}
    inputs = pack.model.inputs
    order = [n for n in inputs if n not in shape.part_of] + [
        n for n in inputs if n in shape.part_of
    ]
    for input_name in order:
        spec = pack.input_spec(input_name) or inputs[input_name]
        if rng.random() < MISSING_RATE:
            continue
        whole = shape.part_of.get(input_name)
        if whole is not None:
            if whole not in metrics:
                continue
            value = _part(rng, spec, metrics[whole], quality)
        else:
            value = _value(rng, spec, input_name, shape, quality, year)
        metrics[input_name] = value
    metrics = {n: metrics[n] for n in inputs if n in metrics}  # the pack's order
    documents: list[Document] = []
    not_applicable: dict[str, str] = {}
    for code, leaf in pack.leaves.items():
        c = leaf.criterion
        if c.na_allowed and rng.random() < NA_RATE:
            not_applicable[code] = "Không phát sinh trong năm (dữ liệu tổng hợp)"
            continue
        for req in c.evidence:
            if rng.random() < 0.55 + 0.4 * quality:
                n = len(documents) + 1
                documents.append(
                    Document(
                        id=f"tl-{n:03d}",
                        kind=req.kind,
                        title=f"{req.title} (tài liệu tổng hợp)",
                        number=f"{n}/BC-UBND",
                        issued=_day(rng, year, quality),
                        issuer=f"UBND {name}",
                        supports=[code],
                    )
                )
    return Evidence(
        commune=name,
        province=meta.province,
        year=year,
        pack=meta.id,
        as_of=dt.date(year, 10, 31),
        synthetic=SYNTHETIC_NOTE.format(seed=seed),
        metrics=metrics,
        documents=documents,
        not_applicable=not_applicable,
    )


def _value(
    rng: random.Random, spec: InputSpec, name: str, shape: _PackShape, q: float, year: int
) -> Value:
    value = _raw_value(rng, spec, name, shape, q, year)
    if spec.step is not None and isinstance(value, Decimal):
        value = _snap(value, spec)
    return value


def _snap(value: Decimal, spec: InputSpec) -> Decimal:
    """The grid value nearest below ``value`` (``min + k·step``), kept within the bounds."""
    assert spec.step is not None
    near = grid_neighbours(spec, value)
    if near is None:
        return value
    lo, hi = _bounds(spec)
    low, high = near
    return low if lo is None or low >= lo else _fit(high, lo, hi)


def _raw_value(
    rng: random.Random, spec: InputSpec, name: str, shape: _PackShape, q: float, year: int
) -> Value:
    kind = spec.type
    if kind == "choice":
        keys = list(spec.options or {})
        # options are usually listed best first: better communes pick earlier ones more often
        index = min(len(keys) - 1, int(rng.random() * (1.5 - q) * len(keys)))
        return keys[index]
    if kind == "bool":
        return rng.random() < 0.55 + 0.4 * q
    if kind == "date":
        due = shape.due.get(name)
        if due is None:
            return _day(rng, year, q)
        offset = round(rng.gauss(-25 + 60 * (1 - q), 20))
        return _clamp_date(due + dt.timedelta(days=offset), year)
    lo, hi = _bounds(spec)
    if kind == "percent":
        raw = 55 + 45 * q + rng.gauss(0, 8)
        if rng.random() < q * 0.6:
            raw = float(hi if hi is not None else 100)  # good communes often reach the ceiling
        return _fit(Decimal(round(raw * 10)).scaleb(-1), lo, hi)
    if kind == "count":
        if hi is not None:
            share = min(1.0, max(0.0, q + rng.gauss(0, 0.2)))
            return _fit(Decimal(round(float(hi) * share)), lo, hi, whole=True)
        if name in shape.bad:
            mean = 2.5 * (1 - q)
        elif name in shape.part_of.values():
            mean = math.exp(rng.gauss(4.5, 1.2))  # totals: tens to thousands
        else:
            mean = 4 * q
        return _fit(Decimal(_poisson(rng, mean)), lo, hi, whole=True)
    # number
    bad = name in shape.bad
    raw = rng.expovariate(1.0) * 3 * (1 - q) if bad else math.exp(rng.gauss(4, 1.5))
    return _fit(Decimal(round(raw * 10)).scaleb(-1), lo, hi)


def _part(rng: random.Random, spec: InputSpec, whole: Any, q: float) -> Value:
    """A part of ``whole`` (done of planned, on time of received…): mostly close to all of it."""
    total = Decimal(whole)
    miss = (1 - q) ** 1.5 * rng.uniform(0, 0.12) if rng.random() < 0.85 else rng.uniform(0, 0.3)
    value = total * Decimal(1 - miss)
    lo, hi = _bounds(spec)
    whole_number = spec.type == "count"
    value = value.to_integral_value() if whole_number else value.quantize(Decimal("0.1"))
    hi = min(hi, total) if hi is not None else total
    return _fit(value, lo, hi, whole=whole_number)


def _bounds(spec: InputSpec) -> tuple[Decimal | None, Decimal | None]:
    lo = spec.min
    hi = spec.max
    if spec.type in ("count", "percent") and lo is None:
        lo = Decimal(0)
    if spec.type == "percent" and hi is None:
        hi = Decimal(100)
    return lo, hi


def _fit(value: Decimal, lo: Decimal | None, hi: Decimal | None, *, whole: bool = False) -> Decimal:
    if lo is not None and value < lo:
        value = lo.to_integral_value(rounding="ROUND_CEILING") if whole else lo
    if hi is not None and value > hi:
        value = hi.to_integral_value(rounding="ROUND_FLOOR") if whole else hi
    return value


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:  # normal approximation for large means
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _day(rng: random.Random, year: int, q: float) -> dt.date:
    """A day of the year; better communes act earlier."""
    start = dt.date(year, 1, 1)
    days = (dt.date(year, 12, 31) - start).days
    center = days * (0.75 - 0.4 * q)
    offset = round(min(max(rng.gauss(center, days * 0.15), 0), days))
    return start + dt.timedelta(days=offset)


def _clamp_date(day: dt.date, year: int) -> dt.date:
    return min(max(day, dt.date(year, 1, 1)), dt.date(year, 12, 31))
