"""A planner probe's points (its leaf's direct path, remembered per change) are exactly what the
general path gives: ``rule_ready`` and ``rule_points`` on ``build_env`` of the changed metrics,
None when the rule is not ready or cannot be evaluated, the same exception otherwise. On every
leaf of every bundled pack, with random communes and random changes (edge values, values of
another type). Seeded: the same changes on every run."""

from __future__ import annotations

import random
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from parscore.compiled import CompiledLeaf, LoadedPack
from parscore.environment import build_env
from parscore.expr import EvalError, Value, decimal_context
from parscore.kinds import apply_rule, rule_points, rule_ready
from parscore.planning import search
from parscore.planning.levers import lever_set
from parscore.planning.search import Probe, probe_direct
from parscore.wording import Wording

from .test_direct_path import PACKS, _communes, _exact, _Values
from .test_planner import make_pack

COMMUNES = 4
CHANGES = 6  # per leaf and commune


def _reference(leaf: CompiledLeaf, env: dict[str, Value]) -> Any:
    """What ``Probe.points`` gave before the direct path: the general path alone."""
    if not rule_ready(leaf.rule, env):
        return None
    try:
        with decimal_context():
            return rule_points(leaf.rule, leaf.criterion.max, env).points
    except EvalError:
        return None


def _outcome(call: Any) -> Any:
    try:
        return "value", _exact(call())
    except Exception as exc:  # another error: the same kind as the general path's
        return "raised", type(exc).__name__


def _changes(pack: LoadedPack, leaf: CompiledLeaf, values: _Values, rnd: random.Random) -> dict:
    names = [n for n in leaf.names if n in pack.model.inputs] or list(pack.model.inputs)
    if rnd.random() < 0.2:  # an input the rule does not read, now and then
        names = list(pack.model.inputs)
    picked = rnd.sample(names, min(len(names), rnd.choice((1, 1, 2))))
    return {name: values.value(name, rnd) for name in picked}


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_probe_points_are_the_general_paths(path: Path) -> None:
    pack, communes = _communes(path)
    values = _Values(pack)
    rnd = random.Random(f"{path.name}-probe")
    by_direct = 0
    compared = 0
    for evidence in communes[:COMMUNES]:
        for leaf in pack.leaves.values():
            probe = Probe(pack, leaf, evidence.metrics, None)
            for _ in range(CHANGES):
                changes = _changes(pack, leaf, values, rnd)
                env = build_env(pack, {**evidence.metrics, **changes})
                expected = _outcome(partial(_reference, leaf, env))
                assert _outcome(partial(probe.points, changes)) == expected, leaf.criterion.code
                again = _outcome(partial(probe.points, dict(changes)))  # remembered
                assert again == expected, (leaf.criterion.code, changes)
                compared += 1
            by_direct += probe_direct(pack, leaf) is not None
    assert compared > 0
    assert by_direct > 0  # the direct path was what was checked, not only the general one


def test_a_leaf_with_applies_if_takes_the_general_path() -> None:
    pack = make_pack(
        "  done: { label: Đã xong, type: count }\n  has: { label: Có, type: bool }",
        [("1.1", "2", "applies_if: has\nscore: { linear: { of: done, from: 0, to: 4 } }")],
    )
    leaf = pack.leaves["1.1"]
    assert probe_direct(pack, leaf) is None
    probe = Probe(pack, leaf, {"done": Decimal(1), "has": False}, None)
    assert probe.points({"done": Decimal(2)}) == Decimal(1)  # the rule alone: applies_if aside


