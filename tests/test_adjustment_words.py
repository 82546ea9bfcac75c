"""Totals with bonus and penalty points read as a sum a reader can check: the criteria's points
converted to the scale, plus the bonus, minus the penalty, equals the score; what the pack's caps
and the scale's bounds took off is said (text output, reports, web panel).

The fixture ``tests/data/bonus/`` is the bundled 2025 pack as a revision 2 with bonus and penalty
items (points and caps invented for tests) and the Dân Tiến sample with four items listed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.loader import load_evidence, load_pack
from parscore.model.result import Total
from parscore.report.adjustment_words import Claimed, adjustment_note
from parscore.report.build import build_context
from parscore.report.render import render_report
from parscore.scoring import score

from .conftest import DATA, ROOT
from .report_helpers import docx_text

D = Decimal
BONUS = DATA / "bonus"
PACK = BONUS / "pack.yaml"
COMMUNE = BONUS / "dan-tien-2025.yaml"
# 85,9225 / 99 × 100 = 86,79; bonus T1 + T2 + T3 = 3,5 capped at 3; penalty V1 = 0,5 → 89,29
SUM = "86,79 + 3 − 0,5 = 89,29; các mục thưởng cộng lại 3,5 điểm, chỉ tính tối đa 3 điểm"


def test_fixture_is_the_bundled_2025_pack_with_bonus_and_penalty_items() -> None:
    """The fixture stays the bundled pack (revision 2) plus its ``adjustments`` block."""
    fixture = PACK.read_text(encoding="utf-8")
    bundled = (ROOT / "rules" / "2025.yaml").read_text(encoding="utf-8")
    body = fixture[fixture.index("# Chỉ số CCHC") :]
    start, end = body.index("adjustments:"), body.index("\ncriteria:\n")
    assert body[:start] + body[end + 1 :] == bundled.replace("revision: 1\n", "revision: 2\n", 1)
    pack = load_pack(PACK)
    assert pack.model.pack.revision == 2
    assert pack.model.adjustments.codes() == ["T1", "T2", "T3", "V1", "V2", "V3", "V4"]
    evidence, _ = load_evidence(COMMUNE, pack)
    total = score(pack, evidence).total
    assert (total.bonus, total.penalty, total.score) == (D(3), D("0.5"), D("89.29"))


def test_score_text_shows_the_sum_and_the_cap(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(COMMUNE), "--pack", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert f"Điểm thưởng: +3; điểm trừ: −0,5 ({SUM})" in out


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_report_summary_shows_the_sum_and_the_cap(fmt: str) -> None:
    pack = load_pack(PACK)
    evidence, _ = load_evidence(COMMUNE, pack)
    ctx = build_context(score(pack, evidence), pack, evidence)
    data = render_report(ctx, fmt)
    text = docx_text(data) if fmt == "docx" else data.decode("utf-8")
    assert SUM in text
    assert "quy đổi từ 85,92 / 99 điểm áp dụng, cộng điểm thưởng, trừ điểm trừ" in text


def _total(points: str, applicable: str, score_: str, bonus: str, penalty: str) -> Total:
    return Total(
        points=D(points),
        max=D(100),
        applicable_max=D(applicable),
        score_exact=D(score_),
        score=D(score_),
        band=None,
        goal=None,
        gap=None,
        goal_met=None,
        bonus=D(bonus),
        penalty=D(penalty),
    )


def test_a_score_held_at_the_scale_says_why() -> None:
    # 99 + 3 would be 102: the score stays at 100
    note = adjustment_note(_total("99", "100", "100", "3", "0"), D(100), 2, "half_up")
    assert note == "99 + 3 − 0 = 100 (điểm không vượt quá 100)"
    # 2 − 5 would be −3: the score stays at 0
    note = adjustment_note(_total("2", "100", "0", "0", "5"), D(100), 2, "half_up")
    assert note == "2 + 0 − 5 = 0 (điểm không thấp hơn 0)"


def test_rounding_once_after_the_sum_is_said_when_the_parts_do_not_add_up() -> None:
    # places 0, half_even: 2.5 converted reads 2, but 2.5 + 1 = 3.5 rounds to 4
    note = adjustment_note(_total("2.5", "100", "4", "1", "0"), D(100), 0, "half_even")
    assert note == "2 + 1 − 0 = 4 (làm tròn một lần, sau khi cộng, trừ)"


def test_caps_and_nothing_listed() -> None:
    capped = Claimed(D(4), D(7), D(3), D(5))
    note = adjustment_note(_total("80", "100", "78", "3", "5"), D(100), 2, "half_up", capped)
    assert note == (
        "80 + 3 − 5 = 78; các mục thưởng cộng lại 4 điểm, chỉ tính tối đa 3 điểm;"
        " các mục trừ cộng lại 7 điểm, chỉ trừ tối đa 5 điểm"
    )
    none = adjustment_note(_total("80", "100", "80", "0", "0"), D(100), 2, "half_up", Claimed())
    assert none == "chưa có mục thưởng, trừ nào được tính"


def test_a_plan_says_its_totals_include_the_bonus_and_penalty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["plan", str(COMMUNE), "--pack", str(PACK)])
    out = capsys.readouterr().out
    assert "Điểm tổng đã gồm điểm thưởng +3 và điểm trừ −0,5" in out
    main(["plan", str(ROOT / "evidence" / "dan-tien-2025.yaml")])  # the bundled pack: no items
    assert "điểm thưởng" not in capsys.readouterr().out


def test_explain_a_bonus_or_penalty_item(capsys: pytest.CaptureFixture[str]) -> None:
    """``explain`` took an item's code for a criterion's (T1: "did you mean 1?")."""
    assert main(["explain", str(COMMUNE), "T1", "--pack", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Mục điểm thưởng T1 – Có sáng kiến cải cách hành chính")
    assert "Điểm: +1,5 (điểm thưởng của mọi mục cộng lại tối đa 3 điểm)" in out
    assert "Tệp minh chứng liệt kê mục này, lý do: Sáng kiến «Tiếp nhận" in out
    assert f"Cả tệp: điểm thưởng +3, điểm trừ −0,5 ({SUM})" in out
    assert main(["explain", str(COMMUNE), "V3", "--pack", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert "Điểm: −2 (điểm trừ" in out and "không liệt kê mục này: không được tính" in out
    assert main(["explain", str(COMMUNE), "T9", "--pack", str(PACK)]) == 2
    assert "không có tiêu chí hay mục thưởng, trừ 'T9'" in capsys.readouterr().err


def test_the_plan_document_says_its_scores_include_the_bonus_and_penalty(tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.md"
    assert main(["plan-document", str(COMMUNE), "--pack", str(PACK), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "đạt 89,29 điểm (xếp loại Tốt) theo điểm tính từ số liệu" in text
    assert "- Các điểm trên đã gồm điểm thưởng +3 và điểm trừ −0,5" in text
    plain = tmp_path / "khong-thuong.md"
    main(["plan-document", str(ROOT / "evidence" / "dan-tien-2025.yaml"), "-o", str(plain)])
    assert "điểm thưởng" not in plain.read_text(encoding="utf-8")


def test_a_projection_says_its_scores_include_the_bonus_and_penalty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["project", str(COMMUNE), "--pack", str(PACK)])
    out = capsys.readouterr().out
    assert "Các điểm đã gồm điểm thưởng +3 và điểm trừ −0,5 như hiện có" in out
    main(["project", str(ROOT / "evidence" / "dan-tien-2025.yaml")])
    assert "điểm thưởng" not in capsys.readouterr().out


def test_the_minutes_keep_the_items_heading_with_its_list(tmp_path: Path) -> None:
    """In Word the line «Điểm thưởng, điểm trừ (…):» was left alone at a page's foot."""
    from docx import Document

    out = tmp_path / "bien-ban.docx"
    assert main(["minutes", str(COMMUNE), "--pack", str(PACK), "-o", str(out)]) == 0
    [head] = [p for p in Document(str(out)).paragraphs if p.text.startswith("Điểm thưởng, điểm")]
    assert head.text == "Điểm thưởng, điểm trừ (điểm thưởng tối đa 3 điểm; điểm trừ tối đa 5 điểm):"
    assert head.paragraph_format.keep_with_next is True
