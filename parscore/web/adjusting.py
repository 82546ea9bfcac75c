"""Bonus and penalty items (điểm thưởng, điểm trừ) of a commune's year: the pack's
``adjustments`` items proposed by the commune or the council, decided by the council. Only
accepted items reach the evidence; the engine applies the pack's caps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from ..report.adjustment_words import caps_words, claimed_adjustments
from ..required_documents import item_requirement_words
from .access import can_edit
from .appraising import round_of
from .audit import record
from .models import Assessment, ProposedAdjustment
from .packs import loaded_pack
from .texts import text_problem, typed_lines
from .workflow import Refused, check_council, check_deadline

__all__ = [
    "AdjustmentRow",
    "adjustment_caps",
    "adjustment_rows",
    "decide",
    "proposals_from_file",
    "propose",
    "propose_from_file",
]


@dataclass
class AdjustmentRow:
    code: str
    title: str
    side: str  # "Điểm thưởng" or "Điểm trừ"
    points: Decimal
    proposal: ProposedAdjustment | None
    penalty: bool = False
    required: str = ""  # the documents the pack requires for the item, in words

    @property
    def commune_locked(self) -> str:
        """Why the commune may not propose this item again ("" when it may)."""
        return _commune_lock(self.proposal, self.penalty)


def adjustment_rows(assessment: Assessment) -> list[AdjustmentRow]:
    """Every item of the pack with its proposal, if any (empty when the pack has none)."""
    groups = loaded_pack(assessment.pack).model.adjustments
    proposals = {p.code: p for p in assessment.proposed_adjustments.all()}
    rows = []
    for side, word in (("bonus", "Điểm thưởng"), ("penalty", "Điểm trừ")):
        group = getattr(groups, side)
        for item in group.items if group is not None else ():
            proposal = proposals.get(item.code)
            required = item_requirement_words(side, item)
            rows.append(
                AdjustmentRow(
                    item.code, item.title, word, item.points, proposal, side == "penalty", required
                )
            )
    return rows


def adjustment_caps(assessment: Assessment) -> str:
    """``điểm thưởng tối đa 3 điểm; điểm trừ tối đa 5 điểm``: the pack's caps, as the biên bản
    words them ("" when the pack has no bonus or penalty items)."""
    pack = loaded_pack(assessment.pack)
    rounding = pack.model.pack.rounding
    return caps_words(claimed_adjustments(pack, ()), rounding.places, rounding.mode)


def _commune_lock(row: ProposedAdjustment | None, penalty: bool) -> str:
    """Why the commune may not give a penalty a new reason (a new reason waits for a new decision,
    so an accepted penalty would stop counting, and one the council proposed would become the
    commune's). A bonus it may always propose again. "" when it may."""
    if row is None or not penalty:
        return ""
    if row.by_council:
        return (
            "Mục trừ điểm này do hội đồng đề nghị: xã không sửa được; có ý kiến thì nêu trong"
            " giải trình."
        )
    if row.decision == ProposedAdjustment.ACCEPTED:
        return "Hội đồng đã chấp nhận mục trừ điểm này: xã không đề nghị lại được."
    return ""


def _shown(code: str) -> str:
    """A posted item code as messages and the audit log may name it: anything that cannot be a
    pack's code (too long, control characters) is not repeated."""
    return code if len(code) <= 50 and not text_problem(code) else "(mã không hợp lệ)"


def _check_code(assessment: Assessment, code: str) -> None:
    if loaded_pack(assessment.pack).model.adjustments.item(code) is None:
        raise Refused(f"Mục thưởng, trừ “{_shown(code)}” không có trong gói quy tắc của năm này.")


def _council_may_act(user: Any, assessment: Assessment) -> None:
    check_council(user, assessment)
    current = round_of(assessment)
    if current is None:
        raise Refused("Hội đồng chỉ quyết định điểm thưởng, điểm trừ trong vòng thẩm định.")
    check_deadline(assessment, f"round_{current}_deadline", "quyết định điểm thưởng, điểm trừ")


def _reason_problem(reason: str) -> str:
    """Why a reason cannot reach the evidence (the engine's loader would refuse it), or ``""``."""
    problem = text_problem(reason)
    return f"Lý do của mục thưởng, trừ chưa hợp lệ: {problem}." if problem else ""


def propose(
    user: Any, assessment: Assessment, code: str, reason: str
) -> tuple[ProposedAdjustment, bool]:
    """A proposal by the commune (while it may edit or explain) or by the council (in a round).
    The reason is checked as the evidence's text is (no control character, at most 5 000
    characters): once accepted it is part of the evidence every page scores. Returns the row and
    whether it changed (``False``: proposed so already, a second click: nothing changes). The
    state is read again under the year's lock (a step taken meanwhile wins). A reason of several
    lines is stored with one line ending (``\n``), as the council's notes."""
    reason = typed_lines(reason).strip()
    try:
        _check_code(assessment, code)
        if not reason:
            raise Refused("Cần ghi lý do (căn cứ) của mục thưởng, trừ.")
        problem = _reason_problem(reason)
        if problem:
            raise Refused(problem)
        by_council = not can_edit(user, assessment.commune)
        _may_propose(user, assessment, by_council)
        with transaction.atomic():
            _lock(assessment)
            _may_propose(user, assessment, by_council)
            row = assessment.proposed_adjustments.select_for_update().filter(code=code).first()
            if row is None:
                row = ProposedAdjustment(assessment=assessment, code=code)
            elif row.reason == reason:
                return row, False  # proposed again as it stands: nothing changes
            elif not by_council:
                found = loaded_pack(assessment.pack).model.adjustments.item(code)
                locked = _commune_lock(row, found is not None and found[0] == "penalty")
                if locked:
                    raise Refused(f"“{code}”: {locked}")
            old, decided = row.reason, row.decision
            # a new reason is a new proposal: the council's decision was on the old one
            row.reason, row.by_council = reason, by_council
            row.decision, row.decided_by = ProposedAdjustment.PENDING, None
            row.save()
            record(user, "adjustment_propose", assessment, code, old, reason)
            if decided != ProposedAdjustment.PENDING:
                record(user, "adjustment_decide", assessment, code, decided, row.decision)
    except Refused as exc:
        record(user, "refused", assessment, f"adjustment {_shown(code)}", "", str(exc))
        raise
    return row, True


def _may_propose(user: Any, assessment: Assessment, by_council: bool) -> None:
    if by_council:
        _council_may_act(user, assessment)
    elif assessment.status not in (*Assessment.EDITABLE, Assessment.EXPLANATION):
        raise Refused("Xã chỉ đề nghị được khi đang tự đánh giá hoặc giải trình.")
    elif assessment.status == Assessment.EXPLANATION:  # as its answers and documents
        check_deadline(assessment, "explanation_deadline", "đề nghị điểm thưởng, điểm trừ")


def _lock(assessment: Assessment) -> None:
    """Lock the year's row and read its state again (a move made meanwhile is seen, one being
    made now waits)."""
    fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.status = fresh.status


def decide(
    user: Any,
    assessment: Assessment,
    code: str,
    decision: str,
    seen: tuple[str, str] | None = None,
) -> bool:
    """The council accepts or rejects a proposed item; ``False`` when it stood so already
    (a second click: nothing changes, nothing is logged). ``seen``: the proposal's reason and
    decision as the member's page showed them; when either changed meanwhile (the commune
    proposed anew, another member decided) the decision is refused: it was made on what the
    page showed."""
    try:
        _council_may_act(user, assessment)
        _check_code(assessment, code)  # before any query: a NUL is refused by PostgreSQL
        with transaction.atomic():
            _lock(assessment)
            _council_may_act(user, assessment)
            row = assessment.proposed_adjustments.select_for_update().filter(code=code).first()
            if row is None:
                raise Refused(f"Chưa có đề nghị nào cho mục “{_shown(code)}”.")
            if decision not in dict(ProposedAdjustment.DECISIONS):
                raise Refused("Quyết định không hợp lệ.")
            if row.decision == decision:
                return False
            if seen is not None:
                _check_seen(row, seen)
            problem = _reason_problem(row.reason)  # stored before reasons were checked
            if decision == ProposedAdjustment.ACCEPTED and problem:
                raise Refused(f"{problem[:-1]}: không chấp nhận được, cần đề nghị lại.")
            old = row.decision
            row.decision, row.decided_by = decision, user
            row.save(update_fields=["decision", "decided_by"])
            record(user, "adjustment_decide", assessment, code, old, decision)
    except Refused as exc:
        record(user, "refused", assessment, f"adjustment {_shown(code)}", "", str(exc))
        raise
    return True


def _check_seen(row: ProposedAdjustment, seen: tuple[str, str]) -> None:
    reason, decision = seen
    if typed_lines(reason) != row.reason:  # sent back by a browser: its lines end in "\r\n"
        raise Refused(
            f"Đề nghị mục “{row.code}” vừa được sửa (lý do mới: “{row.reason}”): chưa ghi quyết "
            "định, xem lại lý do rồi quyết định."
        )
    if decision != row.decision:
        who = row.decided_by.get_username() if row.decided_by is not None else "người khác"
        raise Refused(
            f"Mục “{row.code}” vừa được {who} ghi “{row.get_decision_display()}”: chưa ghi quyết "
            "định của bạn, xem lại rồi ghi lại nếu vẫn muốn đổi."
        )


def proposals_from_file(
    assessment: Assessment, listed: Mapping[str, str]
) -> list[tuple[str, str, str, str]]:
    """What an imported file's ``adjustments`` (a filled Excel form's sheet of bonus and penalty
    items, or an evidence file) would propose: ``(code, side word, current reason, new reason)``
    for each item whose reason differs from the one proposed now."""
    items = loaded_pack(assessment.pack).model.adjustments
    current = {p.code: p.reason for p in assessment.proposed_adjustments.all()}
    out = []
    for code, listed_reason in listed.items():
        found, reason = items.item(code), typed_lines(listed_reason).strip()
        if found is None or current.get(code) == reason:
            continue
        word = "Điểm thưởng" if found[0] == "bonus" else "Điểm trừ"
        out.append((code, word, current.get(code, ""), reason))
    return out


def propose_from_file(
    user: Any, assessment: Assessment, listed: Mapping[str, str]
) -> tuple[int, list[str]]:
    """Propose the items an imported file lists (as :func:`propose`, each checked and logged):
    how many were proposed, and why the others were not."""
    done, refused = 0, []
    for code, _, _, reason in proposals_from_file(assessment, listed):
        try:
            propose(user, assessment, code, reason)
        except Refused as exc:
            refused.append(str(exc))
        else:
            done += 1
    return done, refused
