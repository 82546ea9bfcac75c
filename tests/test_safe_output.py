"""What reaches the writers: no control character, no live spreadsheet formula, no Python object
from a template; document kinds typed as labels are understood."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.batch import BatchSummary, CommuneScore, summarise
from parscore.batch_run import score_file
from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.errors import EvidenceError, PackError, Severity
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import LoadedEvidence, load_evidence, load_pack, pack_from_text
from parscore.report.batch_html import render_batch_html
from parscore.report.batch_table import batch_csv
from parscore.report.batch_xlsx import batch_xlsx
from parscore.report.build import build_context
from parscore.report.render import render_report
from parscore.report.table_export import table_csv
from parscore.safe_text import (
    CONTROL_CHARS,
    clean_text,
    control_char_issues,
    csv_text,
    looks_like_formula,
)
from parscore.scoring import score

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK
from .xlsx_craft import text_cell, with_cell

NASTY = '=HYPERLINK("http://x")\x1b[31m\x07\x00Xã'


def _dirty_evidence(evidence: LoadedEvidence) -> LoadedEvidence:
    """Evidence whose text holds control characters and a formula: only code can build it
    (the loaders refuse it), so the writers must cope on their own."""
    model = evidence.model.model_copy(update={"commune": NASTY, "note": "a\x0bb"})
    return LoadedEvidence(model=model, metrics=evidence.metrics, file=evidence.file)


def _no_control_chars(text: str) -> None:
    assert not CONTROL_CHARS.search(text), repr(CONTROL_CHARS.search(text))


def _zip_text(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "".join(
        archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
    )


@pytest.fixture(scope="module")
def dirty(sample_pack: LoadedPack, sample_evidence: LoadedEvidence) -> LoadedEvidence:
    return _dirty_evidence(sample_evidence)


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_report_writers_never_see_control_characters(
    sample_pack: LoadedPack, dirty: LoadedEvidence, fmt: str
) -> None:
    ctx = build_context(score(sample_pack, dirty), sample_pack, dirty)
    data = render_report(ctx, fmt)
    text = _zip_text(data) if fmt == "docx" else data.decode("utf-8")
    _no_control_chars(text)
    assert "Xã" in text


def test_excel_form_writer_never_sees_control_characters(
    sample_pack: LoadedPack, dirty: LoadedEvidence
) -> None:
    data = build_form(sample_pack, dirty)
    _no_control_chars(_zip_text(data))
    cell = openpyxl.load_workbook(io.BytesIO(data))["Thông tin"]["B2"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")


@pytest.fixture(scope="module")
def dirty_summary() -> BatchSummary:
    outcome = score_file(str(SAMPLE_COMMUNE), str(SAMPLE_PACK))
    assert isinstance(outcome, CommuneScore)
    return summarise([dataclasses.replace(outcome, commune=NASTY, province="\x9bTỉnh")], [], [])


def test_batch_csv_neutralises_formulas_and_control_characters(dirty_summary: BatchSummary) -> None:
    text = batch_csv(dirty_summary).decode("utf-8-sig")
    _no_control_chars(text)
    rows = list(csv.reader(io.StringIO(text)))
    names = [r[1] for r in rows[1:]]
    assert names and all(n.startswith("'=") for n in names)


def test_batch_xlsx_writes_text_as_text(dirty_summary: BatchSummary) -> None:
    data = batch_xlsx(dirty_summary)
    _no_control_chars(_zip_text(data))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Xếp hạng"]
    cell = sheet["B2"]
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
    assert "<f>" not in _zip_text(data)


def test_batch_html_never_sees_control_characters(dirty_summary: BatchSummary) -> None:
    page = render_batch_html(dirty_summary)
    _no_control_chars(page)
    assert "Xã" in page


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_follows_the_owasp_rule(text: str) -> None:
    assert csv_text(text).startswith("'")
    assert csv_text("Xã Dân Tiến") == "Xã Dân Tiến"


_CSV_TEXT = st.text(alphabet=st.sampled_from(list("=+-@;,\t\"' aXã1")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CSV_TEXT, min_size=1, max_size=3), min_size=1, max_size=3))
def test_no_csv_cell_starts_a_formula_whatever_the_separator(rows: list[list[str]]) -> None:
    """Excel set for Vietnamese splits a CSV file at semicolons, LibreOffice may at tabs: however
    a file is split, no text typed by someone becomes a cell starting like a formula (only
    apostrophes are added to the text)."""
    width = max(map(len, rows))
    rows = [r + [""] * (width - len(r)) for r in rows]
    text = table_csv([f"Cột {i}" for i in range(width)], rows).decode("utf-8-sig")
    for separator in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            # (a cell that opens on the line break ending a quoted field: read past it)
            assert not any(looks_like_formula(c.lstrip("\r\n")) for c in row), (separator, row)
    back = list(csv.reader(io.StringIO(text, newline="")))[1:]  # read as written: the text
    assert [[c.replace("'", "") for c in r] for r in back] == [  # with apostrophes added only
        [c.replace("'", "") for c in r] for r in rows
    ]


def test_control_characters_in_yaml_are_refused_located(tmp_path: Path) -> None:
    text = SAMPLE_COMMUNE.read_text(encoding="utf-8")
    bad = tmp_path / "xa.yaml"
    bad.write_text(
        re.sub(r"(?m)^commune: .*$", lambda _: 'commune: "Xã\\x1b[2J"', text), encoding="utf-8"
    )
    with pytest.raises(EvidenceError) as err:
        load_evidence(bad, load_pack(SAMPLE_PACK))
    issue = next(i for i in err.value.issues if i.code == "PS205")
    assert issue.path == "commune" and issue.line is not None and "U+001B" in issue.message
    pack = tmp_path / "pack.yaml"
    source = SAMPLE_PACK.read_text(encoding="utf-8")
    pack.write_text(
        source.replace("  title: Gói quy tắc mẫu", '  title: "\\x07Gói quy tắc mẫu', 1).replace(
            "kiểm thử)\n", 'kiểm thử)"\n', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as perr:
        load_pack(pack)
    (issue,) = [i for i in perr.value.issues if i.code == "PS205"]
    assert issue.path == "pack.title" and issue.line == 5


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_a_bidirectional_override_is_refused_like_a_control_character(
    tmp_path: Path, char: str
) -> None:
    """A right-to-left override in a pack's title reversed it on every page (and the «3 → 5»
    after it in the same line): refused where it is read (PS205), stripped by every writer."""
    source = SAMPLE_PACK.read_text(encoding="utf-8")
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        source.replace("title: Hoàn thành Kế hoạch CCHC\n", f'title: "Hoàn thành {char}KH"\n'),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as err:
        load_pack(pack)
    (issue,) = [i for i in err.value.issues if i.code == "PS205"]
    assert f"U+{ord(char):04X}" in issue.message and issue.line is not None
    evidence = tmp_path / "xa.yaml"
    text = SAMPLE_COMMUNE.read_text(encoding="utf-8")
    evidence.write_text(text.replace("commune: Xã Mẫu", f"commune: Xã {char}Mẫu"), encoding="utf-8")
    with pytest.raises(EvidenceError) as eerr:  # read by the plain reader first, then located
        load_evidence(evidence, load_pack(SAMPLE_PACK))
    assert [i.path for i in eerr.value.issues if i.code == "PS205"] == ["commune"]
    assert clean_text(f"a{char}b") == "ab"


def test_a_user_template_cannot_reach_python_objects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "mau"
    templates.mkdir()
    marker = tmp_path / "pwned"
    (templates / "report.html.j2").write_text(
        "{{ lipsum.__globals__['os'].system('touch " + str(marker) + "') }}\n"
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    args = ["report", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK), "-o", str(out)]
    assert main([*args, "--templates", str(templates)]) == 2
    err = capsys.readouterr().err
    assert "PS603" in err and str(templates / "report.html.j2") in err and "Traceback" not in err
    assert not marker.exists() and not out.exists()


def test_a_template_that_is_not_utf8_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "report.md.j2").write_bytes(b"# B\xe1o c\xe1o\n{{ title }}\n")
    args = ["report", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK), "-o", str(tmp_path / "r.md")]
    assert main([*args, "--templates", str(templates)]) == 2
    err = capsys.readouterr().err
    assert "PS603" in err and "UTF-8" in err and f"{templates / 'report.md.j2'}:1:" in err


def test_a_kind_typed_as_its_label_is_read_as_its_code(
    sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    form = build_form(sample_pack, sample_evidence)
    sheet = openpyxl.load_workbook(io.BytesIO(form))["Tài liệu"]
    assert sheet["B2"].value == "Báo cáo"  # written as the label
    validations = sheet.data_validations.dataValidation
    assert any(
        "Báo cáo" in (dv.formula1 or "") and "Kế hoạch" in (dv.formula1 or "") for dv in validations
    )
    for typed in ("báo cáo", "BAO_CAO", "  Báo   cáo "):
        evidence, _ = read_form(
            with_cell(form, "Tài liệu", "B2", *text_cell(typed)), "x.xlsx", sample_pack
        )
        assert evidence.model.documents[0].kind == "bao_cao"


def test_an_unknown_kind_in_yaml_is_a_warning_naming_its_criteria(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SAMPLE_COMMUNE.read_text(encoding="utf-8").replace("kind: bao_cao", 'kind: "Báo cáo"', 1)
    path = tmp_path / "xa.yaml"
    path.write_text(text, encoding="utf-8")
    evidence, _ = load_evidence(path, load_pack(SAMPLE_PACK))
    (warning,) = evidence.warnings
    assert warning.code == "W020" and warning.severity is Severity.WARNING
    assert "3.2.2" in warning.message and "bao_cao" in warning.hint and warning.line is not None
    assert main(["score", str(path), "--pack", str(SAMPLE_PACK)]) == 0
    assert "W020" in capsys.readouterr().err


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, exclude_categories=())))
def test_the_fast_look_never_misses_a_control_character(text: str) -> None:
    data = {"a": [text, {"b": text}], text: 1}
    found = control_char_issues(data, lambda path, message, hint: path)
    assert bool(found) == bool(CONTROL_CHARS.search(text))
    assert csv_text(text) == csv_text(clean_text(text))
    assert not CONTROL_CHARS.search(clean_text(text))


# A label of a pack's (a document kind, a choice's option) that would break out of Excel's inline
# list "a,b,c": a quote ends the list's text and what follows is read as a formula; a comma
# splits the label. Such a list is left out (the cell still reads the label or the key).
HOSTILE_LABELS = ['Biên bản ", HYPERLINK("http://x"), "', "Tờ trình, công văn", '"=1+1"']


def _inline_lists(form: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(form))
    return [
        dv.formula1
        for sheet in book.worksheets
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list"
    ]


def _assert_plain_lists(form: bytes, label: str) -> None:
    """Every drop-down is one plain inline list, and the hostile ``label`` is in none of them,
    not even cut at its commas."""
    pieces = set(label.split(","))
    lists = _inline_lists(form)
    assert lists  # the other drop-downs are still there
    for formula in lists:
        assert formula.startswith('"') and formula.endswith('"'), formula
        assert '"' not in formula[1:-1], formula  # nothing after the list's text
        assert not pieces & set(formula[1:-1].split(",")), formula


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_a_document_kind_never_breaks_out_of_its_drop_down(label: str) -> None:
    text = SAMPLE_PACK.read_text(encoding="utf-8").replace("kind: ke_hoach,", f"kind: '{label}',")
    form = build_form(pack_from_text(text, "pack.yaml"), None)
    _assert_plain_lists(form, label)


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_a_choice_label_never_breaks_out_of_its_drop_down(label: str) -> None:
    text = (ROOT / "tests/data/danh-hieu/danh-hieu-2025.yaml").read_text(encoding="utf-8")
    assert "xa: Xã," in text
    form = build_form(pack_from_text(text.replace("xa: Xã,", f"xa: '{label}',"), "pack.yaml"))
    _assert_plain_lists(form, label)
