"""``parscore import``: a filled self-assessment workbook -> evidence, checked like a YAML file.

The workbook is read into the same data an evidence file holds, then checked by the same
validation (:func:`~parscore.loader.evidence_from_data`). Every problem is reported at its cell,
``Số liệu!G12: PS505 …``, all at once. Columns are found by their header text, so reordered or
added columns do no harm.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..compiled import LoadedPack
from ..document_kinds import pack_kinds
from ..errors import EvidenceError, Issue, UsageError
from ..loader import LoadedEvidence, evidence_from_data
from ..names import name_key
from ..numbers import plain
from ..yamlio import KeyPath, YamlDocument, format_path
from .archive import sheet_key
from .cells import is_blank, read_bool, read_date, read_decimal, read_int, read_text
from .grid import Cell, Grid, read_grids
from .layout import (
    ADJUSTMENTS,
    DOCUMENTS,
    FORM_PROPERTY,
    GUIDE_SHEET,
    INFO,
    INFO_ROWS,
    INPUTS,
    LEAF_SECTIONS,
    LEAF_TEXTS,
    LEAVES,
    LEAVES_STAGED,
    STAGE_WORDS,
    Sheet,
    stages_text,
)
from .typed_values import (
    document_kind,
    input_label,
    number_code_problem,
    shown,
    thousands_or_decimal,
)

__all__ = ["read_form"]

HEADER_ROWS = 10  # rows searched for the header row
MAX_MERGED_ISSUES = 50  # merged ranges reported per sheet
REQUIRED = {
    INFO.name: ("value",),
    LEAVES.name: ("code",),
    INPUTS.name: ("name", "value"),
    DOCUMENTS.name: ("id", "title"),
    ADJUSTMENTS.name: ("code", "reason"),
}

# The columns every form has, beyond those: one deleted would silently read as empty (the staged
# columns of the criteria sheet come together or not at all: a plain form has none of them, and
# one whose info sheet says it was made with them must have them all)
WRITTEN = {
    INFO.name: (),
    LEAVES.name: ("claim", "appraisal", "not_applicable"),
    INPUTS.name: (),
    DOCUMENTS.name: tuple(c.key for c in DOCUMENTS.columns),
    ADJUSTMENTS.name: (),
}
STAGED = tuple(c.key for c in LEAVES_STAGED.columns[len(LEAVES.columns) :])


# The columns whose cells are read (a merged range over one of them would hide a value)
READ = {
    INFO.name: ("label", "value"),  # the key column only helps: a blank key reads the label
    LEAVES.name: ("code", *LEAF_SECTIONS),
    INPUTS.name: ("name", "value"),
    DOCUMENTS.name: tuple(c.key for c in DOCUMENTS.columns),
    ADJUSTMENTS.name: ("code", "reason"),
}


def read_form(
    data: bytes,
    name: str,
    pack: LoadedPack | None = None,
    find_pack: Callable[[str], LoadedPack] | None = None,
) -> tuple[LoadedEvidence, LoadedPack]:
    """Checked evidence from a workbook's bytes. ``find_pack(id)`` finds the pack named in the
    form when ``pack`` is not given. Raises :class:`EvidenceError` with every bad cell."""
    reader = _Reader(*read_grids(data, name, set(REQUIRED)), name)
    info = reader.info()
    if pack is None:
        pack_id = info.get("pack")
        if not isinstance(pack_id, str) or not pack_id or find_pack is None:
            raise EvidenceError(
                [
                    reader.at(
                        ("pack",),
                        "PS506",
                        "biểu mẫu không ghi gói quy tắc",
                        "ghi id gói ở trang Thông tin, hoặc chạy lệnh với --pack rules/<năm>.yaml",
                    )
                ]
            )
        try:
            pack = find_pack(pack_id)
        except UsageError as exc:  # no pack with that id: said at the cell that names it
            where = reader.at(("pack",), "PS506", "").file
            raise UsageError(
                [i if i.file else dataclasses.replace(i, file=where) for i in exc.issues]
            ) from None
    evidence_data = reader.evidence(pack, info)
    doc = YamlDocument(file=name, data=evidence_data, positions={})
    try:
        evidence = evidence_from_data(doc, pack)
    except EvidenceError as exc:
        located = [reader.locate(i) for i in exc.issues]
        if any(i.code == "PS506" for i in exc.issues):  # read under another pack: that first
            raise EvidenceError(located) from None
        raise EvidenceError([*reader.issues, *located]) from None
    if reader.issues:
        raise EvidenceError(reader.issues)
    return evidence, pack


def _table(ws: Grid, layout: Sheet) -> tuple[Grid, dict[str, int]]:
    """The sheet from its header row on, and the column of each header found in it. The header
    row is row 1, or the row among the first :data:`HEADER_ROWS` that holds the sheet's required
    headers and the most of its others (a heading may have been added above the table)."""
    best: tuple[int, int, dict[str, int]] = (-1, 0, {})
    for i, row in enumerate(ws.rows[:HEADER_ROWS]):
        headers = {_norm(c.value): c.column for c in row if not is_blank(c.value)}
        columns = {
            c.key: headers[_norm(c.header)] for c in layout.columns if _norm(c.header) in headers
        }
        complete = all(k in columns for k in REQUIRED[layout.name])
        if complete and len(columns) > best[0]:
            best = (len(columns), i, columns)
        if i == 0 and not complete:
            best = (-1, 0, columns)  # what row 1 holds, for the message if no row will do
    _, first, columns = best
    return (Grid(ws.name, ws.rows[first:]) if first else ws), columns


def _norm(text: Any) -> str:
    return name_key(str(text))


class _Reader:
    def __init__(
        self,
        book: dict[str, Grid],
        sheet_names: list[str],
        epoch: dt.date,
        properties: dict[str, str],
        name: str,
    ) -> None:
        self.book = book
        self.sheet_names = sheet_names
        self.epoch = epoch  # day 0 of the workbook's date system
        # a form that records its stages (its info sheet must then have the row)
        self.recorded = FORM_PROPERTY in properties
        # whether the form was made with the round-2 columns, as its info sheet says; None: a
        # form older than that row, whose round-2 columns are read if there (all or none)
        self.round_two: bool | None = None
        self.name = name
        self.issues: list[Issue] = []
        self.cells: dict[str, str] = {}  # key path (as text) -> "Sheet!B3"

    # -- where things are -------------------------------------------------------------------------

    def sheet(self, layout: Sheet) -> tuple[Grid, dict[str, int]]:
        if layout.name not in self.book:
            raise EvidenceError(
                [
                    Issue(
                        "PS802",
                        f"thiếu trang '{layout.name}'",
                        file=self.name,
                        hint="dùng biểu mẫu do parscore template tạo, không đổi tên các trang"
                        + self._other_sheets(),
                    )
                ]
            )
        ws, columns = _table(self.book[layout.name], layout)
        wanted = (*REQUIRED[layout.name], *WRITTEN[layout.name])
        if layout.name == LEAVES.name and (self.round_two or any(k in columns for k in STAGED)):
            wanted = (*wanted, *STAGED)
        missing = [layout.column(k).header for k in dict.fromkeys(wanted) if k not in columns]
        if layout.name == LEAVES.name and self.round_two and all(k not in columns for k in STAGED):
            raise EvidenceError([self._round_two_deleted(ws, columns)])
        if missing:
            raise EvidenceError(
                [
                    Issue(
                        "PS802",
                        f"thiếu cột '{header}' ở dòng tiêu đề",
                        file=f"{layout.name}!1",
                        hint="không đổi tên hay xóa các cột của biểu mẫu",
                    )
                    for header in missing
                ]
            )
        self._merged(self.book[layout.name], ws, columns, READ[layout.name])
        return ws, columns

    def _merged(
        self, whole: Grid, ws: Grid, columns: dict[str, int], keys: tuple[str, ...]
    ) -> None:
        """A merged range holding a value over a cell that is read, other than its top-left
        one: that cell reads as blank, though the sheet shows it the range's value (a value
        merged over two rows would count for the first only), so it is refused at the cell."""
        header = ws.rows[0][0].row if ws.rows else 1
        read = sorted({columns[k] for k in keys if k in columns})
        found = 0
        for m in whole.merged:
            if found >= MAX_MERGED_ISSUES:
                break
            if m.first_row > len(whole.rows) or m.first_column > len(whole.rows[0]):
                continue  # beyond what is read: blank
            top = whole.rows[m.first_row - 1][m.first_column - 1]
            if is_blank(top.value):
                continue
            for column in read:
                if not m.first_column <= column <= m.last_column:
                    continue
                row = max(m.first_row, header + 1)
                if (row, column) == (m.first_row, m.first_column):
                    row += 1  # the top-left cell holds the value: the next one below
                if row > m.last_row:
                    continue
                cell = Cell(ws.name, row, column)
                self.problem(
                    cell,
                    "PS805",
                    f"ô {cell.coordinate} nằm trong vùng ô gộp {m.ref}: giá trị"
                    f" {shown(top.value)} chỉ thuộc ô {top.coordinate}, ô {cell.coordinate}"
                    " được đọc là để trống",
                    "bỏ gộp ô (Unmerge / Hủy hợp nhất ô), rồi điền giá trị vào từng ô",
                )
                found += 1
                break

    def _round_two_deleted(self, ws: Grid, columns: dict[str, int]) -> Issue:
        """The round-2 columns of a form made with them, all deleted: refused at the header
        row's first cell past its last column (where they stood), never read as no round 2."""
        header = ws.rows[0] if ws.rows else []
        filled = [c.column for c in header if not is_blank(c.value)]
        cell = Cell(ws.name, header[0].row if header else 1, max(filled, default=0) + 1)
        names = ", ".join(f"'{c.header}'" for c in LEAVES_STAGED.columns if c.key in STAGED)
        marker = self.cells.get("stages", f"{INFO.name}!B")
        return Issue(
            "PS802",
            f"trang '{LEAVES.name}' thiếu các cột thẩm định vòng 2 ({names}) ở dòng tiêu đề, dù"
            f" biểu mẫu được tạo có các cột này ({marker} ghi"
            f" '{stages_text(LEAVES_STAGED)}'); đọc tiếp thì điểm thẩm định vòng 2 của hội đồng"
            " bị bỏ mất",
            file=cell.ref,
            hint="khôi phục các cột đã xóa (Undo), hoặc dùng bản mới của biểu mẫu do parscore"
            " template tạo rồi chép các ô đã điền sang",
        )

    def _other_sheets(self) -> str:
        """The workbook's sheets that are not the form's (one may be the renamed sheet)."""
        known = {sheet_key(n) for n in (*REQUIRED, GUIDE_SHEET)}
        others = [f"'{n}'" for n in self.sheet_names if sheet_key(n) not in known]
        return f"; tệp có các trang khác: {', '.join(others)}" if others else ""

    def mark(self, path: KeyPath, cell: Cell) -> None:
        self.cells.setdefault(format_path(path), cell.ref)

    def problem(self, cell: Cell, code: str, message: str, hint: str = "") -> None:
        self.issues.append(Issue(code, message, file=cell.ref, hint=hint))

    def at(self, path: KeyPath, code: str, message: str, hint: str = "") -> Issue:
        return Issue(code, message, file=self._cell_of(format_path(path)), hint=hint)

    def locate(self, issue: Issue) -> Issue:
        """A validation issue, moved from its key path to the cell it came from."""
        ref = self._cell_of(issue.path)
        if ref == self.name:
            return Issue(
                issue.code, issue.message, file=self.name, path=issue.path, hint=issue.hint
            )
        return Issue(issue.code, issue.message, file=ref, hint=issue.hint)

    def _cell_of(self, path: str) -> str:
        while path:
            if path in self.cells:
                return self.cells[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.cells.get("", self.name)

    def date(self, value: Any) -> tuple[Any, str]:
        return read_date(value, self.epoch)

    # -- sheets -------------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        ws, columns = self.sheet(INFO)
        labels = {_norm(label): key for key, label in INFO_ROWS}
        keys = {key for key, _ in INFO_ROWS}
        seen: set[str] = set()
        out: dict[str, Any] = {}
        for row in ws.body():
            key = None
            if "key" in columns and not is_blank(row[columns["key"] - 1].value):
                key = str(row[columns["key"] - 1].value).strip()
            elif "label" in columns and not is_blank(row[columns["label"] - 1].value):
                key = labels.get(_norm(row[columns["label"] - 1].value))
            if key not in keys:
                continue
            seen.add(key)
            cell = row[columns["value"] - 1]
            if key == "stages":
                self._stages(cell)
                continue
            path: KeyPath = ("goal", "total") if key == "goal" else (key,)
            self.mark(path, cell)
            if key == "commune":
                self.mark((), cell)  # a problem with the whole file is shown at the commune
            if is_blank(cell.value):
                continue
            reader = {"year": read_int, "as_of": self.date, "goal": read_decimal}.get(key)
            strip = key not in ("note", "synthetic")
            value, problem = reader(cell.value) if reader else read_text(cell.value, strip=strip)
            if problem:
                self.problem(cell, "PS803", problem)
            elif key == "synthetic" and read_bool(value) == (False, ""):
                continue  # "Không": the data is real, as with the row left blank
            else:
                out[key] = value
        if not self.recorded and "stages" not in seen:
            seen.add("stages")  # a form older than the stages row: read as it always was
        missing = [(key, label) for key, label in INFO_ROWS if key not in seen]
        if missing:  # a deleted row would read as a blank one
            raise EvidenceError(
                [
                    Issue(
                        "PS802",
                        f"trang '{INFO.name}' thiếu dòng '{label}' (khóa {key})",
                        file=f"{INFO.name}!A{len(ws.rows) + 1}",
                        hint="không xóa dòng nào của trang này (để trống ô Giá trị nếu chưa có);"
                        " khôi phục dòng, hoặc dùng bản mới của biểu mẫu do parscore template tạo",
                    )
                    for key, label in missing
                ]
            )
        return out

    def _stages(self, cell: Cell) -> None:
        """The info sheet's ``stages`` value: which stages' columns the form was made with."""
        self.cells["stages"] = cell.ref
        words = {_norm(word): key for key, word in STAGE_WORDS.items()}
        text = "" if is_blank(cell.value) else str(read_text(cell.value)[0])
        parts = [_norm(p) for p in re.split(r"[;,]", text) if p.strip()]
        if parts and all(p in words for p in parts):
            self.round_two = any(words[p] == "appraisal_final" for p in parts)
            return
        self.problem(
            cell,
            "PS803",
            f"ô ghi các vòng chấm có cột trong biểu mẫu cần là '{stages_text(LEAVES)}' hoặc"
            f" '{stages_text(LEAVES_STAGED)}', nhận được {shown(text) if text else 'ô trống'}",
            "ô này do parscore ghi khi tạo biểu mẫu, không sửa: ghi lại như cũ (có cột 'Điểm"
            " thẩm định vòng 2' ở trang 'Tiêu chí' thì là loại thứ hai), hoặc dùng bản mới của"
            " biểu mẫu do parscore template tạo",
        )

    def evidence(self, pack: LoadedPack, info: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if "commune" not in info:
            self.issues.append(
                self.at(("commune",), "PS202", "chưa ghi tên xã", "ghi tên xã ở trang Thông tin")
            )
        data["commune"] = info.get("commune", "")
        for key in ("province", "year", "pack", "as_of", "synthetic", "note"):
            if key in info:
                data[key] = info[key]
        if "goal" in info:
            data["goal"] = {"total": info["goal"]}
        data["metrics"] = self.metrics(pack)
        data["documents"] = self.documents(pack)
        data.update(self.leaves(pack))
        if ADJUSTMENTS.name in self.book:  # only in forms of packs with bonus or penalty items
            adjustments = self.adjustments()
            if adjustments:
                data["adjustments"] = adjustments
        elif pack.model.adjustments.codes():  # the form had it: deleted, never "no items"
            self.issues.append(
                Issue(
                    "PS802",
                    f"thiếu trang '{ADJUSTMENTS.name}' (bị xóa hoặc đổi tên?): gói quy tắc có"
                    " mục điểm thưởng, điểm trừ nên biểu mẫu luôn có trang này; thiếu nó thì"
                    " không biết xã có được thưởng hay bị trừ điểm",
                    file=self.name,
                    hint="dùng bản mới của biểu mẫu do parscore template tạo rồi chép các ô đã"
                    " điền sang; đừng xóa trang này: xã không có mục nào thì để trống cột lý do"
                    + self._other_sheets(),
                )
            )
        return data

    def metrics(self, pack: LoadedPack) -> dict[str, Any]:
        ws, columns = self.sheet(INPUTS)
        out: dict[str, Any] = {}
        for row in ws.body():
            name_cell, cell = row[columns["name"] - 1], row[columns["value"] - 1]
            if is_blank(name_cell.value):
                if not is_blank(cell.value):
                    self.problem(name_cell, "PS803", "dòng có giá trị nhưng thiếu tên biến")
                continue
            name = str(name_cell.value).strip()
            if name in out:
                self.problem(name_cell, "PS804", f"biến '{name}' đã có ở một dòng phía trên")
                continue
            self.mark(("metrics", name), cell)
            if is_blank(cell.value):
                continue
            spec = pack.model.inputs.get(name)
            kind = spec.type if spec is not None else "number"
            if kind == "bool":
                value, problem = read_bool(cell.value)
            elif kind == "date":
                value, problem = self.date(cell.value)
            elif kind == "choice" and spec is not None:  # a label or a key, kept as the key
                value, problem = read_text(cell.value)
                value = spec.option_key(value) or value  # the loader refuses a non-option
            else:
                value, problem = read_decimal(cell.value, cell.number_format, whole=kind == "count")
                if kind == "count" and not problem and value != value.to_integral_value():
                    # the loader's PS504, in the form's words: the cell as typed, no YAML hint
                    typed = shown(cell.value) if isinstance(cell.value, str) else plain(value)
                    self.problem(
                        cell,
                        "PS504",
                        f"{input_label(spec, name)}: cần một số nguyên (đếm), nhận được {typed}",
                    )
                    continue
                if not problem and kind != "count":
                    problem = thousands_or_decimal(cell.value, spec)
            if problem:
                self.problem(cell, "PS803", f"{input_label(spec, name)}: {problem}")
            else:
                out[name] = value
        return out

    def leaves(self, pack: LoadedPack) -> dict[str, dict[str, Any]]:
        ws, columns = self.sheet(LEAVES_STAGED)  # a plain form has only the first columns
        out: dict[str, dict[str, Any]] = {section: {} for section in LEAF_SECTIONS.values()}
        seen: set[str] = set()
        for row in ws.body():
            code_cell = row[columns["code"] - 1]
            filled = {
                key: row[columns[key] - 1]
                for key in LEAF_SECTIONS
                if key in columns and not is_blank(row[columns[key] - 1].value)
            }
            if not filled:
                continue
            code, _ = read_text(code_cell.value)
            if is_blank(code_cell.value):
                self.problem(code_cell, "PS803", "dòng có điểm hoặc lý do nhưng thiếu mã tiêu chí")
                continue
            problem = number_code_problem(code_cell.value, pack)
            if problem:
                self.problem(code_cell, "PS803", problem)
                continue
            if code in seen:
                self.problem(code_cell, "PS804", f"tiêu chí '{code}' đã có ở một dòng phía trên")
                continue
            seen.add(code)
            if pack.code_of(code) is not None and pack.code_of(code) not in pack.leaves:
                self.problem(
                    next(iter(filled.values())),
                    "PS501",
                    f"'{code}' là nhóm tiêu chí: chỉ điền điểm hoặc lý do ở tiêu chí thành phần",
                )
                continue
            for key, cell in filled.items():
                section = LEAF_SECTIONS[key]
                self.mark((section, code), cell)
                if key in LEAF_TEXTS:
                    value, problem = read_text(cell.value, strip=False)
                else:
                    value, problem = read_decimal(cell.value, cell.number_format)
                if problem:
                    self.problem(cell, "PS803", problem)
                else:
                    out[section][code] = value
        return {k: v for k, v in out.items() if v}

    def adjustments(self) -> dict[str, str]:
        """Bonus and penalty items given a reason (the loader checks the codes)."""
        ws, columns = self.sheet(ADJUSTMENTS)
        out: dict[str, str] = {}
        for row in ws.body():
            code_cell, cell = row[columns["code"] - 1], row[columns["reason"] - 1]
            if is_blank(cell.value):
                continue
            code = str(read_text(code_cell.value)[0])
            if is_blank(code_cell.value):
                self.problem(code_cell, "PS803", "dòng có lý do nhưng thiếu mã mục điểm")
                continue
            if code in out:
                self.problem(code_cell, "PS804", f"mục '{code}' đã có ở một dòng phía trên")
                continue
            self.mark(("adjustments", code), cell)
            out[code] = str(read_text(cell.value, strip=False)[0])
        return out

    def documents(self, pack: LoadedPack) -> list[dict[str, Any]]:
        ws, columns = self.sheet(DOCUMENTS)
        kinds = pack_kinds(pack)
        out: list[dict[str, Any]] = []
        for row in ws.body():
            cells = {key: row[col - 1] for key, col in columns.items()}
            if all(is_blank(c.value) for c in cells.values()):
                continue
            i = len(out)
            doc: dict[str, Any] = {}
            self.mark(("documents", i), cells["id"])
            for key, cell in cells.items():
                self.mark(("documents", i, key), cell)
                if is_blank(cell.value):
                    continue
                if key == "issued":
                    value, problem = self.date(cell.value)
                elif key == "kind":
                    value, problem = document_kind(cell.value, kinds)
                elif key == "supports":
                    problem = number_code_problem(cell.value, pack)
                    codes = [
                        c.strip()
                        for c in str(read_text(cell.value)[0]).replace(";", ",").split(",")
                    ]
                    value = [c for c in codes if c]
                    for j in range(len(value)):
                        self.mark(("documents", i, "supports", j), cell)
                else:
                    value, problem = read_text(cell.value, strip=key not in ("title", "note"))
                if problem:
                    self.problem(cell, "PS806" if key == "kind" else "PS803", problem)
                else:
                    doc[key] = value
            for key, label in (("id", "mã tài liệu"), ("title", "tên tài liệu")):
                if key not in doc:
                    self.problem(cells[key], "PS202", f"dòng tài liệu thiếu {label}")
                    doc[key] = f"(dòng {cells[key].row})"
            out.append(doc)
        return out
