"""The HTML outputs as their readers print them (A4, from a browser): page margins, numbered pages,
fonts that draw Vietnamese, the synthetic-data mark on every page, headings kept with what they
introduce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.report.render import render_report

from .report_helpers import CASES, DATA, ROOT, SAMPLE_PACK, context_for, load_case

DAN_TIEN = ROOT / "evidence" / "dan-tien-2025.yaml"
OLD_PACK = DATA / "sample-pack-2026.yaml"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every HTML document parscore writes for readers, from the bundled Dân Tiến evidence."""
    out = tmp_path_factory.mktemp("printed")
    runs = {
        "report": ["report", str(DAN_TIEN), "--plan", "-o"],
        "minutes": ["minutes", str(DAN_TIEN), "-o"],
        "plan-document": ["plan-document", str(DAN_TIEN), "-o"],
        "batch": ["batch", str(DAN_TIEN), "-o"],
        "diff": ["diff", str(SAMPLE_PACK), str(OLD_PACK), "--evidence", str(CASES["full"]), "-o"],
    }
    pages = {}
    for name, args in runs.items():
        target = out / f"{name}.html"
        assert main([*args, str(target)]) == 0
        pages[name] = target.read_text(encoding="utf-8")
    return pages


def _styles(page: str) -> str:
    return "\n".join(re.findall(r"<style>(.*?)</style>", page, re.S))


def _page_rules(css: str) -> list[str]:
    """The bodies of the @page rules (their margin boxes included)."""
    rules, i = [], css.find("@page")
    while i >= 0:
        depth, j = 0, css.index("{", i)
        start = j
        while True:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            if depth == 0:
                break
            j += 1
        rules.append(css[start : j + 1])
        i = css.find("@page", j)
    return rules


def test_every_printed_page_has_margins_and_a_page_number(printed: dict[str, str]) -> None:
    for name, page in printed.items():
        rules = _page_rules(_styles(page))
        assert any(re.search(r"\bmargin:\s*\d", r) for r in rules), name  # not to the paper edge
        assert any("counter(page)" in r for r in rules), name


def test_no_printed_page_uses_a_font_that_splits_vietnamese_marks(printed: dict[str, str]) -> None:
    """DejaVu Sans Mono and Liberation Mono draw «ố», «ể», «ồ» as a letter and a loose mark."""
    for name, page in printed.items():
        assert not re.search(r"mono", _styles(page), re.I), name


def test_synthetic_data_is_marked_on_every_printed_page(printed: dict[str, str]) -> None:
    for name in ("report", "batch", "diff"):
        footer = [r for r in _page_rules(_styles(printed[name])) if "@bottom-left" in r]
        assert footer and "giả lập" in footer[0], name
    real, pack = load_case(CASES["minimal"])  # no synthetic: line
    css = _styles(render_report(context_for(real, pack), "html").decode())
    assert "giả lập" not in css and "counter(page)" in css


def test_the_diff_names_the_synthetic_evidence_of_each_commune(tmp_path: Path) -> None:
    for suffix in (".html", ".md"):
        target = tmp_path / f"diff{suffix}"
        args = [str(SAMPLE_PACK), str(OLD_PACK), "--evidence", str(CASES["full"]), "-o"]
        assert main(["diff", *args, str(target)]) == 0
        text = target.read_text(encoding="utf-8")
        assert "Dữ liệu mẫu (giả lập)" in text and "Toàn bộ số liệu là giả lập" in text, suffix


def test_a_heading_and_its_lead_paragraph_stay_with_the_table_they_introduce(
    printed: dict[str, str],
) -> None:
    css = _styles(printed["report"])
    kept = [
        {s.strip() for s in sel.split(",")}
        for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if "break-after: avoid-page" in body
    ]
    assert any({"h2", "h2 + p", "h3 + p"} <= s for s in kept)


def test_the_first_page_says_the_same_in_every_format() -> None:
    """The pack's note on a provisional pack and its legal basis: HTML, Markdown and Word alike."""
    from parscore.loader import load_evidence, load_pack

    from .report_helpers import docx_text

    pack = load_pack(ROOT / "rules" / "2025.yaml")
    evidence, _ = load_evidence(DAN_TIEN, pack)
    ctx = context_for(evidence, pack)
    assert ctx.pack.provisional and ctx.pack.note and len(ctx.pack.legal_basis) > 1
    html = render_report(ctx, "html").decode()
    texts = {
        "html": re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)),
        "md": " ".join(render_report(ctx, "md").decode().split()),
        "docx": " ".join(docx_text(render_report(ctx, "docx")).split()),
    }
    for fmt, text in texts.items():
        assert " ".join(ctx.pack.note.split()) in text, fmt
        for item in ctx.pack.legal_basis:
            assert " ".join(item.split()) in text, (fmt, item)
        assert "Căn cứ" in text, fmt


def test_every_page_of_the_word_report_is_numbered_and_marks_invented_data() -> None:
    import io

    from docx import Document

    for case, synthetic in (("full", True), ("minimal", False)):
        evidence, pack = load_case(CASES[case])
        doc = Document(io.BytesIO(render_report(context_for(evidence, pack), "docx")))
        first, *rest = doc.sections
        assert rest and not first.footer.is_linked_to_previous, case
        assert all(s.footer.is_linked_to_previous for s in rest), case  # the same footer
        footer = first.footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer, case
        assert ("giả lập" in first.footer.paragraphs[0].text) is synthetic, case


