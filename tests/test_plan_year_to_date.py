"""The planner on year-to-date rates (parscore.planning.ytd_rates): new items, never past ones.

The pack ``ytd-rate-pack.yaml`` scores ``on_time_rate = ratio(on_time, received) * 100`` (both
year to date): 2 points from 90%, 4 from 95%; and ``done_rate`` of a fixed plan (done alone moves).

Hand-worked, as_of 30/06/2025: 181 of 365 days, the pace so far brings ``received`` from 100 to
round_half_up(100 × 365 / 181 = 201.66) = 202 by 31 December: 102 dossiers still to come.

- 80 on time: 90% of 202 is 181.8 → 182 on time, 102 more: all 102 to come. 95% needs 192, 112
  more: out of reach (at best 182/202 = 90.1%).
- 85 on time: 182 needs 97 more of the 102. 95% needs 107 more: out of reach (187/202).
- No as_of: n new dossiers, all on time: (80 + n) / (100 + n) ≥ 90% from n = 100, ≥ 95% from 300.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.cli.main import main
from parscore.loader import LoadedEvidence, evidence_from_data, load_pack
from parscore.planning.candidates import fix_candidates
from parscore.planning.optimise import plan_fixes
from parscore.planning.year_to_date import paced, year_share
from parscore.scoring import score
from parscore.yamlio import YamlDocument

from .report_helpers import DATA, docx_text

PACK_FILE = DATA / "ytd-rate-pack.yaml"
PACK = load_pack(PACK_FILE)
JUNE = dt.date(2025, 6, 30)


def evidence(on_time: int, received: int, as_of: dt.date | None = JUNE) -> LoadedEvidence:
    data: dict[str, Any] = {
        "commune": "Xã Thử",
        "year": 2025,
        "pack": PACK.id,
        "metrics": {"received": received, "on_time": on_time, "planned": 10, "done": 10},
    }
    if as_of is not None:
        data["as_of"] = as_of
    return evidence_from_data(YamlDocument(file="thu.yaml", data=data), PACK)


def rate_fixes(ev: LoadedEvidence) -> tuple[dict[Decimal, dict[str, Any]], list[str]]:
    """Points after -> the fix's input changes; and why a level is out of reach."""
    cands = fix_candidates(PACK, ev)
    fixes = {
        c.points_after: {k: str(v) for k, v in c.metrics.items()}
        for c in cands.candidates
        if c.code == "1.1"
    }
    return fixes, [b.reason for b in cands.blocked if b.code == "1.1"]


def test_the_rest_of_the_year_estimated_as_the_projection_does() -> None:
    assert year_share(JUNE, 2025) == Decimal(181) / Decimal(365)
    spec = PACK.model.inputs["received"]
    assert paced(spec, Decimal(100), year_share(JUNE, 2025), Decimal(1)) == 202


def test_all_the_dossiers_to_come_must_be_on_time() -> None:
    fixes, blocked = rate_fixes(evidence(80, 100))
    assert fixes == {Decimal(2): {"on_time": "182", "received": "202"}}
    assert len(blocked) == 1
    assert blocked[0].startswith("Không đạt được trước cuối năm: kể cả khi toàn bộ 102 hồ sơ")
    assert "cả năm cũng chỉ 182/202 hồ sơ, đạt 2/4 điểm" in blocked[0]


def test_some_of_the_dossiers_to_come() -> None:
    fixes, blocked = rate_fixes(evidence(85, 100))
    assert fixes == {Decimal(2): {"on_time": "182", "received": "202"}}
    assert "cả năm cũng chỉ 187/202 hồ sơ" in blocked[0]
    plan = plan_fixes(PACK, evidence(85, 100), target=Decimal(100))
    change = plan.fixes[-1].change
    assert change.startswith(
        "Giải quyết đúng hạn thêm 97 hồ sơ, trong số 102 hồ sơ dự kiến còn phát sinh đến"
        " 31/12/2025 (ước theo nhịp từ đầu năm đến 30/06/2025: «Số hồ sơ tiếp nhận» từ 100 lên"
        " 202; hồ sơ đã tính từ đầu năm không thay đổi được)"
    )
    assert change.endswith("(tỷ lệ 85% → 90,1%): đạt 2/4 điểm")


