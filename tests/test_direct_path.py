"""The direct path (generated code per leaf and per pack) gives exactly what the general path
gives: every leaf's outcome and points, every total, every record and its words, on every bundled
pack, for random evidence with edge values (0, the inputs' bounds, each rule's thresholds and
deadlines exactly and just beside them, missing inputs, values of the wrong type, leaves declared
not applicable). Seeded: the same communes on every run."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import decimal
import gc
import pickle
import random
import weakref
from decimal import Decimal
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest

from parscore import leaf_records, totals
from parscore.compiled import CompiledRule, LoadedPack
from parscore.environment import build_env
from parscore.expr import decimal_context
from parscore.kinds import kind_named
from parscore.leaf_direct import MISSING, NA, SLOW, leaf_direct, value_types
from parscore.leaf_plans import decide_leaf
from parscore.loader import LoadedEvidence, load_pack
from parscore.model.evidence import Evidence
from parscore.pack_direct import pack_direct
from parscore.scoring import score
from parscore.totals import score_totals

from .conftest import DATA, ROOT

PACKS = [
    *sorted((ROOT / "rules").glob("*.yaml")),
    DATA / "danh-hieu" / "danh-hieu-2025.yaml",
    DATA / "sample-pack.yaml",
    DATA / "sample-pack-2026.yaml",
    DATA / "minutes" / "pack.yaml",  # bonus and penalty
    DATA / "staged" / "pack.yaml",
]
COMMUNES = 30
STEP = Decimal("0.01")


def _numbers(rule: CompiledRule) -> set[Decimal]:
    """Numbers the rule compares with: its kind's thresholds and its expressions' literals."""
    out = set(kind_named(rule.kind).numbers(rule.model))
    if rule.expr is not None:
        out |= {
            n.value
            for n in ast.walk(rule.expr.tree)
            if isinstance(n, ast.Constant) and type(n.value) is Decimal
        }
    for alt in rule.alternatives:
        out |= _numbers(alt)
    return out


def _dates(rule: CompiledRule) -> set[dt.date]:
    due = kind_named(rule.kind).due(rule.model)
    out = {due} if due is not None else set()
    for alt in rule.alternatives:
        out |= _dates(alt)
    return out


class _Values:
    """Edge values for each input of a pack."""

    def __init__(self, pack: LoadedPack) -> None:
        self.pack = pack
        numbers: set[Decimal] = {Decimal(0), Decimal(1), Decimal(100)}
        dates: set[dt.date] = {dt.date(pack.model.pack.year, 12, 31)}
        for leaf in pack.leaves.values():
            numbers |= _numbers(leaf.rule)
            dates |= _dates(leaf.rule)
        self.numbers = sorted(numbers | {n + STEP for n in numbers} | {n - STEP for n in numbers})
        self.dates = sorted(dates | {d + dt.timedelta(days=k) for d in dates for k in (-1, 1)})

    def value(self, name: str, rnd: random.Random) -> Any:
        spec = self.pack.model.inputs[name]
        roll = rnd.random()
        if roll < 0.006:  # a value of another type: the general path decides (or errs)
            return rnd.choice([True, Decimal(3), dt.date(2025, 6, 1), "x"])
        if spec.type == "bool":
            return rnd.random() < 0.6
        if spec.type == "date":
            return rnd.choice(self.dates)
        if spec.type == "choice":
            return rnd.choice(sorted(spec.options or {}))
        bounds = [b for b in (spec.min, spec.max) if b is not None]
        choices = [*self.numbers, *bounds]
        if roll < 0.15:
            return Decimal(rnd.randint(0, 4000)) / (1 if spec.type == "count" else 7)
        value = rnd.choice(choices)
        return value.to_integral_value() if spec.type == "count" else value

    def evidence(self, rnd: random.Random) -> LoadedEvidence:
        metrics = {
            name: self.value(name, rnd) for name in self.pack.model.inputs if rnd.random() < 0.85
        }
        declared = {}
        for code, leaf in self.pack.leaves.items():  # only some leaves may be (the loader checks)
            if rnd.random() < (0.3 if leaf.criterion.na_allowed else 0.01):
                declared[code if rnd.random() < 0.5 else leaf.criterion.key] = "không có"
        adjustments = {
            code: "có" for code in self.pack.model.adjustments.codes() if rnd.random() < 0.3
        }
        goal = {"total": rnd.choice(["50", "90", "100"])} if rnd.random() < 0.3 else None
        model = Evidence(
            commune="X",
            year=self.pack.model.pack.year,
            not_applicable=declared,
            adjustments=adjustments,
            goal=goal,
        )
        return LoadedEvidence(model, metrics)


def _communes(path: Path) -> tuple[LoadedPack, list[LoadedEvidence]]:
    pack = load_pack(path)
    values = _Values(pack)
    rnd = random.Random(f"{path.name}-2025")
    return pack, [values.evidence(rnd) for _ in range(COMMUNES)]


def _general_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """score() and score_totals() without the direct path (the reference)."""
    monkeypatch.setattr(totals, "pack_direct", lambda pack: None)
    monkeypatch.setattr(totals, "_PREPARED", WeakKeyDictionary())
    monkeypatch.setattr(totals, "_LAST", (lambda: None, None))
    monkeypatch.setattr(leaf_records, "leaf_direct", lambda pack, leaf: None)
    monkeypatch.setattr(leaf_records, "_SHAPES", WeakKeyDictionary())


def _exact(value: Any) -> Any:
    """A value with a decimal's exponent kept (1.0 is not 1 here)."""
    return (type(value), str(value)) if isinstance(value, Decimal) else value


