"""Batch summary: competition ranks, band counts, field averages, matching last year's scores."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.batch import (
    CommuneScore,
    FileError,
    competition_ranks,
    match_key,
    ranks_of,
    summarise,
)
from parscore.compiled import LoadedPack
from parscore.errors import Issue
from parscore.loader import LoadedEvidence, load_evidence, load_pack
from parscore.report.batch_table import render_batch_text
from parscore.totals import score_totals

from .conftest import DATA

D = Decimal


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    assert competition_ranks([D("80"), D("92.5"), D("80"), D("70"), D("92.5")]) == [3, 1, 3, 5, 1]
    assert competition_ranks([D(1)]) == [1]
    assert competition_ranks([]) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=40))
def test_rank_is_one_plus_the_number_of_higher_scores(scores: list[Decimal]) -> None:
    ranks = competition_ranks(scores)
    for score, rank in zip(scores, ranks, strict=True):
        assert rank == 1 + sum(1 for other in scores if other > score)


def test_dense_ranks_do_not_skip() -> None:
    scores = [D("80"), D("92.5"), D("80"), D("70"), D("92.5")]
    assert ranks_of(scores, "dense") == [2, 1, 2, 3, 1]
    assert ranks_of(scores, "competition") == competition_ranks(scores)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=40))
def test_dense_rank_is_one_plus_the_number_of_distinct_higher_scores(scores: list[Decimal]) -> None:
    for score, rank in zip(scores, ranks_of(scores, "dense"), strict=True):
        assert rank == 1 + len({other for other in scores if other > score})


def test_match_key_ignores_case_spacing_and_unicode_form() -> None:
    composed = "Xã Dân Tiến"
    decomposed = "Xa\u0303  DA\u0302N Tie\u0302\u0301n"
    assert match_key(composed, "Thái Nguyên") == match_key(decomposed, " thái nguyên ")


def _commune(
    pack: LoadedPack, evidence: LoadedEvidence, name: str, metrics: dict[str, object], file: str
) -> CommuneScore:
    changed = evidence.with_changes(metrics=metrics)  # type: ignore[arg-type]
    changed = type(changed)(
        model=changed.model.model_copy(update={"commune": name}),
        metrics=changed.metrics,
        file=file,
    )
    totals = score_totals(pack, changed)
    labels = tuple(b.label for b in pack.model.pack.bands)
    return CommuneScore(file, name, changed.model.province, totals, labels)


def test_summary_ranks_ties_by_name_counts_bands_and_averages(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    a = _commune(sample_pack, sample_evidence, "Xã B", {}, "b.yaml")
    b = _commune(sample_pack, sample_evidence, "Xã A", {}, "a.yaml")  # same score as B
    c = _commune(
        sample_pack, sample_evidence, "Xã C", {"sipas": D(100), "plan_done": True}, "c.yaml"
    )
    d = _commune(sample_pack, sample_evidence, "Xã D", {"sipas": D(60)}, "d.yaml")
    bad = FileError("e.yaml", (Issue("PS102", "lỗi cú pháp YAML", file="e.yaml", line=3),))
    summary = summarise([a, b, c, d], [bad])
    ranked = [(x.rank, x.score.commune) for x in summary.communes]
    assert ranked == [(1, "Xã C"), (2, "Xã A"), (2, "Xã B"), (4, "Xã D")]
    assert list(summary.bands) == ["Tốt", "Khá", "Trung bình", "Yếu"]
    assert sum(summary.bands.values()) == 4
    assert summary.bands["Yếu"] == sum(1 for x in [a, b, c, d] if x.totals.total.band == "Yếu")
    field_8 = [x.totals.fields[3].points for x in [a, b, c, d]]
    assert summary.averages["8"] == sum(field_8, D(0)) / 4
    assert "9" not in summary.averages  # tracked field: no points to average
    assert summary.average_score == sum((x.totals.total.score for x in [a, b, c, d]), D(0)) / 4
    assert [e.file for e in summary.errors] == ["e.yaml"]
    assert summary.errors[0].message == "e.yaml:3:1: PS102 lỗi cú pháp YAML"


def _last_year(score: CommuneScore) -> CommuneScore:
    """The same commune as if scored under the previous year's pack."""
    pack = replace(score.totals.pack, year=score.totals.pack.year - 1)
    return replace(score, totals=replace(score.totals, pack=pack))


