"""The commune's whole improvement plan as a signed document (``parscore plan-document``).

"Kế hoạch duy trì, cải thiện và nâng cao Chỉ số CCHC xã … năm …" in the layout of Vietnamese
administrative documents (Nghị định 30/2020/NĐ-CP): issuer, number, national title and motto,
place and date, title, body (sections I–IV generated from the pack and the commune's result and
plan), recipients, signature block, and the appendix "Phân công nhiệm vụ" with every criterion of
the pack in the pack's order and numbering. What only the commune knows (number, signer…) comes
from the evidence's optional ``document:`` block, or is left as a dotted line to fill in by hand.

Pure: the date shown is the document's own date when given, else a dotted line; nothing reads the
clock. HTML and Markdown render through ``plan_document.html.j2`` / ``plan_document.md.j2``; Word
through :mod:`.docx_plan_document`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compiled import LoadedPack
from ..document_kinds import supported_words
from ..loader import LoadedEvidence
from ..model.evidence import PlanDocumentInfo
from ..model.result import LeafResult, NodeResult, Result
from ..planning.candidates import Rescorer, bonus_candidates, deadline_passed, year_over
from ..planning.projection import project_year_end
from ..planning.records import Plan
from ..scoring import score
from ..vi import COMPUTED_SCORE, strict_evidence_rule
from ..wording import index_name
from .build import ZERO, is_gap, place_name, stake
from .filters import Formatter, roman, vi_deadline
from .grounds import document_grounds
from .plan_document_rows import AppendixRow, appendix_rows

__all__ = ["AppendixRow", "DocSection", "PlanDocument", "build_plan_document"]

DOTS = "……"
LONG_DOTS = "…………………………"


@dataclass(frozen=True)
class DocSection:
    """A numbered part of the body: ``I. MỤC ĐÍCH, YÊU CẦU`` with its sub-parts."""

    number: str
    title: str
    parts: tuple[tuple[str, tuple[str, ...]], ...]  # (heading such as "1. Mục đích", paragraphs)


@dataclass(frozen=True)
class PlanDocument:
    issuer: tuple[str, ...]  # lines, upper case
    number: str  # "Số: 15/KH-UBND"
    place_date: str  # "Dân Tiến, ngày 05 tháng 11 năm 2025"
    kind: str  # "KẾ HOẠCH"
    subject: str  # the trích yếu
    notices: tuple[str, ...]  # sample data, provisional pack: said before the title
    intro: str
    sections: tuple[DocSection, ...]
    closing: str
    recipients: tuple[str, ...]
    signer_title: tuple[str, ...]
    signer: str
    appendix_title: tuple[str, ...]
    appendix_note: str
    year: int
    marks: bool  # show the mark column of rows at stake
    rows: tuple[AppendixRow, ...]
    places: int
    mode: str
    synthetic: bool = False  # the figures are invented: every printed page says so

    def template_vars(self) -> dict[str, Any]:
        names = {f: getattr(self, f) for f in self.__dataclass_fields__}
        names["ctx"] = self
        return names


def build_plan_document(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    plan: Plan,
    *,
    marks: bool = True,
) -> PlanDocument:
    """The plan document of one commune from its evidence and a plan (with its counterpart)."""
    return _Builder(pack, evidence, plan).build(marks)


def vi_long_date(day: dt.date) -> str:
    """``ngày 05 tháng 02 năm 2025``: days below 10 and months below 3 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


