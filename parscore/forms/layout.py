"""The layout of the self-assessment workbook, shared by the writer and the reader.

Every sheet has its headers in row 1 and one record per row below. The reader finds columns by
their header text (so a user may reorder or add columns) and sheets by name.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ADJUSTMENTS",
    "BOOL_TEXT",
    "DOCUMENTS",
    "EMPTY_DOCUMENT_ROWS",
    "FALSE_WORDS",
    "FORM_PROPERTY",
    "FORM_VERSION",
    "GUIDE_SHEET",
    "INFO",
    "INFO_ROWS",
    "INPUTS",
    "LEAF_SECTIONS",
    "LEAF_TEXTS",
    "LEAVES",
    "LEAVES_STAGED",
    "SIDE_TEXT",
    "STAGE_WORDS",
    "TRUE_WORDS",
    "TYPE_TEXT",
    "Column",
    "Sheet",
    "stages_text",
]


@dataclass(frozen=True)
class Column:
    key: str  # what the column holds (evidence key or display-only)
    header: str  # Vietnamese header, row 1
    width: float = 14
    editable: bool = False  # the commune fills it in
    hidden: bool = False  # a key for reading the form back, not for people


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        """1-based column number of ``key`` in the layout as written."""
        return next(i for i, c in enumerate(self.columns, 1) if c.key == key)


INFO = Sheet(
    "Thông tin",
    (
        Column("label", "Thông tin", 34),
        Column("value", "Giá trị", 48, editable=True),
        Column("key", "Khóa (không sửa)", 16),
    ),
)
# (key, label) of the rows of the info sheet, in order
INFO_ROWS: tuple[tuple[str, str], ...] = (
    ("commune", "Tên xã"),
    ("province", "Tỉnh"),
    ("year", "Năm đánh giá"),
    ("pack", "Gói quy tắc (id)"),
    ("as_of", "Số liệu tính đến ngày"),
    ("goal", "Mục tiêu (điểm)"),
    ("synthetic", "Dữ liệu tổng hợp (giả lập)"),
    ("note", "Ghi chú"),
    ("stages", "Các vòng chấm có cột trong biểu mẫu (không sửa)"),
)
# The stages whose columns the criteria sheet has, as the info sheet's ``stages`` row says them
# ("Tự chấm; Thẩm định vòng 1; Thẩm định vòng 2"): written by parscore, never asked of a
# commune. It tells a form made with the round-2 columns, whose columns were all deleted, from a
# form made without them (both would otherwise read as "no round 2").
STAGE_WORDS = {
    "claim": "Tự chấm",
    "appraisal": "Thẩm định vòng 1",
    "appraisal_final": "Thẩm định vòng 2",
}
# A custom document property every form since the ``stages`` row carries: a form with it whose
# ``stages`` row is missing had the row deleted; a form without either is older, and read as
# before (see parscore.forms.reader).
FORM_PROPERTY = "parscore-form"
FORM_VERSION = "2"

LEAVES = Sheet(
    "Tiêu chí",
    (
        Column("code", "Mã", 8),
        Column("title", "Tiêu chí", 46),
        Column("max", "Điểm tối đa", 8),
        Column("target", "Yêu cầu", 30),
        Column("owner", "Cơ quan chủ trì", 20),
        Column("deadline", "Thời hạn", 11),
        Column("claim", "Điểm tự chấm", 9, editable=True),
        Column("appraisal", "Điểm thẩm định", 10, editable=True),
        Column("not_applicable", "Lý do không áp dụng", 22, editable=True),
        Column("remark", "Ghi chú", 22),
    ),
)
# The criteria sheet of a form prefilled from evidence that reached the later appraisal stages:
# the columns above, then these (a plain form leaves them out: it prints on one page wide; with
# these the sheet prints two pages wide, code and title repeated: see parscore.xlsx_print).
LEAVES_STAGED = Sheet(
    LEAVES.name,
    (
        *LEAVES.columns,
        Column("appraisal_final", "Điểm thẩm định vòng 2", 12, editable=True),
        Column("appraisal_note", "Ý kiến thẩm định", 26, editable=True),
        Column("explanation", "Giải trình của xã", 26, editable=True),
    ),
)
# evidence section of each column of points or text per criterion
LEAF_SECTIONS = {
    "claim": "claims",
    "appraisal": "appraisal",
    "appraisal_final": "appraisal_final",
    "not_applicable": "not_applicable",
    "appraisal_note": "appraisal_notes",
    "explanation": "explanations",
}
LEAF_TEXTS = frozenset({"not_applicable", "appraisal_note", "explanation"})

# Bonus and penalty items of the pack (written only when the pack has some): a reason given
# applies the item.
ADJUSTMENTS = Sheet(
    "Điểm thưởng, điểm trừ",
    (
        Column("code", "Mã", 9),
        Column("side", "Loại", 12),
        Column("title", "Nội dung", 60),
        Column("points", "Điểm", 10),
        Column("reason", "Lý do (ghi để áp dụng)", 50, editable=True),
    ),
)
SIDE_TEXT = {"bonus": "Điểm thưởng", "penalty": "Điểm trừ"}

INPUTS = Sheet(
    "Số liệu",
    (
        Column("name", "Tên biến", 26, hidden=True),
        Column("label", "Nội dung", 60),
        Column("unit", "Đơn vị", 12),
        Column("type", "Kiểu", 18),
        Column("min", "Tối thiểu", 10),
        Column("max", "Tối đa", 10),
        Column("value", "Giá trị", 16, editable=True),
        Column("remark", "Ghi chú", 40),
    ),
)

DOCUMENTS = Sheet(
    "Tài liệu",
    (
        Column("id", "Mã tài liệu", 14, editable=True),
        Column("kind", "Loại", 14, editable=True),
        Column("title", "Tên tài liệu", 44, editable=True),
        Column("number", "Số hiệu", 16, editable=True),
        Column("issued", "Ngày ban hành", 14, editable=True),
        Column("issuer", "Cơ quan ban hành", 22, editable=True),
        Column("file", "Tệp", 20, editable=True),
        Column("supports", "Tiêu chí (mã, cách nhau bởi dấu phẩy)", 22, editable=True),
        Column("note", "Ghi chú", 24, editable=True),
    ),
)

GUIDE_SHEET = "Hướng dẫn"
EMPTY_DOCUMENT_ROWS = 40  # blank rows with validation, ready for new documents

TYPE_TEXT = {
    "count": "số nguyên (đếm)",
    "number": "số",
    "percent": "tỷ lệ %",
    "bool": "Có/Không",
    "date": "ngày",
    "choice": "lựa chọn",
}
BOOL_TEXT = {True: "Có", False: "Không"}
TRUE_WORDS = frozenset({"có", "co", "đúng", "dung", "x", "true", "yes", "1"})
FALSE_WORDS = frozenset({"không", "khong", "sai", "false", "no", "0"})


def stages_text(leaves: Sheet) -> str:
    """The info sheet's ``stages`` value for a criteria sheet laid out as ``leaves``:
    ``Tự chấm; Thẩm định vòng 1`` (a plain form), or with ``; Thẩm định vòng 2``."""
    keys = {c.key for c in leaves.columns}
    return "; ".join(word for key, word in STAGE_WORDS.items() if key in keys)
