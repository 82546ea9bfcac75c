"""The score cache's bulk recompute builds evidence straight from the rows: the totals equal
those of the full loader path, exactly, and what the loader refuses still goes through it."""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.loader import LoadedEvidence
from parscore.totals import Totals, score_totals
from parscore.web import score_cache
from parscore.web.evidence import check_evidence, evidence_data, load_assessment
from parscore.web.evidence_rows import plain_evidence
from parscore.web.models import (
    AppraisedPoint,
    Assessment,
    Claim,
    ExplanationRequest,
    MetricValue,
    NotApplicable,
    ProposedAdjustment,
)
from parscore.web.packs import loaded_pack
from parscore.web.score_cache import forget_all, totals_of
from parscore.web.totals_codec import encode

from .test_appraisal import _with_adjustments


def _exact(a: Totals, b: Totals) -> bool:
    """Equal, with every decimal's exponent, the warnings and the stages' order too."""
    return a == b and repr(a) == repr(b) and encode(a) == encode(b)


def _typed(values: dict[str, Any]) -> dict[str, str]:
    """Values with their types and exponents (``Decimal('1.50')``), in a fixed order."""
    return {k: repr(v) for k, v in sorted(values.items())}


def _same_evidence(plain: LoadedEvidence, full: LoadedEvidence) -> None:
    assert _typed(plain.metrics) == _typed(full.metrics)
    for section in (
        "commune",
        "province",
        "year",
        "pack",
        "as_of",
        "goal",
        "synthetic",
        "claims",
        "appraisal",
        "appraisal_final",
        "appraisal_notes",
        "explanations",
        "adjustments",
        "not_applicable",
        "metrics",
    ):
        mine, theirs = getattr(plain.model, section), getattr(full.model, section)
        if isinstance(mine, dict):
            assert _typed(mine) == _typed(theirs), section
        else:
            assert repr(mine) == repr(theirs), section


def _years() -> list[Assessment]:
    return list(Assessment.objects.select_related("commune__province", "pack").order_by("pk"))


@pytest.mark.django_db
def test_every_demo_year_gives_the_totals_of_the_full_loader_path() -> None:
    years = _years()
    assert len(years) >= 5
    packs = {a.pk: loaded_pack(a.pack) for a in years}
    built = plain_evidence([a.pk for a in years], packs)
    staged = 0
    for a in years:
        plain = built[a.pk]
        assert plain is not None, a  # stored evidence is valid: the plain path takes it
        full, pack = load_assessment(a)
        _same_evidence(plain, full)
        totals = score_totals(pack, plain)
        assert _exact(totals, score_totals(pack, full)), a
        staged += bool(totals.stages)
    assert staged  # the demo has appraised years: the stages are compared too


@pytest.mark.django_db
def test_the_cache_recomputes_without_the_full_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    years = _years()
    expected = {a.pk: score_cache.fresh_totals(a) for a in years}
    forget_all()

    def refused(a: Assessment) -> Any:
        raise AssertionError(f"{a} went through the full loader")

    monkeypatch.setattr(score_cache, "fresh_totals", refused)
    got = totals_of(years)
    assert all(_exact(got[a.pk], expected[a.pk]) for a in years)


@pytest.mark.django_db
def test_evidence_the_loader_refuses_still_fails_as_before() -> None:
    a = _years()[0]
    leaf = next(c for c, leaf in loaded_pack(a.pack).leaves.items() if leaf.criterion.max)
    Claim.objects.update_or_create(assessment=a, code=leaf, defaults={"points": "-1"})
    assert plain_evidence([a.pk], {a.pk: loaded_pack(a.pack)})[a.pk] is None
    forget_all()
    with pytest.raises(RuntimeError, match="does not load"):
        totals_of([a])  # the full path names the problem, as before


BAD_METRICS = ["abc", "-1", "1e3", "101", "31/12/2025", "có", "2025-07-01"]
POINTS = ["0", "0.50", "0,5", "1", "1.0", "0E+1", ""]
BAD_POINTS = ["-1", "x", "NaN", "99"]
REASONS = ["không có trên địa bàn", "Không phát sinh"]
BROKEN = [None, None, None, "metric", "unknown", "claim", "na", "council", "adjustment"]


