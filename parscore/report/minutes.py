"""The appraisal minutes (biên bản thẩm định) of one commune: what its templates and Word writer see.

Built from the same :class:`~parscore.report.context.ReportContext` as the report (``report``),
plus, per criterion in the pack's order, the points of each appraisal stage (self-assessment,
round 1, round 2: each falls back on the one before, as the engine scores them), the council's
notes and the commune's explanations, and one total per stage with its bonus, penalty and band.
The meeting's details (number, date, place, council, people) come from the evidence's optional
``appraisal_meeting`` section, or from the caller (the web app); what is not given is printed as a
dotted line to fill in by hand. Tracked criteria (no points) are left out. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compiled import LoadedPack
from ..loader import LoadedEvidence
from ..model.evidence import AppraisalMeeting, Person
from ..model.result import LeafResult, NodeResult, Result, Total
from ..safe_text import clean_strings
from .adjustment_words import Claimed, caps_words
from .build import build_context
from .context import AdjustmentView, ReportContext
from .grounds import document_grounds
from .plan_document import vi_long_date
from .render import render_text
from .text import STAGE_VI

__all__ = [
    "DOTS",
    "STAGE_KEYS",
    "MinutesContext",
    "MinutesPerson",
    "MinutesRow",
    "MinutesStage",
    "build_minutes",
    "minutes_date",
    "render_minutes",
]

STAGE_KEYS = ("self", "round_1", "round_2")  # the three columns, in order
DOTS = "……………………"  # a blank to fill in by hand
ZERO = Decimal(0)
TEMPLATES = {"html": "minutes.html.j2", "md": "minutes.md.j2"}
# properties templates see as top-level names, beside the fields
DERIVED = (
    "date_line",
    "date_words",
    "subject",
    "notice",
    "opening",
    "basis",
    "caps",
    "council_lines",
    "commune_lines",
    "closing",
)
MINUTES_TITLE = "Thẩm định kết quả tự đánh giá, chấm điểm {index}{year}"


@dataclass(frozen=True)
class MinutesPerson:
    name: str
    position: str = ""

    @property
    def text(self) -> str:
        """``Nguyễn Văn An, Phó Giám đốc Sở Nội vụ``."""
        return f"{self.name}, {self.position}" if self.position else self.name


@dataclass(frozen=True)
class MinutesRow:
    """A criterion of the minutes' table; ``points`` has one entry per stage of ``STAGE_KEYS``
    (``None`` when the evidence has no such stage, or the criterion is not applicable)."""

    code: str
    title: str
    depth: int  # 0 for a field (lĩnh vực)
    is_leaf: bool
    max: Decimal  # the criterion's applicable maximum
    na: bool
    na_reason: str
    points: tuple[Decimal | None, ...]
    note: str  # the council's note
    explanation: str  # the commune's explanation (giải trình)


@dataclass(frozen=True)
class MinutesStage:
    """One stage's total: present only when the evidence has the stage."""

    key: str
    label: str
    present: bool
    points: Decimal | None = None
    rescaled: Decimal | None = None  # points / applicable maximum × scale, before bonus and penalty
    bonus: Decimal | None = None
    penalty: Decimal | None = None
    score: Decimal | None = None
    band: str | None = None
    official: bool = False


