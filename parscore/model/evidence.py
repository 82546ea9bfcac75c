"""Evidence models: a commune's metrics, documents, claims and declarations for one year."""

# No ``from __future__ import annotations``: pydantic would evaluate every annotation text when
# each model class is made (a third of the cost of making the classes, at every start); the
# annotations are objects here, a forward reference is written as text.

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from .pack import Goal

__all__ = [
    "STAGE_SECTIONS",
    "AppraisalMeeting",
    "Document",
    "Evidence",
    "Person",
    "PlanDocumentInfo",
]

Points = Annotated[Decimal, Field(ge=0)]

# Appraisal stages in order: result key -> evidence section. Each stage's leaf points are its own
# value where given, else the stage before it (the first falls back on the computed points).
STAGE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("self", "claims"),
    ("round_1", "appraisal"),
    ("round_2", "appraisal_final"),
)


class _Model(BaseModel):
    # Schemas are built at the first validation (evidence in parscore's plain layout is checked
    # without them, see :mod:`parscore.evidence_check`).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Document(_Model):
    """A piece of tài liệu kiểm chứng; ``supports`` names criterion codes (or ids)."""

    id: str
    title: str
    kind: str | None = None
    number: str | None = None
    issued: dt.date | None = None
    issuer: str | None = None
    file: str | None = None
    supports: list[str] = []
    note: str = ""


class Person(_Model):
    """Someone named in the appraisal minutes: a name and, optionally, a position."""

    name: Annotated[str, Field(min_length=1)]
    position: str = ""


class AppraisalMeeting(_Model):
    """The appraisal council's meeting, for the minutes (biên bản thẩm định); all optional:
    what is left out is printed as a dotted line to fill in by hand."""

    number: str = ""  # the minutes' number (Số: 12/BB-HĐTĐ)
    authority: str = ""  # the governing body (cơ quan chủ quản), first line of the header
    council: str = ""  # the council's name, second line of the header and in the text
    date: dt.date | None = None
    start: str = ""  # "8 giờ 00"
    end: str = ""
    place: str = ""
    chair: Person | None = None
    secretary: Person | None = None
    members: list[Person] = []
    commune: list[Person] = []  # the commune's representatives (đại diện UBND xã)
    conclusion: str = ""  # the council's further conclusions, after the result


class PlanDocumentInfo(_Model):
    """What only the commune knows about its plan document (``parscore plan-document``).

    Every key is optional: a missing one is printed as a dotted line to fill in by hand.
    """

    number: str | None = None  # số, ký hiệu: "15/KH-UBND"
    date: dt.date | None = None  # ngày ban hành
    place: str | None = None  # địa danh in "Dân Tiến, ngày … tháng … năm …"
    issuer: str | None = None  # "ỦY BAN NHÂN DÂN XÃ DÂN TIẾN" (default from the commune)
    signer: str | None = None  # người ký
    signer_title: str | None = None  # quyền hạn, chức vụ: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    recipients: list[str] = []  # nơi nhận
    grounds: list[str] = []  # căn cứ / văn bản thực hiện (default: the pack's legal basis)
    coordinator: str | None = None  # cơ quan tham mưu, theo dõi, tổng hợp


class Evidence(_Model):
    commune: str
    province: str | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    pack: str | None = None
    as_of: dt.date | None = None
    goal: Goal | None = None
    metrics: dict[str, Any] = {}
    documents: list[Document] = []
    claims: dict[str, Points] = {}  # self-assessment (tự chấm)
    appraisal: dict[str, Points] = {}  # appraisal round 1 (thẩm định vòng 1)
    appraisal_final: dict[str, Points] = {}  # appraisal round 2 (thẩm định vòng 2)
    appraisal_notes: dict[str, str] = {}  # the appraisers' notes, by criterion
    explanations: dict[str, str] = {}  # the commune's explanations (giải trình), by criterion
    adjustments: dict[str, str] = {}  # bonus/penalty item code -> reason
    not_applicable: dict[str, str] = {}
    appraisal_meeting: AppraisalMeeting | None = None  # for the minutes (``parscore minutes``)
    synthetic: str | None = None
    note: str = ""
    document: PlanDocumentInfo | None = None