def test_change_from_last_year_matches_by_name_and_province(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    now = _commune(sample_pack, sample_evidence, "Xã Mẫu", {"sipas": D(100)}, "now.yaml")
    other = _commune(sample_pack, sample_evidence, "Xã Khác", {}, "other.yaml")
    before = _last_year(
        _commune(sample_pack, sample_evidence, "xã  mẫu", {"sipas": D(60)}, "before.yaml")
    )
    summary = summarise([now, other], previous=[before])
    first, second = summary.communes
    assert first.score.commune == "Xã Mẫu" and first.previous is before
    assert first.change == now.totals.total.score - before.totals.total.score > 0
    assert second.previous is None and second.change is None
    # the same name in another province is not last year's result
    elsewhere = CommuneScore("x.yaml", "Xã Mẫu", "Tỉnh khác", before.totals, before.band_labels)
    assert summarise([now], previous=[elsewhere]).communes[0].previous is None
    # two candidates with the same name: ambiguous, no change reported
    twin = CommuneScore("y.yaml", "Xã Mẫu", None, before.totals, before.band_labels)
    assert summarise([now], previous=[before, twin]).communes[0].previous is None


def test_communes_of_another_pack_are_not_ranked_together(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    a = _commune(sample_pack, sample_evidence, "Xã A", {}, "a.yaml")
    b = _commune(sample_pack, sample_evidence, "Xã B", {}, "b.yaml")
    alien_info = type(a.totals.pack)(**{**a.totals.pack.__dict__, "id": "khac/xa/2025"})
    alien_totals = type(a.totals)(**{**a.totals.__dict__, "pack": alien_info})
    alien = CommuneScore("z.yaml", "Xã Z", None, alien_totals, a.band_labels)
    summary = summarise([a, alien, b])
    assert [c.score.commune for c in summary.communes] == ["Xã A", "Xã B"]
    assert [e.file for e in summary.errors] == ["z.yaml"]
    assert "khac/xa/2025" in summary.errors[0].message


def test_empty_batch_has_no_pack_and_no_averages() -> None:
    summary = summarise([], [FileError("a.yaml", (Issue("PS101", "không tìm thấy tệp"),))])
    assert summary.pack is None and summary.communes == () and summary.average_score is None
    assert summary.errors[0].message == "a.yaml: PS101 không tìm thấy tệp"


def test_a_dense_pack_ranks_on_the_official_score_under_its_index_name() -> None:
    pack = load_pack(DATA / "staged" / "pack.yaml")
    base, _ = load_evidence(DATA / "staged" / "commune.yaml", pack)
    communes = []
    for name, final in [("Xã A", D(6)), ("Xã B", D(4)), ("Xã C", D(4)), ("Xã D", D(2))]:
        model = base.model.model_copy(update={"commune": name, "appraisal_final": {"2.1": final}})
        evidence = type(base)(model=model, metrics=base.metrics, file=f"{name}.yaml")
        communes.append(CommuneScore(f"{name}.yaml", name, None, score_totals(pack, evidence)))
    summary = summarise(communes)
    assert [(c.score.commune, c.rank) for c in summary.communes] == [
        ("Xã A", 1),
        ("Xã B", 2),
        ("Xã C", 2),
        ("Xã D", 3),
    ]
    assert [c.score.totals.official.score for c in summary.communes] == [
        D("87.5"),
        D("77.5"),
        D("77.5"),
        D("67.5"),
    ]
    assert summary.index_name == "Chỉ số Chuyển đổi số"
    assert render_batch_text(summary).startswith("Xếp hạng Chỉ số Chuyển đổi số các xã")
