"""Drift: one commune under two packs; per-criterion deltas add up exactly to the total delta."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.diffing import apportion, drift
from parscore.diffing.drift import exact_score
from parscore.errors import EvidenceError
from parscore.loader import load_pack, pack_from_text, read_evidence_document
from parscore.model.result import Result
from parscore.report.diff_text import drift_view
from parscore.yamlio import YamlDocument

from .conftest import DATA, SAMPLE_COMMUNE
from .packgen import evidence_docs, make_pack, pack_specs


@pytest.fixture(scope="module")
def new_pack() -> LoadedPack:
    return load_pack(DATA / "sample-pack-2026.yaml")


@pytest.fixture()
def commune() -> YamlDocument:
    return read_evidence_document(SAMPLE_COMMUNE)


def _independent_exact(result: Result) -> Fraction:
    points = sum((Fraction(leaf.points) for leaf in result.leaves()), Fraction(0))
    applicable = sum((Fraction(leaf.applicable_max) for leaf in result.leaves()), Fraction(0))
    return points * Fraction(result.scale) / applicable if applicable else Fraction(0)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_criterion_deltas_add_up_exactly_to_the_total_delta(data: Any) -> None:
    a = data.draw(pack_specs(2024))
    b = data.draw(pack_specs(2025))
    same_rounding = data.draw(st.booleans())
    if same_rounding:
        b = {**b, "places": a["places"], "mode": a["mode"]}
    old, new = make_pack(a), make_pack(b)
    own, year = data.draw(st.sampled_from([(old.id, 2024), (new.id, 2025), ("gen/xa/2019", 2019)]))
    doc = data.draw(evidence_docs(own, year))
    d = drift(old, new, doc)
    reported = d.new.total.score - d.old.total.score
    assert d.delta == reported
    # exact: the shares are fractions that add up to the change of the unrounded score
    assert sum((c.exact for c in d.criteria), Fraction(0)) == d.exact
    assert d.exact == _independent_exact(d.new) - _independent_exact(d.old)
    assert d.exact == exact_score(d.new) - exact_score(d.old)
    for c in d.criteria:
        assert c.exact == c.points_effect + c.rescale_effect
    # reported: rounded shares add up to the reported change, to the last digit
    assert sum((c.delta for c in d.criteria), Decimal(0)) + d.rounding_effect == reported
    assert d.points_effect + d.rescale_effect + d.rounding_effect == reported
    places = max(a["places"], b["places"])
    unit = Fraction(1, 10**places)
    if same_rounding:
        assert d.rounding_effect == 0
        for c in d.criteria:
            assert abs(Fraction(c.delta) - c.exact) < 2 * unit
    for c in d.criteria:
        assert c.delta == c.delta.quantize(Decimal(1).scaleb(-places))
    # each delta split in its two effects: rows add up to their delta, columns to the commune's
    # effects; a part that is exactly zero stays zero
    for c in d.criteria:
        assert c.points_delta + c.rescale_delta == c.delta
        if c.points_effect == 0 and c.exact != 0:
            assert c.points_delta == 0
        if c.rescale_effect == 0 and c.exact != 0:
            assert c.rescale_delta == 0
    assert sum((c.points_delta for c in d.criteria), Decimal(0)) == d.points_effect
    assert sum((c.rescale_delta for c in d.criteria), Decimal(0)) == d.rescale_effect
    if same_rounding:  # each part its exact value rounded down or up
        for c in d.criteria:
            assert abs(Fraction(c.points_delta) - c.points_effect) < unit
            assert abs(Fraction(c.rescale_delta) - c.rescale_effect) < unit


def test_rescaling_is_attributed_when_applicability_changes(sample_pack: LoadedPack) -> None:
    """Under a pack where 6.3.1 no longer applies, every other leaf's points are worth more."""
    text = (DATA / "sample-pack.yaml").read_text(encoding="utf-8")
    from parscore.loader import pack_from_text

    new = pack_from_text(
        text.replace("applies_if: has_public_units", "applies_if: not has_public_units")
    )
    doc = read_evidence_document(SAMPLE_COMMUNE)
    d = drift(sample_pack, new, doc)
    assert d.old.total.applicable_max == 20 and d.new.total.applicable_max == 18
    assert d.points_effect == 0 and d.rescale_effect == d.delta > 0
    assert sum(c.delta for c in d.criteria) == d.delta
    assert "6.3.1" not in {c.code for c in d.criteria}  # 0 points before and after: no share


