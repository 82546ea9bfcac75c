"""A changed copy's numbers from :class:`LeafPoints` (only the leaves a change reaches decided again)
are exactly ``score()``'s of the changed copy, leaf by leaf and to the exponent, on seeded random
changes of seeded synthetic evidence for every bundled pack, strict or not."""

from __future__ import annotations

import datetime as dt
import decimal
import random
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.compiled import LoadedPack
from parscore.environment import build_env, env_with_changes
from parscore.evidence_yaml import dump_evidence
from parscore.expr import Value
from parscore.leaf_points import EXACT, LeafNumbers, LeafPoints
from parscore.loader import load_evidence, load_pack
from parscore.model.evidence import Document
from parscore.model.result import Result, Total
from parscore.scoring import score
from parscore.synthetic import synthetic_evidence

from .test_planner import commune, make_pack

ROOT = Path(__file__).resolve().parent.parent
PACKS = sorted((ROOT / "rules").glob("*.yaml"))
TRIES = 40


def _exact(a: object, b: object) -> bool:
    """Equal, and Decimals equal to the exponent."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.as_tuple() == b.as_tuple()
    return a == b


def _same_total(a: Total, b: Total) -> None:
    assert a.__dict__.keys() == b.__dict__.keys()
    for key, value in a.__dict__.items():
        assert _exact(value, b.__dict__[key]), key


def _numbers(result: Result) -> dict[str, LeafNumbers]:
    return {
        leaf.code: LeafNumbers(leaf.code, leaf.points, leaf.computed, leaf.applicable_max)
        for leaf in result.leaves()
    }


def _same_numbers(a: LeafNumbers, b: LeafNumbers) -> None:
    assert a.code == b.code
    for x, y in zip(a, b, strict=True):
        assert _exact(x, y), (a, b)


def _value(rng: random.Random, kind: str, options: list[str], now: Value | None) -> Value:
    if kind == "bool":
        return rng.choice((True, False))
    if kind == "date":
        return dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 500))
    if kind == "choice":
        return rng.choice(options)
    base = now if isinstance(now, Decimal) else Decimal(0)
    return rng.choice(
        (Decimal(0), base + 1, base * 2, Decimal("0.5"), Decimal("37.25"), Decimal(100000))
    )


def _documents(rng: random.Random, pack: LoadedPack) -> list[Document]:
    """Zero to two added documents, each supporting a random leaf (a kind it asks for)."""
    out = []
    for i, code in enumerate(rng.sample(list(pack.leaves), rng.choice((0, 0, 1, 2)))):
        wanted = pack.leaves[code].criterion.evidence
        kind = rng.choice(wanted).kind if wanted else None
        title = rng.choice(wanted).title if wanted else "Tài liệu"
        out.append(Document(id=f"them-{i}", title=title, kind=kind, supports=[code]))
    return out


def _check(base: LeafPoints, changes: dict[str, Value], docs: list[Document]) -> tuple[int, int]:
    """Compare one changed copy with ``score()``; (leaves decided again, leaves)."""
    pack, evidence = base.pack, base.evidence
    new = base.changed(changes, docs)
    changed = evidence.with_changes(metrics=changes, documents=docs)
    ref = score(pack, changed, strict_evidence=base.strict, goal=base.goal)
    expected = _numbers(ref)
    decided = {n.code: n for n in new.leaves}
    assert list(decided) == [c for c in expected if c in decided]  # in the pack's order
    for code, want in expected.items():
        _same_numbers(decided.get(code) or base.leaf(code), want)
    _same_total(new.total, ref.total)
    assert _exact(new.points, ref.total.points)
    assert _exact(new.applicable, ref.total.applicable_max)
    with decimal.localcontext(EXACT):
        dpoints = sum(
            (n.points - b.points for n, b in zip(ref.leaves(), _base_leaves(base), strict=True)),
            Decimal(0),
        )
    assert _exact(new.dpoints, dpoints)
    moved = tuple(c for c, n in expected.items() if n.points != base.leaf(c).points)
    assert new.changed_points(base) == moved
    return len(decided), len(expected)


def _base_leaves(base: LeafPoints) -> list[LeafNumbers]:
    return list(base.numbers)


@pytest.mark.parametrize("pack_file", PACKS, ids=lambda p: p.stem)
def test_changed_copies_score_as_score_does(pack_file: Path, tmp_path: Path) -> None:
    pack = load_pack(pack_file)
    names = list(pack.model.inputs)
    rng = random.Random(f"leaf-points-{pack_file.stem}")
    decided = total = 0
    for index in range(1, 4):
        path = tmp_path / f"xa-{index}.yaml"
        path.write_text(dump_evidence(synthetic_evidence(pack, index, 16)), encoding="utf-8")
        evidence, _ = load_evidence(path, pack)
        for strict in (False, True):
            goal = rng.choice((None, Decimal(80)))
            base = LeafPoints(pack, evidence, strict_evidence=strict, goal=goal)
            full = score(pack, evidence, strict_evidence=strict, goal=goal)
            for code, want in _numbers(full).items():
                _same_numbers(base.leaf(code), want)
            _same_total(base.changed({}).total, full.total)
            for _ in range(TRIES):  # changed inputs, added documents, or both
                changes: dict[str, Value] = {}
                for name in rng.sample(names, rng.choice((0, 1, 1, 2, 3))):
                    spec = pack.model.inputs[name]
                    options = list(spec.options or {})
                    changes[name] = _value(rng, spec.type, options, base.env.get(name))
                d, t = _check(base, changes, _documents(rng, pack))
                decided += d
                total += t
    assert decided < total / 3  # the point: most leaves are not decided again


def test_env_with_changes_names_every_value_that_moved() -> None:
    pack = load_pack(ROOT / "rules/2025.yaml")
    evidence, _ = load_evidence(ROOT / "evidence/dan-tien-2025.yaml", pack)
    env = build_env(pack, evidence.metrics)
    rng = random.Random(16)
    names = list(pack.model.inputs)
    for _ in range(200):
        changes: dict[str, Value] = {}
        for name in rng.sample(names, rng.choice((1, 2))):
            spec = pack.model.inputs[name]
            changes[name] = _value(rng, spec.type, list(spec.options or {}), env.get(name))
        new, reached = env_with_changes(pack, env, evidence.metrics, changes)
        assert new == build_env(pack, {**evidence.metrics, **changes})
        assert reached is not None
        moved = {n for n in new.keys() | env.keys() if not _exact(new.get(n), env.get(n))}
        assert moved <= reached
        assert set(changes) <= reached


def test_a_derived_value_in_the_metrics_evaluates_everything_again() -> None:
    pack = make_pack(
        "  done: { label: Đã xong, type: count }\n  total: { label: Tổng, type: count }",
        [
            ("1.1", "1", "score: { tiers: { of: rate, steps: [ { min: 50, points: 1 } ] } }"),
            ("1.2", "1", 'score: { check: "total >= 3" }'),
        ],
        derived="  rate: ratio(done, total) * 100",
    )
    metrics: dict[str, Value] = {"done": Decimal(1), "total": Decimal(4)}
    env = build_env(pack, metrics)
    assert env_with_changes(pack, env, metrics, {"rate": Decimal(60)})[1] is None
    base = LeafPoints(pack, commune({"done": Decimal(1), "total": Decimal(4)}))
    new = base.changed({"done": Decimal(3)})
    assert [n.code for n in new.leaves] == ["1.1"]  # 1.2 reads neither done nor rate
    assert new.leaves[0].points == 1
    assert new.dpoints == 1
    assert new.changed_points(base) == ("1.1",)


def test_documents_decide_again_the_leaves_they_support() -> None:
    pack = make_pack(
        "  done: { label: Đã xong, type: count }",
        [
            ("1.1", "2", 'score: { check: "done >= 1" }\nevidence: [{ title: Biên bản }]'),
            ("1.2", "1", 'score: { check: "done >= 2" }'),
        ],
    )
    evidence = commune({"done": Decimal(1)})
    doc = Document(id="bb", title="Biên bản", supports=["1.1"])
    strict = LeafPoints(pack, evidence, strict_evidence=True)
    assert strict.leaf("1.1").points == 0 and strict.leaf("1.1").computed == 2
    new = strict.changed({}, [doc])
    assert [n.code for n in new.leaves] == ["1.1"]
    assert new.leaves[0].points == 2
    assert new.dpoints == 2
    loose = LeafPoints(pack, evidence).changed({}, [doc])
    assert loose.leaves[0].points == 2
    assert loose.dpoints == 0