@dataclass(frozen=True)
class MinutesContext:
    report: ReportContext
    title: str  # the second line of the title, after "BIÊN BẢN"
    locality: str  # the place in the date line (địa danh)
    number: str
    authority: str  # the governing body, upper line of the header ("" when not given)
    council: str
    date: dt.date | None
    start: str
    end: str
    place: str
    chair: MinutesPerson | None
    secretary: MinutesPerson | None
    members: tuple[MinutesPerson, ...]
    commune_people: tuple[MinutesPerson, ...]
    conclusion: str
    rows: tuple[MinutesRow, ...]
    stages: tuple[MinutesStage, ...]  # self, round 1, round 2
    official: MinutesStage | None  # the last appraisal round present
    applicable_max: Decimal
    rescaled: bool  # the applicable maximum differs from the scale
    adjusted: bool  # the pack has bonus or penalty items
    adjustments: tuple[AdjustmentView, ...]
    bonus_cap: Decimal | None
    penalty_cap: Decimal | None
    dots: str = DOTS

    @property
    def places(self) -> int:
        return self.report.places

    @property
    def mode(self) -> str:
        return self.report.mode

    @property
    def date_line(self) -> str:
        """``Thái Nguyên, ngày 20 tháng 01 năm 2026`` (Nghị định 30/2020/NĐ-CP), or with blanks."""
        return f"{self.locality}, {self.date_words}"

    @property
    def date_words(self) -> str:
        return minutes_date(self.date)

    @property
    def subject(self) -> str:
        """``Chỉ số CCHC năm 2025 của xã Dân Tiến``."""
        year = f" năm {self.report.year}" if self.report.year else ""
        return f"{self.report.index_name}{year} của {self.report.place}"

    @property
    def notice(self) -> str:
        """What the reader must know about the data: a provisional pack, sample data."""
        parts = []
        if self.report.pack.provisional:
            parts.append(
                "Bảng điểm áp dụng là bản tạm thời: một số điểm, ngưỡng chưa lấy từ quyết định"
                " chính thức."
            )
        if self.report.synthetic:
            parts.append(f"Dữ liệu mẫu: {self.report.synthetic}")
        return " ".join(parts)

    @property
    def opening(self) -> str:
        return (
            f"Hôm nay, vào hồi {self.start or self.dots}, {self.date_words}, tại"
            f" {self.place or self.dots}, {self.council} tiến hành thẩm định kết quả tự đánh giá,"
            f" chấm điểm {self.subject}."
        )

    @property
    def basis(self) -> tuple[str, ...]:
        """The paragraphs before the criteria table: the legal basis, then the method."""
        pack = self.report.pack
        grounds = document_grounds(pack.legal_basis, self.date)  # no commune's own plan
        out = [f"Căn cứ {'; '.join(grounds)};"] if grounds else []
        out.append(
            f"Căn cứ {pack.title}; trên cơ sở báo cáo tự đánh giá, tài liệu kiểm chứng và giải"
            f" trình của {self.report.place}, Hội đồng đã thẩm định từng tiêu chí, tiêu chí thành"
            " phần như sau:"
        )
        return tuple(out)

    @property
    def caps(self) -> str:
        """``điểm thưởng tối đa 3 điểm; điểm trừ tối đa 3 điểm`` (the pack's caps)."""
        claimed = Claimed(bonus_cap=self.bonus_cap, penalty_cap=self.penalty_cap)
        return caps_words(claimed, self.places, self.mode)

    @property
    def council_lines(self) -> tuple[str, ...]:
        """The council's attendees, one line each: ``Nguyễn Văn An, … – Chủ tịch Hội đồng;``."""
        people = [(self.chair, "Chủ tịch Hội đồng"), (self.secretary, "Thư ký")]
        people += [(m, "Thành viên") for m in self.members or (None,)]
        return _listed([f"{p.text if p else self.dots} – {role}" for p, role in people])

    @property
    def commune_lines(self) -> tuple[str, ...]:
        """The commune's representatives, one line each."""
        return _listed([p.text for p in self.commune_people] or [self.dots])

    @property
    def closing(self) -> str:
        return (
            f"Biên bản kết thúc vào hồi {self.end or self.dots} cùng ngày, đã được đọc lại cho"
            " các thành viên tham dự cùng nghe, thống nhất và ký tên."
        )

    def template_vars(self) -> dict[str, Any]:
        names = {f: getattr(self, f) for f in self.__dataclass_fields__}
        names["ctx"] = self
        for name in DERIVED:
            names[name] = getattr(self, name)
        return names


def minutes_date(day: dt.date | None) -> str:
    """``ngày 05 tháng 01 năm 2026``: a zero before days below 10 and months below 3, as the
    decree writes dates; blanks when there is no date."""
    return vi_long_date(day) if day is not None else "ngày …… tháng …… năm ……"


