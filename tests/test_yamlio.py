"""Safe YAML: decimals, dates, positions, duplicate keys, tags, size and alias limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from parscore import yamlio
from parscore.errors import ParscoreError
from parscore.yamlio import load_yaml, parse_yaml


def test_numbers_dates_and_positions() -> None:
    doc = parse_yaml("a: 99.9\nb:\n  - 1\n  - 2025-12-31\n  - '1.1'\n", "x.yaml")
    assert doc.data == {"a": Decimal("99.9"), "b": [1, dt.date(2025, 12, 31), "1.1"]}
    assert isinstance(doc.data["a"], Decimal)
    assert doc.where(("b", 1)) == yamlio.Position(4, 5)
    assert doc.where(("b", 9, "deep")) == yamlio.Position(2, 1)  # nearest ancestor


def test_numeric_keys_keep_their_text() -> None:
    assert parse_yaml("claims: {1.10: 1}\n").data == {"claims": {"1.10": 1}}


def test_merge_keys_are_supported() -> None:
    doc = parse_yaml("base: &b {x: 1}\nother: {<<: *b, y: 2}\n")
    assert doc.data["other"] == {"x": 1, "y": 2}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: [1\n", "PS102"),
        ("- 1\n", "PS107"),
        ("", "PS107"),
    ],
)
def test_refused(text: str, code: str) -> None:
    with pytest.raises(ParscoreError) as err:
        parse_yaml(text, "t.yaml")
    assert err.value.issues[0].code == code


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\na: 2\n", "PS103", 2),
        ("a: !!python/name:os.system\n", "PS104", 1),
        ("a: !custom 1\n", "PS104", 1),
        ("b: 1\na: .inf\n", "PS109", 2),
        ("a: 2025-02-30\n", "PS109", 1),
        ("x: 1\na: 2099-13-01\n", "PS109", 2),
        ('a: !!int "abc"\n', "PS109", 1),
        ('a: !!int ""\n', "PS109", 1),
        ('a: !!bool "maybe"\n', "PS109", 1),
        ('a: !!timestamp "abc"\n', "PS109", 1),
        ("a: " + "9" * 5000 + "\n", "PS110", 1),
        ("a: 0x" + "f" * 40 + "\n", "PS110", 1),
        ("a: 1.0e+9999999999\n", "PS110", 1),
        ("a: 1.0e-9999999999\n", "PS110", 1),
        ("a: 1.0e+15\n", "PS110", 1),
    ],
)
def test_values_that_cannot_be_read_are_located_and_kept(text: str, code: str, line: int) -> None:
    doc = parse_yaml(text, "t.yaml")
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.file) == (code, line, "t.yaml")
    assert isinstance(doc.data["a"], yamlio.Invalid) and doc.data["a"].issue == problem
    assert problem.message.isascii() is False


def test_every_bad_value_is_reported_not_only_the_first() -> None:
    doc = parse_yaml("a: 2025-02-30\nb: 2025-02-31\nc: !!int x\nd: 1\n")
    assert [p.line for p in doc.problems] == [1, 2, 3]
    assert doc.data["d"] == 1


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_character_is_located_by_line_and_column(char: str) -> None:
    with pytest.raises(ParscoreError) as err:
        parse_yaml(f"a: Dân Tiến\nb: ẫẫ {char}x\n", "t.yaml")
    issue = err.value.issues[0]
    assert (issue.code, issue.line, issue.col) == ("PS102", 2, 7)
    assert "position" not in issue.message


@pytest.mark.parametrize(
    "text",
    ["a: b: c\n", "a: [1\n", "a:\n\t- b\n", "a: *x\n", "---\na: 1\n---\nb: 2\n", 'a: "x\n'],
)
def test_syntax_errors_are_vietnamese(text: str) -> None:
    with pytest.raises(ParscoreError) as err:
        parse_yaml(text, "t.yaml")
    issue = err.value.issues[0]
    assert issue.code == "PS102" and issue.line is not None
    for english in ("found", "expected", "allowed", "while", "character"):
        assert english not in issue.message + issue.hint


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(ParscoreError) as err:
        parse_yaml("\n".join(lines) + "\n")
    assert err.value.issues[0].code == "PS106"


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(ParscoreError) as err:
        load_yaml(big)
    assert err.value.issues[0].code == "PS105"


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(ParscoreError) as err:
        load_yaml(tmp_path / "none.yaml")
    assert err.value.issues[0].code == "PS101"
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("a: Dân Tiến\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(ParscoreError) as err:
        load_yaml(bad)
    assert err.value.issues[0].code == "PS108"
    with pytest.raises(ParscoreError) as err:
        load_yaml(tmp_path)
    assert err.value.issues[0].code == "PS101"
    assert "Error" not in err.value.issues[0].message  # no Python exception names
    assert "thư mục" in err.value.issues[0].message


def test_scalars_are_read_or_give_their_problem() -> None:
    from yaml.nodes import ScalarNode

    from parscore.yaml_scalars import ScalarProblem, read_scalar

    def node(text: str) -> ScalarNode:
        return ScalarNode("tag:yaml.org,2002:x", text)

    assert read_scalar(node("2025-12-31"), "timestamp") == dt.date(2025, 12, 31)
    assert read_scalar(node("1_000.5"), "float") == Decimal("1000.5")
    assert read_scalar(node("0x10"), "int") == 16
    assert read_scalar(node("yes"), "bool") is True
    for text, kind, code in [
        ("2025-02-29", "timestamp", "PS109"),
        ("abc", "int", "PS109"),
        ("maybe", "bool", "PS109"),
        (".nan", "float", "PS109"),
        ("9" * 100, "int", "PS110"),
        ("1.0e+16", "float", "PS110"),
    ]:
        problem = read_scalar(node(text), kind)
        assert isinstance(problem, ScalarProblem) and problem.code == code, (text, problem)


@pytest.mark.parametrize("depth", [100, 999, 1_001, 5_000, 100_000])
def test_deep_nesting_is_the_depth_limit_not_a_syntax_error(depth: int) -> None:
    """However deep (past the parser's own limit of 1,000 too), valid YAML nested too deep is
    refused as the limit (PS106), located, never as a syntax error or a crash."""
    for text in (
        "a: " + "[" * depth + "]" * depth + "\n",
        "a: " + "{b: " * depth + "1" + "}" * depth,
    ):
        with pytest.raises(ParscoreError) as err:
            parse_yaml(text, "t.yaml")
        issue = err.value.issues[0]
        assert (issue.code, issue.message, issue.line) == ("PS106", "YAML lồng nhau quá sâu", 1)
