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
        ("a: 1\na: 2\n", "PS103"),
        ("a: !!python/name:os.system\n", "PS104"),
        ("a: !custom 1\n", "PS104"),
        ("a: [1\n", "PS102"),
        ("- 1\n", "PS107"),
        ("", "PS107"),
        ("a: .inf\n", "PS203"),
    ],
)
def test_refused(text: str, code: str) -> None:
    with pytest.raises(ParscoreError) as err:
        parse_yaml(text, "t.yaml")
    assert err.value.issues[0].code == code


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
