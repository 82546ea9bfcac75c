"""Cached scores are never stale: every way of changing what a year's evidence is built from
bumps its revision, and what the cache returns equals a fresh computation."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.evidence_yaml import dump_evidence
from parscore.report.filters import Formatter
from parscore.web import score_cache
from parscore.web.appraising import round_rows
from parscore.web.evidence import check_evidence, evidence_data, load_assessment
from parscore.web.models import (
    AppraisedPoint,
    Assessment,
    Claim,
    Commune,
    ExplanationRequest,
    MetricValue,
    NotApplicable,
    Province,
    ScoreCache,
)
from parscore.web.packs import loaded_pack
from parscore.web.score_cache import fresh_totals, totals_of
from parscore.web.score_triggers import _installed, trigger_names, watched_tables
from parscore.web.scores import province_summary

from .conftest import login
from .posted_forms import form_values
from .test_appraisal import _with_adjustments
from .test_documents import PDF, _upload

YEAR = "/xa/dan-tien/2025/"


def _year(slug: str = "dan-tien", year: int = 2025) -> Assessment:
    return Assessment.objects.select_related("commune__province", "pack").get(
        commune__slug=slug, year=year
    )


def _state(a: Assessment, status: str) -> Assessment:
    Assessment.objects.filter(pk=a.pk).update(status=status)
    return _year(a.commune.slug, a.year)


def _primed(a: Assessment) -> int:
    """Fill the year's cache; its revision."""
    totals_of([a])
    row = ScoreCache.objects.get(pk=a.pk)
    assert row.computed == row.revision and row.totals is not None
    return row.revision


def _seen(a: Assessment, revision: int) -> None:
    """The change bumped the year's revision, and the cache gives the fresh totals."""
    assert ScoreCache.objects.get(pk=a.pk).revision > revision
    a = _year(a.commune.slug, a.year)
    assert totals_of([a])[a.pk] == fresh_totals(a)
    row = ScoreCache.objects.get(pk=a.pk)
    assert row.computed == row.revision  # stored again


def _score(a: Assessment) -> Decimal:
    return totals_of([_year(a.commune.slug, a.year)])[a.pk].official.score


