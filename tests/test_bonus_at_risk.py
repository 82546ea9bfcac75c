"""Points at risk for want of documents include a listed bonus item missing its documents: what
appraisal (strict evidence) would leave out, within the bonus cap, the same difference the planner
says attaching them secures (``stages.bonus_at_risk``, one function); and the note on a total says
what the cap leaves of such an item, in the planner's words.

Two samples, hand-worked:

- the staged pack (``adjustment_helpers``): criteria 17.5 of 20 (the total converted ×5), T1 +1.5
  requiring a decision (missing), T2 +1, bonus cap 2. A self-assessment counts 2, appraisal 1 (T2):
  1 point at risk, which the total feels as 0.2 criteria points.
- the bonus pack (``tests/data/bonus``, applicable 99 of 100): T1 +1.5, T2 +1, T3 +1 under a cap of
  3; criteria 3.1.6 (0.5) and 4.1.2 (2.1) at risk. With T1 requiring a decision, appraisal counts
  T2 + T3 = 2 of the 3: 1 point at risk (0.99 criteria points), 3.59 in all. With T3 requiring one
  too, appraisal counts T2 alone: 2 points at risk together (not T1's 1.5 + T3's 1).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence, load_evidence, load_pack
from parscore.planning.candidates import Rescorer, bonus_candidates
from parscore.report import build
from parscore.report.build import build_context
from parscore.scoring import score

from .adjustment_helpers import DECISION, item_files
from .conftest import DATA, ROOT
from .report_helpers import cell_texts, docx_text, parse_html

D = Decimal
BONUS = DATA / "bonus"
T1_LINE = "points: 1.5, source:"
NEEDS = "evidence: [ { kind: quyet_dinh, title: Quyết định công nhận } ]"


def bonus_pack(tmp_path: Path, *codes: str) -> tuple[Path, Path]:
    """The bonus pack with the items ``codes`` (T1, T3) requiring a decision, and its commune."""
    text = (BONUS / "pack.yaml").read_text(encoding="utf-8")
    assert text.count(T1_LINE) == 1
    text = text.replace(T1_LINE, f"points: 1.5, {NEEDS}, source:") if "T1" in codes else text
    assert text.count("T3, title:") == 1
    if "T3" in codes:
        start = text.index("T3, title:")
        line_end = text.index("\n", start)
        line = text[start:line_end]
        text = text[:start] + line.replace("points: 1, ", f"points: 1, {NEEDS}, ") + text[line_end:]
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    return pack, BONUS / "dan-tien-2025.yaml"


def loaded(pack: Path, commune: Path) -> tuple[LoadedEvidence, LoadedPack]:
    return load_evidence(commune, load_pack(pack))


def test_the_staged_sample_puts_the_capped_bonus_at_risk(tmp_path: Path) -> None:
    evidence, pack = loaded(*item_files(tmp_path))
    result = score(pack, evidence)
    s = build_context(result, pack, evidence, gaps=False).summary
    assert (s.at_risk, s.at_risk_bonus, s.criteria_at_risk) == (D("0.2"), D(1), D(0))
    assert s.at_risk_note == (
        "do thiếu tài liệu kiểm chứng (1 điểm thưởng của mục T1, tính bằng 0,2 điểm áp dụng)"
    )
    # one source: the planner's fix secures exactly that, and appraisal's total loses it
    from parscore.stages import bonus_at_risk

    [fix] = bonus_candidates(Rescorer(pack, evidence, False, known=result))
    assert fix.secures == s.at_risk_bonus == bonus_at_risk(pack, evidence)
    appraised = score(pack, evidence, strict_evidence=True)
    assert result.total.score - appraised.total.score == s.at_risk_bonus
    # under strict evidence the bonus is left out: the same points, not counted for want of it
    strict = build_context(appraised, pack, evidence, gaps=False).summary
    assert (strict.at_risk, strict.at_risk_bonus) == (D("0.2"), D(1))


def test_criteria_and_a_bonus_at_risk_add_up_in_every_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack, commune = bonus_pack(tmp_path, "T1")
    note = "do thiếu tài liệu kiểm chứng (2 tiêu chí; 1 điểm thưởng của mục T1, tính bằng 0,99 điểm áp dụng)"
    written = {}
    for suffix in (".html", ".md", ".docx"):
        out = tmp_path / f"bao-cao{suffix}"
        assert main(["report", str(commune), "--pack", str(pack), "-o", str(out)]) == 0
        written[suffix] = out.read_bytes()
    page = parse_html(written[".html"].decode("utf-8"))
    rows = [cell_texts(r) for r in page.find("table", class_="figures").find_all("tr")]
    assert ["Điểm có nguy cơ bị trừ", "3,59", note] in rows  # 0,5 + 2,1 + 0,99
    total = page.find("table", class_="fields").find("tr", class_="node-row")
    assert cell_texts(total)[5] == "2,6"  # the fields' total: the criteria's
    assert f"| Điểm có nguy cơ bị trừ | 3,59 | {note} |" in written[".md"].decode("utf-8")
    assert f" | Điểm có nguy cơ bị trừ | 3,59 | {note}\n" in docx_text(written[".docx"])
    assert main(["score", str(commune), "--pack", str(pack)]) == 0
    assert (
        "  Thiếu minh chứng: 3.1.6, 4.1.2, T1 (3,59 điểm có nguy cơ bị trừ, gồm 1 điểm thưởng"
        " của mục T1, tính bằng 0,99 điểm áp dụng)\n" in capsys.readouterr().out
    )


def test_bonus_items_at_risk_together_are_capped_once(tmp_path: Path) -> None:
    evidence, pack = loaded(*bonus_pack(tmp_path, "T1", "T3"))
    result = score(pack, evidence)
    s = build_context(result, pack, evidence, gaps=False).summary
    assert s.at_risk_bonus == D(2)  # 3 counted now, 1 (T2) at appraisal; not 1.5 + 1
    assert s.at_risk == D("2.6") + D("1.98")
    assert s.at_risk_note.endswith(
        "; 2 điểm thưởng của các mục T1, T3, tính bằng 1,98 điểm áp dụng)"
    )
    fixes = {c.code: c.secures for c in bonus_candidates(Rescorer(pack, evidence, False))}
    assert fixes == {"T1": D("1.5"), "T3": D(1)}  # each alone: the planner's


def test_the_note_on_the_total_says_what_the_cap_leaves_of_an_item(tmp_path: Path) -> None:
    """T1 alone at risk under a cap of 3 with T2 and T3 counted: 1 of its 1.5 (the planner's
    words); T3 too: each keeps all its points under the cap (as before)."""
    pack, commune = bonus_pack(tmp_path, "T1")
    evidence, loaded_pack = loaded(pack, commune)
    note = build_context(score(loaded_pack, evidence), loaded_pack, evidence, gaps=False)
    assert (
        "; 1 điểm thưởng của mục T1 (mục T1 được 1,5 điểm, tổng điểm thưởng chỉ tính tối đa 3"
        " điểm) có nguy cơ không được tính khi thẩm định: thiếu tài liệu kiểm chứng Quyết định"
        " công nhận" in note.summary.adjustment_note
    )
    both = tmp_path / "both"
    both.mkdir()
    evidence, loaded_pack = loaded(*bonus_pack(both, "T1", "T3"))
    words = build_context(score(loaded_pack, evidence), loaded_pack, evidence, gaps=False)
    assert "; mục thưởng T1 (1,5 điểm) có nguy cơ" in words.summary.adjustment_note
    assert "; mục thưởng T3 (1 điểm) có nguy cơ" in words.summary.adjustment_note


def test_an_item_the_cap_leaves_nothing_of_is_not_at_risk(tmp_path: Path) -> None:
    """The staged pack with a bonus cap of 1: T2 alone reaches it, so appraisal loses nothing
    without T1's decision; the note says why, the points at risk have no bonus."""
    pack, commune = item_files(tmp_path)
    text = pack.read_text(encoding="utf-8")
    assert text.count("  bonus:\n    max: 2\n") == 1
    pack.write_text(text.replace("  bonus:\n    max: 2\n", "  bonus:\n    max: 1\n"), "utf-8")
    evidence, loaded_pack = loaded(pack, commune)
    s = build_context(score(loaded_pack, evidence), loaded_pack, evidence, gaps=False).summary
    assert (s.at_risk, s.at_risk_bonus) == (D(0), D(0))
    assert s.at_risk_note == "do thiếu tài liệu kiểm chứng (0 tiêu chí)"
    assert (
        "mục thưởng T1 (1,5 điểm; các mục thưởng khác đã đủ tổng điểm thưởng tối đa 1 điểm) có"
        f" nguy cơ không được tính khi thẩm định: thiếu tài liệu kiểm chứng {DECISION}"
        in s.adjustment_note
    )


def test_a_pack_without_items_adds_no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing about bonus items is computed for a pack without any (the report is benchmarked
    against ``score``); the points at risk are the criteria's, said as before."""

    def counted(*args: object, **kwargs: object) -> object:
        raise AssertionError("bonus items looked at")

    monkeypatch.setattr(build, "result_claimed", counted)
    evidence, pack = load_evidence(ROOT / "evidence" / "dan-tien-2025.yaml")
    s = build_context(score(pack, evidence), pack, evidence).summary
    assert s.at_risk == s.criteria_at_risk > 0 and s.at_risk_bonus == 0
    assert s.at_risk_note == f"do thiếu tài liệu kiểm chứng ({len(s.at_risk_leaves)} tiêu chí)"