def test_without_as_of_new_dossiers_all_on_time() -> None:
    fixes, blocked = rate_fixes(evidence(80, 100, as_of=None))
    assert fixes == {
        Decimal(2): {"on_time": "180", "received": "200"},
        Decimal(4): {"on_time": "380", "received": "400"},
    }
    assert blocked == []


def test_a_year_already_complete_cannot_raise_the_rate() -> None:
    fixes, blocked = rate_fixes(evidence(80, 100, as_of=dt.date(2025, 12, 31)))
    assert fixes == {}
    assert blocked == [
        "Không đạt được trước cuối năm: số liệu đã tính đến hết năm (31/12/2025), không còn hồ sơ"
        " nào dự kiến phát sinh đến 31/12/2025 để nâng tỷ lệ: cả năm 80/100 hồ sơ, đạt 0/4 điểm;"
        " số đã tính từ đầu năm không thay đổi được."
    ]


def test_nothing_received_yet_new_dossiers_all_on_time() -> None:
    fixes, _ = rate_fixes(evidence(0, 0))
    assert fixes == {Decimal(4): {"on_time": "1", "received": "1"}}
    plan = plan_fixes(PACK, evidence(0, 0), target=Decimal(100))
    assert "chưa có hồ sơ nào từ đầu năm để ước tính" in plan.fixes[0].change


def test_a_rate_of_a_fixed_plan_keeps_moving_its_part_alone() -> None:
    data = evidence(90, 100)
    changed = data.with_changes(metrics={"done": Decimal(5)})
    cands = fix_candidates(PACK, changed)
    assert [c.metrics for c in cands.candidates if c.code == "1.2"] == [
        {"done": Decimal(8)},
        {"done": Decimal(10)},
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    received=st.integers(min_value=0, max_value=5000),
    share=st.integers(min_value=0, max_value=1000),
    day=st.one_of(st.none(), st.integers(min_value=0, max_value=364)),
)
def test_year_to_date_fixes_are_achievable_and_score_what_they_say(
    received: int, share: int, day: int | None
) -> None:
    on_time = received * share // 1000
    as_of = dt.date(2025, 1, 1) + dt.timedelta(days=day) if day is not None else None
    ev = evidence(on_time, received, as_of)
    cands = fix_candidates(PACK, ev)
    for c in (c for c in cands.candidates if c.code == "1.1"):
        p = Decimal(c.metrics.get("on_time", on_time))
        w = Decimal(c.metrics.get("received", received))
        assert w >= received  # the denominator never goes down
        assert on_time <= p <= w  # the numerator never above it
        assert p - on_time <= w - received  # no item counted already becomes good
        if as_of is not None and received > 0:  # the rest of the year at the pace so far
            spec = PACK.model.inputs["received"]
            assert w == paced(spec, Decimal(received), year_share(as_of, 2025), Decimal(1))
        else:  # no pace to go by: new dossiers, every one on time
            assert p - on_time == w - received > 0
        applied = score(PACK, ev.with_changes(metrics=dict(c.metrics)))
        assert applied.leaf("1.1").points == c.points_after  # the stated points, for real
        assert applied.total.score == c.score_after


def _commune(tmp_path: Path) -> Path:
    commune = tmp_path / "xa.yaml"
    commune.write_text(
        "commune: Xã Thử\nyear: 2025\npack: thu/ty-le-luy-ke/2025\nas_of: 2025-06-30\n"
        "metrics: { received: 100, on_time: 80, planned: 10, done: 10 }\n",
        encoding="utf-8",
    )
    return commune


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_report_plan_says_the_year_to_date_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = tmp_path / f"bao-cao{suffix}"
    args = ["report", str(_commune(tmp_path)), "--pack", str(PACK_FILE), "--plan", "-o"]
    main([*args, str(target)])
    capsys.readouterr()
    data = target.read_bytes()
    text = docx_text(data) if suffix == ".docx" else html.unescape(data.decode("utf-8"))
    assert "là toàn bộ 102 hồ sơ dự kiến còn phát sinh đến 31/12/2025" in text
    assert "Không đạt được trước cuối năm: kể cả khi toàn bộ 102 hồ sơ" in text