@st.composite
def _rows(draw: st.DrawFn, year: _Year, leaves: list[str]) -> dict[str, Any]:
    """The year's rows, changed: mostly valid values, and now and then one the loader refuses."""
    a, stored, pool = year
    metrics = dict(stored)
    for name in draw(st.lists(st.sampled_from(sorted(stored)), max_size=8)):
        metrics[name] = draw(st.sampled_from(["", *pool[name]]))
    codes = st.sampled_from(leaves)
    rows: dict[str, Any] = {
        "metrics": metrics,
        "claims": draw(st.dictionaries(codes, st.sampled_from(POINTS), max_size=4)),
        "na": {},
        "council": draw(
            st.dictionaries(
                st.tuples(st.sampled_from([1, 2]), codes),
                st.tuples(st.sampled_from(POINTS), st.sampled_from(["", " ", "ghi chú"])),
                max_size=5,
            )
        ),
        "answers": draw(st.dictionaries(codes, st.sampled_from(["", "đã giải trình"]), max_size=2)),
        "adjustments": draw(
            st.dictionaries(
                st.sampled_from(["T1", "T2", "V1"]),
                st.tuples(
                    st.sampled_from(REASONS), st.sampled_from(["accepted", "rejected", "pending"])
                ),
                max_size=3,
            )
        ),
    }
    pack = loaded_pack(a.pack)
    na_allowed = [c for c in leaves if pack.leaves[pack.code_of(c) or c].criterion.na_allowed]
    if na_allowed:
        rows["na"] = draw(st.dictionaries(st.sampled_from(na_allowed), st.sampled_from(REASONS)))
    broken = draw(st.sampled_from(BROKEN))
    if broken == "metric":
        rows["metrics"][draw(st.sampled_from(sorted(stored)))] = draw(st.sampled_from(BAD_METRICS))
    elif broken == "unknown":
        table = draw(st.sampled_from(["metrics", "claims", "answers"]))
        rows[table]["khong_co" if table == "metrics" else "9.9.9"] = "1"
    elif broken == "claim":
        rows["claims"][draw(codes)] = draw(st.sampled_from(BAD_POINTS))
    elif broken == "na":
        rows["na"][draw(codes)] = draw(st.sampled_from(["", " ", *REASONS]))
    elif broken == "council":
        rows["council"][(draw(st.sampled_from([1, 2])), draw(codes))] = (
            draw(st.sampled_from(BAD_POINTS)),
            "",
        )
    elif broken == "adjustment":
        rows["adjustments"][draw(st.sampled_from(["T1", "X9"]))] = ("", "accepted")
    return rows


def _store(a: Assessment, rows: dict[str, Any]) -> None:
    for model in (
        MetricValue,
        Claim,
        NotApplicable,
        AppraisedPoint,
        ExplanationRequest,
        ProposedAdjustment,
    ):
        model.objects.filter(assessment=a).delete()
    MetricValue.objects.bulk_create(
        MetricValue(assessment=a, name=n, value=v) for n, v in rows["metrics"].items()
    )
    Claim.objects.bulk_create(
        Claim(assessment=a, code=c, points=p) for c, p in rows["claims"].items()
    )
    NotApplicable.objects.bulk_create(
        NotApplicable(assessment=a, code=c, reason=r) for c, r in rows["na"].items()
    )
    AppraisedPoint.objects.bulk_create(
        AppraisedPoint(assessment=a, round=r, code=c, points=p, note=n)
        for (r, c), (p, n) in rows["council"].items()
    )
    ExplanationRequest.objects.bulk_create(
        ExplanationRequest(assessment=a, code=c, answer=t) for c, t in rows["answers"].items()
    )
    ProposedAdjustment.objects.bulk_create(
        ProposedAdjustment(assessment=a, code=c, reason=r, decision=d)
        for c, (r, d) in rows["adjustments"].items()
    )


_Year = tuple[Assessment, dict[str, str], dict[str, list[str]]]


@pytest.fixture
def adjusted_year(db: None) -> _Year:
    """Dân Tiến 2025 under a pack with bonus and penalty items; its stored metrics; the valid
    texts of each input (the demo years' values)."""
    a = Assessment.objects.select_related("commune__province", "pack").get(
        commune__slug="dan-tien", year=2025
    )
    _with_adjustments(a)
    stored = dict(MetricValue.objects.filter(assessment=a).values_list("name", "value"))
    pool: dict[str, list[str]] = {}
    for name, value in MetricValue.objects.values_list("name", "value").order_by("pk"):
        pool.setdefault(name, []).append(value)
    a = Assessment.objects.select_related("commune__province", "pack").get(pk=a.pk)
    return a, stored, pool


_PACK = loaded_pack  # the same pack object for every example (cached by sha256)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_rows_give_the_loader_totals_or_go_through_the_loader(
    adjusted_year: _Year, data: st.DataObject
) -> None:
    a = adjusted_year[0]
    pack = _PACK(a.pack)
    scored = [c for c in sorted(pack.leaves) if pack.leaves[c].criterion.max >= 1]
    leaves = scored[:12] + [pack.leaves[c].criterion.key for c in scored[:2]]  # codes and ids
    _store(a, data.draw(_rows(adjusted_year, leaves)))
    try:
        full = check_evidence(evidence_data(a, pack), pack).evidence
    except InvalidOperation:  # a stored claim that is no number: the full path fails too
        full = None
    plain = plain_evidence([a.pk], {a.pk: pack})[a.pk]
    assert (plain is None) == (full is None)  # refused exactly when the loader refuses
    if plain is not None and full is not None:
        _same_evidence(plain, full)
        assert _exact(score_totals(pack, plain), score_totals(pack, full))
