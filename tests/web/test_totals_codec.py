"""The score cache stores totals as plain data: they read back exactly, and anything else
stored there is a cache miss (computed again), never code run nor an error shown."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.evidence_yaml import dump_evidence
from parscore.loader import evidence_from_data, load_evidence, load_pack
from parscore.model.result import PackInfo, ResultWarning, Total
from parscore.synthetic import synthetic_evidence
from parscore.totals import FieldTotal, Totals, score_totals
from parscore.web.models import Assessment, ScoreCache
from parscore.web.score_cache import _key, forget_memory, fresh_totals, totals_of
from parscore.web.totals_codec import decode, encode
from parscore.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
PACKS = sorted((ROOT / "rules").glob("*.yaml"))
EVIDENCE = sorted((ROOT / "evidence").glob("*.yaml"))


def _exact(a: Totals, b: Totals | None) -> bool:
    """Equal, with every decimal's exponent and the stages' order too."""
    return b is not None and a == b and repr(a) == repr(b) and list(a.stages) == list(b.stages)


@cache
def _pack(path: Path) -> LoadedPack:
    return load_pack(path)


@settings(max_examples=25, deadline=None)
@given(
    pack=st.sampled_from(PACKS),
    index=st.integers(0, 500),
    seed=st.integers(0, 2**16),
    strict=st.booleans(),
    goal=st.none() | st.decimals("0", "100", places=2),
)
def test_totals_of_every_bundled_pack_read_back_exactly(
    pack: Path, index: int, seed: int, strict: bool, goal: Decimal | None
) -> None:
    loaded = _pack(pack)
    model = synthetic_evidence(loaded, index, seed)
    evidence = evidence_from_data(parse_yaml(dump_evidence(model), "x.yaml"), loaded)
    totals = score_totals(loaded, evidence, strict_evidence=strict, goal=goal)
    assert _exact(totals, decode(encode(totals)))


@pytest.mark.parametrize("path", EVIDENCE, ids=lambda p: p.name)
def test_totals_of_the_bundled_communes_read_back_exactly(path: Path) -> None:
    evidence, pack = load_evidence(path)
    totals = score_totals(pack, evidence)
    assert _exact(totals, decode(encode(totals)))


@pytest.mark.django_db
def test_totals_of_every_demo_year_read_back_exactly() -> None:
    years = Assessment.objects.select_related("commune__province", "pack")
    assert years
    staged = 0
    for a in years:
        totals = fresh_totals(a)
        staged += bool(totals.stages)
        assert _exact(totals, decode(encode(totals)))
    assert staged  # appraisal stages are among them


_dec = st.decimals(allow_nan=False, allow_infinity=False)
_opt_dec = st.none() | _dec
_text = st.text(max_size=12)
_total = st.builds(
    Total,
    points=_dec,
    max=_dec,
    applicable_max=_dec,
    score_exact=_dec,
    score=_dec,
    band=st.none() | _text,
    goal=_opt_dec,
    gap=_opt_dec,
    goal_met=st.none() | st.booleans(),
    bonus=_dec,
    penalty=_dec,
)
_totals = st.builds(
    Totals,
    pack=st.builds(
        PackInfo,
        id=_text,
        revision=st.integers(),
        sha256=_text,
        status=_text,
        title=_text,
        year=st.integers(),
        places=st.integers(0, 6),
        mode=_text,
        adjustments=st.booleans(),
        index=_text,
        ranking=_text,
    ),
    commune=_text,
    year=st.none() | st.integers(),
    as_of=st.none() | st.dates(),
    strict_evidence=st.booleans(),
    total=_total,
    fields=st.lists(
        st.builds(
            FieldTotal, _text, _text, _text, _dec, _dec, _dec, st.booleans(), st.none() | _dec
        ),
        max_size=4,
    ).map(tuple),
    warnings=st.lists(st.builds(ResultWarning, _text, _text, st.none() | _text), max_size=3).map(
        tuple
    ),
    synthetic=st.none() | _text,
    scale=_dec,
    stages=st.dictionaries(_text, _total, max_size=3),
)


@settings(suppress_health_check=[HealthCheck.too_slow])  # large records: slow on a loaded machine
@given(_totals)
def test_any_totals_read_back_exactly(totals: Totals) -> None:
    assert _exact(totals, decode(encode(totals)))


def test_a_value_the_format_has_no_place_for_is_not_encoded() -> None:
    base = Total(*([Decimal(1)] * 5), None, None, None, None)
    odd = Totals(
        PackInfo("p", 1, "s", "draft", "t", 2025, 2, "half_up"),
        "Xã",
        2025,
        dt.date(2025, 1, 1),
        False,
        base,
        (),
        scale=Decimal("NaN"),
    )
    with pytest.raises(TypeError):
        encode(odd)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_never_raise(blob: bytes) -> None:
    decode(blob)  # None, or totals built only from checked plain values


@cache
def _sample_blob() -> bytes:
    evidence, pack = load_evidence(EVIDENCE[0])
    return encode(score_totals(pack, evidence))


def _places(data: Any, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    out = [path]
    if isinstance(data, list):
        for i, item in enumerate(data):
            out += _places(item, (*path, i))
    return out


def _garbled(blob: bytes, how: int, rng: random.Random) -> bytes:
    """``blob`` changed so that it is certainly not one the codec writes."""
    if how == 0:  # cut short
        return blob[: rng.randrange(len(blob))]
    if how == 1:  # junk before it
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + b"\x80" + blob
    data = json.loads(blob)
    path = rng.choice(_places(data))
    odd = rng.choice([1.5, {}, {"a": 1}, float("nan"), [[]]])
    if not path:
        return json.dumps(odd).encode()
    parent = data
    for i in path[:-1]:
        parent = parent[i]
    if how == 2:  # an item of a type the format never has
        parent[path[-1]] = odd
    else:  # an extra item
        parent.insert(path[-1], odd)
    return json.dumps(data).encode()


@settings(max_examples=200, deadline=None)
@given(how=st.integers(0, 3), seed=st.integers(0, 2**32))
def test_garbled_blobs_are_not_read(how: int, seed: int) -> None:
    assert decode(_garbled(_sample_blob(), how, random.Random(seed))) is None


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    blob=st.binary(max_size=200)
    | st.tuples(st.integers(0, 3), st.integers(0, 2**32)).map(
        lambda t: _garbled(_sample_blob(), t[0], random.Random(t[1]))
    )
)
def test_a_garbled_cache_row_is_computed_again(blob: bytes) -> None:
    if decode(blob) is not None:  # random bytes that happen to be valid totals: not this test
        return
    a = Assessment.objects.select_related("commune__province", "pack").first()
    assert a is not None
    totals_of([a])
    row = ScoreCache.objects.get(pk=a.pk)
    ScoreCache.objects.filter(pk=a.pk).update(totals=blob, key=_key(a), computed=row.revision)
    forget_memory()
    assert _exact(fresh_totals(a), totals_of([a])[a.pk])
    stored = ScoreCache.objects.get(pk=a.pk).totals
    assert _exact(fresh_totals(a), decode(stored))  # stored over the garbled blob