def test_plan_command_says_the_year_to_date_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commune = _commune(tmp_path)
    argv = ["plan", str(commune), "--pack", str(PACK_FILE)]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert (
        "Giải quyết đúng hạn thêm 102 hồ sơ, là toàn bộ 102 hồ sơ dự kiến còn phát sinh đến"
        " 31/12/2025" in out
    )
    assert "1.1 Tỷ lệ hồ sơ giải quyết đúng hạn: Không đạt được trước cuối năm" in out
    assert main([*argv, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["fixes"][0]["set"] == {"on_time": "182", "received": "202"}
    assert main([*argv, "--format", "md"]) == 1
    assert "là toàn bộ 102 hồ sơ" in capsys.readouterr().out


def test_a_whole_left_at_its_default_is_said_from_the_default(tmp_path: Path) -> None:
    text = PACK_FILE.read_text(encoding="utf-8").replace(
        "unit: hồ sơ, year_to_date: true }", "unit: hồ sơ, year_to_date: true, default: 100 }", 1
    )
    (tmp_path / "goi.yaml").write_text(text, encoding="utf-8")
    pack = load_pack(tmp_path / "goi.yaml")
    data = {"commune": "Xã Thử", "year": 2025, "pack": pack.id, "as_of": JUNE}
    data["metrics"] = {"on_time": 80, "planned": 10, "done": 10}  # received: its default, 100
    ev = evidence_from_data(YamlDocument(file="thu.yaml", data=data), pack)
    [fix] = [c for c in fix_candidates(pack, ev).candidates if c.code == "1.1"]
    assert fix.metrics == {"on_time": Decimal(182), "received": Decimal(202)}
    assert "«Số hồ sơ tiếp nhận» từ 100 lên 202" in fix.description


def test_a_graded_rate_out_of_reach_plans_what_the_rest_of_the_year_brings(
    tmp_path: Path,
) -> None:
    """A linear rate gives points between its quarter levels: 88 of 100 on time (3,04 of 4) can
    reach no further level by 31 December (100% is out of reach), yet the 102 dossiers to come,
    every one on time, bring 190/202 = 94,06% (3,52 points): planned as a lower level within
    reach would be, the level out of reach still said."""
    text = PACK_FILE.read_text(encoding="utf-8").replace(
        "score: { tiers: { of: on_time_rate, steps: [ { min: 95, points: 4 }, { min: 90, points:"
        " 2 } ] } }",
        "score: { linear: { of: on_time_rate, from: 50, to: 100 } }",
        1,
    )
    (tmp_path / "goi.yaml").write_text(text, encoding="utf-8")
    pack = load_pack(tmp_path / "goi.yaml")
    data = {"commune": "Xã Thử", "year": 2025, "pack": pack.id, "as_of": JUNE}
    data["metrics"] = {"received": 100, "on_time": 88, "planned": 10, "done": 10}
    ev = evidence_from_data(YamlDocument(file="thu.yaml", data=data), pack)
    cands = fix_candidates(pack, ev)
    [fix] = [c for c in cands.candidates if c.code == "1.1"]
    assert fix.metrics == {"on_time": Decimal(190), "received": Decimal(202)}
    assert fix.points_after == score(pack, ev.with_changes(metrics=fix.metrics)).leaf("1.1").points
    assert round(fix.points_after, 4) == Decimal("3.5248")
    assert fix.description.startswith(
        "Giải quyết đúng hạn thêm 102 hồ sơ, là toàn bộ 102 hồ sơ dự kiến còn phát sinh đến"
        " 31/12/2025"
    )
    assert fix.description.endswith("(tỷ lệ 88% → 94,06%): đạt 3,52/4 điểm")
    [blocked] = [b for b in cands.blocked if b.code == "1.1"]
    assert (
        blocked.points == 4 and "cả năm cũng chỉ 190/202 hồ sơ, đạt 3,52/4 điểm" in blocked.reason
    )
    plan = plan_fixes(pack, ev, target=Decimal(100))
    assert [f.candidate.code for f in plan.fixes] == ["1.1"]
    # a level within reach is planned as before, and the most the year brings above it too
    data["metrics"] = {**data["metrics"], "on_time": 80}
    ev = evidence_from_data(YamlDocument(file="thu.yaml", data=data), pack)
    fixes = {
        c.points_after.quantize(Decimal("0.0001")): c.metrics["on_time"]
        for c in fix_candidates(pack, ev).candidates
        if c.code == "1.1"
    }
    assert fixes == {Decimal("3.0099"): Decimal(177), Decimal("3.2079"): Decimal(182)}


DOWN_PACK = """
pack: { id: thu/giam-luy-ke/2025, title: Gói thử, province: Mẫu, level: xa, year: 2025,
        status: provisional, total: 4, scale: 100 }
inputs:
  incidents: { label: Số sự cố mất an toàn thông tin, type: count, min: 0, unit: sự cố,
               year_to_date: true }
  meetings: { label: Số cuộc họp trực tuyến, type: count, min: 0, unit: cuộc }
criteria:
  - code: "1"
    title: Lĩnh vực thử
    max: 4
    children:
      - { code: "1.1", title: Không để xảy ra quá 2 sự cố, max: 2,
          score: { check: "incidents <= 2" } }
      - { code: "1.2", title: Họp trực tuyến không quá 3 cuộc, max: 2,
          score: { check: "meetings <= 3" } }
"""


def test_a_year_to_date_count_is_never_planned_down() -> None:
    """Incidents already counted this year cannot be undone: the planner asked to bring them
    from 5 down to 2. A count that is not year to date may still be planned down."""
    from parscore.loader import pack_from_text

    pack = pack_from_text(DOWN_PACK, "giam.yaml")
    data = {
        "commune": "Xã Thử",
        "year": 2025,
        "pack": pack.id,
        "as_of": JUNE,
        "metrics": {"incidents": 5, "meetings": 6},
    }
    ev = evidence_from_data(YamlDocument(file="thu.yaml", data=data), pack)
    cands = fix_candidates(pack, ev)
    assert [c.code for c in cands.candidates] == ["1.2"]  # meetings 6 → 3: a plan for the rest
    (blocked,) = [b for b in cands.blocked if b.code == "1.1"]
    assert "lũy kế từ đầu năm" in blocked.reason and "không giảm" in blocked.reason


def _bounded_pack(
    tmp_path: Path, linear_to: int | None, bounded: str = "received", top: int = 150
) -> Any:
    """The test pack with ``bounded`` (``received`` or ``on_time``) declared at most ``top``, and
    1.1 scored ``linear`` from 50% to ``linear_to`` (None: its tiers, as they are)."""
    end = (
        "unit: hồ sơ, year_to_date: true }"
        if bounded == "received"
        else 'hồ sơ", year_to_date: true }'
    )
    text = PACK_FILE.read_text(encoding="utf-8").replace(end, f"{end[:-2]}, max: {top} }}", 1)
    if linear_to is not None:
        text = text.replace(
            "score: { tiers: { of: on_time_rate, steps: [ { min: 95, points: 4 }, { min: 90,"
            " points: 2 } ] } }",
            f"score: {{ linear: {{ of: on_time_rate, from: 50, to: {linear_to} }} }}",
            1,
        )
    (tmp_path / "goi.yaml").write_text(text, encoding="utf-8")
    return load_pack(tmp_path / "goi.yaml")


def _on(pack: Any, metrics: dict[str, int], as_of: dt.date | None = None) -> LoadedEvidence:
    data: dict[str, Any] = {"commune": "Xã Thử", "year": 2025, "pack": pack.id}
    data["metrics"] = metrics
    if as_of is not None:
        data["as_of"] = as_of
    return evidence_from_data(YamlDocument(file="thu.yaml", data=data), pack)


def test_without_as_of_a_declared_maximum_plans_the_best_partial_fix(tmp_path: Path) -> None:
    """No as_of, ``received`` at most 150: 80 of 100 on time can take 50 new dossiers at most,
    130/150 = 86,67%. Linear from 50% to 90%: full marks need 100 new dossiers, past the
    declared maximum; the 50 within it (3,67 of 4 points, from 3) are planned as a partial fix,
    and the level out of reach says the maximum is why."""
    pack = _bounded_pack(tmp_path, 90)
    ev = _on(pack, {"received": 100, "on_time": 80, "planned": 10, "done": 10})
    cands = fix_candidates(pack, ev)
    [fix] = [c for c in cands.candidates if c.code == "1.1"]
    assert fix.metrics == {"on_time": Decimal(130), "received": Decimal(150)}
    assert fix.points_after == score(pack, ev.with_changes(metrics=fix.metrics)).leaf("1.1").points
    assert fix.description.endswith("(tỷ lệ 80% → 86,67%): đạt 3,67/4 điểm")
    [blocked] = [b for b in cands.blocked if b.code == "1.1"]
    assert blocked.points == 4
    assert blocked.reason == (
        "Không đạt được: «Số hồ sơ tiếp nhận» không vượt quá 150 hồ sơ (giới hạn khai báo của"
        " đầu vào): kể cả khi toàn bộ 50 hồ sơ mới phát sinh trong giới hạn đó đều được tính vào"
        " «Số hồ sơ giải quyết đúng hạn», tỷ lệ cũng chỉ 130/150 hồ sơ, đạt 3,67/4 điểm."
    )
    plan = plan_fixes(pack, ev, target=Decimal(100))
    assert [f.candidate.metrics for f in plan.fixes] == [fix.metrics]


def test_without_as_of_a_level_past_items_block_says_the_best_within_the_bounds(
    tmp_path: Path,
) -> None:
    """Linear up to 100%: 20 dossiers already late keep 100% out of reach whatever the bounds;
    the best the declared maximum allows is still planned, and said beside the reason."""
    pack = _bounded_pack(tmp_path, 100)
    ev = _on(pack, {"received": 100, "on_time": 80, "planned": 10, "done": 10})
    cands = fix_candidates(pack, ev)
    fixes = [c.metrics for c in cands.candidates if c.code == "1.1"]
    assert fixes == [{"on_time": Decimal(130), "received": Decimal(150)}]
    [blocked] = [b.reason for b in cands.blocked if b.code == "1.1"]
    assert blocked.startswith("Không đạt được trước cuối năm: kể cả khi mọi hồ sơ mới phát sinh")
    assert blocked.endswith(
        "vì 20 hồ sơ đã tính từ đầu năm không thay đổi được; trong giới hạn khai báo của đầu"
        " vào, cao nhất 130/150 hồ sơ, đạt 2,93/4 điểm."
    )


def test_without_as_of_a_tier_past_the_maximum_says_the_maximum(tmp_path: Path) -> None:
    """Tiers (90%: 2 points, 95%: 4): 130/150 reaches no tier, so nothing is planned; the reason
    is the declared maximum, not the dossiers counted already (90% needs 100 new ones)."""
    pack = _bounded_pack(tmp_path, None)
    cands = fix_candidates(
        pack, _on(pack, {"received": 100, "on_time": 80, "planned": 10, "done": 10})
    )
    assert [c for c in cands.candidates if c.code == "1.1"] == []
    [blocked] = [b.reason for b in cands.blocked if b.code == "1.1"]
    assert blocked.startswith("Không đạt được: «Số hồ sơ tiếp nhận» không vượt quá 150 hồ sơ")
    assert "130/150 hồ sơ, đạt 0/4 điểm" in blocked
    full = _on(pack, {"received": 150, "on_time": 120, "planned": 10, "done": 10})
    [blocked] = [b.reason for b in fix_candidates(pack, full).blocked if b.code == "1.1"]
    assert blocked == (
        "Không đạt được: «Số hồ sơ tiếp nhận» không vượt quá 150 hồ sơ (giới hạn khai báo của đầu"
        " vào): không còn hồ sơ mới nào để nâng tỷ lệ (120/150 hồ sơ, đạt 0/4 điểm)."
    )


def test_with_as_of_a_part_capped_below_the_year_says_its_maximum(tmp_path: Path) -> None:
    """as_of 30/06/2025, ``on_time`` declared at most 175: of the 102 dossiers still to come only
    95 can be on time (175/202 = 86,63%). Linear from 50% to 90%: full marks need 182 on time,
    within the year but past the maximum; the 95 are planned as a partial fix and the level out
    of reach names the maximum, not "all 102 dossiers"."""
    metrics = {"received": 100, "on_time": 80, "planned": 10, "done": 10}
    pack = _bounded_pack(tmp_path, 90, "on_time", 175)
    ev = _on(pack, metrics, JUNE)
    cands = fix_candidates(pack, ev)
    [fix] = [c for c in cands.candidates if c.code == "1.1"]
    assert fix.metrics == {"on_time": Decimal(175), "received": Decimal(202)}
    [blocked] = [b for b in cands.blocked if b.code == "1.1"]
    assert blocked.reason == (
        "Không đạt được: «Số hồ sơ giải quyết đúng hạn» không vượt quá 175 hồ sơ (giới hạn khai"
        " báo của đầu vào): trong 102 hồ sơ dự kiến còn phát sinh đến 31/12/2025 (ước theo nhịp"
        " từ đầu năm đến 30/06/2025), chỉ 95 hồ sơ có thể được tính vào «Số hồ sơ giải quyết đúng"
        " hạn», cả năm cũng chỉ 175/202 hồ sơ, đạt 3,66/4 điểm; số đã tính từ đầu năm không thay"
        " đổi được."
    )
    # tiers: 95% (192 on time) is out of reach by 31 December whatever the maximum; said so,
    # then the maximum beside it
    pack = _bounded_pack(tmp_path, None, "on_time", 175)
    [blocked] = [
        b for b in fix_candidates(pack, _on(pack, metrics, JUNE)).blocked if b.code == "1.1"
    ]
    assert blocked.reason == (
        "Không đạt được trước cuối năm: kể cả khi toàn bộ 102 hồ sơ dự kiến còn phát sinh đến"
        " 31/12/2025 (ước theo nhịp từ đầu năm đến 30/06/2025) đều được tính vào «Số hồ sơ giải"
        " quyết đúng hạn», cả năm cũng chỉ 182/202 hồ sơ; «Số hồ sơ giải quyết đúng hạn» lại"
        " không vượt quá 175 hồ sơ (giới hạn khai báo của đầu vào): cao nhất 175/202 hồ sơ, đạt"
        " 0/4 điểm; số đã tính từ đầu năm không thay đổi được."
    )


TWO_RATES_PACK = """
pack: { id: thu/hai-ty-le/2025, title: Gói thử hai tỷ lệ, province: Mẫu, level: xa, year: 2025,
        status: provisional, total: 4, scale: 100 }
inputs:
  received: { label: Số hồ sơ tiếp nhận, type: count, min: 0, unit: hồ sơ, year_to_date: true }
  on_time: { label: Số hồ sơ giải quyết đúng hạn, type: count, min: 0, unit: hồ sơ,
             year_to_date: true }
  calls: { label: Số cuộc gọi đến, type: count, min: 0, unit: cuộc gọi, year_to_date: true }
  answered: { label: Số cuộc gọi được trả lời, type: count, min: 0, unit: cuộc gọi,
              year_to_date: true }
derived:
  answer_rate: ratio(answered, calls) * 100
  on_time_rate: ratio(on_time, received) * 100
criteria:
  - code: "1"
    title: Lĩnh vực thử
    max: 4
    children:
      - code: "1.1"
        title: Phục vụ đúng hạn và đầy đủ
        max: 4
        score: { tiers: { of: "min(on_time_rate, answer_rate)", steps: [ { min: 90, points: 4 } ] } }
"""


def _two_rates(
    on_time: int, answered: int, as_of: dt.date | None = JUNE
) -> tuple[Any, LoadedEvidence]:
    from parscore.loader import pack_from_text

    pack = pack_from_text(TWO_RATES_PACK, "hai.yaml")
    metrics = {"received": 100, "on_time": on_time, "calls": 100, "answered": answered}
    return pack, _on(pack, metrics, as_of)


@pytest.mark.parametrize(
    ("on_time", "answered", "said"),
    [
        (80, 50, "đều được tính vào «Số cuộc gọi được trả lời», cả năm cũng chỉ 152/202 cuộc gọi"),
        (50, 80, "đều được tính vào «Số hồ sơ giải quyết đúng hạn», cả năm cũng chỉ 152/202 hồ sơ"),
    ],
)
def test_of_several_rates_the_one_that_blocks_is_said(
    on_time: int, answered: int, said: str
) -> None:
    """Both rates at least 90%: by 31 December the rate at 80% can reach 182/202 = 90,1%, the one
    at 50% only 152/202 = 75,2%. The level is out of reach because of the latter, whichever
    rate the pack names first: that is the rate said."""
    pack, ev = _two_rates(on_time, answered)
    cands = fix_candidates(pack, ev)
    assert cands.candidates == ()
    [blocked] = [b.reason for b in cands.blocked]
    assert blocked.startswith("Không đạt được trước cuối năm: kể cả khi toàn bộ 102")
    assert said in blocked


def test_several_rates_raised_together_when_none_reaches_alone() -> None:
    """85 of 100 each: neither rate alone lifts the lower one, both together do (97 of the 102
    items to come good, each: 182/202 = 90,1%). Without as_of: 50 new items each (135/150 = 90%);
    and 80 / 50 each take what they need (100 and 400 new items)."""
    cases = [
        (85, 85, JUNE, {"on_time": 182, "received": 202, "answered": 182, "calls": 202}),
        (85, 85, None, {"on_time": 135, "received": 150, "answered": 135, "calls": 150}),
        (80, 50, None, {"on_time": 180, "received": 200, "answered": 450, "calls": 500}),
    ]
    for on_time, answered, as_of, changes in cases:
        pack, ev = _two_rates(on_time, answered, as_of)
        cands = fix_candidates(pack, ev)
        [fix] = cands.candidates
        assert fix.metrics == {k: Decimal(v) for k, v in changes.items()}
        assert cands.blocked == ()
        assert (
            fix.points_after
            == 4
            == score(pack, ev.with_changes(metrics=fix.metrics)).leaf("1.1").points
        )


def test_several_rates_short_together_say_each_rate_at_its_best() -> None:
    """Their mean at least 95%: 85 of 100 each reach 187/202 = 92,57% at best by 31 December,
    a mean of 92,57%; either one at 100% would do, so neither blocks alone: both are said."""
    from parscore.loader import pack_from_text

    pack = pack_from_text(
        TWO_RATES_PACK.replace(
            '"min(on_time_rate, answer_rate)", steps: [ { min: 90',
            '"(on_time_rate + answer_rate) / 2", steps: [ { min: 95',
        ),
        "hai.yaml",
    )
    ev = _on(pack, {"received": 100, "on_time": 85, "calls": 100, "answered": 85}, JUNE)
    cands = fix_candidates(pack, ev)
    assert cands.candidates == ()
    [blocked] = [b.reason for b in cands.blocked]
    assert blocked == (
        "Không đạt được trước cuối năm: kể cả khi mọi trường hợp mới còn có thể phát sinh đều"
        " được tính vào «Số cuộc gọi được trả lời», «Số hồ sơ giải quyết đúng hạn», các tỷ lệ"
        " cùng lúc cũng chỉ: «Số cuộc gọi được trả lời» 187/202 cuộc gọi, «Số hồ sơ giải quyết"
        " đúng hạn» 187/202 hồ sơ, đạt 0/4 điểm; số đã tính từ đầu năm không thay đổi được."
    )


@pytest.fixture(scope="module")
def bounded_linear(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _bounded_pack(tmp_path_factory.mktemp("borne"), 100)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    received=st.integers(min_value=0, max_value=150),
    share=st.integers(min_value=0, max_value=1000),
    day=st.one_of(st.none(), st.integers(min_value=0, max_value=364)),
)
def test_fixes_within_a_declared_maximum_are_achievable(
    bounded_linear: Any, received: int, share: int, day: int | None
) -> None:
    """``received`` at most 150, linear: every fix, partial ones too, keeps within the maximum,
    moves only new items and scores what it says."""
    on_time = received * share // 1000
    as_of = dt.date(2025, 1, 1) + dt.timedelta(days=day) if day is not None else None
    ev = _on(
        bounded_linear,
        {"received": received, "on_time": on_time, "planned": 10, "done": 10},
        as_of,
    )
    for c in (c for c in fix_candidates(bounded_linear, ev).candidates if c.code == "1.1"):
        p = Decimal(c.metrics.get("on_time", on_time))
        w = Decimal(c.metrics.get("received", received))
        assert received <= w <= 150 and on_time <= p <= w
        assert p - on_time <= w - received
        applied = score(bounded_linear, ev.with_changes(metrics=dict(c.metrics)))
        assert applied.leaf("1.1").points == c.points_after > c.points_before