def test_a_criterion_that_stops_applying_is_not_shown_as_zero_points(
    sample_pack: LoadedPack,
) -> None:
    """3.3 (1,2 points) no longer applies: its row says so rather than reading as points lost."""
    text = (
        (DATA / "sample-pack.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "score: { linear: { of: online_rate, from: 50, to: 100 } }",
            "applies_if: online_rate > 100\n        score: { linear: { of: online_rate, from: 50, to: 100 } }",
        )
    )
    new = pack_from_text(text.replace("revision: 1", "revision: 2"))
    doc = read_evidence_document(SAMPLE_COMMUNE)
    rows = {r.code: r for r in drift_view(drift(sample_pack, new, doc), {}).rows}
    assert (rows["3.3"].old, rows["3.3"].new, rows["3.3"].mark) == ("1,2", "0", "nay không áp dụng")
    assert {r.mark for code, r in rows.items() if code != "3.3"} == {""}
    back = {r.code: r for r in drift_view(drift(new, sample_pack, doc), {}).rows}
    assert back["3.3"].mark == "nay được áp dụng"


def test_a_leaf_split_into_sub_criteria_is_not_called_removed(sample_pack: LoadedPack) -> None:
    """1.2 gains two sub-criteria: it still exists, scored through them, so its row is neither
    «đã bỏ» nor, the other way round, «mới»; its sub-criteria are."""
    text = (
        (DATA / "sample-pack.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "        score: { check: plan_done }\n",
            "        children:\n"
            '          - { code: "1.2.1", title: Hoàn thành kế hoạch, max: 0.5,'
            " score: { check: plan_done } }\n"
            '          - { code: "1.2.2", title: Không vi phạm, max: 0.5,'
            " score: { check: violations == 0 } }\n",
        )
    )
    split = pack_from_text(text.replace("revision: 1", "revision: 2"))
    doc = read_evidence_document(SAMPLE_COMMUNE)
    marks = {r.code: r.mark for r in drift_view(drift(sample_pack, split, doc), {}).rows}
    assert marks == {"1.2": "nay chấm qua tiêu chí con", "1.2.1": "mới"}
    back = {r.code: r.mark for r in drift_view(drift(split, sample_pack, doc), {}).rows}
    assert back == {"1.2": "nay chấm trực tiếp", "1.2.1": "đã bỏ"}


def test_sample_years_drift(
    sample_pack: LoadedPack, new_pack: LoadedPack, commune: YamlDocument
) -> None:
    d = drift(sample_pack, new_pack, commune)
    assert (d.old.total.score, d.new.total.score) == (Decimal("53.5"), Decimal("65.42"))
    assert d.delta == Decimal("11.92")
    by_code = {c.code: c for c in d.criteria}
    assert by_code["3.2"].key == "on-time-commune"  # renumbered, still matched
    assert by_code["3.2"].delta == Decimal("2.5")
    assert by_code["3.4"].change == "removed" and by_code["3.4"].delta == Decimal("-2.5")
    assert d.missing_inputs == ("budget_ratio", "apologies_rate")
    assert [(i.side, i.what, i.name) for i in d.ignored] == [("new", "metric", "complaints_days")]
    out = d.to_dict()
    assert set(out) >= {"commune", "file", "old", "new", "delta", "criteria", "missing_inputs"}
    assert out["old"]["score"] == "53.5" and out["delta"] == "11.92"
    assert {"id", "code", "delta"} <= set(out["criteria"][0])


def test_documents_follow_a_renumbered_criterion(
    sample_pack: LoadedPack, new_pack: LoadedPack, commune: YamlDocument
) -> None:
    d = drift(sample_pack, new_pack, commune)
    leaf = d.new.leaf("3.2")
    assert leaf.evidence.documents == ("bc-01",) and leaf.evidence.missing == ()


def test_evidence_of_the_new_pack_is_adapted_to_the_old_one(
    sample_pack: LoadedPack, new_pack: LoadedPack, commune: YamlDocument
) -> None:
    data = dict(commune.data)
    data.update(pack="mau/xa/2026", year=2026, claims={"3.2": 1})
    metrics = {k: v for k, v in data["metrics"].items() if k != "complaints_days"}
    data["metrics"] = {**metrics, "apologies_rate": 95}
    data.pop("not_applicable")
    data["documents"] = [{**data["documents"][0], "supports": ["3.2", "6.2"]}]
    doc = YamlDocument(file="moi.yaml", data=data, positions=commune.positions)
    d = drift(sample_pack, new_pack, doc)
    ignored = {(i.side, i.what, i.name) for i in d.ignored}
    assert ("old", "metric", "apologies_rate") in ignored
    assert ("old", "support", "bc-01 → 6.2") in ignored
    assert {side for side, _, _ in ignored} == {"old"}  # the own pack reads it as it is
    assert d.old.leaf("3.2.2").evidence.documents == ("bc-01",)
    assert d.old.pack.id == "mau/xa/2025" and d.new.pack.id == "mau/xa/2026"


def test_not_applicable_follows_the_key_or_is_listed(
    sample_pack: LoadedPack, commune: YamlDocument
) -> None:
    text = (DATA / "sample-pack.yaml").read_text(encoding="utf-8")
    from parscore.loader import pack_from_text

    strict = pack_from_text(text.replace("        na_allowed: true\n", ""), "strict.yaml")
    data = {**commune.data, "not_applicable": {"6.3.1": "Xã không có đơn vị sự nghiệp"}}
    doc = YamlDocument(file="na.yaml", data=data, positions=commune.positions)
    d = drift(sample_pack, strict, doc)
    assert d.old.leaf("6.3.1").status == "na" and d.new.leaf("6.3.1").status != "na"
    assert [(i.side, i.what, i.name) for i in d.ignored] == [("new", "not_applicable", "6.3.1")]