class _Builder:
    def __init__(self, pack: LoadedPack, evidence: LoadedEvidence, plan: Plan) -> None:
        self.pack = pack
        self.evidence = evidence
        self.plan = plan
        meta = pack.model.pack
        self.info = evidence.model.document or PlanDocumentInfo()
        self.year = evidence.model.year or meta.year
        self.commune = evidence.model.commune
        self.place = place_name(self.commune, meta.level)
        self.index = index_name(pack)
        self.f = Formatter(meta.rounding.places, meta.rounding.mode)
        self.own = score(pack, evidence, strict_evidence=False, goal=plan.target)
        self.council = score(pack, evidence, strict_evidence=True, goal=plan.target)

    def build(self, marks: bool) -> PlanDocument:
        info, year = self.info, self.year
        meta = self.pack.model.pack
        issuer = info.issuer or f"ỦY BAN NHÂN DÂN\n{self.place.upper()}"
        number = info.number or f"{DOTS}/KH-UBND"
        when = vi_long_date(info.date) if info.date else f"ngày {DOTS} tháng {DOTS} năm {year}"
        subject = f"Duy trì, cải thiện và nâng cao {self.index} {self.place} năm {year}"
        notices = []
        if self.evidence.model.synthetic:
            notices.append("Dữ liệu mẫu: " + self.evidence.model.synthetic)
        if meta.status == "provisional":
            notices.append(
                "Điểm số tính theo gói quy tắc tạm thời: một số điểm, ngưỡng chưa lấy từ quyết định"
                " chính thức."
            )
        # the pack's legal basis a commune's plan may cite: no commune's own plan, nothing later
        signed_by = info.date or self.evidence.model.as_of
        grounds = info.grounds or document_grounds(meta.legal_basis, signed_by)
        intro = (
            ("Thực hiện " + "; ".join(grounds) + "; " if grounds else "")
            + f"Ủy ban nhân dân {self.place} ban hành Kế hoạch duy trì, cải thiện và nâng cao"
            f" {self.index} năm {year} với các nội dung cụ thể như sau:"
        )
        closing = (
            f"Trên đây là Kế hoạch duy trì, cải thiện và nâng cao {self.index} {self.place} năm"
            f" {year}. Trong quá trình thực hiện nếu phát sinh vướng mắc, các cơ quan, đơn vị báo"
            f" cáo Ủy ban nhân dân {self.place} (qua {self._coordinator()}) xem xét, giải quyết./."
        )
        recipients = tuple(info.recipients) or (f"{LONG_DOTS};", f"{LONG_DOTS};", "Lưu: VT.")
        signer_title = tuple((info.signer_title or f"{LONG_DOTS}").splitlines())
        ref = f"Kế hoạch số {number}" + (
            f" {vi_long_date(info.date)}" if info.date else f" ngày {DOTS}/{DOTS}/{year}"
        )
        return PlanDocument(
            issuer=tuple(issuer.upper().splitlines()),
            number=f"Số: {number}",
            place_date=f"{info.place or self.commune}, {when}",
            kind="KẾ HOẠCH",
            subject=subject,
            notices=tuple(notices),
            intro=intro,
            sections=(self._purpose(), self._goals(), self._tasks(), self._organisation()),
            closing=closing,
            recipients=tuple(
                _recipient(r, i == len(recipients) - 1) for i, r in enumerate(recipients)
            ),
            signer_title=tuple(line.upper() for line in signer_title),
            signer=info.signer or LONG_DOTS,
            appendix_title=(
                "PHỤ LỤC",
                "PHÂN CÔNG THỰC HIỆN KẾ HOẠCH DUY TRÌ, CẢI THIỆN, NÂNG CAO"
                f" {index_name(self.pack, long=True).upper()}",
                f"{self.place.upper()} NĂM {year}",
            ),
            appendix_note=f"(Kèm theo {ref} của Ủy ban nhân dân {self.place})",
            year=year,
            marks=marks,
            rows=tuple(appendix_rows(self.pack, at_stake=self._at_stake())),
            places=meta.rounding.places,
            mode=meta.rounding.mode,
            synthetic=bool(self.evidence.model.synthetic),
        )

    # -- sections --------------------------------------------------------------------------------

    def _purpose(self) -> DocSection:
        goal = self.f.pts(self.plan.target)
        band = _band_for(self.pack, self.plan.target)
        purpose = (
            f"- Duy trì và nâng cao kết quả những tiêu chí, tiêu chí thành phần có điểm số cao; khắc"
            f" phục những tiêu chí, tiêu chí thành phần bị mất điểm hoặc có điểm số thấp của {self.index}"
            f" {self.place}.",
            f"- Phấn đấu năm {self.year}, {self.index} của {self.place} đạt tối thiểu {goal} điểm trở"
            f" lên{f' (xếp loại {band})' if band else ''}.",
        )
        demands = (
            "- Các cơ quan, đơn vị, đặc biệt là các cơ quan chủ trì các lĩnh vực, tiêu chí đánh giá"
            " đúng thực trạng, kết quả thực hiện; bám sát các tiêu chí đánh giá, chủ động tham mưu"
            " các giải pháp cụ thể để tăng điểm số.",
            "- Phân công rõ trách nhiệm cho từng cơ quan, đơn vị nhằm khắc phục những tiêu chí bị mất"
            " điểm; bảo đảm đầy đủ tài liệu kiểm chứng cho từng tiêu chí, vì tiêu chí thiếu tài liệu"
            " kiểm chứng bị trừ điểm khi thẩm định.",
        )
        return DocSection(
            "I", "MỤC ĐÍCH, YÊU CẦU", (("1. Mục đích", purpose), ("2. Yêu cầu", demands))
        )

    def _goals(self) -> DocSection:
        f, plan = self.f, self.plan
        as_of = self.evidence.model.as_of
        when = f"Theo số liệu đến ngày {as_of.strftime('%d/%m/%Y')}, " if as_of else "Hiện nay, "
        now: tuple[str, ...] = (
            f"- {when}{self.index} của {self.place} đạt {_shown(f, self.own)} theo"
            f" {COMPUTED_SCORE}; nếu thẩm định ngay ({strict_evidence_rule(self.council.pack.adjustments)}) đạt"
            f" {_shown(f, self.council)}.",
        )
        t = self.own.total
        if self.own.pack.adjustments and (t.bonus or t.penalty):
            now += (
                f"- Các điểm trên đã gồm điểm thưởng +{f.pts(t.bonus)} và điểm trừ −{f.pts(t.penalty)}"
                " (trong mức tối đa của bảng điểm); các nhiệm vụ của Kế hoạch này không thêm, bớt"
                " mục thưởng, trừ nào.",
            )
        year = project_year_end(self.pack, self.evidence, goal=plan.target)
        if not year.note:
            now += (
                f"- Nếu giữ nhịp thực hiện như hiện nay và chưa thực hiện Kế hoạch này, đến ngày"
                f" {year.year_end.strftime('%d/%m/%Y')} dự kiến đạt {_shown(f, year.linear)} khi"
                f" thẩm định; nếu chậm lại, {_shown(f, year.conservative)}.",
            )
        if year.overdue:
            late = "; ".join(
                f"{t.code} (hạn {t.deadline.strftime('%d/%m/%Y')})" for t in year.overdue
            )
            now += (f"- Đã quá hạn mà chưa đạt điểm tối đa: tiêu chí {late}.",)
        council = plan.appraised
        if plan.reachable and not plan.fixes:
            target = (
                f"- Kết quả khi thẩm định hiện đạt {_shown(f, council)}, đạt mục tiêu tối thiểu"
                f" {f.pts(plan.target)} điểm: Kế hoạch này tập trung duy trì kết quả, khắc phục các"
                " tiêu chí còn mất điểm và bảo đảm đủ tài liệu kiểm chứng."
            )
        elif plan.reachable:
            target = (
                f"- Sau khi thực hiện các nhiệm vụ của Kế hoạch này, điểm dự kiến khi thẩm định là"
                f" {_shown(f, council)}, đạt mục tiêu tối thiểu {f.pts(plan.target)} điểm;"
                f" {COMPUTED_SCORE} tương ứng là {_shown(f, plan.self_assessed)}. Hội đồng thẩm"
                " định dùng điểm khi thẩm định."
            )
        elif self._year_over():
            target = (
                f"- Năm {self.year} đã kết thúc: số liệu của năm không thay đổi được nữa; bổ sung đủ"
                f" tài liệu kiểm chứng, điểm khi thẩm định đạt {_shown(f, council)}, chưa đạt mục"
                f" tiêu {f.pts(plan.target)} điểm."
            )
        else:
            target = (
                f"- Các nhiệm vụ lập được kế hoạch chỉ đưa điểm khi thẩm định lên {_shown(f, council)},"
                f" chưa đạt mục tiêu {f.pts(plan.target)} điểm: cần thêm giải pháp cho các tiêu chí"
                " tại mục III."
            )
        fields = tuple(self._field_lines())
        parts: list[tuple[str, tuple[str, ...]]] = [
            ("1. Kết quả hiện tại", now),
            ("2. Mục tiêu năm " + str(self.year), (target,)),
        ]
        if fields:
            parts.append((f"3. {self._gaps_heading()}", fields))
        return DocSection("II", "MỤC TIÊU", tuple(parts))

    def _gaps_heading(self) -> str:
        """Section II.3's heading: it names bonus items only under a pack that has some (a
        listed one missing a required document is listed there, see :meth:`_bonus_lines`)."""
        bonus = self.pack.model.adjustments.bonus
        which = (
            "Các lĩnh vực, mục điểm thưởng" if bonus is not None and bonus.items else "Các lĩnh vực"
        )
        return f"{which} còn mất điểm hoặc có nguy cơ bị trừ điểm"

    def _field_lines(self) -> Iterator[str]:
        f = self.f
        for node in self.council.criteria:
            if node.tracked or node.applicable_max == 0:
                continue
            at_stake = [leaf for leaf in _result_leaves(node) if is_gap(leaf) and stake(leaf) > 0]
            if not at_stake:
                continue
            open_, gone = [], []  # points a task can still win; points lost for the year
            for leaf in at_stake:
                closed = None if leaf.status == "missing" else self._closed(leaf.code)
                secured = ZERO if leaf.status == "at_risk" else leaf.points
                can = stake(leaf) if closed is None else max(ZERO, leaf.computed - secured)
                if can > 0:
                    open_.append((leaf.code, can))
                if stake(leaf) > can:
                    gone.append((leaf.code, stake(leaf) - can, closed))
            said = []
            if open_:
                said.append(
                    f"còn {f.pts(sum((p for _, p in open_), ZERO))} điểm có thể tăng (tiêu chí"
                    f" {', '.join(code for code, _ in open_)})"
                )
            if gone:
                why = "năm đã kết thúc" if self._year_over() else "đã quá hạn"
                said.append(
                    f"{f.pts(sum((p for _, p, _ in gone), ZERO))} điểm không thể lấy lại trong năm"
                    f" (tiêu chí {', '.join(code for code, _, _ in gone)}: {why})"
                )
            yield (
                f"- Lĩnh vực {roman(node.code)}. {node.title}: đạt {f.pts(node.points)}/"
                f"{f.pts(node.applicable_max)} điểm khi thẩm định, {'; '.join(said)}."
            )
        yield from self._bonus_lines()

    def _bonus_lines(self) -> Iterator[str]:
        """A listed bonus item not counted at appraisal for want of a required document, with
        what attaching it adds to the total (the planner's fix: within the bonus cap, which is
        named when it takes some of an item's points or of the items' together)."""
        if not any(a.side == "bonus" and a.missing for a in self.council.adjustments):
            return
        f = self.f
        ctx = Rescorer(self.pack, self.evidence, True, known=self.council)
        lines = {a.code: a for a in self.council.adjustments}
        fixes = [c for c in bonus_candidates(ctx) if c.secures > 0]  # 0: the cap is reached
        every = ctx.rescore({}, [d for c in fixes for d in c.documents]).changed.total
        together = every.bonus - self.council.total.bonus
        cap = self.pack.model.adjustments.bonus
        for c in fixes:
            capped = (
                f" (tổng điểm thưởng chỉ tính tối đa {f.pts(cap.max)} điểm)"
                if cap is not None
                and (c.secures < c.points_after or sum(x.secures for x in fixes) > together)
                else ""
            )
            yield (
                f"- Mục điểm thưởng {c.code}. {c.title}: đạt 0/{f.pts(c.points_after)} điểm khi"
                f" thẩm định (thiếu tài liệu kiểm chứng {'; '.join(lines[c.code].missing)}), còn"
                f" {f.pts(c.secures)} điểm có thể tăng{capped}."
            )

    def _year_over(self) -> str | None:
        return year_over(self.evidence.model.as_of, self.year)

    def _closed(self, code: str) -> str | None:
        """Why a criterion's lost points cannot be won back this year (the planner's reason), or
        None: its due date has passed, or the year is over (a value not declared yet may still
        bring its points: the caller keeps those open)."""
        as_of = self.evidence.model.as_of
        return self._year_over() or deadline_passed(self.pack.leaves[code], as_of)

    def _tasks(self) -> DocSection:
        f, plan = self.f, self.plan
        fixes = tuple(
            f"- {fx.change} ({self._which(fx.change, fx.candidate.code)}dự kiến tăng {f.pts(fx.gain)}"
            f" điểm). Chủ trì: {fx.candidate.owner or DOTS}; thời hạn:"
            f" {vi_deadline(fx.candidate.deadline)}."
            for fx in plan.fixes
        )
        planned = {fx.candidate.code for fx in plan.fixes}
        parts: list[tuple[str, tuple[str, ...]]] = []
        n = 0

        def add(title: str, lines: tuple[str, ...]) -> None:
            nonlocal n
            if lines:
                n += 1
                parts.append((f"{n}. {title}", lines))

        add("Nhiệm vụ trọng tâm để đạt mục tiêu", fixes)
        secure = tuple(
            f"- {c.description}{self._which_tail(c.description, c.code)}. Chủ trì: {c.owner or DOTS}."
            for c in plan.secure()
            if c.code not in planned
        )
        add("Bảo đảm tài liệu kiểm chứng cho điểm đã đạt", secure)
        missing = tuple(
            f"- Tiêu chí {m.code} ({m.title}): cập nhật số liệu «{'; '.join(m.labels or m.inputs)}»"
            f" để theo dõi, đánh giá (tới {f.pts(m.stake)} điểm)."
            for m in plan.candidates.missing
        )
        add("Cập nhật số liệu còn thiếu", missing)
        reasons: dict[str, list[str]] = {}  # one line per reason (after the year: one for all)
        for b in plan.candidates.blocked:
            reasons.setdefault(b.reason, []).append(b.code)
        blocked = tuple(f"- Tiêu chí {', '.join(codes)}: {why}" for why, codes in reasons.items())
        add("Tiêu chí không còn khả năng cải thiện trong năm", blocked)
        add(
            "Nhiệm vụ thường xuyên",
            (
                "- Duy trì kết quả các tiêu chí đã đạt điểm tối đa; thực hiện đầy đủ, đúng thời hạn"
                " các nhiệm vụ tại Phụ lục kèm theo (có Biểu phân công nhiệm vụ cụ thể tại Phụ lục).",
            ),
        )
        return DocSection("III", "NHIỆM VỤ VÀ GIẢI PHÁP", tuple(parts))

    def _organisation(self) -> DocSection:
        owners: list[str] = []
        for fx in self.plan.fixes:
            owner = fx.candidate.owner
            if owner and owner not in owners:
                owners.append(owner)
        lead = (
            f"1. Thủ trưởng các cơ quan, đơn vị được giao chủ trì nhiệm vụ trọng tâm"
            f" ({'; '.join(owners)})"
            if owners
            else "1. Thủ trưởng các cơ quan, đơn vị"
        ) + (
            " chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân về điểm số, thứ hạng các tiêu chí được"
            " giao chủ trì; chủ động triển khai, hoàn thành và lưu đủ tài liệu kiểm chứng."
        )
        follow = (
            f"2. {self._coordinator()[:1].upper()}{self._coordinator()[1:]} theo dõi, đôn đốc,"
            " hướng dẫn các cơ quan, đơn vị triển khai thực hiện Kế hoạch này; tổng hợp, định kỳ báo"
            " cáo Ủy ban nhân dân theo quy định."
        )
        rest = (
            "3. Các cơ quan, đơn vị căn cứ nhiệm vụ được phân công tại Phụ lục kèm theo, thực hiện có"
            " hiệu quả, đúng tiến độ và định kỳ báo cáo kết quả trong báo cáo công tác cải cách hành"
            " chính."
        )
        return DocSection("IV", "TỔ CHỨC THỰC HIỆN", (("", (lead, follow, rest)),))

    def _at_stake(self) -> set[str]:
        hot = {leaf.code for leaf in self.council.leaves() if is_gap(leaf) and stake(leaf) > 0}
        return hot | {fx.candidate.code for fx in self.plan.fixes}

    def _which(self, text: str, code: str) -> str:
        """``tiêu chí 5.3; `` (``mục điểm thưởng T1; ``) unless the task already names it."""
        named = supported_words([code], self.pack)[0]
        return "" if named in text else f"{named}; "

    def _which_tail(self, text: str, code: str) -> str:
        named = supported_words([code], self.pack)[0]
        return "" if named in text else f" ({named})"

    def _coordinator(self) -> str:
        return self.info.coordinator or "công chức phụ trách công tác cải cách hành chính"


def _recipient(text: str, last: bool) -> str:
    text = text.strip()
    if not text.startswith("-"):
        text = "- " + text
    if text[-1] not in ";.":
        text += "." if last else ";"
    return text


def _band_for(pack: LoadedPack, value: Decimal) -> str | None:
    for band in pack.model.pack.bands:
        if value >= band.min:
            return band.label
    return None


def _shown(f: Formatter, result: Result) -> str:
    band = f" (xếp loại {result.total.band})" if result.total.band else ""
    return f"{f.pts(result.total.score)} điểm{band}"


def _result_leaves(node: NodeResult | LeafResult) -> Iterator[LeafResult]:
    if isinstance(node, LeafResult):
        yield node
        return
    for child in node.children:
        yield from _result_leaves(child)