def build_minutes(
    result: Result,
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    meeting: AppraisalMeeting | None = None,
    report: ReportContext | None = None,
) -> MinutesContext:
    """The minutes of ``result``. ``meeting`` defaults to the evidence's ``appraisal_meeting``;
    ``report`` to :func:`build_context` of the same result (pass it when you already have it),
    without the gaps and the bonus items' hints: the minutes show neither, and their hints are
    the planner's searches."""
    report = report or build_context(result, pack, evidence, gaps=False)
    meeting = meeting or evidence.model.appraisal_meeting or AppraisalMeeting()
    index = pack.model.pack.index.name
    year = f" năm {report.year}" if report.year else ""
    stages = tuple(_stage(key, result) for key in STAGE_KEYS)
    official = next((s for s in stages if s.official), None)
    groups = pack.model.adjustments
    return MinutesContext(
        report=report,
        title=f"{MINUTES_TITLE.format(index=index, year=year)} của {report.place}",
        locality=report.province,
        number=meeting.number,
        authority=meeting.authority,
        council=meeting.council or f"Hội đồng thẩm định {index}",
        date=meeting.date,
        start=meeting.start,
        end=meeting.end,
        place=meeting.place,
        chair=_person(meeting.chair),
        secretary=_person(meeting.secretary),
        members=tuple(p for p in map(_person, meeting.members) if p is not None),
        commune_people=tuple(p for p in map(_person, meeting.commune) if p is not None),
        conclusion=meeting.conclusion,
        rows=tuple(_rows(result)),
        stages=stages,
        official=official,
        applicable_max=result.total.applicable_max,
        rescaled=result.total.applicable_max != result.scale,
        adjusted=result.pack.adjustments,
        adjustments=report.adjustments,
        bonus_cap=groups.bonus.max if groups.bonus is not None else None,
        penalty_cap=groups.penalty.max if groups.penalty is not None else None,
    )


def render_minutes(ctx: MinutesContext, fmt: str) -> bytes:
    """The minutes file's bytes: ``fmt`` is ``html``, ``md`` or ``docx``."""
    ctx = clean_strings(ctx)  # no control character reaches any writer
    if fmt == "docx":
        from .minutes_docx import write_minutes_docx  # python-docx only when Word is asked for

        return write_minutes_docx(ctx)
    return render_text(ctx, fmt, name=TEMPLATES[fmt]).encode("utf-8")


def _listed(lines: list[str]) -> tuple[str, ...]:
    """``- line;`` for each, the last ending with a full stop."""
    return tuple(
        f"- {line}" + ("." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)
    )


def _person(person: Person | None) -> MinutesPerson | None:
    return MinutesPerson(person.name, person.position) if person is not None else None


def _stage(key: str, result: Result) -> MinutesStage:
    total: Total | None = result.stages.get(key)
    if total is None:
        return MinutesStage(key, STAGE_VI[key], present=False)
    rescaled = total.points / total.applicable_max * result.scale if total.applicable_max else ZERO
    return MinutesStage(
        key,
        STAGE_VI[key],
        present=True,
        points=total.points,
        rescaled=rescaled,
        bonus=total.bonus,
        penalty=total.penalty,
        score=total.score,
        band=total.band,
        official=key == result.official_stage,
    )


def _rows(result: Result) -> Iterator[MinutesRow]:
    present = set(result.stages)

    def visit(node: NodeResult | LeafResult, depth: int) -> Iterator[MinutesRow]:
        if node.tracked:
            return
        if isinstance(node, LeafResult):
            yield _leaf_row(node, depth, present)
            return
        below = [row for child in node.children for row in visit(child, depth + 1)]
        leaves = [leaf for leaf in node.walk() if not leaf.tracked]
        yield MinutesRow(
            code=node.code,
            title=node.title,
            depth=depth,
            is_leaf=False,
            max=node.applicable_max,
            na=all(leaf.status == "na" for leaf in leaves),
            na_reason="",
            points=tuple(_sum(leaves, key) if key in present else None for key in STAGE_KEYS),
            note="",
            explanation="",
        )
        yield from below

    for top in result.criteria:
        yield from visit(top, 0)


def _leaf_row(leaf: LeafResult, depth: int, present: set[str]) -> MinutesRow:
    by_stage = dict(leaf.stages)
    return MinutesRow(
        code=leaf.code,
        title=leaf.title,
        depth=depth,
        is_leaf=True,
        max=leaf.applicable_max,
        na=leaf.status == "na",
        na_reason=leaf.na_reason or "",
        points=tuple(by_stage.get(key) if key in present else None for key in STAGE_KEYS),
        note=leaf.appraisal_note or "",
        explanation=leaf.commune_explanation or "",
    )


def _sum(leaves: list[LeafResult], key: str) -> Decimal | None:
    values = [v for leaf in leaves if (v := dict(leaf.stages).get(key)) is not None]
    return sum(values, ZERO) if values else None