def test_real_problems_in_the_own_pack_are_still_errors(
    sample_pack: LoadedPack, new_pack: LoadedPack, commune: YamlDocument
) -> None:
    data = {**commune.data, "metrics": {**commune.data["metrics"], "dossiers_recieved": 3}}
    doc = YamlDocument(file="sai.yaml", data=data, positions=commune.positions)
    with pytest.raises(EvidenceError) as err:
        drift(sample_pack, new_pack, doc)
    assert [i.code for i in err.value.issues] == ["PS503"]


def test_a_check_only_the_other_pack_makes_says_which_pack_refuses(
    sample_pack: LoadedPack, commune: YamlDocument
) -> None:
    """Evidence valid under its own pack but refused by a constraint the new pack adds: the
    message names the new pack (it read as an error of the evidence itself, to be fixed there)."""
    text = (
        (DATA / "sample-pack.yaml")
        .read_text(encoding="utf-8")
        .replace("revision: 1", "revision: 2")
    )
    text = text.replace(
        "\ncriteria:\n",
        "\nconstraints:\n  - { check: initiatives >= 3, message: Số sáng kiến phải từ 3,"
        " inputs: [ initiatives ] }\n\ncriteria:\n",
    )
    stricter = pack_from_text(text, "moi.yaml")
    with pytest.raises(EvidenceError) as err:
        drift(sample_pack, stricter, commune)
    (issue,) = err.value.issues
    assert issue.code == "PS520" and "Số sáng kiến phải từ 3" in issue.message
    assert issue.message.startswith("gói mới mau/xa/2025 (lần sửa 2) không nhận minh chứng này: ")
    with pytest.raises(EvidenceError) as err:  # the evidence's own pack: its error, as it is
        drift(
            stricter,
            pack_from_text(text.replace("id: mau/xa/2025", "id: mau/xa/2026"), "x"),
            commune,
        )
    assert err.value.issues[0].message.startswith("Số sáng kiến phải từ 3")
    # two revisions of the evidence's pack: the evidence is the new side's (revision 1 here) when
    # it loads there, so the old side's refusal names the old side
    with pytest.raises(EvidenceError) as err:
        drift(stricter, sample_pack, commune)
    assert err.value.issues[0].message.startswith("gói cũ mau/xa/2025 (lần sửa 2) không nhận")
    other = YamlDocument(file="cu.yaml", data={**commune.data, "pack": "mau/xa/2019"})
    with pytest.raises(EvidenceError) as err:  # made for neither: both copies adapted
        drift(stricter, sample_pack, other)
    assert err.value.issues[0].message.startswith("gói cũ mau/xa/2025 (lần sửa 2) không nhận")


def test_evidence_naming_neither_pack_is_adapted_to_both(
    sample_pack: LoadedPack, new_pack: LoadedPack, commune: YamlDocument
) -> None:
    data = {**commune.data, "pack": "mau/xa/2019", "year": 2019}
    d = drift(sample_pack, new_pack, YamlDocument(file="cu.yaml", data=data))
    assert {i.side for i in d.ignored} == {"new"}
    assert d.old.total.score == Decimal("53.5")


# -- apportion -------------------------------------------------------------------------------------


def test_apportion_by_largest_remainder() -> None:
    thirds = [Fraction(1, 3)] * 3
    assert apportion(thirds, Decimal(1), 2) == [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")]
    assert apportion([Fraction(-1, 3), Fraction(4, 3)], Decimal(1), 1) == [
        Decimal("-0.3"),
        Decimal("1.3"),
    ]
    assert apportion([Fraction(0), Fraction(5, 2)], Decimal(3), 0) == [Decimal(0), Decimal(3)]
    assert apportion([], Decimal(0), 2) == []
    with pytest.raises(ValueError):
        apportion([Fraction(1)], Decimal("0.125"), 2)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.fractions(min_value=-50, max_value=50, max_denominator=97), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=-1, max_value=1),
)
def test_apportioned_shares_add_up_and_stay_close(
    shares: list[Fraction], places: int, nudge: int
) -> None:
    unit = Fraction(1, 10**places)
    total_units = round(sum(shares, Fraction(0)) / unit) + nudge
    if all(s == 0 for s in shares) and total_units:
        return
    total = (Decimal(total_units) * Decimal(1).scaleb(-places)).quantize(Decimal(1).scaleb(-places))
    got = apportion(shares, total, places)
    assert sum(got, Decimal(0)) == total
    for share, value in zip(shares, got, strict=True):
        assert abs(Fraction(value) - share) < 2 * unit
        if share == 0 and any(s != 0 for s in shares):
            assert value == 0
