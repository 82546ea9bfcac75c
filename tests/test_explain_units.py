"""explain says a criterion's values and its rule's thresholds in the unit the pack declares."""

from __future__ import annotations

import pytest

from parscore.cli.main import main

from .conftest import ROOT


def test_values_and_thresholds_in_the_declared_unit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """«= 24» then «≥ 24: 2,25 điểm» for an input declared in «hệ thống»; points keep «điểm»."""
    monkeypatch.chdir(ROOT)
    assert main(["explain", "evidence/dan-tien-2025.yaml", "7.1.1"]) == 0
    out = capsys.readouterr().out
    label = "Số hệ thống có dữ liệu được kết nối, chia sẻ qua NDXP và đưa vào sử dụng"
    assert f"Số liệu: {label} = 24 hệ thống\n" in out, out
    assert "»: ≥ 24 hệ thống: 2,25 điểm; ≥ 18 hệ thống: 1 điểm; dưới bậc" in out