def test_a_criterion_with_many_documents_may_continue_on_the_next_page() -> None:
    """A trace row listing dozens of documents is taller than a page: kept whole, it left the page
    before it blank. Appendix II's rows may continue on the next page (as in the Word report);
    the other tables keep their rows whole."""
    evidence, pack = load_case(CASES["full"])
    css = _styles(render_report(context_for(evidence, pack), "html").decode())
    rules = {sel.strip(): body.strip() for sel, body in re.findall(r"([^{}/]+)\{([^{}]*)\}", css)}
    assert rules["table.trace tr"] == "break-inside: auto;"
    assert rules["tr"] == "break-inside: avoid;"
    assert css.index("table.trace tr {") > css.index("tr { break-inside: avoid; }")


@pytest.mark.parametrize("command", ["minutes", "plan-document"])
def test_official_documents_of_invented_data_say_so_on_every_page(
    command: str, tmp_path: Path
) -> None:
    """Minutes and the plan document: the synthetic-data mark at the foot of every page (the
    first too), in Word and in print; none for real data."""
    import io

    from docx import Document

    from parscore.vi import SYNTHETIC_MARK

    real = tmp_path / "that-2025.yaml"
    text = DAN_TIEN.read_text(encoding="utf-8")
    real.write_text(re.sub(r"(?m)^synthetic: .*\n", "", text), encoding="utf-8")
    pack = ["--pack", str(ROOT / "rules" / "2025.yaml")]
    for evidence, synthetic in ((DAN_TIEN, True), (real, False)):
        for suffix in (".docx", ".html"):
            target = tmp_path / f"{command}-{synthetic}{suffix}"
            assert main([command, str(evidence), *pack, "-o", str(target)]) == 0
            if suffix == ".html":
                footers = [
                    r
                    for r in _page_rules(_styles(target.read_text(encoding="utf-8")))
                    if "@bottom-center" in r
                ]
                assert bool(footers and SYNTHETIC_MARK in footers[0]) is synthetic
                continue
            first = Document(io.BytesIO(target.read_bytes())).sections[0]
            for footer in (first.footer, first.first_page_footer):
                assert (footer.paragraphs[0].text == SYNTHETIC_MARK) is synthetic


def test_a_title_ending_in_a_full_stop_reads_well_before_a_colon() -> None:
    """«… công tác cải cách hành chính.: tự chấm 3,5» in every format: the summary lists name a
    criterion then go on after a colon."""
    from parscore.loader import load_evidence, load_pack

    from .report_helpers import docx_text

    pack = load_pack(ROOT / "rules" / "2025.yaml")
    evidence, _ = load_evidence(DAN_TIEN, pack)
    ctx = context_for(evidence, pack)
    over = ctx.summary.over_claims[0]
    assert over.code == "1.1" and not over.title.endswith(".")
    for fmt in ("html", "md", "docx"):
        data = render_report(ctx, fmt)
        text = docx_text(data) if fmt == "docx" else data.decode()
        assert f"{over.title}: tự chấm" in text and ".: tự chấm" not in text, fmt


def test_short_summary_tables_are_never_split_across_pages(printed: dict[str, str]) -> None:
    """The report's facts, results and fields; the ranking's bands and field averages (not the
    ranking itself, which runs over pages)."""
    css = _styles(printed["report"])
    kept = [
        {s.strip() for s in sel.split(",")}
        for sel, body in re.findall(r"([^{}/]+)\{([^{}]*)\}", css)
        if body.strip() == "break-inside: avoid;"
    ]
    assert any({"table.meta", "table.figures", "table.fields", "table.keep"} <= s for s in kept)
    batch = printed["batch"]
    tables = re.findall(r"<h2>([^<]*)</h2>\s*<table( class=\"keep\")?>", batch)
    assert dict(tables) == {
        "Xếp loại": ' class="keep"',
        "Điểm trung bình theo lĩnh vực": ' class="keep"',
        "Bảng xếp hạng": "",
    }


def test_the_plan_documents_landscape_appendix_uses_the_whole_page(
    printed: dict[str, str],
) -> None:
    """The body's screen width (165 mm) held the landscape appendix to a portrait column: half
    of each landscape page empty, 31 pages instead of 17."""
    css = _styles(printed["plan-document"])
    assert "@page phuluc { size: A4 landscape;" in css
    assert re.search(r"@media print \{ body \{ max-width: none; \} \}", css)


def test_a_tracked_target_is_worded_as_met_or_not_never_as_zero_points() -> None:
    """A tracked leaf (``max: 0``) read «0 điểm khi …; không đạt: 0 điểm» and «… được đáp ứng →
    0 điểm»: as if it had lost something."""
    evidence, pack = load_case(CASES["full"])
    ctx = context_for(evidence, pack)
    tracked = [e for e in ctx.trace if e.is_leaf and e.tracked]
    assert tracked and all(e.applicable_max == 0 for e in tracked)
    for e in tracked:
        assert e.rule_text.startswith("Đạt khi ") and "0 điểm" not in e.rule_text, e.code
        assert e.explanation.endswith((": đạt.", ": chưa đạt.")), e.code
        assert "→ 0 điểm" not in e.explanation, e.code
    untracked = [e for e in ctx.trace if e.is_leaf and not e.tracked and e.rule_text]
    assert any(e.rule_text.endswith("; không đạt: 0 điểm") for e in untracked)
