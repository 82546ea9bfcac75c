"""The scoring kinds of real appraisal sheets — graded, pick, one_of — on a realistic test pack
(tests/data/danh-hieu/), each one module of parscore.kinds: scoring, words, load checks, lint,
planning, diff, schema, forms and pack cases."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.diffing import describe, diff_packs
from parscore.errors import EvidenceError, PackError, UsageError
from parscore.evidence_yaml import dump_evidence
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.kinds import all_kinds, kind_named
from parscore.lint import lint_pack
from parscore.loader import LoadedEvidence, evidence_from_data, load_evidence, load_pack
from parscore.numbers import vi_number
from parscore.packtests import case_files, run_case
from parscore.planner import check_scenario, run_whatif, scenario_model
from parscore.planning import fix_candidates
from parscore.planning.levels import rule_levels
from parscore.planning.levers import LeverSet, lever_set
from parscore.planning.search import Probe, find_change
from parscore.schema import rule_pack_schema
from parscore.scoring import score
from parscore.synthetic import synthetic_communes
from parscore.wording import Wording
from parscore.yamlio import parse_yaml

from .conftest import TESTS

D = Decimal
FOLDER = TESTS / "data" / "danh-hieu"
PACK_FILE = FOLDER / "danh-hieu-2025.yaml"
COMMUNE_FILE = FOLDER / "phuong-mau-2025.yaml"
PACK_TEXT = PACK_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(PACK_FILE)


@pytest.fixture(scope="module")
def commune(pack: LoadedPack) -> LoadedEvidence:
    return load_evidence(COMMUNE_FILE, pack)[0]


def variant(old: str, new: str) -> LoadedPack:
    assert old in PACK_TEXT, old
    from parscore.loader import pack_from_text

    return pack_from_text(PACK_TEXT.replace(old, new, 1), "danh-hieu.yaml")


def with_metrics(pack: LoadedPack, commune: LoadedEvidence, **metrics: object) -> LoadedEvidence:
    return commune.with_changes(metrics={k: v for k, v in metrics.items()})  # type: ignore[misc]


def evidence_text(pack: LoadedPack, text: str) -> LoadedEvidence:
    return evidence_from_data(parse_yaml(text, "ev.yaml"), pack)


# -- the realistic pack, scored by hand ------------------------------------------------------------


def test_hand_worked_commune_scores_exactly(pack: LoadedPack, commune: LoadedEvidence) -> None:
    """1.1 graded 5,5; 1.2 graded 7; 2.1 radio «65–<80%» → 3; 2.2 the commune chose digitising:
    75% ≥ 70 → 4 (its 5 modern counters would give 6 under the other alternative, not counted);
    2.3 a ward needs 90% cashless: 85,5 − 90 = −4,5 ≥ −10 → 2,5. Points 22 of 30 → 73,33."""
    result = score(pack, commune)
    points = {leaf.code: leaf.points for leaf in result.leaves()}
    assert points == {"1.1": D("5.5"), "1.2": D(7), "2.1": D(3), "2.2": D(4), "2.3": D("2.5")}
    assert [(f.code, f.points) for f in result.criteria] == [("1", D("12.5")), ("2", D("9.5"))]
    assert result.total.points == D(22) and result.total.applicable_max == D(30)
    assert result.total.score == D("73.33") and result.total.band == "Tốt"


def test_unit_kind_sets_the_threshold(pack: LoadedPack, commune: LoadedEvidence) -> None:
    # a commune (xã) needs 70%: 85,5 reaches it; a town (thị trấn) 80%: reaches it too
    for kind, points in (("xa", D(5)), ("thi_tran", D(5)), ("phuong", D("2.5"))):
        changed = with_metrics(pack, commune, unit_kind=kind)
        assert score(pack, changed).leaf("2.3").points == points, kind


def test_explanations_are_plain_vietnamese(pack: LoadedPack, commune: LoadedEvidence) -> None:
    result = score(pack, commune)
    graded, pick, chosen = (result.leaf(c).explanation for c in ("1.1", "2.1", "2.2"))
    assert graded == (
        "Điểm chấm «Điểm chấm công tác chỉ đạo, điều hành»: 5,5 trên thang 0–7 (bước 0,5)"
        " → 5,5 điểm."
    )
    assert pick == (
        "«Tỷ lệ hồ sơ nộp trực tuyến»: lựa chọn «Từ 65% đến dưới 80%» → 3 điểm;"
        " lựa chọn «Từ 80% trở lên» được 5 điểm."
    )
    assert chosen.startswith("Xã chọn phương án «Số hóa hồ sơ» (các phương án khác không tính):")
    for text in (graded, pick, chosen):
        for word in ("graded", "pick", "one_of", "online_band", "model_choice", "leadership"):
            assert word not in text
    assert result.leaf("2.2").rule.startswith("one_of: so_hoa → 4 (tiers:")


def test_the_chosen_alternative_counts_not_the_best(
    pack: LoadedPack, commune: LoadedEvidence
) -> None:
    counters = with_metrics(pack, commune, model_choice="mot_cua")
    assert score(pack, counters).leaf("2.2").points == D(6)  # 5 counters × 2, capped at 6
    weak = with_metrics(pack, commune, model_choice="mot_cua", modern_counters=D(1))
    assert score(pack, weak).leaf("2.2").points == D(2)  # not the 4 of digitising


def test_only_the_chosen_alternative_needs_its_inputs(pack: LoadedPack) -> None:
    ev = evidence_text(
        pack,
        "commune: Xã Thử\nyear: 2025\nmetrics: { model_choice: mot_cua, modern_counters: 2 }\n",
    )
    leaf = score(pack, ev).leaf("2.2")
    assert leaf.status == "partial" and leaf.points == D(4)
    ev = evidence_text(pack, "commune: Xã Thử\nyear: 2025\nmetrics: { model_choice: so_hoa }\n")
    leaf = score(pack, ev).leaf("2.2")
    assert leaf.status == "missing" and leaf.missing_inputs == ("digitized_rate",)


# -- evidence checks --------------------------------------------------------------------------------


def test_graded_points_off_the_grid_are_refused_with_the_nearest_values(pack: LoadedPack) -> None:
    with pytest.raises(EvidenceError) as exc:
        evidence_text(pack, "commune: Xã Thử\nyear: 2025\nmetrics:\n  leadership_points: 4.3\n")
    [issue] = exc.value.issues
    assert issue.code == "PS512" and issue.line == 4
    assert "4,3 không đúng bước 0,5: chọn 4 hoặc 4,5" in issue.message
    with pytest.raises(EvidenceError) as exc:
        evidence_text(pack, "commune: Xã Thử\nyear: 2025\nmetrics:\n  leadership_points: 7.5\n")
    assert exc.value.issues[0].code == "PS505"


def test_a_radio_answer_that_is_no_option_lists_them(pack: LoadedPack) -> None:
    with pytest.raises(EvidenceError) as exc:
        evidence_text(pack, "commune: Xã Thử\nyear: 2025\nmetrics:\n  online_band: tu_85\n")
    [issue] = exc.value.issues
    assert issue.code == "PS511"
    assert "Từ 80% trở lên" in issue.message and "tu_80" in issue.message


# -- load-time checks of the kinds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        # graded: the input's bounds must fit the leaf's max
        (
            "    min: 0\n    max: 7\n  propaganda",
            "    min: 0\n    max: 8\n  propaganda",
            "PS418",
            "giới hạn trong 0..7",
        ),
        ("    min: 0\n    max: 7\n  propaganda", "    min: 0\n  propaganda", "PS418", "0..7"),
        ("{ graded: { of: leadership_points", "{ graded: { of: unit_kind", "PS418", "kiểu số"),
        # pick: every option has points, within 0..max
        (
            "{ tu_80: 5, tu_65: 3, duoi_65: 0 }",
            "{ tu_80: 5, tu_65: 3 }",
            "PS419",
            "duoi_65 (Dưới 65%)",
        ),
        (
            "{ tu_80: 5, tu_65: 3, duoi_65: 0 }",
            "{ tu_80: 6, tu_65: 3, duoi_65: 0 }",
            "PS419",
            "lớn hơn điểm tối đa",
        ),
        (
            "{ tu_80: 5, tu_65: 3, duoi_65: 0 }",
            "{ tu_80: 5, tu_65: 3, duoi_65: 0, x: 1 }",
            "PS419",
            "không phải một lựa chọn",
        ),
        ("of: online_band", "of: digitized_rate", "PS419", "kiểu choice"),
        # one_of: every option has a rule; the chosen input is a choice
        (
            "              mot_cua: { count: { of: modern_counters, each: 2 } }\n",
            "",
            "PS422",
            "mot_cua (Bộ phận một cửa hiện đại)",
        ),
        ("chosen: model_choice", "chosen: modern_counters", "PS422", "kiểu choice"),
        # the options' own rules are checked as anywhere else
        ("{ min: 90, points: 6 }", "{ min: 90, points: 7 }", "PS407", "lớn hơn điểm tối đa"),
    ],
)
def test_kind_declarations_that_do_not_fit_are_located(
    old: str, new: str, code: str, words: str
) -> None:
    with pytest.raises(PackError) as exc:
        variant(old, new)
    found = [(i.code, i.message, i.line) for i in exc.value.issues]
    assert any(c == code and words in m and line for c, m, line in found), found


def test_a_mistyped_key_inside_an_alternative_gets_a_suggestion() -> None:
    with pytest.raises(PackError) as exc:
        variant("                  of: digitized_rate", "                  off: digitized_rate")
    hints = {i.code: i.hint for i in exc.value.issues}
    assert "'of'" in hints["PS201"]


def test_unknown_kind_message_lists_every_kind() -> None:
    with pytest.raises(PackError) as exc:
        variant("score: { graded: {", "score: { gradedd: {")
    assert "graded, pick, one_of" in exc.value.issues[0].hint


# -- lint ---------------------------------------------------------------------------------------------


def test_lint_graded_step_not_dividing_max_and_pick_not_monotone() -> None:
    pack = variant("{ of: leadership_points, step: 0.5 }", "{ of: leadership_points, step: 2 }")
    findings = [(f.code, f.severity) for f in lint_pack(pack).findings]
    assert ("PL109", "error") in findings
    pack = variant("{ tu_80: 5, tu_65: 3, duoi_65: 0 }", "{ tu_80: 5, tu_65: 0, duoi_65: 3 }")
    notes = {f.code: f for f in lint_pack(pack).findings}
    assert notes["PL115"].severity == "info" and "5; 0; 3" in notes["PL115"].message
    pack = variant("{ tu_80: 5, tu_65: 3, duoi_65: 0 }", "{ tu_80: 4, tu_65: 3, duoi_65: 0 }")
    assert "PL102" in {f.code for f in lint_pack(pack).findings}


def test_the_test_pack_lints_clean(pack: LoadedPack) -> None:
    assert {f.code for f in lint_pack(pack).findings} == {"PL121"}  # assumed sources only


# -- planning -----------------------------------------------------------------------------------------


def test_graded_candidates_are_grid_points(pack: LoadedPack, commune: LoadedEvidence) -> None:
    cands = [c for c in fix_candidates(pack, commune).candidates if c.code == "1.1"]
    assert [c.metrics for c in cands] == [
        {"leadership_points": D(6)},
        {"leadership_points": D("6.5")},
        {"leadership_points": D(7)},
    ]


def test_pick_candidates_are_the_better_options(pack: LoadedPack, commune: LoadedEvidence) -> None:
    cands = [c for c in fix_candidates(pack, commune).candidates if c.code == "2.1"]
    assert [c.metrics for c in cands] == [{"online_band": "tu_80"}]
    assert cands[0].description.startswith("Chọn «Từ 80% trở lên» cho «Tỷ lệ hồ sơ nộp trực tuyến»")
    low = with_metrics(pack, commune, online_band="duoi_65")
    cands = [c for c in fix_candidates(pack, low).candidates if c.code == "2.1"]
    assert [c.metrics for c in cands] == [{"online_band": "tu_65"}, {"online_band": "tu_80"}]


def test_one_of_plans_within_the_chosen_alternative(
    pack: LoadedPack, commune: LoadedEvidence
) -> None:
    cands = [c for c in fix_candidates(pack, commune).candidates if c.code == "2.2"]
    assert [c.metrics for c in cands] == [{"digitized_rate": D(90)}]
    # in words, the bound in the unit of what it bounds (a percent written close)
    assert cands[0].requirement == "phương án «Số hóa hồ sơ»: «Tỷ lệ hồ sơ được số hóa» ≥ 90%"
    assert "(theo phương án «Số hóa hồ sơ»)" in cands[0].description


def test_one_of_switches_only_when_the_pack_allows_it(
    pack: LoadedPack, commune: LoadedEvidence
) -> None:
    env = dict(commune.metrics)
    fixed = pack.leaves["2.2"]
    assert "model_choice" not in lever_set(pack, fixed).all
    words = [lv.requirement for lv in rule_levels(fixed.rule, D(6), D(0), env)]
    assert words == [
        "phương án «Số hóa hồ sơ»: digitized_rate ≥ 70",
        "phương án «Số hóa hồ sơ»: digitized_rate ≥ 90",
    ]
    free = variant(
        "            chosen: model_choice\n",
        "            chosen: model_choice\n            switchable: true\n",
    ).leaves["2.2"]
    assert lever_set(pack, free).preferred[0] == "model_choice"
    words = [lv.requirement for lv in rule_levels(free.rule, D(6), D(0), env)]
    assert "phương án «Bộ phận một cửa hiện đại»: modern_counters ≥ 3" in words
    said = {Wording(pack).requirement(lv) for lv in rule_levels(free.rule, D(6), D(0), env)}
    assert "phương án «Bộ phận một cửa hiện đại»: «Số quầy một cửa hiện đại» ≥ 3 quầy" in said
    # the switch itself is a change the search can propose: alone it reaches 6 points
    probe = Probe(pack, free, commune.metrics, None)
    found = find_change(probe, D(6), LeverSet(("model_choice",), ()))
    assert not isinstance(found, str) and found.changes == {"model_choice": "mot_cua"}


def test_whatif_reads_choice_labels_and_refuses_off_grid_points(
    pack: LoadedPack, commune: LoadedEvidence
) -> None:
    doc = parse_yaml("metrics:\n  online_band: Từ 80% trở lên\n  leadership_points: 7\n", "k.yaml")
    sc = check_scenario(doc, scenario_model(doc), pack, commune)
    changes = {c.code: c.delta for c in run_whatif(pack, commune, sc).changes}
    assert changes["2.1"] == D(2) and changes["1.1"] == D("1.5")
    doc = parse_yaml("metrics:\n  leadership_points: 6.3\n", "k.yaml")
    with pytest.raises(UsageError) as exc:
        check_scenario(doc, scenario_model(doc), pack, commune)
    assert exc.value.issues[0].code == "PS512"


# -- diff ---------------------------------------------------------------------------------------------


def test_diff_reports_every_new_key(pack: LoadedPack) -> None:
    new_text = PACK_TEXT.replace(
        "{ of: leadership_points, step: 0.5 }", "{ of: leadership_points, step: 1 }"
    )
    for old, repl in (
        ("tu_80: 5, tu_65: 3", "tu_80: 5, tu_65: 2"),
        (
            "            chosen: model_choice\n",
            "            chosen: model_choice\n            switchable: true\n",
        ),
        (
            "{ count: { of: modern_counters, each: 2 } }",
            "{ count: { of: modern_counters, each: 3 } }",
        ),
        ("    step: 0.5\n", "    step: 1\n"),
        ("thi_tran: Thị trấn }", "thi_tran: Thị trấn, dac_khu: Đặc khu }"),
    ):
        assert old in new_text, old
        new_text = new_text.replace(old, repl, 1)
    from parscore.loader import pack_from_text

    new = pack_from_text(new_text, "new.yaml")
    lines = [describe(c) for c in diff_packs(pack, new)]
    text = "\n".join(lines)
    assert "Tiêu chí 1.1: bước của thang điểm: 0,5 → 1" in text
    assert "Tiêu chí 2.1: điểm của lựa chọn «tu_65»: 3 → 2" in text
    assert "Tiêu chí 2.2: được đổi phương án khi lập kế hoạch: không → có" in text
    assert "Tiêu chí 2.2: phương án «mot_cua»: điểm mỗi đơn vị: 2 → 3" in text
    assert "Đầu vào cashless_rate: bước giá trị: 0,5 → 1" in text
    assert "Đầu vào unit_kind: các lựa chọn:" in text and "Đặc khu" in text


# -- schema, forms, synthetic, pack cases ---------------------------------------------------------------


def _json(value: object) -> object:
    return json.loads(json.dumps(value, default=str))


def test_the_pack_validates_against_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(rule_pack_schema())
    data = parse_yaml(PACK_TEXT, "danh-hieu.yaml").data
    errors = list(validator.iter_errors(_json(_numbers(data))))
    assert not errors, [e.message for e in errors]
    broken = parse_yaml(PACK_TEXT.replace("step: 0.5 } }", "stepp: 0.5 } }", 1), "x").data
    assert list(validator.iter_errors(_json(_numbers(broken))))


def _numbers(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def test_form_offers_the_labels_and_reads_label_or_key(
    pack: LoadedPack, commune: LoadedEvidence
) -> None:
    data = build_form(pack, commune)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(ws for ws in book.worksheets if ws["C1"].value and "unit_kind" in _cells(ws))
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert '"Xã,Phường,Thị trấn"' in lists
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Phường" in values and "Từ 65% đến dưới 80%" in values and "phuong" not in values
    back, _ = read_form(data, "form.xlsx", pack)
    assert back.metrics == commune.metrics
    assert 'online_band: "tu_65"' in dump_evidence(back.model)  # the YAML keeps the key
    # a key typed in the cell is read as well
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Phường":
                cell.value = "phuong"
    out = io.BytesIO()
    book.save(out)
    again, _ = read_form(out.getvalue(), "form.xlsx", pack)
    assert again.metrics["unit_kind"] == "phuong"


def _cells(sheet: object) -> list[object]:
    return [c.value for row in sheet.iter_rows() for c in row]  # type: ignore[attr-defined]


def test_synthetic_communes_fit_the_new_inputs(pack: LoadedPack) -> None:
    for _, ev in synthetic_communes(pack, 12, seed=7):
        text = dump_evidence(ev)
        loaded = evidence_from_data(parse_yaml(text, "synth.yaml"), pack)  # PS511/512 would raise
        assert loaded.metrics["unit_kind"] in ("xa", "phuong", "thi_tran")
        score(pack, loaded)


def test_pack_cases_cover_each_new_kind() -> None:
    paths = case_files(PACK_FILE, 2025)
    assert len(paths) >= 4
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    for code in ("1.1", "2.1", "2.2", "2.3"):
        assert f'"{code}"' in text
    for path in paths:
        outcome = run_case(path)
        assert outcome.passed, "\n".join(outcome.failures)


def test_every_kind_is_one_registered_module() -> None:
    names = [k.name for k in all_kinds()]
    assert names[-3:] == ["graded", "pick", "one_of"]
    for name in names:
        kind = kind_named(name)
        module = Path(__import__(type(kind).__module__, fromlist=["_"]).__file__ or "")
        assert module.stem == name and module.parent.name == "kinds"
        assert kind.noun and kind.docs


def test_explain_and_report_show_labels_not_keys(capsys: pytest.CaptureFixture[str]) -> None:
    from parscore.cli.main import main

    args = [str(COMMUNE_FILE), "--pack", str(PACK_FILE)]
    assert main(["explain", args[0], "2.2", *args[1:]]) == 0
    out = capsys.readouterr().out
    assert "Cách chấm: theo phương án xã đã chọn" in out
    assert "Mô hình xã đăng ký thực hiện = «Số hóa hồ sơ»" in out
    assert "so_hoa" not in out and "model_choice" not in out and "one_of" not in out
    assert "Xã chọn phương án «Số hóa hồ sơ»" in out


def test_batch_totals_equal_full_scoring_with_the_new_kinds(pack: LoadedPack) -> None:
    from parscore.totals import score_totals

    for _, ev in synthetic_communes(pack, 40, seed=11):
        loaded = evidence_from_data(parse_yaml(dump_evidence(ev), "synth.yaml"), pack)
        full, fast = score(pack, loaded), score_totals(pack, loaded)
        assert fast.total.points == full.total.points
        assert fast.total.score == full.total.score
        assert [f.points for f in fast.fields] == [f.points for f in full.criteria]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=700))
def test_graded_keeps_grid_points_and_refuses_the_rest(hundredths: int) -> None:
    """Any value in 0..7: on the 0,5 grid it is the leaf's points; off it, PS512 names the two
    grid values around it."""
    pack = _PACK
    value = D(hundredths) / 100
    text = f"commune: Xã Thử\nyear: 2025\nmetrics: {{ leadership_points: {value} }}\n"
    if (value * 2) % 1 == 0:
        assert score(pack, evidence_text(pack, text)).leaf("1.1").points == value
        return
    with pytest.raises(EvidenceError) as exc:
        evidence_text(pack, text)
    [issue] = exc.value.issues
    low = (value * 2 // 1) / 2
    assert issue.code == "PS512"
    assert f"chọn {vi_number(low)} hoặc {vi_number(low + D('0.5'))}" in issue.message


_PACK = load_pack(PACK_FILE)


def test_the_diff_names_a_choices_options_by_their_labels(pack: LoadedPack) -> None:
    """With the two packs, a pick's points and a one_of's alternatives read «tu_65», «mot_cua»:
    the keys of the YAML file, not the options' labels the pack gives."""
    from parscore.diffing import describe, diff_packs
    from parscore.loader import pack_from_text

    new_text = PACK_TEXT
    for old, repl in (
        (
            "points: { tu_80: 5, tu_65: 3, duoi_65: 0 }",
            "points: { tu_80: 5, tu_65: 2, duoi_65: 0 }",
        ),
        (
            "{ count: { of: modern_counters, each: 2 } }",
            "{ count: { of: modern_counters, each: 3 } }",
        ),
    ):
        assert old in new_text, old
        new_text = new_text.replace(old, repl, 1)
    new = pack_from_text(new_text, "new.yaml")
    lines = [describe(c, (pack, new)) for c in diff_packs(pack, new)]
    assert "Tiêu chí 2.1: điểm của lựa chọn «Từ 65% đến dưới 80%»: 3 → 2" in lines
    assert "Tiêu chí 2.2: phương án «Bộ phận một cửa hiện đại»: điểm mỗi quầy: 2 → 3" in lines
    whole = PACK_TEXT.replace(
        "          pick:\n            of: online_band\n"
        "            points: { tu_80: 5, tu_65: 3, duoi_65: 0 }\n",
        "          check: \"online_band == 'tu_80'\"\n",
        1,
    )
    assert whole != PACK_TEXT
    other = pack_from_text(whole, "x.yaml")
    lines = [describe(c, (pack, other)) for c in diff_packs(pack, other)]
    rule = next(line for line in lines if line.startswith("Tiêu chí 2.1: cách chấm:"))
    assert "«Từ 65% đến dưới 80%» → 3 điểm" in rule and "tu_65" not in rule, rule