def exact(value: Any) -> Any:
    """A result or record, field by field, decimals with their exponent (words written)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value) if f.name != "_index"]
        return (type(value).__name__, [(n, exact(getattr(value, n))) for n in names])
    if isinstance(value, (tuple, list)):
        return [exact(v) for v in value]
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    return _exact(value)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_every_leaf_decided_the_same(path: Path) -> None:
    pack, communes = _communes(path)
    types = value_types(pack)
    compared = 0
    for evidence in communes:
        env = build_env(pack, evidence.metrics)
        declared = evidence.model.not_applicable
        with decimal_context():
            for code, leaf in pack.leaves.items():
                direct = leaf_direct(pack, leaf)
                if direct is None or code in declared or leaf.criterion.key in declared:
                    continue
                state, detail = decide_leaf(leaf, env, evidence.model)
                found = direct(env.get)
                if found is SLOW:  # an error, or a value not of its declared type
                    assert state == "error" or any(
                        type(env[n]) is not types[n] for n in leaf.names if n in env
                    ), (code, state)
                    continue
                compared += 1
                if found is MISSING:
                    assert state == "missing", code
                elif found is NA:
                    assert state == "na", code
                else:
                    assert state == "scored", (code, state, detail)
                    assert _exact(found) == _exact(detail.points), code  # type: ignore[union-attr]
    assert compared > 0


def _record(value: Any) -> Any:
    """Every attribute of a totals record, decimals with their exponent."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # FieldTotal
        return [type(value), *(_record(v) for v in value)]
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return [type(value), *((k, _record(v)) for k, v in sorted(vars(value).items()))]
    if isinstance(value, (tuple, list)):
        return [_record(v) for v in value]
    if isinstance(value, dict):
        return [(k, _record(v)) for k, v in value.items()]
    return _exact(value)


def _totals_key(t: Any) -> Any:
    total = t.total
    return (
        [_exact(getattr(total, f)) for f in ("points", "applicable_max", "score_exact", "score")],
        total.band,
        [(f.code, _exact(f.points), _exact(f.applicable_max)) for f in t.fields],
        list(t.warnings),
        _record(t),  # and everything else, to the exponent
    )


