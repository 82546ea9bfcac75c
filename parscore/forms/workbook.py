"""``parscore template``: the self-assessment workbook for a pack, prefilled from evidence.

Sheets: *Thông tin* (commune, year, pack, data date, goal), *Tiêu chí* (one row per criterion:
code, title, maximum, requirement, lead agency, deadline, and the cells a commune fills in:
self-assessed points, appraised points, reason for "not applicable" where the pack allows it),
*Số liệu* (one row per input: label, unit, type, bounds and the value, with Excel data
validation from the type and bounds), *Tài liệu* (documents), *Hướng dẫn* (how to fill it in).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension

from ..compiled import LoadedPack
from ..document_kinds import kind_label, pack_kinds
from ..loader import LoadedEvidence
from ..model.evidence import Document
from ..model.pack import Criterion, InputSpec
from ..numbers import vi_number
from ..required_documents import item_requirement_words
from ..row_heights import row_height
from ..safe_text import set_text_cell
from ..xlsx_print import FONT, print_layout
from .layout import (
    ADJUSTMENTS,
    BOOL_TEXT,
    DOCUMENTS,
    EMPTY_DOCUMENT_ROWS,
    FORM_PROPERTY,
    FORM_VERSION,
    GUIDE_SHEET,
    INFO,
    INFO_ROWS,
    INPUTS,
    LEAF_SECTIONS,
    LEAF_TEXTS,
    LEAVES,
    LEAVES_STAGED,
    SIDE_TEXT,
    TYPE_TEXT,
    Sheet,
    stages_text,
)
from .validation import (
    choice_validation,
    date_validation,
    input_validation,
    list_validation,
    number_validation,
)

__all__ = ["build_form", "cell_value"]

HEADER = PatternFill("solid", fgColor="D9D9D9")
EDITABLE = PatternFill("solid", fgColor="FFF2CC")  # the cells a commune fills in
LOCKED = PatternFill("solid", fgColor="EFEFEF")  # nothing to fill in here
BOLD = Font(**FONT, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"  # a cell formatted as text keeps what is typed (codes, document numbers)
TEXT_COLUMNS = frozenset({"id", "title", "number", "issuer", "file", "supports", "note"})
MAX_DIGITS = 15  # Excel keeps 15 significant digits; longer decimals are written as text


# How the guide sheet says the filled form is read back (the command line's way by default; the
# web app names its own page instead)
READ_BACK = "Đọc lại thành tệp minh chứng: parscore import <tệp này>.xlsx -o <xã>-<năm>.yaml"


def build_form(
    pack: LoadedPack, evidence: LoadedEvidence | None = None, *, read_back: str = READ_BACK
) -> bytes:
    """The workbook's bytes (``.xlsx``); ``read_back``: the guide's line on reading it back."""
    book = Workbook()
    _Form(book, pack, evidence, read_back).write()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_value(value: Any) -> Any:
    """A value as written into a cell: numbers as numbers (text if too long for Excel)."""
    if isinstance(value, bool):
        return BOOL_TEXT[value]
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and abs(value) < 10**MAX_DIGITS:
            return int(value)
        if len(value.normalize().as_tuple().digits) > MAX_DIGITS:
            return format(value, "f")
        return value
    return value


class _Form:
    def __init__(
        self,
        book: Workbook,
        pack: LoadedPack,
        evidence: LoadedEvidence | None,
        read_back: str = READ_BACK,
    ) -> None:
        self.book = book
        self.read_back = read_back
        self.pack = pack
        self.evidence = evidence
        self.model = evidence.model if evidence is not None else None

    def write(self) -> None:
        m = self.model
        staged = m is not None and bool(m.appraisal_final or m.appraisal_notes or m.explanations)
        leaves = LEAVES_STAGED if staged else LEAVES
        layouts = [INFO, leaves, INPUTS, DOCUMENTS]
        info = self.book.active
        info.title = INFO.name
        self._info(info, leaves)
        self._leaves(self._sheet(leaves), leaves)
        self._inputs(self._sheet(INPUTS))
        self._documents(self._sheet(DOCUMENTS))
        if self.pack.model.adjustments.codes():
            self._adjustments(self._sheet(ADJUSTMENTS))
            layouts.append(ADJUSTMENTS)
        self._guide(self.book.create_sheet(GUIDE_SHEET))
        for layout in layouts:
            _fit_rows(self.book[layout.name], layout)
            print_layout(self.book[layout.name])  # once its widths and frozen columns are set
        props = self.book.properties
        meta = self.pack.model.pack
        props.title = f"Biểu tự đánh giá {meta.index.name} – {meta.title}"
        props.creator = "parscore"
        # says the info sheet has its stages row (a form without this is older: see the reader)
        self.book.custom_doc_props.append(StringProperty(name=FORM_PROPERTY, value=FORM_VERSION))

    # -- sheets -----------------------------------------------------------------------------------

    def _sheet(self, layout: Sheet) -> Any:
        sheet = self.book.create_sheet(layout.name)
        _headers(sheet, layout)
        return sheet

    def _info(self, sheet: Any, leaves: Sheet) -> None:
        _headers(sheet, INFO)
        meta = self.pack.model.pack
        m = self.model
        values: dict[str, Any]
        if m is None:
            goal = meta.goal.total if meta.goal is not None else None
            values = {"province": meta.province, "year": meta.year, "pack": meta.id, "goal": goal}
        else:
            values = {
                "commune": m.commune,
                "province": m.province,
                "year": m.year,
                "pack": m.pack,
                "as_of": m.as_of,
                "goal": m.goal.total if m.goal is not None else None,
                "synthetic": m.synthetic,
                "note": m.note or None,
            }
        values["stages"] = stages_text(leaves)
        validations = {
            "year": number_validation("whole", Decimal(2000), Decimal(2100), "Năm, ví dụ 2025"),
            "as_of": date_validation("Ngày số liệu, dạng dd/mm/yyyy"),
            "goal": number_validation("decimal", Decimal(0), meta.scale, "Điểm mục tiêu, ví dụ 90"),
        }
        for key, dv in validations.items():
            sheet.add_data_validation(dv)
            dv.add(f"B{_info_row(key)}")
        stages = list_validation(  # the value written, alone: Excel refuses any other
            [stages_text(leaves)],
            "Không sửa ô này",
            "Ô này ghi các cột của trang 'Tiêu chí' khi biểu mẫu được tạo; không sửa.",
            255,
        )
        if stages is not None:
            sheet.add_data_validation(stages)
            stages.add(f"B{_info_row('stages')}")
        for row, (key, label) in enumerate(INFO_ROWS, 2):
            label_cell = _put(sheet, row, 1, label)
            label_cell.font, label_cell.alignment = BOLD, WRAP
            cell = _put(sheet, row, 2, cell_value(values.get(key)))
            # the synthetic marker is written by parscore synth, the stages by the form itself:
            # never asked of a commune
            cell.fill = LOCKED if key in ("synthetic", "stages") else EDITABLE
            cell.alignment = WRAP
            if key == "as_of":
                cell.number_format = DATE_FORMAT
            key_cell = sheet.cell(row, 3, key)
            key_cell.font, key_cell.alignment = Font(**FONT, color="808080"), WRAP

    def _leaves(self, sheet: Any, layout: Sheet) -> None:
        m = self.model
        col = {c.key: layout.index(c.key) for c in layout.columns}
        given = {  # column key -> criterion code -> points or text
            key: _by_code(self.pack, getattr(m, section) if m else {})
            for key, section in LEAF_SECTIONS.items()
            if key in col
        }
        no_na = DataValidation(
            type="textLength",
            operator="equal",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Không được khai báo",
            error="Gói quy tắc không cho phép khai báo 'không áp dụng' cho tiêu chí này.",
        )
        sheet.add_data_validation(no_na)
        points: dict[Decimal, DataValidation] = {}
        for row, c in enumerate(self.pack.walk(), 2):
            leaf = c.children is None
            values = {
                "code": c.code,
                "title": c.title,
                "max": cell_value(c.max),
                "target": c.target,
                "owner": c.owner,
                "deadline": c.deadline,
                "remark": _remark(c),
            }
            for key, by_code in given.items():
                value = by_code.get(c.code)
                values[key] = value if key in LEAF_TEXTS else cell_value(value)
            for key, value in values.items():
                cell = _put(sheet, row, col[key], value)
                cell.alignment = WRAP
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                if not leaf:
                    cell.font = BOLD
            for key in given:
                cell = sheet.cell(row, col[key])
                editable = leaf and (key != "not_applicable" or c.na_allowed)
                cell.fill = EDITABLE if editable else LOCKED
            if not leaf:
                continue
            dv = points.get(c.max)
            if dv is None:
                dv = points[c.max] = number_validation(
                    "decimal", Decimal(0), c.max, f"Điểm từ 0 đến {vi_number(c.max)}"
                )
                sheet.add_data_validation(dv)
            for key in ("claim", "appraisal", "appraisal_final"):
                if key in col:
                    dv.add(f"{get_column_letter(col[key])}{row}")
            if not c.na_allowed:
                no_na.add(f"{get_column_letter(col['not_applicable'])}{row}")
        sheet.freeze_panes = "C2"

    def _inputs(self, sheet: Any) -> None:
        metrics = self.evidence.metrics if self.evidence is not None else {}
        col = {c.key: INPUTS.index(c.key) for c in INPUTS.columns}
        validations: dict[tuple[str, Decimal | None, Decimal | None], DataValidation] = {}
        for row, (name, spec) in enumerate(self.pack.model.inputs.items(), 2):
            lo, hi = _bounds(spec)
            values = {
                "name": name,
                "label": spec.label,
                "unit": spec.unit,
                "type": TYPE_TEXT[spec.type],
                "min": cell_value(lo) if lo is not None else None,
                "max": cell_value(hi) if hi is not None else None,
                "value": cell_value(_shown(spec, metrics.get(name))),
                "remark": _input_remark(spec),
            }
            for key, value in values.items():
                _put(sheet, row, col[key], value).alignment = WRAP
            cell = sheet.cell(row, col["value"])
            cell.fill = EDITABLE
            if spec.type == "date":
                cell.number_format = DATE_FORMAT
            elif spec.type == "count":
                cell.number_format = "0"
            if spec.type == "choice":
                choices = choice_validation(list((spec.options or {}).values()))
                if choices is not None:
                    sheet.add_data_validation(choices)
                    choices.add(cell.coordinate)
                continue
            vkey = (spec.type, lo, hi)
            dv = validations.get(vkey)
            if dv is None:
                dv = validations[vkey] = input_validation(spec.type, lo, hi)
                sheet.add_data_validation(dv)
            dv.add(cell.coordinate)
        sheet.freeze_panes = "C2"

    def _documents(self, sheet: Any) -> None:
        documents: list[Document] = list(self.model.documents) if self.model else []
        col = {c.key: DOCUMENTS.index(c.key) for c in DOCUMENTS.columns}
        last = len(documents) + EMPTY_DOCUMENT_ROWS + 1
        for row, doc in enumerate(documents, 2):
            values = {
                "id": doc.id,
                "kind": kind_label(doc.kind) if doc.kind else None,
                "title": doc.title,
                "number": doc.number,
                "issued": doc.issued,
                "issuer": doc.issuer,
                "file": doc.file,
                "supports": ", ".join(doc.supports) or None,
                "note": doc.note or None,
            }
            for key, value in values.items():
                _put(sheet, row, col[key], value).alignment = WRAP
        for row in range(2, last + 1):
            for column in DOCUMENTS.columns:
                cell = sheet.cell(row, col[column.key])
                cell.fill = EDITABLE
                if (
                    column.key in TEXT_COLUMNS
                ):  # kept as typed: Excel would make 2.10 the number 2.1
                    cell.number_format = TEXT_FORMAT
            sheet.cell(row, col["issued"]).number_format = DATE_FORMAT
        issued = date_validation("Ngày ban hành, dạng dd/mm/yyyy")
        sheet.add_data_validation(issued)
        letter = get_column_letter(col["issued"])
        issued.add(f"{letter}2:{letter}{last}")
        labels = [kind_label(k) for k in pack_kinds(self.pack)]
        kind = list_validation(
            labels,
            "Loại tài liệu",
            "Chọn một loại trong danh sách: " + ", ".join(labels) + ".",
            249,
        )
        if labels and kind is not None:
            sheet.add_data_validation(kind)
            letter = get_column_letter(col["kind"])
            kind.add(f"{letter}2:{letter}{last}")
        sheet.freeze_panes = "B2"

    def _adjustments(self, sheet: Any) -> None:
        reasons = self.model.adjustments if self.model else {}
        col = {c.key: ADJUSTMENTS.index(c.key) for c in ADJUSTMENTS.columns}
        adjustments = self.pack.model.adjustments
        no_reason = DataValidation(
            type="textLength",
            operator="equal",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Không điền ở dòng này",
            error="Dòng này ghi mức tối đa của cả nhóm; ghi lý do ở dòng của từng mục.",
        )
        sheet.add_data_validation(no_reason)
        row = 1
        for side in ("bonus", "penalty"):
            group = getattr(adjustments, side)
            for item in group.items if group is not None else ():
                row += 1
                values = {
                    "code": item.code,
                    "side": SIDE_TEXT[side],
                    "title": "\n".join(
                        filter(None, (item.title, item_requirement_words(side, item)))
                    ),
                    "points": cell_value(item.points),
                    "reason": reasons.get(item.code),
                }
                for key, value in values.items():
                    _put(sheet, row, col[key], value).alignment = WRAP
                sheet.cell(row, col["reason"]).fill = EDITABLE
            if group is not None:  # the group's cap, below its items
                row += 1
                values = {
                    "side": SIDE_TEXT[side],
                    "title": _cap_text(side, group.max, [i.points for i in group.items]),
                    "points": cell_value(group.max),
                }
                for key, value in values.items():
                    cell = _put(sheet, row, col[key], value)
                    cell.alignment, cell.font = WRAP, BOLD
                sheet.cell(row, col["reason"]).fill = LOCKED
                no_reason.add(f"{get_column_letter(col['reason'])}{row}")
        sheet.freeze_panes = "B2"

    def _guide(self, sheet: Any) -> None:
        meta = self.pack.model.pack
        lines = [
            f"Biểu tự đánh giá {meta.index.name} – {meta.title}",
            f"Gói quy tắc: {meta.id} (lần sửa {meta.revision}"
            + (", TẠM THỜI)" if meta.status == "provisional" else ")"),
            "",
            "Cách điền:",
            "1. Trang 'Thông tin': tên xã, năm, ngày số liệu và mục tiêu (cột Giá trị).",
            "2. Trang 'Số liệu': điền cột Giá trị cho từng chỉ tiêu; để trống nếu chưa có số liệu."
            " Ô Có/Không chọn trong danh sách; ngày ghi dạng dd/mm/yyyy.",
            "3. Trang 'Tiêu chí': điểm tự chấm (nếu có) và lý do không áp dụng (chỉ ở tiêu chí"
            " được phép). Các ô màu vàng là ô cần điền; ô màu xám không điền.",
            "4. Trang 'Tài liệu': mỗi dòng một tài liệu kiểm chứng; cột Tiêu chí ghi mã các tiêu"
            " chí mà tài liệu chứng minh, cách nhau bởi dấu phẩy (ví dụ 1.1, 3.2.2).",
            *(
                [
                    f"   Trang '{ADJUSTMENTS.name}': ghi lý do ở mục được thưởng hoặc bị trừ"
                    " điểm; để trống các mục không có. "
                    + self._caps_sentence()
                    + " Tài liệu chứng minh một mục ghi mã mục đó (ví dụ T1) ở cột Tiêu chí"
                    " của trang 'Tài liệu'."
                ]
                if ADJUSTMENTS.name in self.book.sheetnames
                else []
            ),
            "5. Không đổi tên trang, tên cột hay cột Mã / Tên biến / Khóa.",
            "",
            self.read_back,
            "Ô sai được báo theo dạng Trang!Ô (ví dụ Số liệu!G12) kèm lý do.",
        ]
        width = 120
        for row, text in enumerate(lines, 1):
            sheet.cell(row, 1, text).alignment = WRAP
            height = row_height([(text, width, False)])
            if height is not None:
                sheet.row_dimensions[row] = _FittedRow(sheet, index=row, ht=height)
        sheet["A1"].font = Font(name=FONT["name"], bold=True, size=13)
        sheet.column_dimensions["A"].width = width
        print_layout(sheet, None)

    def _caps_sentence(self) -> str:
        """``Điểm thưởng cộng lại tính tối đa 3 điểm; điểm trừ tối đa 5 điểm.``"""
        adjustments = self.pack.model.adjustments
        parts = [
            f"{SIDE_TEXT[side]} {CAP_WORDS[side]} {vi_number(group.max)} điểm"
            for side in ("bonus", "penalty")
            if (group := getattr(adjustments, side)) is not None
        ]
        text = "; ".join(parts[:1] + [p[0].lower() + p[1:] for p in parts[1:]])
        return text + "." if text else ""


# -- helpers -------------------------------------------------------------------------------------


def _info_row(key: str) -> int:
    """The info sheet's row of ``key`` as the form is written."""
    return 2 + [k for k, _ in INFO_ROWS].index(key)


