"""Points at risk for want of documents include a listed bonus item missing its documents: what
appraisal (strict evidence) would leave out, within the bonus cap, the same difference the planner
says attaching them secures (``stages.bonus_at_risk``, one function); and the note on a total says
what the cap leaves of such an item, in the planner's words. The summary's row of what to act on
(«Tiêu chí cần xử lý») counts such an item beside the criteria, its points among theirs.

Two samples, hand-worked:

- the staged pack (``adjustment_helpers.item_files``): criteria 17.5 of 20 (the total converted ×5), T1 +1.5
  requiring a decision (missing), T2 +1, bonus cap 2. A self-assessment counts 2, appraisal 1 (T2):
  1 point at risk, which the total feels as 0.2 criteria points.
- the bonus pack (``adjustment_helpers.bonus_pack``, applicable 99 of 100): T1 +1.5, T2 +1, T3 +1 under a cap of
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

from .adjustment_helpers import DECISION, bonus_pack, item_files
from .conftest import ROOT
from .report_helpers import Node, cell_texts, docx_text, parse_html

D = Decimal


def loaded(pack: Path, commune: Path) -> tuple[LoadedEvidence, LoadedPack]:
    return load_evidence(commune, load_pack(pack))


def reports(tmp_path: Path, pack: Path, commune: Path, *flags: str) -> dict[str, bytes]:
    """The commune's report in HTML, Markdown and Word (``report … -o bao-cao.<suffix>``)."""
    written = {}
    for suffix in (".html", ".md", ".docx"):
        out = tmp_path / f"bao-cao{suffix}"
        assert main(["report", str(commune), "--pack", str(pack), "-o", str(out), *flags]) == 0
        written[suffix] = out.read_bytes()
    return written


def figures(written: dict[str, bytes]) -> list[list[str]]:
    """The rows of the HTML report's summary table of figures."""
    page = parse_html(written[".html"].decode("utf-8"))
    return [cell_texts(r) for r in page.find("table", class_="figures").find_all("tr")]


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
    written = reports(tmp_path, pack, commune)
    page = parse_html(written[".html"].decode("utf-8"))
    rows = figures(written)
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


def test_the_row_of_what_to_act_on_counts_a_bonus_that_can_still_add_points(
    tmp_path: Path,
) -> None:
    """The summary's «Tiêu chí cần xử lý» counts T1 (its decision missing) beside the criteria and
    its points beside theirs: the 1 point the cap leaves of its 1,5 (0,99 criteria points), exact,
    named as the points at risk name it; in every report."""
    pack, commune = bonus_pack(tmp_path, "T1")
    evidence, loaded_pack = loaded(pack, commune)
    result = score(loaded_pack, evidence)
    ctx = build_context(result, loaded_pack, evidence)
    s = ctx.summary
    criteria = sum((g.stake for g in ctx.gaps), D(0))
    assert s.stake == criteria + D("0.99")  # exact: 1 bonus point × 99 / 100
    assert (s.gap_count, s.bonus_gap_count) == (20, 1)
    title = "Tiêu chí, mục điểm thưởng cần xử lý"
    note = (
        "20 trên 45 tiêu chí và 1 mục điểm thưởng; 16,67 điểm có thể tăng hoặc cần giữ (gồm 1 điểm"
        " thưởng của mục T1, tính bằng 0,99 điểm áp dụng)"
    )
    assert (s.gap_title, s.gap_note) == (title, note)
    assert result.pack.r(criteria) == "15.68"
    written = reports(tmp_path, pack, commune)
    rows = figures(written)
    assert [title, "21", note] in rows
    assert f"| {title} | 21 | {note} |" in written[".md"].decode("utf-8")
    assert f" | {title} | 21 | {note}\n" in docx_text(written[".docx"])
    # two items together are capped once (2 of T1's 1,5 and T3's 1), as the points at risk
    both = tmp_path / "both"
    both.mkdir()
    evidence, loaded_pack = loaded(*bonus_pack(both, "T1", "T3"))
    ctx = build_context(score(loaded_pack, evidence), loaded_pack, evidence)
    criteria = sum((g.stake for g in ctx.gaps), D(0))
    assert ctx.summary.stake == criteria + D("1.98") and ctx.summary.bonus_gap_count == 2
    assert ctx.summary.gap_note.startswith("20 trên 45 tiêu chí và 2 mục điểm thưởng; ")
    assert ctx.summary.gap_note.endswith(
        " (gồm 2 điểm thưởng của các mục T1, T3, tính bằng 1,98 điểm áp dụng)"
    )


def test_an_item_the_cap_leaves_nothing_of_is_not_to_act_on(tmp_path: Path) -> None:
    """The staged pack with a bonus cap of 1, T2 reaching it: T1's decision would add nothing,
    so the row counts and says the criteria alone, as for a pack without items."""
    pack, commune = item_files(tmp_path)
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("  bonus:\n    max: 2\n", "  bonus:\n    max: 1\n"), "utf-8")
    evidence, loaded_pack = loaded(pack, commune)
    ctx = build_context(score(loaded_pack, evidence), loaded_pack, evidence)
    s = ctx.summary
    assert s.stake == sum((g.stake for g in ctx.gaps), D(0)) and s.bonus_gap_count == 0
    assert s.gap_title == "Tiêu chí cần xử lý" and s.at_risk_items == ()
    assert s.gap_note == "trên 4 tiêu chí; 2,5 điểm có thể tăng hoặc cần giữ"


