"""Which of a pack's ``legal_basis`` entries a commune's own document may cite.

A pack's ``legal_basis`` lists what the pack stands on: the province's decisions and plans, and
often the commune plan its targets were read from. A commune's plan or appraisal minutes cite
(*Thực hiện …*, *Căn cứ …*) only documents above it that exist when it is signed, so two kinds
of entries are left out there: a commune's own document (its plan is no ground for itself, nor
for any other commune of the province), and a document dated after the one being written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

__all__ = ["document_grounds", "issued_on", "names_a_commune"]

# "xã Dân Tiến", "phường Phan Đình Phùng", "UBND thị trấn Hùng Sơn": a unit word, then a name
# whose words are capitalised ("cấp xã", "124 xã, phường" name no commune)
_UNIT = re.compile(r"\b(?:xã|phường|thị trấn|đặc khu)\s+(\w)", re.I)
_DATE = re.compile(r"\bngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\b", re.I)


def names_a_commune(entry: str) -> bool:
    """Whether ``entry`` names a commune (its document is that commune's own)."""
    return any(m.group(1).isupper() for m in _UNIT.finditer(entry))


def issued_on(entry: str) -> dt.date | None:
    """The first date ``entry`` gives in the usual form (``ngày 28/5/2025``), if any."""
    for day, month, year in _DATE.findall(entry):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:  # 31/02/2025: no date to go by
            continue
    return None


def document_grounds(legal_basis: Iterable[str], signed_by: dt.date | None) -> list[str]:
    """The entries a commune's document may cite: none naming a commune, none dated after
    ``signed_by`` (the document's date, or the data date it is drafted on; None: any date)."""
    out = []
    for entry in legal_basis:
        if names_a_commune(entry):
            continue
        issued = issued_on(entry)
        if signed_by is not None and issued is not None and issued > signed_by:
            continue
        out.append(entry)
    return out
