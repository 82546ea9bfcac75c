"""The printed HTML documents as Chromium lays them out on A4: no date or decimal is cut across
two lines (a deadline column printed '31/12/20' above '25').

Skipped, with a message, where Chromium is not installed (``apt-get install chromium``). The
pages are laid out in DejaVu Serif (on every Debian with fontconfig), wider than the Times New
Roman a commune office prints with: what fits here fits there, whatever fonts this machine has.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parscore.cli.main import main

from .page_scripts import FOLDED_SHOWN
from .report_helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
A4_PORTRAIT = {"width": 794, "height": 1123}  # 210 x 297 mm at 96 px per inch

WIDE_FONT = "* { font-family: 'DejaVu Serif', serif !important; }"

# Every date (dd/mm/yyyy) and decimal (1.234,56) in the page, and whether its text ends on
# another line than it starts.
CUT_ACROSS_LINES = r"""() => {
  const pattern = /\d{1,2}\/\d{1,2}\/\d{4}|\d{1,3}(?:\.\d{3})*,\d+%?/g;
  const cut = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    pattern.lastIndex = 0;
    let m;
    while ((m = pattern.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set(Array.from(range.getClientRects())
        .filter(r => r.width > 0).map(r => Math.round(r.bottom)));
      if (lines.size > 1) {
        const row = node.parentElement.closest("tr");
        cut.push(m[0] + " in: " + (row ? row.innerText : node.data).slice(0, 60));
      }
    }
  }
  return cut;
}"""


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("cần Chromium của Debian (apt-get install chromium libatomic1)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        tab = browser.new_page(viewport=A4_PORTRAIT)
        tab.emulate_media(media="print")
        yield tab
        browser.close()


@pytest.mark.slow
@pytest.mark.parametrize("evidence", ["dan-tien-2025", "quang-son-2025", "ha-chau-2023"])
@pytest.mark.parametrize(
    "command",
    [
        ["report", "--plan", "--projection"],
        ["plan-document"],
        ["minutes"],
    ],
)
def test_no_date_or_number_is_cut_across_lines(
    page: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], evidence: str, command: list[str]
) -> None:
    html = tmp_path / "out.html"
    name, *options = command
    args = [name, str(ROOT / "evidence" / f"{evidence}.yaml"), *options, "-o", str(html)]
    assert main(args) == 0, capsys.readouterr().err
    page.goto(html.as_uri())
    page.add_style_tag(content=WIDE_FONT)
    assert page.evaluate(CUT_ACROSS_LINES) == []


@pytest.mark.slow
def test_what_the_pack_comparison_folds_on_screen_is_printed(
    page: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = tmp_path / "so-sanh.html"
    old, new = (str(ROOT / "rules" / f"{y}.yaml") for y in (2024, 2025))
    args = ["diff", old, new, "--evidence", str(ROOT / "evidence"), "-o", str(html)]
    assert main(args) == 0, capsys.readouterr().err
    page.goto(html.as_uri())
    page.emulate_media(media="screen")
    on_screen = page.evaluate(FOLDED_SHOWN)
    assert on_screen and not any(on_screen)  # folded on screen
    page.emulate_media(media="print")
    assert page.evaluate(FOLDED_SHOWN) == [True] * len(on_screen)


# Each table wider than its container (it would run off the printed page).
TOO_WIDE = """() => Array.from(document.querySelectorAll("table"))
  .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
  .map(t => (t.previousElementSibling ? t.previousElementSibling.innerText : "").slice(0, 60))"""
A4_PRINTABLE = {"width": 696, "height": 1025}  # A4 less the pack comparison's 13 mm margins


@pytest.mark.slow
def test_the_pack_comparisons_criterion_rows_fit_the_printed_page(
    page: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each commune's rows (code, name, old and new points, the change and its two parts, the
    cause) fit the width of A4: the number headers wrap, a long formula in a cause breaks; and
    no number is cut across lines."""
    html = tmp_path / "so-sanh.html"
    old, new = (str(ROOT / "rules" / f"{y}.yaml") for y in (2024, 2025))
    args = ["diff", old, new, "--evidence", str(ROOT / "evidence"), "-o", str(html)]
    assert main(args) == 0, capsys.readouterr().err
    page.set_viewport_size(A4_PRINTABLE)
    try:
        page.goto(html.as_uri())
        page.add_style_tag(content=WIDE_FONT)
        assert page.evaluate("document.querySelectorAll('th').length") > 0
        assert "Do quy đổi thang điểm" in page.content()
        assert page.evaluate(TOO_WIDE) == []
        assert page.evaluate(CUT_ACROSS_LINES) == []
    finally:
        page.set_viewport_size(A4_PORTRAIT)