def test_remembered_points_keep_the_changes_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    """1 and 1.000 are the same key to a dict, not to the probe: their points differ in digits."""
    pack = make_pack(
        "  done: { label: Đã xong, type: number }",
        [("1.1", "2", "score: { linear: { of: done, from: 0, to: 4 } }")],
    )
    leaf = pack.leaves["1.1"]
    for direct in (True, False):
        if not direct:
            monkeypatch.setattr(search, "probe_direct", lambda pack, leaf: None)
        probe = Probe(pack, leaf, {"done": Decimal(0)}, None)
        whole = probe.points({"done": Decimal("1")})
        finer = probe.points({"done": Decimal("1.000")})
        assert whole == finer
        assert (str(whole), str(finer)) == ("0.50", "0.500")
        assert probe.points({"done": Decimal("1")}) is whole


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("bounded", [True, False])
def test_the_search_finds_the_first_index_that_holds(sign: int, bounded: bool) -> None:
    """``_first_true`` answers what walking from ``start`` one index at a time answers, for a
    predicate that stays true once it holds; an unbounded search that can never succeed gives
    up after its first probes (the start, then the far end), not after doubling 48 times."""
    rng = random.Random(16)
    for _ in range(300):
        start = rng.randint(-50, 50)
        stop = start + sign * rng.randint(0, 60) if bounded else None
        holds = start + sign * rng.choice([0, 1, 2, rng.randint(0, 80), 10**9, 2**60])

        calls: list[int] = []

        def pred(k: int, holds: int = holds, calls: list[int] = calls) -> bool:
            calls.append(k)
            return (k - holds) * sign >= 0

        found = search._first_true(pred, start, stop, sign)
        reachable = stop is None or (stop - holds) * sign >= 0
        far = (2 ** (search.EXPONENTIAL_STEPS - 1)) * sign + start
        if stop is None and (far - holds) * sign < 0:
            reachable = False
        assert found == (holds if reachable else None), (start, stop, holds)
        if not reachable and stop is None:
            assert len(calls) == 2


@pytest.mark.parametrize("sign", [1, -1])
@pytest.mark.parametrize("bounded", [True, False])
def test_seeds_change_the_probes_never_the_index_found(sign: int, bounded: bool) -> None:
    """Indices tried first (a rule's thresholds, see ``Probe.seeds``), wherever they lie (at the
    answer, next to it, far off, outside the range), give the same first index as halving."""
    rng = random.Random(1616)
    for _ in range(300):
        start = rng.randint(-50, 50)
        stop = start + sign * rng.randint(0, 60) if bounded else None
        holds = start + sign * rng.choice([0, 1, 2, rng.randint(0, 80), 10**9])
        seeds = sorted(
            {holds + rng.choice([-2, -1, 0, 1, 2]), *(rng.randint(-150, 150) for _ in range(4))}
        )

        def pred(k: int, holds: int = holds) -> bool:
            return (k - holds) * sign >= 0

        assert search._first_true(pred, start, stop, sign, seeds) == search._first_true(
            pred, start, stop, sign
        ), (start, stop, holds, seeds)


def test_a_level_reached_at_a_threshold_takes_a_few_probes() -> None:
    """``p >= 90`` from 50 on a 0.01 grid: the search tries the threshold's neighbours before it
    halves 5,000 grid steps (2 + 2 probes, where halving alone takes 2 + 13)."""
    pack = make_pack(
        "  p: { label: Tỷ lệ, type: percent }",
        [("1.1", "1", "score: { tiers: { of: p, steps: [ { min: 90, points: 1 } ] } }")],
    )
    leaf = pack.leaves["1.1"]
    probe = Probe(pack, leaf, {"p": Decimal(50)}, None)
    found = search.find_change(probe, Decimal(1), lever_set(pack, leaf))
    assert isinstance(found, search.Solution) and found.changes == {"p": Decimal(90)}
    assert probe.calls <= 4


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_a_rules_numbers_are_its_outcomes(path: Path) -> None:
    """A fix's description reads the points and the alternative that counted from the rule's
    numbers (``rule_points``), not from its words (``apply_rule``): they are the same, on every
    leaf of every bundled pack, with random communes and random changes."""
    pack, communes = _communes(path)
    values = _Values(pack)
    words = Wording(pack)
    rnd = random.Random(f"{path.name}-outcome")
    compared = 0
    for evidence in communes[:COMMUNES]:
        for leaf in pack.leaves.values():
            for _ in range(CHANGES):
                env = build_env(pack, {**evidence.metrics, **_changes(pack, leaf, values, rnd)})
                maximum = leaf.criterion.max
                if not rule_ready(leaf.rule, env):
                    continue
                try:
                    with decimal_context():
                        scored = rule_points(leaf.rule, maximum, env)
                except EvalError:
                    with pytest.raises(EvalError), decimal_context():
                        apply_rule(leaf.rule, maximum, env, words)
                    continue
                with decimal_context():
                    outcome = apply_rule(leaf.rule, maximum, env, words)
                assert (scored.points, scored.choice) == (outcome.points, outcome.choice)
                assert str(scored.points) == str(outcome.points), leaf.criterion.code
                compared += 1
    assert compared > 0
