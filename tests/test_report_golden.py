"""Golden reports: a full, a minimal and a staged commune in HTML, Markdown and Word.

Regenerate with ``make update-golden`` (sets PARSCORE_UPDATE_GOLDEN=1) and review the diff.
Word files are compared in a normalized text form; byte identity is checked separately.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parscore.cli.main import main

from .report_helpers import CASES, GOLDEN, PACK_OF, SAMPLE_PACK, docx_text

UPDATE = os.environ.get("PARSCORE_UPDATE_GOLDEN") == "1"
SUFFIX = {"html": ".html", "md": ".md", "docx": ".docx"}
EPOCH = "1762300800"


def _render(tmp_path: Path, case: str, fmt: str) -> bytes:
    target = tmp_path / f"{case}{SUFFIX[fmt]}"
    pack = PACK_OF.get(CASES[case], SAMPLE_PACK)
    code = main(["report", str(CASES[case]), "--pack", str(pack), "-o", str(target)])
    assert code == 0
    return target.read_bytes()


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_report(
    case: str,
    fmt: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # report date 05/11/2025; data date 31/10/2025
    data = _render(tmp_path, case, fmt)
    text = docx_text(data) if fmt == "docx" else data.decode("utf-8")
    golden = GOLDEN / (f"{case}.docx.txt" if fmt == "docx" else f"{case}{SUFFIX[fmt]}")
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing {golden.name}: run make update-golden"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs: review, then make update-golden"
    )


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_golden_same_inputs_give_identical_bytes(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # report date 05/11/2025; data date 31/10/2025
    runs = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        runs.append(_render(folder, "full", fmt))
    assert runs[0] == runs[1]
