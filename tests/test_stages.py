"""Totals with bonus and penalty (caps, clamping) and appraisal stages (parscore.stages)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.loader import (
    LoadedEvidence,
    evidence_from_data,
    load_evidence,
    load_pack,
    pack_from_text,
)
from parscore.model.result import official_stage
from parscore.planning import plan_fixes
from parscore.scoring import score
from parscore.stages import adjustment_points, leaf_stages, stage_maps
from parscore.totals import score_totals
from parscore.yamlio import YamlDocument

from .conftest import DATA

D = Decimal
STAGED = DATA / "staged"


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(STAGED / "pack.yaml")


@pytest.fixture(scope="module")
def commune(pack: LoadedPack) -> LoadedEvidence:
    evidence, _ = load_evidence(STAGED / "commune.yaml", pack)
    return evidence


def _evidence(pack: LoadedPack, **data: Any) -> LoadedEvidence:
    base: dict[str, Any] = {
        "commune": "Xã Thử",
        "metrics": {
            "dossiers_received": 1000,
            "dossiers_on_time": 990,
            "dossiers_online": 600,
            "plan_issued": True,
            "trainings": 3,
        },
    }
    base.update(data)
    return evidence_from_data(YamlDocument(file="<t>", data=base, positions={}), pack)


def test_hand_worked_commune_totals_and_stages(pack: LoadedPack, commune: LoadedEvidence) -> None:
    result = score(pack, commune)
    t = result.total
    assert (t.points, t.score, t.bonus, t.penalty) == (D("17.5"), D("87.5"), D(2), D(2))
    assert {k: v.score for k, v in result.stages.items()} == {
        "self": D(100),
        "round_1": D("77.5"),
        "round_2": D("87.5"),
    }
    assert result.stages["round_1"].points == D("15.5")
    assert result.stages["round_1"].goal_met is False
    assert result.stages["round_1"].gap == D("2.5")
    assert result.official_stage == "round_2"
    assert result.official is result.stages["round_2"]
    leaf = result.leaf("2.1")
    assert dict(leaf.stages) == {"self": D(6), "round_1": D(4), "round_2": D(6)}
    assert leaf.appraisal_note and leaf.commune_explanation
    assert dict(result.leaf("1.1").stages) == {"self": D(4), "round_1": D(4), "round_2": D(4)}


def test_json_has_stages_official_and_adjustments(
    pack: LoadedPack, commune: LoadedEvidence
) -> None:
    data = score(pack, commune).to_dict()
    assert data["total"]["bonus"] == "2" and data["total"]["penalty"] == "2"
    assert list(data["stages"]) == ["self", "round_1", "round_2"]
    assert data["stages"]["round_1"]["score"] == "77.5"
    assert data["stages"]["round_1"]["bonus"] == "2"
    assert data["official"] == "round_2"
    leaf = data["criteria"][1]["children"][0]
    assert (leaf["self"], leaf["round_1"], leaf["round_2"]) == ("6", "4", "6")
    assert leaf["appraisal_note"].startswith("Vòng 1")
    assert leaf["commune_explanation"].startswith("Xã đã")


def test_evidence_without_new_keys_keeps_its_json(sample_pack: LoadedPack) -> None:
    evidence = evidence_from_data(
        YamlDocument(file="<t>", data={"commune": "X", "metrics": {}}, positions={}), sample_pack
    )
    data = score(sample_pack, evidence).to_dict()
    assert "stages" not in data and "official" not in data
    assert "bonus" not in data["total"] and "penalty" not in data["total"]
    assert "self" not in data["criteria"][0]["children"][0]


def test_a_self_assessment_alone_is_not_official(pack: LoadedPack) -> None:
    result = score(pack, _evidence(pack, claims={"1.2": 4}))
    assert list(result.stages) == ["self"]
    assert result.official_stage == "computed"
    assert result.official is result.total
    assert result.to_dict()["official"] == "computed"
    assert official_stage({}) == "computed"


def test_round_2_alone_falls_back_on_computed_points(pack: LoadedPack) -> None:
    result = score(pack, _evidence(pack, appraisal_final={"1.2": 4}))
    assert list(result.stages) == ["round_2"]
    assert result.stages["round_2"].points == result.total.points + 1


@pytest.mark.parametrize(
    ("items", "bonus", "penalty", "expected"),
    [
        ({}, "0", "0", "87.5"),
        ({"T1": "a"}, "1.5", "0", "89"),
        ({"T1": "a", "T2": "b"}, "2", "0", "89.5"),  # 2.5 capped at 2
        ({"V1": "a", "V2": "b", "V3": "c", "V4": "d"}, "0", "3", "84.5"),  # −1 each, at most 3
        ({"T2": "a", "V1": "b"}, "1", "1", "87.5"),
    ],
)
def test_bonus_and_penalty_are_capped(
    pack: LoadedPack, items: dict[str, str], bonus: str, penalty: str, expected: str
) -> None:
    evidence = _evidence(pack, adjustments=items)
    assert adjustment_points(pack, evidence) == (D(bonus), D(penalty))
    total = score(pack, evidence).total
    assert (total.bonus, total.penalty, total.score) == (D(bonus), D(penalty), D(expected))


def test_score_is_clamped_to_the_scale(pack: LoadedPack) -> None:
    full = {"dossiers_received": 10, "dossiers_on_time": 10, "dossiers_online": 10}
    full |= {"plan_issued": True, "trainings": 4}
    top = score(pack, _evidence(pack, metrics=full, adjustments={"T1": "a"})).total
    assert (top.points, top.bonus, top.score) == (D(20), D("1.5"), D(100))
    empty = {"dossiers_received": 10, "dossiers_on_time": 0, "dossiers_online": 0}
    empty |= {"plan_issued": False, "trainings": 0}
    low = score(pack, _evidence(pack, metrics=empty, adjustments={"V1": "a", "V2": "b"})).total
    assert (low.points, low.penalty, low.score, low.band) == (D(0), D(2), D(0), "Chưa đạt")


def test_score_totals_gives_the_same_stages(pack: LoadedPack, commune: LoadedEvidence) -> None:
    full = score(pack, commune)
    lean = score_totals(pack, commune)
    assert lean.total == full.total
    assert lean.stages == full.stages
    assert lean.official == full.official
    strict = score_totals(pack, commune, strict_evidence=True)
    assert strict.stages == score(pack, commune, strict_evidence=True).stages


def test_stage_maps_resolve_ids_and_leaf_stages_fall_back(pack: LoadedPack) -> None:
    evidence = _evidence(pack, claims={"1.1": 1}, appraisal_final={"1.1": 3})
    maps = stage_maps(pack, evidence)
    assert [key for key, _ in maps] == ["self", "round_1", "round_2"]
    assert leaf_stages(maps, "1.1", D(4)) == (("self", D(1)), ("round_2", D(3)))
    assert leaf_stages(maps, "1.2", D(2)) == (("self", D(2)), ("round_2", D(2)))
    assert stage_maps(pack, _evidence(pack)) == ()


LEAVES = {"1.1": D(4), "1.2": D(4), "2.1": D(6), "2.2": D(6)}


def _points(maximum: Decimal) -> st.SearchStrategy[Decimal]:
    return st.integers(0, int(maximum * 2)).map(lambda n: D(n) / 2)


def _stage(draw: st.DrawFn, every: bool) -> dict[str, Decimal]:
    codes = list(LEAVES) if every else draw(st.lists(st.sampled_from(list(LEAVES)), unique=True))
    return {code: draw(_points(LEAVES[code])) for code in codes}


@st.composite
def _stages(draw: st.DrawFn) -> dict[str, dict[str, Decimal]]:
    return {
        "claims": _stage(draw, False),
        "appraisal": _stage(draw, False),
        "appraisal_final": _stage(draw, True),
    }


@settings(max_examples=60, deadline=None)
@given(stages=_stages(), penalty=st.sets(st.sampled_from(["V1", "V2", "V3", "V4", "T1"])))
def test_final_stage_is_round_2_where_every_leaf_is_appraised(
    pack: LoadedPack, stages: dict[str, dict[str, Decimal]], penalty: set[str]
) -> None:
    evidence = _evidence(pack, adjustments={code: "x" for code in penalty}, **stages)
    result = score(pack, evidence)
    final = stages["appraisal_final"]
    assert result.official_stage == "round_2"
    assert result.official.points == sum(final.values(), D(0))
    assert all(dict(leaf.stages)["round_2"] == final[leaf.code] for leaf in result.leaves())
    only_final = score(
        pack, _evidence(pack, adjustments=evidence.model.adjustments, **{"appraisal_final": final})
    )
    assert only_final.official == result.official
    assert D(0) <= result.official.score <= D(100)


def test_a_plan_promises_the_score_with_bonus_and_penalty(pack: LoadedPack) -> None:
    evidence = _evidence(pack, adjustments={"V1": "a", "V2": "b", "T2": "c"})  # −2 + 1
    plan = plan_fixes(pack, evidence, target=D(95))
    assert plan.reachable
    changed = evidence.with_changes(
        metrics={k: v for fix in plan.fixes for k, v in fix.metrics.items()}
    )
    after = score(pack, changed).total
    assert plan.final_score == after.score
    assert after.score == after.points / after.applicable_max * 100 + 1 - 2
    assert plan.fixes[-1].score_after == plan.final_score


def test_a_plan_never_proposes_data_a_constraint_refuses() -> None:
    text = (
        (STAGED / "pack.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "constraints:\n",
            "constraints:\n"
            "  - check: trainings <= 3\n"
            "    message: Xã chỉ có thể tổ chức tối đa 3 lớp tập huấn\n"
            "    inputs: [ trainings ]\n",
        )
    )
    pack = pack_from_text(text, "goi.yaml")
    evidence = _evidence(pack)
    plan = plan_fixes(pack, evidence, target=D(100))
    assert all("trainings" not in fix.metrics for fix in plan.fixes)
    [blocked] = [b for b in plan.candidates.blocked if b.code == "1.2"]
    assert "tối đa 3 lớp tập huấn" in blocked.reason


@settings(max_examples=80, deadline=None)
@given(
    items=st.sets(st.sampled_from(["T1", "T2", "V1", "V2", "V3", "V4"])),
    trainings=st.integers(0, 6),
    on_time=st.integers(0, 1000),
    online=st.integers(0, 1000),
)
def test_adjusted_score_is_capped_clamped_and_rounded_once(
    pack: LoadedPack, items: set[str], trainings: int, on_time: int, online: int
) -> None:
    metrics = {"dossiers_received": 1000, "dossiers_on_time": on_time}
    metrics |= {"dossiers_online": online, "plan_issued": True, "trainings": trainings}
    total = score(pack, _evidence(pack, metrics=metrics, adjustments={i: "x" for i in items})).total
    bonus = min(sum(({"T1": D("1.5"), "T2": D(1)}.get(i, D(0)) for i in items), D(0)), D(2))
    penalty = min(D(sum(1 for i in items if i.startswith("V"))), D(3))
    assert (total.bonus, total.penalty) == (bonus, penalty)
    exact = min(max(total.points / total.applicable_max * 100 + bonus - penalty, D(0)), D(100))
    assert total.score_exact == exact
    assert total.score == exact.quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert D(0) <= total.score <= D(100)