CAP_WORDS = {"bonus": "cộng lại chỉ tính tối đa", "penalty": "cộng lại chỉ trừ tối đa"}


def _cap_text(side: str, cap: Decimal, points: list[Decimal]) -> str:
    """The cap row's words: ``Điểm thưởng cộng lại chỉ tính tối đa 3 điểm (các mục trên cộng
    lại 3,5 điểm)``; the sum of the items is said only when it exceeds the cap."""
    text = f"{SIDE_TEXT[side]} {CAP_WORDS[side]} {vi_number(cap)} điểm"
    listed = sum(points, Decimal(0))
    if listed > cap:
        text += f" (các mục trên cộng lại {vi_number(listed)} điểm)"
    return text


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a value; text stays text even when it starts with '=' (never a formula)."""
    return set_text_cell(sheet.cell(row, column), value)


def _headers(sheet: Any, layout: Sheet) -> None:
    for i, column in enumerate(layout.columns, 1):
        cell = sheet.cell(1, i, column.header)
        cell.font, cell.fill = BOLD, HEADER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.column_dimensions[get_column_letter(i)].hidden = column.hidden
    sheet.freeze_panes = "A2"


class _FittedRow(RowDimension):
    """A row's height as fitted to its text, not set by hand: Excel refits it when the text
    changes (see :mod:`parscore.row_heights`)."""

    @property
    def customHeight(self) -> bool:
        return False


def _fit_rows(sheet: Any, layout: Sheet) -> None:
    """Heights for the rows whose wrapped text takes more than one line."""
    widths = [None if c.hidden else c.width for c in layout.columns]
    for row in sheet.iter_rows(max_col=len(widths)):
        height = row_height(
            (c.value, width, bool(c.font.b))
            for c, width in zip(row, widths, strict=True)
            if width is not None and c.alignment.wrap_text
        )
        if height is not None:
            number = row[0].row
            sheet.row_dimensions[number] = _FittedRow(sheet, index=number, ht=height)


def _by_code(pack: LoadedPack, mapping: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        out[pack.code_of(key) or key] = value
    return out


def _bounds(spec: InputSpec) -> tuple[Decimal | None, Decimal | None]:
    lo, hi = spec.min, spec.max
    if spec.type in ("count", "percent") and lo is None:
        lo = Decimal(0)
    if spec.type == "percent" and hi is None:
        hi = Decimal(100)
    return lo, hi


def _remark(c: Criterion) -> str | None:
    notes = []
    if c.tracked:
        notes.append("Theo dõi, không tính điểm")
    if c.survey:
        notes.append("Chấm qua điều tra xã hội học (điểm ước tính)")
    if c.na_allowed:
        notes.append("Được khai báo không áp dụng (ghi lý do)")
    return "; ".join(notes) or None


def _shown(spec: InputSpec, value: Any) -> Any:
    """A choice input's value as its label (the form offers labels; import reads either)."""
    if spec.type == "choice" and isinstance(value, str):
        return (spec.options or {}).get(value, value)
    return value


def _input_remark(spec: InputSpec) -> str | None:
    notes = []
    if spec.type == "choice":
        notes.append("Chọn một trong: " + "; ".join((spec.options or {}).values()))
    if spec.step is not None:
        notes.append(f"Theo bước {vi_number(spec.step)}")
    if spec.default is not None:
        notes.append(f"Để trống: lấy mặc định {_plain_value(spec.default)}")
    if spec.survey:
        notes.append("Kết quả điều tra xã hội học")
    if spec.note:
        notes.append(spec.note)
    return "; ".join(notes) or None


def _plain_value(value: Any) -> str:
    if isinstance(value, bool):
        return BOOL_TEXT[value]
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | int):
        return vi_number(value)
    return str(value)
