"""Vietnamese formatting for reports: points by the pack's rounding, decimal comma, dd/mm/yyyy.

The same functions serve the Jinja templates (as filters) and the Word writer, so every format
shows a number the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..numbers import round_to, vi_fixed, vi_number, vi_points, vi_short
from ..vi import vi_date
from .text import state_words

if TYPE_CHECKING:
    from .context import DocumentView

__all__ = [
    "Formatter",
    "document_line",
    "md_escape",
    "percent",
    "roman",
    "short_decimals",
    "vi_date",
    "vi_deadline",
    "vi_trace",
]

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)

# A long decimal fraction in prose (``90,4761904``), cut by ``short_decimals``.
_LONG_DECIMAL = re.compile(r"(?<![\w.,])(\d+),(\d{5,})(?!\w)")


@functools.cache
def _trace_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A decimal number in a rule trace (``99.84``, not part of a code ``3.2.2`` or a name) and
    an ISO date: compiled when a template first asks (an HTML report does not, and compiling
    costs about 0.1 ms a pattern)."""
    return (
        re.compile(r"(?<![\w.])(\d+)\.(\d+)(?![\w.])"),
        re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])"),
    )


@functools.cache
def _md_special() -> re.Pattern[str]:
    """What Markdown would read as markup (compiled for a Markdown report only)."""
    return re.compile(r"([\\|*`\[\]]|(?<!\w)_|_(?!\w))")


def roman(code: str) -> str:
    """A field's number as the seed plans write it (``3`` -> ``III``); other codes unchanged."""
    if not code.isdecimal() or not 0 < int(code) < 4000:  # "²" is a digit int cannot read
        return code
    n, out = int(code), []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def vi_deadline(value: dt.date | str | None, *, plan_style: bool = False) -> str:
    """A deadline: ``31/12/2025`` (or ``Trong ngày 31/12/2025`` as the plans write it), or its text."""
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return ("Trong ngày " if plan_style else "") + vi_date(value)
    return value


def vi_trace(text: str) -> str:
    """A rule trace with Vietnamese numbers and dates (``0.5`` -> ``0,5``, ISO -> dd/mm/yyyy)."""
    decimals, dates = _trace_patterns()
    text = dates.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", text)
    return short_decimals(decimals.sub(r"\1,\2", text))


def short_decimals(text: str) -> str:
    """Cut long decimal fractions in prose to 4 places, as inputs are shown (``90,4761904…`` -> ``90,4762``)."""
    return _LONG_DECIMAL.sub(lambda m: vi_short(Decimal(f"{m.group(1)}.{m.group(2)}")), text)


def document_line(doc: DocumentView) -> str:
    """A supporting document as every report lists it, a criterion's or a bonus or penalty
    item's, with what an auditor needs to find it: ``45/QĐ-UBND – Quyết định công nhận …
    (12/09/2025, UBND xã Dân Tiến; tệp qd-45.pdf)``; what the evidence does not say is left out."""
    number = f"{doc.number} – " if doc.number else ""
    who = ", ".join(p for p in (vi_date(doc.issued) if doc.issued else "", doc.issuer) if p)
    where = "; ".join(p for p in (who, f"tệp {doc.file}" if doc.file else "") if p)
    return number + doc.title + (f" ({where})" if where else "")


def percent(part: Decimal, whole: Decimal) -> str:
    """``part / whole`` as a whole Vietnamese percentage (``69%``); ``—`` when whole is 0."""
    if whole == 0:
        return "—"
    return vi_number(round_to(part / whole * 100, 0)) + "%"


def md_escape(value: Any) -> Any:
    """Markdown output of one ``{{ }}``: table-safe, no raw HTML; Markup passes through unchanged."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = " ".join(str(value).split())
    text = _md_special().sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;")


_SAID_LIMIT = 4096  # values remembered per formatter


class Formatter:
    """Number and text formatting bound to one pack's rounding rule."""

    def __init__(self, places: int, mode: str) -> None:
        self.places = places
        self.mode = mode
        # points said once per value: a report shows the same few numbers hundreds of times
        # (equal decimals, 1.5 and 1.50, round to the same text)
        self._said: dict[Decimal, str] = {}

    def pts(self, value: Decimal | None) -> str:
        """Points as reported: rounded once by the pack's rule, decimal comma (``75,38``)."""
        if value is None:
            return "—"
        if type(value) is not Decimal:  # (a template's own number: as it comes)
            return vi_points(value, self.places, self.mode)
        said = self._said.get(value)
        if said is None:
            if len(self._said) >= _SAID_LIMIT:
                self._said.clear()
            said = self._said[value] = vi_points(value, self.places, self.mode)
        return said

    def fixed(self, value: Decimal | None) -> str:
        """Points in a ranking table's column: the pack's places always written (``82,60``)."""
        if value is None:
            return "—"
        return vi_fixed(value, self.places, self.mode)

    def signed(self, value: Decimal, *, fixed: bool = False) -> str:
        """A difference in points with its sign (``+0,5``, ``−0,25``, ``0``); ``fixed``: in a
        ranking table's column (``+3,20``, ``0,00``)."""
        text = self.fixed(abs(value)) if fixed else self.pts(abs(value))
        if not text.strip("0,"):  # rounds to zero: no sign
            return text
        return ("+" if value > 0 else "−") + text

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {
            "pts": self.pts,
            "signed": self.signed,
            "fixed": self.fixed,  # a ranking table's column of points
            "fixed_signed": lambda v: self.signed(v, fixed=True),
            "num": _num,
            "vi_date": vi_date,
            "document": document_line,
            "deadline": vi_deadline,
            "plan_deadline": lambda v: vi_deadline(v, plan_style=True),
            "trace": vi_trace,
            "roman": roman,
            "status": state_words,  # {{ e.status | status(e.tracked) }}: met or not if tracked
            "percent": percent,
            "join_vi": lambda items: ", ".join(items) if items else "—",
        }


def _num(value: Decimal | int | None) -> str:
    return "—" if value is None else vi_number(value)
