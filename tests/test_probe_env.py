"""A planner probe's environment under a change is exactly what ``build_env`` gives."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.environment import build_env
from parscore.expr import Value
from parscore.loader import load_evidence, load_pack
from parscore.planning.search import Probe

from .test_planner import make_pack

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    ("rules/2025.yaml", "evidence/dan-tien-2025.yaml"),
    ("tests/data/sample-pack.yaml", "tests/data/sample-commune.yaml"),
]


def _tries(value: Value | None, kind: str, options: list[str]) -> list[Value]:
    if kind == "bool":
        return [True, False]
    if kind == "date":
        return [dt.date(2025, 1, 1), dt.date(2026, 3, 31)]
    if kind == "choice":
        return list(options)
    base = value if isinstance(value, Decimal) else Decimal(0)
    return [Decimal(0), base + 1, base * 2, Decimal("0.5"), Decimal(100000)]


@pytest.mark.parametrize(("pack_file", "evidence_file"), CASES)
def test_changed_env_is_build_env(pack_file: str, evidence_file: str) -> None:
    pack = load_pack(ROOT / pack_file)
    evidence, _ = load_evidence(ROOT / evidence_file, pack)
    probe = Probe(pack, next(iter(pack.leaves.values())), evidence.metrics, None)
    names = list(pack.model.inputs)
    rng = random.Random(16)
    checked = 0
    for _ in range(300):
        changes: dict[str, Value] = {}
        for name in rng.sample(names, rng.choice((1, 1, 2, 3))):
            spec = pack.model.inputs[name]
            options = list(spec.options or {})
            changes[name] = rng.choice(_tries(probe.env.get(name), spec.type, options))
        expected = build_env(pack, {**evidence.metrics, **changes})
        assert probe.changed_env(changes) == expected
        checked += 1
    assert checked == 300
    assert pack.derived  # the derived values are what is being checked


def test_changed_env_of_a_missing_input_adds_its_derived_values() -> None:
    pack = load_pack(ROOT / "rules/2025.yaml")
    evidence, _ = load_evidence(ROOT / "evidence/dan-tien-2025.yaml", pack)
    name, expr = pack.derived[0]
    metrics = {k: v for k, v in evidence.metrics.items() if k not in expr.names}
    probe = Probe(pack, next(iter(pack.leaves.values())), metrics, None)
    assert name not in probe.env
    changes: dict[str, Value] = {n: Decimal(5) for n in expr.names if n in pack.model.inputs}
    assert probe.changed_env(changes) == build_env(pack, {**metrics, **changes})


def test_changed_env_follows_derived_values_of_derived_values() -> None:
    pack = make_pack(
        """\
  done: { label: Đã xong, type: count }
  total: { label: Tổng, type: count }
  other: { label: Khác, type: count }""",
        [("1.1", "1", "score: { tiers: { of: late, steps: [ { min: 90, points: 1 } ] } }")],
        derived="  rate: ratio(done, total) * 100\n  late: 100 - rate\n  spare: other * 2",
    )
    metrics: dict[str, Value] = {"done": Decimal(5), "total": Decimal(10), "other": Decimal(1)}
    probe = Probe(pack, pack.leaves["1.1"], metrics, None)
    for changes in ({"done": Decimal(1)}, {"total": Decimal(0)}, {"other": Decimal(3)}):
        env = probe.changed_env(changes)
        assert env == build_env(pack, {**metrics, **changes})
    assert probe.changed_env({"done": Decimal(1)})["late"] == Decimal(90)
