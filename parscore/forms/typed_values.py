"""What a typed cell of the self-assessment workbook may mean, when it may mean two things or
nothing the pack knows: problems worded for the person who typed it (no workbook state here; the
reader in :mod:`parscore.forms.reader` places them at their cells)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from ..compiled import LoadedPack
from ..document_kinds import kind_from_text, kind_label
from ..model.pack import InputSpec
from ..numbers import plain
from .cells import read_text

__all__ = ["document_kind", "input_label", "number_code_problem", "shown", "thousands_or_decimal"]


_ONE_GROUP = re.compile(r"[+-]?\d{1,3}\.\d{3}")  # 1.250: one thousand, or one and a quarter?


def thousands_or_decimal(value: Any, spec: InputSpec | None) -> str:
    """A problem for text such as ``1.250`` in a number that may be a thousand or more: written
    the Vietnamese way it is 1250, the English way 1,25, and nothing tells which (a count has no
    fraction, and a bound below 1000 leaves only the decimal). Numbers typed into a number cell
    never come here: Excel reads them by the computer's own settings."""
    if not isinstance(value, str):
        return ""
    text = "".join(ch for ch in value.strip() if unicodedata.category(ch) != "Zs")
    if not _ONE_GROUP.fullmatch(text):
        return ""
    top = spec.max if spec is not None and spec.max is not None else None
    if top is None and spec is not None and spec.type == "percent":
        top = Decimal(100)
    if top is not None and top < 1000:
        return ""
    whole, decimal = text.replace(".", ""), plain(Decimal(text).normalize()).replace(".", ",")
    return (
        f"'{value.strip()}' có thể là {whole} (dấu chấm ngăn cách hàng nghìn) hoặc {decimal}"
        f" (dấu chấm thập phân); gõ {whole} hoặc {decimal}"
    )


def number_code_problem(value: Any, pack: LoadedPack) -> str:
    """A problem when a criterion code reached the cell as a number that is two codes at once:
    Excel turns a typed ``2.10`` into the number 2.1, and a pack with both 2.1 and 2.10 cannot
    tell which was meant (a code typed into a cell formatted as text stays as typed)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    same = sorted(c.code for c in pack.walk() if _as_number(c.code) == number)
    if len(same) < 2:
        return ""
    return (
        f"ô chứa số {read_text(value)[0]}, không phải mã tiêu chí: Excel đã đổi mã gõ vào thành"
        f" số, nên không biết là {' hay '.join(same)}; định dạng ô là Văn bản (Text) rồi gõ lại"
        " mã, hoặc gõ dấu ' trước mã (ví dụ '2.10)"
    )


def _as_number(code: str) -> Decimal | None:
    try:
        return Decimal(code)
    except ArithmeticError:
        return None


def input_label(spec: InputSpec | None, name: str) -> str:
    return f"{spec.label} ({name})" if spec is not None else name


def shown(value: Any) -> str:
    text = str(read_text(value)[0])
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def document_kind(value: Any, kinds: dict[str, list[str]]) -> tuple[str | None, str]:
    """A kind code from its code or Vietnamese label; a problem for a kind the pack never asks
    for (a document of that kind would silently support no requirement)."""
    text = str(read_text(value)[0])
    kind = kind_from_text(text, kinds)
    if kind is not None:
        return kind, ""
    allowed = ", ".join(kind_label(k) for k in kinds) or "(gói không yêu cầu loại nào; để trống)"
    return None, f"loại tài liệu '{text}' không có trong gói quy tắc; chọn một trong: {allowed}"
