"""No identifier of a pack's inputs and no scoring kind's name in any text a person reads.

Every output of the sample communes is rendered (score, explain, plan, project, report in HTML,
Markdown and Word with the plan and projection sections, the plan document in its three formats,
the Excel form) and only its user-facing text is searched: HTML text outside tags and styles, Word
runs, visible Excel cells. JSON keys and the form's hidden key column are not user-facing (the
words ``parscore.wording`` and ``parscore.xlsx_print`` serve these outputs).
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from parscore.cli.main import main
from parscore.loader import load_evidence, load_pack
from parscore.scoring import score

from .report_helpers import ROOT, SAMPLE_PACK

KINDS = (
    "tiers",
    "best_of",
    "missing:",
    "linear",
    "count",
    "deduct",
    "check",
    "deadline",
    "graded",
    "pick",
    "one_of",
    "formula",
)
COMMUNES = [
    (ROOT / "evidence" / "dan-tien-2025.yaml", None),
    (ROOT / "evidence" / "ha-chau-2023.yaml", None),
    (ROOT / "tests" / "data" / "sample-commune.yaml", SAMPLE_PACK),
    (  # choice inputs and the graded, pick and one_of kinds
        ROOT / "tests" / "data" / "danh-hieu" / "phuong-mau-2025.yaml",
        ROOT / "tests" / "data" / "danh-hieu" / "danh-hieu-2025.yaml",
    ),
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(data: str) -> str:
    parser = _Text()
    parser.feed(data)
    return " ".join(parser.parts)


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = " ".join(
            z.read(n).decode("utf-8")
            for n in z.namelist()
            if re.match(r"word/(document|header)", n)
        )
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    out: list[str] = []
    for sheet in book.worksheets:
        hidden = {k for k, d in sheet.column_dimensions.items() if d.hidden}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None and cell.column_letter not in hidden:
                    out.append(str(cell.value))
    return " ".join(out)


def _outputs(evidence: Path, pack: Path | None, tmp: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    extra = ["--pack", str(pack)] if pack else []

    def run(*argv: str) -> str:
        main([*argv, *extra])
        return capsys.readouterr().out

    yield "score", run("score", str(evidence))
    loaded, loaded_pack = load_evidence(evidence, load_pack(pack) if pack else None)
    result = score(loaded_pack, loaded)
    # every kind of leaf a person asks about: below its maximum, missing data, not applicable
    codes = [leaf.code for leaf in result.leaves() if leaf.points < leaf.max][:10]
    codes += [leaf.code for leaf in result.leaves() if leaf.status in ("na", "missing")]
    for code in dict.fromkeys(codes):
        yield f"explain {code}", run("explain", str(evidence), code)
    yield "plan", run("plan", str(evidence))
    yield "plan self", run("plan", str(evidence), "--self-assessment", "--top", "5")
    yield "plan md", run("plan", str(evidence), "--format", "md")
    yield "project", run("project", str(evidence))
    for suffix in (".html", ".md", ".docx"):
        target = tmp / f"bao-cao{suffix}"
        run("report", str(evidence), "-o", str(target), "--plan", "--projection", "--force")
        yield f"report{suffix}", _read(target)
        target = tmp / f"ke-hoach{suffix}"
        run("plan-document", str(evidence), "-o", str(target), "--force")
        yield f"plan-document{suffix}", _read(target)
    target = tmp / "bieu-mau.xlsx"
    main(["template", "--evidence", str(evidence), "-o", str(target), "--force", *extra])
    capsys.readouterr()
    yield "form", xlsx_text(target.read_bytes())


def _read(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path.read_bytes())
    text = path.read_text(encoding="utf-8")
    return html_text(text) if path.suffix == ".html" else text


@pytest.mark.parametrize("evidence,pack", COMMUNES, ids=[e.stem for e, _ in COMMUNES])
def test_no_identifier_or_kind_name_in_user_text(
    evidence: Path, pack: Path | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded_pack = load_pack(pack) if pack else load_evidence(evidence)[1]
    names = [*loaded_pack.model.inputs, *(n for n, _ in loaded_pack.derived)]
    words = re.compile(
        r"(?<![\w.-])(" + "|".join(re.escape(w) for w in [*names, *KINDS]) + r")(?![\w-])"
    )
    seen = 0
    for what, text in _outputs(evidence, pack, tmp_path, capsys):
        seen += 1
        found = sorted({m.group(1) for m in words.finditer(text)})
        assert not found, f"{evidence.name} {what}: {found}"
        noise = re.findall(r"\d,\d{5,}", text)  # "90,47619…": never, whatever the pack's places
        assert not noise, f"{evidence.name} {what}: {noise}"
    assert seen > 10
