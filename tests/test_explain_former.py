"""explain with last year's code: told where the criterion went (renumbered or removed)."""

from __future__ import annotations

import pytest

from parscore.cli.main import main

from .conftest import ROOT


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("7.1.2", "tiêu chí 7.1.2 của gói thai-nguyen/xa/2024 nay là tiêu chí 7.1.1"),
        ("2.1.1", "«Thực hiện các hoạt động về theo dõi thi hành pháp luật» có ở gói"),
    ],
)
def test_a_code_of_the_replaced_pack_is_traced(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str, hint: str
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["explain", "evidence/dan-tien-2025.yaml", code]) == 2
    err = capsys.readouterr().err
    assert "PS501" in err and hint in err and "Traceback" not in err


def test_a_code_in_neither_pack_gets_the_nearest_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["explain", "evidence/dan-tien-2025.yaml", "9.9.9"]) == 2
    assert "có phải ý bạn là" in capsys.readouterr().err
