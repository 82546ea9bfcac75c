"""Checking a workbook's archive before any spreadsheet library opens it.

An ``.xlsx`` file is a zip of XML parts. A crafted one can hold millions of cells in a small file,
a cell at the last column and row, a number with thousands of digits or a formula with no value;
an encrypted or old-format file is not a zip at all. :func:`check_archive` looks at the zip
directory and the raw sheet XML (bounded sizes, no full parse) and refuses such files with a
located ``PS801``/``PS805`` issue (``Sheet!Cell`` where the problem has a cell), before openpyxl
reads only the form's own range (:mod:`.grid`).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

from ..errors import EvidenceError, Issue
from ..names import name_key

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_SHEET_XML",
    "MAX_STRINGS",
    "MAX_UNPACKED",
    "MAX_WORKBOOK_BYTES",
    "SheetPart",
    "check_archive",
    "declared_entries",
    "sheet_key",
    "sheet_parts",
]

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024  # a filled form's file, checked before it is read
MAX_ENTRIES = 1_000  # parts in the zip
MAX_UNPACKED = 64 * 1024 * 1024  # bytes of all parts, uncompressed
MAX_SHEET_XML = 16 * 1024 * 1024  # bytes of one XML part (a sheet, the shared strings…)
MAX_RATIO = 100  # uncompressed / compressed size of a part bigger than 1 MB
MAX_CELLS = 100_000  # cell elements in the sheets read (a real form has a few thousand)
MAX_STRINGS = 100_000  # shared strings: the spreadsheet library reads them all, every sheet's
MAX_ROWS = 5_000  # rows of a sheet that are read
MAX_COLUMNS = 40  # columns of a sheet that are read
ROWS_TEXT = "5.000"
MAX_ISSUES = 50  # cells reported per sheet
MAX_NUMBER_CHARS = 30  # a number cell's stored text (Excel's own are at most ~24 characters)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls files
_CELL_START = re.compile(rb"<(?:\w+:)?c\b")
_CELL_ANY = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v\b")
_FILLED_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>\s*[^<\s]")
_LONG_VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]{%d,}" % (MAX_NUMBER_CHARS + 1))
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_ATTR_REF = re.compile(rb'\br="([A-Z]{1,3}\d+)"')
_ATTR_TYPE = re.compile(rb'\bt="(\w+)"')
_HAS_CONTENT = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
_STRING = re.compile(rb"<(?:\w+:)?si\b")
_MERGED = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)"')
_SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


@dataclass(frozen=True)
class SheetPart:
    name: str  # the sheet's name as Excel shows it
    path: str  # its XML part in the zip
    merged: tuple[str, ...] = ()  # its merged ranges ("F2:G2"), of the sheets checked


def check_archive(data: bytes, file: str, wanted: set[str] | None = None) -> list[SheetPart]:
    """The workbook's sheets; raises :class:`EvidenceError` when the file is damaged, not a
    workbook, too big once unpacked, or holds cells parscore refuses to read in the ``wanted``
    sheets, matched by :func:`sheet_key` (all when None; other sheets are never read)."""
    if data.startswith(_OLE_MAGIC):
        raise _refuse(
            file,
            "tệp được đặt mật khẩu (mã hóa) hoặc là dạng Excel cũ (.xls)",
            "bỏ mật khẩu, rồi lưu lại dạng .xlsx (Excel Workbook)",
        )
    declared = declared_entries(data)
    if declared is not None and declared > MAX_ENTRIES:  # before reading the whole directory
        raise _refuse(file, f"tệp chứa quá nhiều phần ({declared}, tối đa {MAX_ENTRIES})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception:  # whatever a crafted zip directory makes the zip reader raise
        raise _refuse(file, "không phải tệp Excel .xlsx, hoặc tệp bị hỏng") from None
    _check_sizes(entries, file)
    if "xl/workbook.xml" not in archive.NameToInfo:
        raise _not_a_workbook(archive, file)
    try:
        sheets = sheet_parts(archive)
        cells = 0
        keys = {sheet_key(name) for name in wanted} if wanted is not None else set()
        for i, sheet in enumerate(sheets):
            if wanted is None or sheet_key(sheet.name) in keys:
                xml = archive.read(sheet.path)
                cells += _scan_sheet(xml, sheet.name, file)
                merged = tuple(m.decode() for m in _MERGED.findall(xml))
                sheets[i] = SheetPart(sheet.name, sheet.path, merged)
        if cells > MAX_CELLS:
            raise _refuse(file, f"tệp có quá nhiều ô ({cells}, tối đa {MAX_CELLS})")
        strings = _shared_strings(archive)
        if strings > MAX_STRINGS:
            raise _refuse(file, f"tệp có quá nhiều đoạn văn bản ({strings}, tối đa {MAX_STRINGS})")
    except EvidenceError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ElementTree.ParseError,
        ValueError,
        OSError,
        EOFError,
        struct.error,
        NotImplementedError,  # a compression method zipfile does not know
    ):
        raise _refuse(file, "không phải biểu mẫu parscore hoặc tệp bị hỏng") from None
    return sheets


def sheet_key(name: str) -> str:
    """A sheet's name as matched: Unicode-normalised (Vietnamese typed composed or not), case
    and spacing ignored ('Số liệu ' is 'Số liệu')."""
    return name_key(name)


def declared_entries(data: bytes) -> int | None:
    """The entry count the zip's end record declares (None when there is no such record)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0 or end + 12 > len(data):
        return None
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    return None if count == 0xFFFF else count  # 0xFFFF: the count is in a ZIP64 record