@pytest.mark.django_db
def test_every_table_the_evidence_is_built_from_has_its_triggers() -> None:
    tables = watched_tables()
    for model in (Assessment, MetricValue, NotApplicable, Claim, AppraisedPoint, Commune):
        assert model._meta.db_table in tables
    assert ScoreCache._meta.db_table not in tables
    for name in ("evidencedocument", "explanationrequest", "proposedadjustment", "packversion"):
        assert f"web_{name}" in tables
    assert trigger_names(connection.vendor) <= _installed("default")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Which years the cache computes afresh from now on."""
    calls: list[int] = []
    real = score_cache._recomputed

    def counted(years: list[Assessment]) -> Any:
        calls.extend(a.pk for a in years)
        return real(years)

    monkeypatch.setattr(score_cache, "_recomputed", counted)
    return calls


@pytest.mark.django_db
def test_cached_totals_are_used_until_something_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    a, other = _year(), _year("ha-chau", 2023)
    _primed(a), _primed(other)
    calls = _counting(monkeypatch)
    totals_of([a, other])
    assert calls == []  # both from the cache
    row = MetricValue.objects.filter(assessment=a).first()
    assert row is not None
    row.save()  # even a write that changes nothing
    totals_of([a, other])
    assert calls == [a.pk]  # only the changed year is recomputed


@pytest.mark.django_db
def test_save_of_the_form_is_seen_on_the_ranking_page() -> None:
    a = _year()
    revision, before = _primed(a), _score(a)
    client = login("staff")
    values = form_values(client.get(YEAR).content.decode())
    values.update({k: "" for k in values if k.startswith("m-")})  # every metric cleared
    assert client.post(YEAR + "luu/", values).status_code == 302
    _seen(a, revision)
    assert _score(a) < before
    page = login("province").get("/tinh/thai-nguyen/2025/").content.decode()
    rounding = loaded_pack(a.pack).model.pack.rounding
    shown = Formatter(rounding.places, rounding.mode).fixed(_score(a))  # a column: 82,60
    assert re.search(rf"Dân Tiến</a>.*?<b>{shown}</b>", page, re.S)


@pytest.mark.django_db
def test_import_apply_invalidates() -> None:
    a = _year()
    revision = _primed(a)
    client = login("staff")
    evidence, _ = load_assessment(a)
    changed = evidence.with_changes(metrics={"initiatives": 0})
    text = dump_evidence(changed.model.model_copy(update={"metrics": changed.metrics}))
    client.post(YEAR + "nhap/", {"file": SimpleUploadedFile("dan-tien.yaml", text.encode())})
    client.post(YEAR + "nhap/ap-dung/")
    assert MetricValue.objects.get(assessment=a, name="initiatives").value == "0"
    _seen(a, revision)


@pytest.mark.django_db
def test_document_upload_and_withdraw_invalidate() -> None:
    a = _year()
    revision = _primed(a)
    client = login("staff")
    _upload(client, PDF, "a.pdf")
    _seen(a, revision)
    revision = _primed(a)
    doc = a.documents.get(sha256__gt="")
    client.post(f"{YEAR}tai-lieu/{doc.pk}/rut/")
    _seen(a, revision)


@pytest.mark.django_db
def test_council_points_explanations_and_reopen_invalidate() -> None:
    a = _state(_year(), Assessment.ROUND_1)
    row = next(r for r in round_rows(a) if not r.na and r.max > 1)
    revision, before = _primed(a), _score(a)
    council = login("council")
    council.post(
        YEAR + "tham-dinh/luu/", {f"p-{row.code}": "0", f"v-{row.code}": "0", f"x-{row.code}": "1"}
    )
    assert AppraisedPoint.objects.filter(assessment=a, code=row.code).exists()
    _seen(a, revision)
    assert _score(a) < before  # the council's round 1 is the official total now
    a = _state(a, Assessment.EXPLANATION)
    revision = _primed(a)
    login("leader").post(YEAR + "giai-trinh/", {f"a-{row.code}": "Đã bổ sung biên bản"})
    assert ExplanationRequest.objects.get(assessment=a, code=row.code).answer
    _seen(a, revision)
    a = _state(a, Assessment.FINAL)
    revision = _primed(a)
    login("province").post(YEAR + "mo-lai/")
    assert _year().status == Assessment.REOPENED
    _seen(a, revision)


@pytest.mark.django_db
def test_adjustment_decision_invalidates() -> None:
    a = _state(_year(), Assessment.EXPLANATION)
    _with_adjustments(a)
    login("leader").post(YEAR + "thuong-tru/", {"code": "T1", "reason": "QĐ 12/QĐ-UBND"})
    a = _state(a, Assessment.ROUND_2)
    revision, before = _primed(a), _score(a)
    login("council").post(YEAR + "thuong-tru/", {"code": "T1", "decision": "accepted"})
    _seen(a, revision)
    assert _score(a) > before


@pytest.mark.django_db
def test_pack_migration_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _year()
    revision = _primed(a)
    text = a.pack.text.replace("revision: ", "revision: 1", 1)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "2025-sua.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    login("province").post("/tinh/thai-nguyen/2025/doi-goi/", {"goi": "2025-sua.yaml"})
    assert _year().pack.text == text
    _seen(a, revision)


@pytest.mark.django_db
def test_pack_migration_scores_every_moved_year_before_any_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    years = Assessment.objects.filter(year=2025, commune__province__slug="thai-nguyen")
    province_summary(years.select_related("commune", "pack"))  # cached under the old pack
    text = _year().pack.text.replace("revision: ", "revision: 1", 1)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "2025-sua.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    response = login("province").post("/tinh/thai-nguyen/2025/doi-goi/", {"goi": "2025-sua.yaml"})
    messages = [str(m) for m in response.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("đã được tính lại" in m for m in messages)
    moved = list(years.select_related("commune", "pack"))
    assert moved and all(a.pack.text == text for a in moved)
    score_cache.forget_memory()  # as another server process
    calls = _counting(monkeypatch)
    totals = totals_of(moved)
    assert calls == []  # the migration computed them all
    assert all(totals[a.pk] == fresh_totals(a) for a in moved)


@pytest.mark.django_db
def test_warm_computes_only_stale_years_and_preload_keeps_them_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    years = list(Assessment.objects.select_related("commune", "pack").order_by("pk"))
    score_cache.forget_all()
    assert score_cache.warm() == len(years)  # nothing was cached
    row = MetricValue.objects.filter(assessment=years[0]).first()
    assert row is not None
    row.save()
    assert score_cache.warm() == 1  # only the changed year
    score_cache.forget_memory()
    assert score_cache.preload() == len(years)

    def no_reading(ids: Any) -> Any:
        assert not ids, "totals read from the database"
        return {}

    monkeypatch.setattr(score_cache, "_stored", no_reading)
    calls = _counting(monkeypatch)
    totals = totals_of(years)
    assert calls == []
    assert all(totals[a.pk] == fresh_totals(a) for a in years)


@pytest.mark.django_db
def test_writes_that_bypass_model_save_invalidate() -> None:
    a = _year()
    name = MetricValue.objects.filter(assessment=a).values_list("name", flat=True)[0]
    revision = _primed(a)
    MetricValue.objects.filter(assessment=a, name=name).update(value="0")  # QuerySet.update
    _seen(a, revision)
    revision = _primed(a)
    MetricValue.objects.filter(assessment=a, name=name).delete()
    _seen(a, revision)
    revision = _primed(a)
    MetricValue.objects.bulk_create([MetricValue(assessment=a, name=name, value="1")])
    _seen(a, revision)
    revision = _primed(a)
    with connection.cursor() as cursor:  # plain SQL
        cursor.execute(
            f"UPDATE {MetricValue._meta.db_table} SET value = %s WHERE assessment_id = %s "
            "AND name = %s",
            ["2", a.pk, name],
        )
    _seen(a, revision)
    revision = _primed(a)
    Commune.objects.filter(pk=a.commune_id).update(name="Dân Tiến mới")  # in the evidence
    _seen(a, revision)
    revision = _primed(a)
    Province.objects.filter(pk=a.commune.province_id).update(name="Thái Nguyên mới")
    _seen(a, revision)


@pytest.mark.django_db
def test_a_new_engine_is_never_served_old_totals(monkeypatch: pytest.MonkeyPatch) -> None:
    a = _year()
    _primed(a)
    calls = _counting(monkeypatch)
    monkeypatch.setattr(score_cache, "engine_fingerprint", lambda: "another engine")
    totals_of([a])
    assert calls == [a.pk]
    totals_of([a])
    assert calls == [a.pk]  # stored under the new key


@pytest.mark.django_db
def test_totals_computed_while_the_evidence_changed_are_not_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = _year()
    real = score_cache._recomputed

    def racing(years: list[Assessment]) -> Any:
        totals = real(years)  # computed from the evidence as read ...
        MetricValue.objects.filter(assessment__in=years).update(value="0")  # ... then it changes
        return totals

    monkeypatch.setattr(score_cache, "_recomputed", racing)
    totals_of([a])
    row = ScoreCache.objects.get(pk=a.pk)
    assert row.computed is None and row.revision > 0  # not stored: it would be stale
    monkeypatch.setattr(score_cache, "_recomputed", real)
    assert totals_of([a])[a.pk] == fresh_totals(a)


@pytest.mark.django_db
def test_totals_kept_in_memory_from_a_rolled_back_change_are_never_served() -> None:
    a = _year()
    _primed(a)
    rows = MetricValue.objects.filter(assessment=a, name="initiatives")
    with contextlib.suppress(RuntimeError), transaction.atomic():
        rows.update(value="0")
        rolled_back = totals_of([a])[a.pk]  # kept in this process's memory
        raise RuntimeError  # ... and the change is rolled back
    rows.update(value="9")  # the same revision number as the rolled-back change
    own = dict(score_cache._MEMO)
    totals_of([a])  # another process computes and stores it
    score_cache._MEMO.update(own)  # this process still remembers the rolled-back totals
    assert totals_of([a])[a.pk] == fresh_totals(a) != rolled_back


def _fresh_ranking(years: list[Assessment]) -> list[tuple[str, int, Decimal]]:
    from parscore.batch import CommuneScore, summarise

    scored = [
        CommuneScore(
            a.commune.slug,
            a.commune.name,
            None,
            fresh_totals(a),
            tuple(b.label for b in loaded_pack(a.pack).model.pack.bands),
        )
        for a in years
    ]
    return [
        (c.score.file, c.rank, c.score.totals.official.score) for c in summarise(scored).communes
    ]


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["metric", "drop_metric", "na", "claim", "council", "status"]),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=MUTATIONS)
def test_cached_ranking_equals_a_fresh_ranking(steps: list[tuple[str, int]]) -> None:
    years = list(
        Assessment.objects.filter(year=2025, commune__province__slug="thai-nguyen").select_related(
            "commune", "pack"
        )
    )
    province_summary(years)  # primed
    for what, n in steps:
        a = years[n % len(years)]
        pack = loaded_pack(a.pack)
        metrics = list(MetricValue.objects.filter(assessment=a).order_by("name"))
        leaves = [code for code, leaf in pack.leaves.items() if leaf.criterion.max]
        if what == "metric" and metrics:
            row = metrics[n % len(metrics)]
            MetricValue.objects.filter(pk=row.pk).update(value=str(n % 3))
            if check_evidence(evidence_data(a, pack), pack).evidence is None:
                MetricValue.objects.filter(pk=row.pk).update(value=row.value)  # not a valid value
        elif what == "drop_metric" and metrics:
            metrics[n % len(metrics)].delete()
        elif what == "na":
            NotApplicable.objects.filter(assessment=a).delete()
        elif what == "claim":
            Claim.objects.update_or_create(
                assessment=a, code=leaves[n % len(leaves)], defaults={"points": "0"}
            )
        elif what == "council":
            AppraisedPoint.objects.update_or_create(
                assessment=a, round=1, code=leaves[n % len(leaves)], defaults={"points": "0"}
            )
        else:
            Assessment.objects.filter(pk=a.pk).update(status=Assessment.SUBMITTED)
        current = list(
            Assessment.objects.filter(pk__in=[y.pk for y in years]).select_related(
                "commune", "pack"
            )
        )
        summary = province_summary(current)
        cached = [(c.score.file, c.rank, c.score.totals.official.score) for c in summary.communes]
        assert cached == _fresh_ranking(current)