def _goal(i: int) -> Decimal | None:
    """The goal given to score_totals for the i-th commune (None: the evidence's or the pack's)."""
    return Decimal("85.5") if i % 7 == 3 else None


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_totals_and_records_the_same_as_the_general_path(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack, communes = _communes(path)
    fast_totals = [_totals_key(score_totals(pack, e)) for e in communes]
    fast_goals = [_totals_key(score_totals(pack, e, goal=_goal(i))) for i, e in enumerate(communes)]
    fast_results = [score(pack, e) for e in communes]
    for result, expected in zip(fast_results, fast_totals, strict=True):
        assert "criteria" not in result.__dict__  # no record made until read
        total = result.total
        assert [
            _exact(getattr(total, f)) for f in ("points", "applicable_max", "score_exact", "score")
        ] == expected[0]
        assert [(n.code, _exact(n.points), _exact(n.applicable_max)) for n in result.criteria] == (
            expected[2]
        )
    assert pack_direct(pack) is not None or path.stem.startswith("danh-hieu")
    _general_only(monkeypatch)
    slow_totals = [_totals_key(score_totals(pack, e)) for e in communes]
    slow_goals = [_totals_key(score_totals(pack, e, goal=_goal(i))) for i, e in enumerate(communes)]
    slow_results = [score(pack, e) for e in communes]
    assert all(s.direct is None for s in leaf_records.shapes(pack).values())
    assert all(
        type(o) is tuple for r in slow_results for o in r.__dict__["_later"].outcomes
    )  # the reference: every leaf decided by the general path
    assert fast_totals == slow_totals
    assert fast_goals == slow_goals
    for fast, slow in zip(fast_results, slow_results, strict=True):
        assert fast.to_dict() == slow.to_dict()  # every number, rule trace and explanation
        assert exact(fast) == exact(slow)  # every record, field by field, to the exponent
        for a, b in zip(fast.leaves(), slow.leaves(), strict=True):
            assert (_exact(a.points), _exact(a.computed), a.status) == (
                _exact(b.points),
                _exact(b.computed),
                b.status,
            )


NATIVE_TYPES = {"a": Decimal, "b": Decimal, "ok": bool, "day": dt.date, "kind": str}


@pytest.mark.parametrize(
    "text",
    [
        "a + b * 2 - 1 / 3",
        "ratio(a, b) * 100",
        "ratio(a, b - 1)",
        "min(a, b, 7) if ok else max(a, 1)",
        "-a % 7 + +b ** 2",
        "a >= 3 and b < 2 or not ok",
        "kind == 'x' or kind in ('y', 'z')",
        "day <= day",
        "clamp(a, 0, 10) + abs(b) + round(a / 3, 2)",
    ],
)
def test_native_expressions_give_what_evaluate_gives(text: str) -> None:
    from parscore.expr import compile_expression, evaluate
    from parscore.expr_native import Namespace, native

    expr = compile_expression(text, NATIVE_TYPES)
    ns = Namespace({})
    found = native(expr, lambda name: f"env[{ns.const(name)}]", NATIVE_TYPES, ns)
    assert found is not None
    fn = eval(compile(f"lambda env: {found[0]}", text, "eval"), ns.values)  # test only
    rnd = random.Random(text)
    for _ in range(200):
        env = {
            "a": Decimal(rnd.randint(-50, 50)) / 4,
            "b": Decimal(rnd.randint(0, 9)),
            "ok": rnd.random() < 0.5,
            "day": dt.date(2025, 1, rnd.randint(1, 31)),
            "kind": rnd.choice("xyzw"),
        }
        with decimal_context():
            try:
                expected = evaluate(expr, env)
            except Exception:  # the direct path leaves errors to the general path
                continue
            got = fn(env)
        assert _exact(got) == _exact(expected) and type(got) is found[1], (text, env)


@pytest.mark.parametrize(
    "text",
    ["day - day", "kind", "a + ok", "ok if a else b", "min(a, day)", "round(a) + ok"],
)
def test_native_has_no_form_where_types_differ(text: str) -> None:
    from parscore.expr import compile_expression
    from parscore.expr_native import Namespace, native

    expr = compile_expression(text, NATIVE_TYPES)
    assert native(expr, lambda name: name, NATIVE_TYPES, Namespace({})) is None


FIELD_LEAF = """
pack: { id: t/xa/2025, title: T, province: T, level: xa, year: 2025, status: provisional,
        total: 3.5, bands: [ { min: 50, label: Đạt }, { min: 0, label: Chưa đạt } ] }
inputs:
  has_units: { label: Có đơn vị, type: bool }
  units: { label: Số đơn vị, type: count }
  rate: { label: Tỷ lệ, type: percent }
criteria:
  - { code: "1", title: Một, max: 1.50, applies_if: has_units, score: { count: { of: units, each: 0.5 } } }
  - code: "2"
    title: Hai
    max: 2
    children:
      - { code: "2.1", title: A, max: 1, score: { linear: { of: rate, from: 50, to: 80 } } }
      - { code: "2.2", title: B, max: 1, score: { check: has_units } }
"""


def test_a_field_that_is_a_leaf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field scored itself (no children) is returned as the general path returns it."""
    from parscore.loader import pack_from_text

    pack = pack_from_text(FIELD_LEAF)
    assert pack_direct(pack) is not None
    rnd = random.Random(5)
    communes = []
    for _ in range(60):
        metrics: dict[str, Any] = {}
        if rnd.random() < 0.8:
            metrics["has_units"] = rnd.random() < 0.7
        if rnd.random() < 0.8:
            metrics["units"] = Decimal(rnd.randint(0, 4))
        if rnd.random() < 0.8:
            metrics["rate"] = Decimal(rnd.randint(0, 1000)) / 10
        declared = {code: "x" for code in ("1", "2.1", "2.2") if rnd.random() < 0.15}
        communes.append(LoadedEvidence(Evidence(commune="X", not_applicable=declared), metrics))
    fast = [_totals_key(score_totals(pack, e)) for e in communes]
    _general_only(monkeypatch)
    assert fast == [_totals_key(score_totals(pack, e)) for e in communes]


HOSTILE = decimal.Context(
    prec=3,
    rounding=decimal.ROUND_FLOOR,
    Emax=4,
    Emin=-4,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.DivisionByZero],
)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_totals_do_not_depend_on_the_callers_decimal_context(path: Path) -> None:
    """Any context the caller has (few digits, rounding down, every signal trapped) gives the same
    totals, to the exponent, by either path, and is the caller's context again afterwards."""
    pack, communes = _communes(path)
    staged = [
        LoadedEvidence(e.model.model_copy(update={"claims": {code: Decimal(0)}}), e.metrics)
        for e, code in zip(communes, pack.leaves, strict=False)
    ]
    calls = (
        [(e, False) for e in communes]
        + [(e, True) for e in communes]
        + [(e, False) for e in staged]
    )
    expected = [_totals_key(score_totals(pack, e, strict_evidence=s)) for e, s in calls]
    with decimal.localcontext(HOSTILE) as hostile:
        found = [_totals_key(score_totals(pack, e, strict_evidence=s)) for e, s in calls]
        assert decimal.getcontext() is hostile
        assert (hostile.prec, hostile.rounding, hostile.Emax) == (3, decimal.ROUND_FLOOR, 4)
        assert not any(hostile.flags.values())  # nothing was computed in it
    assert found == expected


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_the_direct_path_scores_most_communes(path: Path) -> None:
    """The comparisons above go through the direct path (it is not left for the general one),
    declared not applicable leaves included; a leaf that may not be declared so goes to the
    general path."""
    pack, communes = _communes(path)
    direct = pack_direct(pack)
    if direct is None:
        assert path.stem.startswith("danh-hieu")
        return
    allowed = {
        name
        for leaf in pack.leaves.values()
        if leaf.criterion.na_allowed
        for name in (leaf.criterion.code, leaf.criterion.key)
    }
    with decimal_context():
        taken = [direct(e.metrics.get, e.model.not_applicable) is not None for e in communes]
        for e in communes:
            if not set(e.model.not_applicable) <= allowed:
                assert direct(e.metrics.get, e.model.not_applicable) is None
    assert sum(taken) >= len(communes) // 4
    if allowed:
        assert any(t and e.model.not_applicable for t, e in zip(taken, communes, strict=True))


def test_totals_records_pickle_and_keep_no_pack() -> None:
    """A batch worker sends its totals to the main process: they pickle; and the caches the
    direct path keeps for a pack let the pack go once nobody uses it."""
    from parscore.field_total import FieldTotal
    from parscore.loader import pack_from_text

    pack = pack_from_text(FIELD_LEAF)
    evidence = LoadedEvidence(
        Evidence(commune="X", goal={"total": 60}), {"has_units": True, "units": Decimal(3)}
    )
    found = score_totals(pack, evidence)
    assert all(type(f) is FieldTotal for f in found.fields) and totals.FieldTotal is FieldTotal
    again = pickle.loads(pickle.dumps(found))
    assert _record(again) == _record(found) and again == found
    assert again.fields[1].official_points == found.fields[1].points
    gone = weakref.ref(pack)
    del pack
    gc.collect()
    assert gone() is None