STRICT_NOTE = (
    "không được cộng do thiếu tài liệu kiểm chứng (1 điểm thưởng của mục T1, tính bằng 0,99 điểm"
    " áp dụng); 2 tiêu chí thiếu tài liệu kiểm chứng đã bị tính 0 điểm (2,6 điểm, đã tính trong"
    " điểm bị mất); bổ sung tài liệu để lấy lại"
)


def test_under_strict_evidence_the_note_names_the_bonus_its_figure_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """«Như khi thẩm định» the criteria lacking documents are scored 0 (among the points lost),
    so the points at risk are T1's bonus left out, 0,99 criteria points: the note said only that
    the criteria were scored 0; it names the bonus, in the words of the points at risk, and then
    where the criteria's 2,6 went. ``score`` says the 3,59 both took, the bonus named alike."""
    pack, commune = bonus_pack(tmp_path, "T1")
    evidence, loaded_pack = loaded(pack, commune)
    s = build_context(
        score(loaded_pack, evidence, strict_evidence=True), loaded_pack, evidence, gaps=False
    ).summary
    assert (s.at_risk, s.criteria_at_risk, s.at_risk_bonus) == (D("0.99"), D(0), D(1))
    assert s.at_risk_note == STRICT_NOTE
    written = reports(tmp_path, pack, commune, "--strict-evidence")
    rows = figures(written)
    assert ["Điểm có nguy cơ bị trừ", "0,99", STRICT_NOTE] in rows
    assert f"| Điểm có nguy cơ bị trừ | 0,99 | {STRICT_NOTE} |" in written[".md"].decode("utf-8")
    assert f" | Điểm có nguy cơ bị trừ | 0,99 | {STRICT_NOTE}\n" in docx_text(written[".docx"])
    capsys.readouterr()
    assert main(["score", str(commune), "--pack", str(pack), "--strict-evidence"]) == 0
    assert (
        "  Thiếu minh chứng: 3.1.6, 4.1.2, T1 (3,59 điểm đã bị trừ khi thẩm định, gồm 1 điểm"
        " thưởng của mục T1, tính bằng 0,99 điểm áp dụng)\n" in capsys.readouterr().out
    )


def test_under_strict_evidence_a_bonus_alone_is_said_left_out(tmp_path: Path) -> None:
    """The staged sample: no criterion lacks documents, T1's bonus does; the note says it is not
    added (as the mode's rule says), not that it is at risk."""
    evidence, pack = loaded(*item_files(tmp_path))
    strict = build_context(
        score(pack, evidence, strict_evidence=True), pack, evidence, gaps=False
    ).summary
    assert strict.at_risk_leaves == () and strict.at_risk == D("0.2")
    assert strict.at_risk_note == (
        "không được cộng do thiếu tài liệu kiểm chứng (1 điểm thưởng của mục T1, tính bằng 0,2"
        " điểm áp dụng); bổ sung tài liệu để lấy lại"
    )


@pytest.mark.parametrize(
    "strict, title",
    [
        (False, "Tiêu chí, mục điểm thưởng có nguy cơ bị trừ điểm (thiếu tài liệu kiểm chứng)"),
        (
            True,
            "Tiêu chí bị tính 0 điểm, mục điểm thưởng không được cộng do thiếu tài liệu kiểm chứng",
        ),
    ],
)
def test_the_reports_list_at_risk_names_a_bonus_after_the_criteria(
    tmp_path: Path, strict: bool, title: str
) -> None:
    """The summary's list under the points at risk named the criteria only, though the figure
    counts T1's bonus; it names T1 after them in every report, as the web's panel does (titled
    «Điểm thưởng: …», the 1 point the cap leaves of its 1,5, the document it lacks), and its
    heading says it holds a bonus item."""
    pack, commune = bonus_pack(tmp_path, "T1")
    flags = ["--strict-evidence"] if strict else []
    written = reports(tmp_path, pack, commune, *flags)
    item = (
        "Điểm thưởng: Có sáng kiến cải cách hành chính được cấp tỉnh công nhận – 1 điểm thưởng;"
        " còn thiếu Quyết định công nhận"
    )
    summary = parse_html(written[".html"].decode("utf-8")).find("section", id="tong-quan")
    blocks = [c for c in summary.children if isinstance(c, Node)]
    [at] = [i for i, b in enumerate(blocks) if b.tag == "h3" and b.text() == title]
    listed = [" ".join(li.text().split()) for li in blocks[at + 1].find_all("li")]
    assert [i.split(" ")[0] for i in listed] == ["3.1.6", "4.1.2", "T1"]
    assert listed[2] == f"T1 {item}"
    md = written[".md"].decode("utf-8")
    section = md.split(f"### {title}\n\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(" ")[1] for line in section] == ["**3.1.6**", "**4.1.2**", "**T1**"]
    assert section[2] == f"- **T1** {item}"
    text = docx_text(written[".docx"])
    assert f"Heading 3: {title}\n" in text
    assert f"List Bullet: T1 {item}\n" in text.split(f"Heading 3: {title}\n")[1]