def _check_sizes(entries: list[zipfile.ZipInfo], file: str) -> None:
    if len(entries) > MAX_ENTRIES:
        raise _refuse(file, f"tệp chứa quá nhiều phần ({len(entries)}, tối đa {MAX_ENTRIES})")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise _refuse(file, "tệp được đặt mật khẩu (mã hóa)", "bỏ mật khẩu rồi lưu lại")
        total += entry.file_size
        big = entry.file_size > 1024 * 1024
        if big and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise _refuse(file, "tệp nén bất thường (dữ liệu bung ra quá lớn so với tệp)")
        if entry.filename.endswith((".xml", ".rels")) and entry.file_size > MAX_SHEET_XML:
            what = "một trang tính" if "worksheets/" in entry.filename else entry.filename
            raise _refuse(file, _too_big(entry.file_size, MAX_SHEET_XML, what))
    if total > MAX_UNPACKED:
        raise _refuse(file, _too_big(total, MAX_UNPACKED, "tệp khi giải nén"))


def _too_big(size: int, limit: int, what: str) -> str:
    mb = 1024 * 1024
    return f"{what} quá lớn ({size // mb} MB, tối đa {limit // mb} MB)"


def sheet_parts(archive: zipfile.ZipFile) -> list[SheetPart]:
    """Sheet names and their XML parts, from ``xl/workbook.xml`` and its relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels if _local(r.tag) == "Relationship"}
    sheets: list[SheetPart] = []
    for element in book.iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid, "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        path = posixpath.normpath(path)
        if path in archive.NameToInfo and "worksheet" in path:
            sheets.append(SheetPart(element.get("name", ""), path))
    return sheets


def _shared_strings(archive: zipfile.ZipFile) -> int:
    """How many shared strings the workbook holds, in the part its content types name as the
    string table (where the spreadsheet library looks, whatever the part is called): all are
    read when the workbook is opened, those of sheets parscore never reads too."""
    if "[Content_Types].xml" not in archive.NameToInfo:
        return 0
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    count = 0
    for element in types:
        if _local(element.tag) == "Override" and element.get("ContentType") == _SHARED_STRINGS_TYPE:
            path = posixpath.normpath(element.get("PartName", "").lstrip("/"))
            if path in archive.NameToInfo:
                count += len(_STRING.findall(archive.read(path)))
    return count


def _scan_sheet(xml: bytes, sheet: str, file: str) -> int:
    """How many cells the sheet holds; raises for cells refused before parsing: formulas
    without a value, numbers with too many digits, and content beyond the rows parscore reads."""
    issues: list[Issue] = []
    for match in _FORMULA.finditer(xml):
        if len(issues) >= MAX_ISSUES:
            break
        cell = _enclosing_cell(xml, match.start())
        if cell is not None and not _has_computed_value(cell[1]):
            issues.append(
                _at(
                    sheet,
                    cell[0],
                    "ô chứa công thức nhưng chưa có giá trị đã tính",
                    "mở tệp bằng Excel để tính rồi lưu lại, hoặc gõ thẳng giá trị vào ô",
                )
            )
    for match in _LONG_VALUE.finditer(xml):
        if len(issues) >= MAX_ISSUES:
            break
        cell = _enclosing_cell(xml, match.start())
        if cell is None:
            continue
        kind = _ATTR_TYPE.search(cell[1][: cell[1].find(b">") + 1])
        if kind is None or kind.group(1) in (b"n", b"e"):
            issues.append(
                _at(sheet, cell[0], f"số quá dài (hơn {MAX_NUMBER_CHARS} ký tự)", "kiểm tra lại ô")
            )
    for match in _ROW.finditer(xml):
        if int(match.group(1)) <= MAX_ROWS:
            continue
        end = xml.find(b"</row>", match.end())
        row = xml[match.end() : end if end >= 0 else None]
        if _HAS_CONTENT.search(row):
            ref = _ATTR_REF.search(row)
            where = ref.group(1).decode() if ref else match.group(1).decode()
            issues.append(
                _at(
                    sheet,
                    where,
                    f"có dữ liệu ngoài vùng đọc của biểu mẫu (tối đa {ROWS_TEXT} dòng)",
                    "dùng biểu mẫu do parscore template tạo; xóa các dòng thừa ở cuối trang",
                )
            )
            break
    if issues:
        raise EvidenceError(issues)
    return len(_CELL_ANY.findall(xml))


def _has_computed_value(cell: bytes) -> bool:
    """Whether a formula cell holds the value it computed. An empty value element is none (what
    scripts that cannot compute write), except in a text result (``t="str"``): Excel writes an
    empty text result so."""
    kind = _ATTR_TYPE.search(cell[: cell.find(b">") + 1])
    if kind is not None and kind.group(1) == b"str":
        return _VALUE.search(cell) is not None
    return _FILLED_VALUE.search(cell) is not None


def _enclosing_cell(xml: bytes, pos: int) -> tuple[str, bytes] | None:
    """The ``r`` reference and text of the ``<c>`` element around ``pos``."""
    start = xml.rfind(b"<", 0, pos)
    while start >= 0 and not _CELL_START.match(xml, start):
        start = xml.rfind(b"<", 0, start)
    if start < 0:
        return None
    end = _CELL_END.search(xml, pos)
    text = xml[start : end.end() if end else len(xml)]
    ref = _ATTR_REF.search(text[: text.find(b">") + 1])
    return (ref.group(1).decode() if ref else "?"), text


def _at(sheet: str, ref: str, message: str, hint: str = "") -> Issue:
    return Issue("PS805", message, file=f"{sheet}!{ref}", hint=hint)


_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def _not_a_workbook(archive: zipfile.ZipFile, file: str) -> EvidenceError:
    """A zip that is no Excel workbook: said for what it is when that is known (a LibreOffice
    spreadsheet saved in its own format is what commune staff most often send instead)."""
    names = archive.NameToInfo
    mimetype = b""
    if "mimetype" in names and names["mimetype"].file_size <= 200:
        try:
            mimetype = archive.read("mimetype").strip()
        except Exception:  # a damaged entry: the generic message below
            mimetype = b""
    if mimetype == _ODS:
        return _refuse(
            file,
            "tệp là bảng tính OpenDocument (.ods, định dạng riêng của LibreOffice), không phải"
            " tệp Excel .xlsx",
            "trong LibreOffice chọn Tệp → Lưu thành…, kiểu tệp «Excel 2007-365 (.xlsx)», rồi"
            " nhập tệp .xlsx đó",
        )
    if "word/document.xml" in names:
        return _refuse(file, "tệp là văn bản Word (.docx), không phải biểu mẫu Excel .xlsx")
    return _refuse(file, "không phải biểu mẫu parscore hoặc tệp bị hỏng")


def _refuse(file: str, message: str, hint: str = "") -> EvidenceError:
    return EvidenceError(
        [
            Issue(
                "PS801",
                message,
                file=file,
                hint=hint
                or "dùng biểu mẫu do parscore template tạo, lưu dạng .xlsx (Excel Workbook)",
            )
        ]
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
