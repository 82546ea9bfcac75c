"""A corpus of broken and hostile workbooks: each is refused with its code, located, exit 2.

The workbooks are crafted in the test from a real generated form (no binaries committed):
damaged archives, encrypted files, huge or far-away cells, long numbers, formulas without a
computed value, control characters and document kinds the pack never asks for.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.errors import EvidenceError
from parscore.forms.archive import MAX_CELLS, MAX_ENTRIES, MAX_SHEET_XML, MAX_STRINGS
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import LoadedEvidence

from .conftest import SAMPLE_PACK
from .xlsx_craft import rezip, sheet_path, text_cell, with_cell

Craft = Callable[[bytes], bytes]
INFO, LEAVES, INPUTS, DOCS = "Thông tin", "Tiêu chí", "Số liệu", "Tài liệu"


def _millions_of_cells(form: bytes) -> bytes:
    row = b"".join(b'<c r="%s2"><v>1</v></c>' % c for c in (b"A", b"B", b"C", b"D"))
    many = row * (MAX_SHEET_XML // len(row) + 1)
    return rezip(form, {sheet_path(form, INPUTS): lambda x: x.replace(b"</sheetData>", many)})


def _too_many_cells(form: bytes) -> bytes:
    """Fewer bytes than the size limit, more cells than the cell limit, all within the rows read."""
    columns = [bytes([c]) for c in b"ABCDEFGHIJKLMNOPQRST"]
    rows = range(50, 50 + MAX_CELLS // len(columns) + 10)
    cells = b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for r in rows for c in columns)
    return rezip(
        form,
        {sheet_path(form, DOCS): lambda x: x.replace(b"</sheetData>", cells + b"</sheetData>")},
    )


def _many_parts(form: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(MAX_ENTRIES + 1):
            z.writestr(f"x/{i}.xml", b"")
    return out.getvalue()


def _many_shared_strings(form: bytes) -> bytes:
    """A string table no sheet uses, too long to be read in seconds, under a name of its own:
    the spreadsheet library finds it through the content types and reads all of it on opening."""
    strings = b"".join(b"<si><t>%x</t></si>" % i for i in range(MAX_STRINGS + 1))
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>'
    kind = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = b'<Override PartName="/xl/chu.xml" ContentType="%s"/></Types>' % kind
    crafted = rezip(form, {"[Content_Types].xml": lambda x: x.replace(b"</Types>", override)})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(crafted)) as source, zipfile.ZipFile(out, "w") as z:
        for entry in source.infolist():
            z.writestr(entry, source.read(entry.filename))
        z.writestr("xl/chu.xml", table % strings)  # stored: no compression ratio to notice
    return out.getvalue()


def _zip_flagged_encrypted(form: bytes) -> bytes:
    data = bytearray(form)
    data[6] |= 0x1  # general-purpose flag of the first local header
    directory = data.rfind(b"PK\x01\x02")
    while directory > 0:  # and of every central directory entry
        data[directory + 8] |= 0x1
        directory = data.rfind(b"PK\x01\x02", 0, directory)
    return bytes(data)


def _not_a_form(form: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "xin chào")
    return out.getvalue()


# (name, craft, code, location: "Sheet!Cell", "Sheet!row" or "" for the file itself)
CASES: list[tuple[str, Craft, str, str]] = [
    ("not-a-zip", lambda f: b"PK\x03\x04 not really", "PS801", ""),
    ("truncated", lambda f: f[: len(f) // 2], "PS801", ""),
    ("zip-without-workbook", _not_a_form, "PS801", ""),
    ("encrypted-ole", lambda f: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "PS801", ""),
    ("encrypted-flag", _zip_flagged_encrypted, "PS801", ""),
    (
        "malformed-sheet-xml",
        lambda f: rezip(f, {sheet_path(f, INPUTS): lambda x: x[: len(x) * 2 // 3]}),
        "PS801",
        f"{INPUTS}!",
    ),
    (
        "cell-at-XFD1048576",
        lambda f: with_cell(f, INPUTS, "XFD1048576", b"<v>1</v>"),
        "PS805",
        f"{INPUTS}!XFD1048576",
    ),
    ("millions-of-cells", _millions_of_cells, "PS801", ""),
    ("too-many-cells", _too_many_cells, "PS801", ""),
    ("too-many-parts", _many_parts, "PS801", ""),
    ("too-many-shared-strings", _many_shared_strings, "PS801", ""),
    (
        "5000-digit-number",
        lambda f: with_cell(f, INPUTS, "G2", b"<v>" + b"9" * 5000 + b"</v>"),
        "PS805",
        f"{INPUTS}!G2",
    ),
    (
        "5000-digit-text-number",
        lambda f: with_cell(f, INPUTS, "G2", *text_cell("9" * 5000)),
        "PS803",
        f"{INPUTS}!G2",
    ),
    (
        "formula-without-value",
        lambda f: with_cell(f, INPUTS, "G2", b"<f>SUM(A1:A3)</f>"),
        "PS805",
        f"{INPUTS}!G2",
    ),
    (  # what openpyxl and other scripts write: a value element with nothing in it
        "formula-with-empty-value",
        lambda f: with_cell(f, INPUTS, "G3", b"<f>G2*2</f><v></v>"),
        "PS805",
        f"{INPUTS}!G3",
    ),
    (
        "formula-with-self-closed-value",
        lambda f: with_cell(f, INPUTS, "G3", b"<f>G2*2</f><v/>"),
        "PS805",
        f"{INPUTS}!G3",
    ),
    (
        "control-character",
        lambda f: with_cell(f, INFO, "B2", *text_cell("Xã\u009b2JA")),
        "PS205",
        f"{INFO}!B2",
    ),
    (
        "unknown-document-kind",
        lambda f: with_cell(f, DOCS, "B2", *text_cell("Tờ trình")),
        "PS806",
        f"{DOCS}!B2",
    ),
]


@pytest.fixture(scope="module")
def form(sample_pack: LoadedPack, sample_evidence: LoadedEvidence) -> bytes:
    return build_form(sample_pack, sample_evidence)


def test_every_class_of_hostile_workbook_is_in_the_corpus() -> None:
    assert len(CASES) >= 12
    assert {code for _, _, code, _ in CASES} >= {"PS801", "PS803", "PS805", "PS806", "PS205"}


@pytest.mark.parametrize(("name", "craft", "code", "where"), CASES, ids=[c[0] for c in CASES])
def test_hostile_workbook_is_refused_located(
    form: bytes, sample_pack: LoadedPack, name: str, craft: Craft, code: str, where: str
) -> None:
    with pytest.raises(EvidenceError) as err:
        read_form(craft(form), "xa.xlsx", sample_pack)
    issues = [i for i in err.value.issues if i.code == code]
    assert issues, [i.format() for i in err.value.issues]
    issue = issues[0]
    if where:
        assert issue.file is not None and issue.file.startswith(where), issue.format()
    else:
        assert issue.file == "xa.xlsx", issue.format()
    assert not issue.message.isascii(), "message must be Vietnamese"


@pytest.mark.parametrize(
    ("name", "craft", "code", "where"), CASES[::3], ids=[c[0] for c in CASES[::3]]
)
def test_cli_import_exits_2_and_writes_nothing(
    form: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    craft: Craft,
    code: str,
    where: str,
) -> None:
    book = tmp_path / "xa.xlsx"
    book.write_bytes(craft(form))
    target = tmp_path / "xa.yaml"
    assert main(["import", str(book), "-o", str(target), "--pack", str(SAMPLE_PACK)]) == 2
    err = capsys.readouterr().err
    assert code in err and "Traceback" not in err
    assert not target.exists()


def test_a_formula_with_its_computed_value_is_read(form: bytes, sample_pack: LoadedPack) -> None:
    crafted = with_cell(form, INPUTS, "G2", b"<f>10*2</f><v>20</v>")
    evidence, _ = read_form(crafted, "xa.xlsx", sample_pack)
    first = next(iter(sample_pack.model.inputs))
    assert evidence.metrics[first] == 20


def test_a_text_formula_that_computed_nothing_is_a_blank_cell(
    form: bytes, sample_pack: LoadedPack
) -> None:
    """Excel writes an empty text result as an empty value of type ``str``: a value, not none."""
    crafted = with_cell(form, INPUTS, "G2", b'<f>IF(1,"","x")</f><v></v>', b' t="str"')
    evidence, _ = read_form(crafted, "xa.xlsx", sample_pack)
    assert next(iter(sample_pack.model.inputs)) not in evidence.metrics


def test_a_workbook_without_styles_is_read(
    form: bytes, sample_pack: LoadedPack, sample_evidence: LoadedEvidence
) -> None:
    """Without a style table dates arrive as Excel day numbers: they are still read as dates."""
    evidence, _ = read_form(rezip(form, drop=("xl/styles.xml",)), "xa.xlsx", sample_pack)
    assert evidence.metrics == sample_evidence.metrics
    assert evidence.model.as_of == sample_evidence.model.as_of


def test_sheets_parscore_does_not_read_are_not_refused(
    form: bytes, sample_pack: LoadedPack
) -> None:
    crafted = with_cell(form, "Hướng dẫn", "C3", b"<f>SUM(A1:A3)</f>")
    crafted = with_cell(crafted, "Hướng dẫn", "XFD1048576", b"<v>1</v>")
    evidence, _ = read_form(crafted, "xa.xlsx", sample_pack)
    assert evidence.model.commune
