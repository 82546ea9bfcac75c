"""The bounds on numbers and text that keep every answer fast: limits, literals, messages."""

from __future__ import annotations

import ast
import io
from decimal import Decimal

import pytest

from parscore import limits
from parscore.cli.main import main
from parscore.cli.terminal import CleanStream, clean_text
from parscore.errors import ParscoreError
from parscore.expr import ExpressionError, compile_expression
from parscore.expr_literals import literal_problem, number_literal
from parscore.loader import pack_from_text
from parscore.partial_checks import raw_expression_issues
from parscore.yaml_messages import syntax_issue
from parscore.yamlio import parse_yaml

from .conftest import SAMPLE_PACK


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (Decimal("999999999999999"), True),
        (Decimal("1E+15"), False),
        (Decimal("-1E+15"), False),
        (Decimal("1.0e+9999999999"), False),
        (Decimal("0.1666666666666666666666666667"), True),
        (Decimal("1.0e-9999999999"), False),
        (Decimal("1" * 29), False),
        (Decimal("12345678901234.12345678901234"), True),
        (Decimal("1.50000000000000000000000000000000000000000000000000"), True),
        (Decimal("0"), True),
        (Decimal("NaN"), False),
        (10**4000, False),
        (-(2**62), False),
        (123, True),
    ],
)
def test_number_bounds(value: Decimal | int, ok: bool) -> None:
    assert (limits.number_problem(value) == "") is ok


def test_a_number_too_large_is_said_in_words_people_read() -> None:
    for value in (Decimal("1E+15"), Decimal("-1E+15"), 10**4000):
        problem = limits.number_problem(value)
        assert problem.startswith("số quá lớn (tối đa 999.999.999.999.999, tức dưới 1 triệu tỷ")
        assert "10^" not in problem


def test_number_text_is_bounded_before_it_is_read() -> None:
    assert limits.number_text_problem("9" * 65)
    assert not limits.number_text_problem("1_000_000.5")


@pytest.mark.parametrize(
    "src",
    [
        "kind == 'phuong'",
        "kind != 'xa'",
        "90 if kind == 'phuong' else 70",
        "kind in ('phuong', 'xa')",
        "kind not in ['phuong']",
        "'phuong' == kind and x > 1",
    ],
)
def test_text_is_allowed_only_to_compare_a_choice(src: str) -> None:
    tree = ast.parse(src, mode="eval")
    assert literal_problem(tree, src) is None
    compile_expression(src, {"kind", "x"})


@pytest.mark.parametrize(
    "src",
    [
        "'a' * 10**9",
        "'{:>1000000000}' % x",
        "'a' + kind",
        "'a' < 'b'",
        "('a', 'b')",
        "x in (1, x)",
        "kind == 'a' * 3",
        "max('a', 'b') == kind",
        "['a'][0] == kind",
    ],
)
def test_other_text_and_groups_are_refused_at_load(src: str) -> None:
    with pytest.raises(ExpressionError) as err:
        compile_expression(src, {"kind", "x"})
    assert err.value.code == "PS303"


@pytest.mark.parametrize("src", ["1e9999999", "x * 0x" + "f" * 30, "1e15", "0." + "0" * 31 + "1"])
def test_number_literals_are_bounded(src: str) -> None:
    with pytest.raises(ExpressionError) as err:
        compile_expression(src, {"x"})
    assert err.value.code == "PS307"
    node = next(n for n in ast.walk(ast.parse(src, mode="eval")) if isinstance(n, ast.Constant))
    assert not isinstance(number_literal(node, src), Decimal)


def test_literals_are_exact_decimals_from_their_text() -> None:
    node = ast.parse("0.1", mode="eval").body
    assert isinstance(node, ast.Constant)
    assert number_literal(node, "0.1") == Decimal("0.1")


def test_a_structural_error_does_not_hide_expression_errors() -> None:
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    text = text.replace("title: Hoàn thành Kế hoạch CCHC", "titel: Hoàn thành Kế hoạch CCHC")
    text = text.replace("budget_ratio - 70", "budget_ratoi - 70")
    doc = parse_yaml(text, "p.yaml")
    assert [i.code for i in raw_expression_issues(doc)] == ["PS302"]
    with pytest.raises(ParscoreError) as err:
        pack_from_text(text, "p.yaml")
    assert {"PS201", "PS202", "PS302"} <= {i.code for i in err.value.issues}


def test_unknown_yaml_phrases_fall_back_to_vietnamese() -> None:
    import yaml

    issue = syntax_issue(yaml.YAMLError("something new"), "a: 1\n", "t.yaml")
    assert issue.code == "PS102" and issue.message == "lỗi cú pháp YAML"


def test_terminal_text_is_cleaned() -> None:
    assert clean_text("Xã \x1b[31mA\x9b\u202e\tB\n") == "Xã \\u001b[31mA\\u009b\\u202e\tB\n"
    sink = io.StringIO()
    CleanStream(sink).write("\x07")  # type: ignore[arg-type]
    assert sink.getvalue() == "\\u0007"


def test_cli_prints_no_direction_overrides(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """Control characters and bidirectional overrides are refused at input (PS205), the refusal
    showing the character as its code; what gets through, such as a right-to-left mark, is
    shown as its code too."""
    from pathlib import Path

    from .conftest import SAMPLE_COMMUNE

    bad = Path(str(tmp_path)) / "x.yaml"
    source = SAMPLE_COMMUNE.read_text(encoding="utf-8")
    bad.write_text(source.replace("commune: Xã Mẫu", 'commune: "Xã \u202euẫM\u2066"'), "utf-8")
    assert main(["score", str(bad), "--pack", str(SAMPLE_PACK)]) == 2
    err = capsys.readouterr().err
    assert "PS205" in err and "U+202E" in err and "\u202e" not in err
    bad.write_text(source.replace("commune: Xã Mẫu", 'commune: "Xã \u200fMẫu\u061c"'), "utf-8")
    assert main(["score", str(bad), "--pack", str(SAMPLE_PACK)]) == 0
    out = capsys.readouterr().out
    assert "\u200f" not in out and "\\u200fMẫu\\u061c" in out
    assert main(["score", str(bad), "--pack", str(SAMPLE_PACK), "--format", "json"]) == 0
    import json

    assert json.loads(capsys.readouterr().out)["commune"] == "Xã \u200fMẫu\u061c"  # exact


def test_argparse_speaks_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["score"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    for english in ("usage:", "error:", "required"):
        assert english not in err
    assert "cách dùng:" in err and "lỗi:" in err
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    out = capsys.readouterr().out
    assert "options:" not in out and "show this help" not in out and "tùy chọn:" in out


@pytest.mark.parametrize(("d1", "d2"), [("9999-12-20", "9999-12-30"), ("0001-01-20", "0001-01-30")])
def test_plan_date_probes_stay_within_the_calendar(d1: str, d2: str) -> None:
    from parscore.loader import evidence_from_data
    from parscore.planner import plan_fixes

    pack = pack_from_text(
        "pack: { id: t/xa/2025, title: T, province: T, level: xa, year: 2025,"
        " status: provisional, total: 1 }\n"
        "inputs: { d1: { label: Một, type: date }, d2: { label: Hai, type: date } }\n"
        'criteria: [ { code: "1", title: Một, max: 1,'
        ' score: { check: "days_between(d1, d2) >= 30" } } ]\n'
    )
    doc = parse_yaml(f"commune: X\nmetrics: {{ d1: {d1}, d2: {d2} }}\n", "x.yaml")
    plan = plan_fixes(pack, evidence_from_data(doc, pack), target=Decimal(100))
    assert plan.reachable
