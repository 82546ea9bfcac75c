"""``diff`` of a pack revision that adds bonus and penalty items, with evidence that lists them:
the province's question when it adds the items (how does each commune's score move?)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parscore.cli.main import main

from .conftest import DATA, ROOT

OLD = ROOT / "rules" / "2025.yaml"
NEW = DATA / "bonus" / "pack.yaml"
COMMUNE = DATA / "bonus" / "dan-tien-2025.yaml"


def test_two_revisions_of_one_pack_with_evidence_of_the_new_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The evidence was loaded under the old revision (same id) and refused: PS521 for T1…"""
    assert main(["diff", str(OLD), str(NEW), "--evidence", str(COMMUNE)]) == 0
    out = capsys.readouterr().out
    assert "Điểm: 86,79 (Tốt) → 89,29 (Tốt): +2,5" in out
    assert "do điểm thưởng, điểm trừ +2,5" in out
    assert "Không dùng được với gói cũ: mục thưởng, trừ T1 – gói không có mục thưởng/trừ này" in out


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_items_the_other_pack_lacks_are_listed_not_a_traceback(tmp_path: Path, fmt: str) -> None:
    """With another pack id the items were left out of the old side, then the listing of what
    was left out raised KeyError: 'adjustments'."""
    text = NEW.read_text(encoding="utf-8").replace(
        "  id: thai-nguyen/xa/2025\n", "  id: thai-nguyen/xa/2025-thuong-tru\n", 1
    )
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    commune = tmp_path / "xa.yaml"
    commune.write_text(
        COMMUNE.read_text(encoding="utf-8").replace(
            "pack: thai-nguyen/xa/2025\n", "pack: thai-nguyen/xa/2025-thuong-tru\n", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / f"diff.{fmt}"
    args = ["diff", str(OLD), str(new), "--evidence", str(commune), "--format", fmt, "-o", str(out)]
    assert main(args) == 0
    written = out.read_text(encoding="utf-8")
    if fmt == "json":
        [drift] = json.loads(written)["drift"]
        assert {"side": "old", "what": "adjustments", "name": "T1"}.items() <= (
            drift["ignored"][0].items()
        )
    else:
        assert "mục thưởng, trừ T1" in written
