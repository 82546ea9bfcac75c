"""parscore lint: each planted mistake in tests/lint_cases/ is found, at its line, with its code."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.lint import lint_pack
from parscore.lint.target import parse_vi_number, percentages
from parscore.loader import load_pack

from .conftest import ROOT, TESTS

CASES = sorted((TESTS / "lint_cases").glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (.+)$", re.MULTILINE)
_MARK = re.compile(r"#\s*(PL\d{3})\b")


def _expected(path: Path) -> tuple[set[str], dict[int, set[str]]]:
    text = path.read_text(encoding="utf-8")
    match = _EXPECT.search(text)
    assert match, f"{path.name} must name its expected codes in a '# expect:' line"
    codes = set(match.group(1).split()) - {"none"}
    marks: dict[int, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if number > 2:
            marks[number] = set(_MARK.findall(line))
    return codes, marks


def test_there_is_a_case_for_every_code() -> None:
    planted = set().union(*(_expected(p)[0] for p in CASES))
    documented = set(
        re.findall(r"- (PL\d{3}) ", (ROOT / "parscore" / "lint" / "finding.py").read_text())
    )
    assert documented == planted
    assert len(CASES) >= 15


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_planted_mistake_is_found_at_its_line(path: Path) -> None:
    codes, marks = _expected(path)
    report = lint_pack(load_pack(path))
    assert {f.code for f in report.findings} == codes
    for finding in report.findings:
        assert finding.line is not None and finding.file == str(path)
        assert finding.code in marks.get(finding.line, set()), (
            f"{finding.code} reported at line {finding.line}: {finding.message}"
        )
    assert report.has_errors == any(f.severity.value == "error" for f in report.findings)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_exit_code_is_one_only_for_errors(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = lint_pack(load_pack(path))
    assert main(["lint", str(path)]) == (1 if report.has_errors else 0)
    text = capsys.readouterr().out
    assert f"{report.count('error')} lỗi, {report.count('warning')} cảnh báo" in text


def test_json_output_has_codes_severities_and_locations(capsys: pytest.CaptureFixture[str]) -> None:
    path = TESTS / "lint_cases" / "tiers-step-above-range.yaml"
    assert main(["lint", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["pack"] == "lint/xa/2025" and data["counts"] == {
        "error": 2,
        "warning": 0,
        "info": 0,
    }
    first = data["findings"][0]
    assert set(first) >= {"code", "severity", "message", "file", "line", "col", "path", "hint"}
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [
        ("PL102", "error"),
        ("PL101", "error"),
    ]


def test_sources_are_counted_and_listed(capsys: pytest.CaptureFixture[str]) -> None:
    path = TESTS / "lint_cases" / "missing-and-assumed-source.yaml"
    report = lint_pack(load_pack(path))
    assert report.without_source == ("1.1",) and report.assumed == ("1.2",)
    main(["lint", str(path)])
    out = capsys.readouterr().out
    assert "1 tiêu chí chưa ghi nguồn (PL120): 1.1" in out
    assert "1 tiêu chí có giá trị còn là giả định (PL121): 1.2" in out


def test_a_pack_that_does_not_load_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("pack: {}\ncriteria: []\n", encoding="utf-8")
    assert main(["lint", str(broken)]) == 2
    assert "PS202" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.yaml")), ids=lambda p: p.stem)
def test_published_packs_have_no_lint_errors(path: Path) -> None:
    report = lint_pack(load_pack(path))
    errors = [f.format() for f in report.findings if f.severity.value == "error"]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("99,9", Decimal("99.9")),
        ("1.250", Decimal(1250)),
        ("1.250,5", Decimal("1250.5")),
        ("99.9", Decimal("99.9")),
        ("100", Decimal(100)),
    ],
)
def test_vietnamese_numbers(text: str, value: Decimal) -> None:
    assert parse_vi_number(text) == value


def test_percentages_in_a_target_text() -> None:
    assert percentages("≥ 99,9% hồ sơ; tối thiểu 80 % trực tuyến, 3.2.2 và 1.250 hồ sơ") == [
        Decimal("99.9"),
        Decimal(80),
    ]
    assert percentages("Thường xuyên") == []


def test_readme_pack_table_is_the_provenance_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's provenance table is `parscore lint --provenance rules/*.yaml`, word for word."""
    monkeypatch.chdir(ROOT)
    packs = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "rules").glob("*.yaml"))
    assert main(["lint", "--provenance", *packs]) == 0
    table = capsys.readouterr().out.strip()
    assert table.count("\n") == len(packs) + 1
    assert table in (ROOT / "README.md").read_text(encoding="utf-8")


def test_provenance_json_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["lint", "--provenance", "--format", "json", str(ROOT / "rules" / "2025.yaml")]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data[0]["pack"] == "thai-nguyen/xa/2025"
    assert data[0]["counts"] == {
        "official": 0,
        "borrowed": 7,
        "derived": 10,
        "assumed": 75,
        "none": 0,
    }


def test_every_rule_pack_has_no_provenance_finding() -> None:
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        report = lint_pack(load_pack(path))
        found = [f for f in report.findings if f.code in ("PL120", "PL122", "PL123", "PL124")]
        assert not found, (path.name, [f.message for f in found])


def test_with_several_packs_every_line_names_its_pack(capsys: pytest.CaptureFixture[str]) -> None:
    first = TESTS / "lint_cases" / "missing-and-assumed-source.yaml"
    second = TESTS / "lint_cases" / "unused-input.yaml"
    main(["lint", str(first), str(second)])
    blocks = capsys.readouterr().out.rstrip("\n").split("\n\n")
    assert len(blocks) == 2
    for path, block in zip((first, second), blocks, strict=True):
        assert all(line.startswith(f"{path}:") for line in block.splitlines()), block
    assert f"{first}: 1 tiêu chí có giá trị còn là giả định (PL121): 1.2" in blocks[0]


def test_a_list_of_decimal_comma_numbers_is_not_read_as_one_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "98, 99,5" reads as 98,99 and 5 to a Vietnamese reader: list items are set apart by "; "
    main(["lint", str(TESTS / "lint_cases" / "target-disagrees.yaml")])
    assert "nhưng quy tắc chấm dùng ngưỡng 98; 99,5 " in capsys.readouterr().out
