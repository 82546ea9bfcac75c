"""How every report names a supporting document (``parscore.report.filters.document_line``):
number, title, and what an auditor needs to find it — date, issuer, file — when the evidence
says them."""

from __future__ import annotations

import datetime as dt

import pytest

from parscore.report.context import DocumentView
from parscore.report.filters import document_line


def _doc(**given: object) -> DocumentView:
    fields: dict[str, object] = {
        "id": "kh-14",
        "title": "Kế hoạch CCHC năm 2025",
        "number": "",
        "issued": None,
        "issuer": "",
        "file": "",
    }
    return DocumentView(**{**fields, **given})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "line"),
    [
        ({}, "Kế hoạch CCHC năm 2025"),
        ({"number": "14/KH-UBND"}, "14/KH-UBND – Kế hoạch CCHC năm 2025"),
        ({"issued": dt.date(2025, 7, 23)}, "Kế hoạch CCHC năm 2025 (23/07/2025)"),
        ({"issuer": "UBND xã Dân Tiến"}, "Kế hoạch CCHC năm 2025 (UBND xã Dân Tiến)"),
        ({"file": "kh-14.pdf"}, "Kế hoạch CCHC năm 2025 (tệp kh-14.pdf)"),
        (
            {
                "number": "14/KH-UBND",
                "issued": dt.date(2025, 7, 23),
                "issuer": "UBND xã Dân Tiến",
                "file": "kh-14.pdf",
            },
            "14/KH-UBND – Kế hoạch CCHC năm 2025 (23/07/2025, UBND xã Dân Tiến; tệp kh-14.pdf)",
        ),
    ],
)
def test_a_document_is_named_with_what_the_evidence_says_of_it(
    given: dict[str, object], line: str
) -> None:
    assert document_line(_doc(**given)) == line
