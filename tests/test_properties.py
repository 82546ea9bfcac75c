"""Properties that hold for any input: bounds, monotonicity, sums, and only documented errors."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.errors import ParscoreError
from parscore.loader import LoadedEvidence, load_pack, pack_from_text
from parscore.model.evidence import Evidence
from parscore.scoring import score

from .conftest import SAMPLE_PACK

PACK = load_pack(SAMPLE_PACK)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

percent = st.decimals(min_value=0, max_value=100, places=2)
count = st.integers(min_value=0, max_value=2000).map(Decimal)
dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31))

metrics_strategy = st.fixed_dictionaries(
    {},
    optional={
        "dossiers_received": count,
        "dossiers_on_time": count,
        "initiatives": st.integers(0, 10).map(Decimal),
        "cchc_plan_issued": dates,
        "plan_done": st.booleans(),
        "violations": st.integers(0, 10).map(Decimal),
        "online_rate": percent,
        "complaints_days": st.decimals(min_value=0, max_value=60, places=1),
        "has_public_units": st.booleans(),
        "units_self_funded": st.integers(0, 5).map(Decimal),
        "digitized_rate": percent,
        "reuse_rate": percent,
        "sipas": percent,
        "budget_ratio": percent,
    },
)

HIGHER_IS_BETTER = [
    "dossiers_on_time", "initiatives", "online_rate", "digitized_rate", "reuse_rate", "sipas",
    "budget_ratio", "units_self_funded",
]  # fmt: skip
LOWER_IS_BETTER = ["violations", "complaints_days"]


def _score(metrics: dict[str, Any], strict: bool = False) -> Any:
    return score(PACK, LoadedEvidence(Evidence(commune="P"), metrics), strict_evidence=strict)


@SETTINGS
@given(metrics_strategy, st.booleans())
def test_score_is_within_scale_and_total_is_sum_of_leaves(
    metrics: dict[str, Any], strict: bool
) -> None:
    result = _score(metrics, strict)
    assert 0 <= result.total.score <= 100
    leaves = list(result.leaves())
    assert result.total.points == sum((leaf.points for leaf in leaves), Decimal(0))
    assert result.total.applicable_max == sum((leaf.applicable_max for leaf in leaves), Decimal(0))
    for leaf in leaves:
        assert 0 <= leaf.points <= leaf.applicable_max


@SETTINGS
@given(metrics_strategy, st.sampled_from(HIGHER_IS_BETTER + LOWER_IS_BETTER), st.integers(1, 50))
def test_improving_an_input_never_lowers_a_leaf_or_the_total(
    metrics: dict[str, Any], name: str, step: int
) -> None:
    base = dict(metrics)
    base.setdefault(name, Decimal(0) if name in HIGHER_IS_BETTER else Decimal(40))
    better = dict(base)
    better[name] = (
        base[name] + step if name in HIGHER_IS_BETTER else max(Decimal(0), base[name] - step)
    )
    if name.endswith("_rate") or name in ("sipas", "budget_ratio"):
        better[name] = min(better[name], Decimal(100))
    before, after = _score(base), _score(better)
    assert after.total.points >= before.total.points
    for old, new in zip(before.leaves(), after.leaves(), strict=True):
        assert new.points >= old.points, (old.code, old.rule, new.rule)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_documented_errors(text: str) -> None:
    try:
        pack_from_text(text)
    except ParscoreError as exc:
        assert exc.issues and all(i.code.startswith("PS") for i in exc.issues)


_SAMPLE_DATA = yaml.safe_load(SAMPLE_PACK.read_text(encoding="utf-8"))
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 500), st.text(max_size=12),
    st.just([]), st.just({}), st.just("a ** b"), st.just("9**9**9**9"),
)  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


_ALL_PATHS = _paths(_SAMPLE_DATA)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(_ALL_PATHS) - 1), _scalars, st.integers(0, 2**32))
def test_mutated_packs_raise_only_documented_errors(index: int, value: Any, seed: int) -> None:
    data = yaml.safe_load(SAMPLE_PACK.read_text(encoding="utf-8"))
    path = _ALL_PATHS[index]
    node = data
    for part in path[:-1]:
        node = node[part]
    if random.Random(seed).random() < 0.2 and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = value
    try:
        pack: LoadedPack = pack_from_text(yaml.safe_dump(data, allow_unicode=True))
    except ParscoreError as exc:
        assert exc.issues and all(i.line is not None or i.code in ("PS107",) for i in exc.issues)
        return
    _score({})  # a pack that loads still scores
    assert pack.model.pack.total >= 0
