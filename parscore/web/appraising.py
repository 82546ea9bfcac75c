"""The council's work on one commune's year: the rows of a round's screen, and saving a round's
points and notes (checked by the engine's loader, with optimistic locking) and explanation
requests. State moves are :mod:`parscore.web.workflow`'s."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..compiled import LoadedPack
from ..forms.cells import is_blank, read_decimal
from ..kinds.graded import GradedRule, off_grid
from ..numbers import typed_number, vi_number
from ..scoring import score
from ..wording import Wording, rule_sources
from .audit import record
from .council import check_codes, field_of
from .evidence import STAGE_OF_ROUND, check_evidence, evidence_data
from .models import AppraisedPoint, Assessment, ExplanationRequest
from .packs import loaded_pack
from .posted import whole_number
from .texts import text_problem, typed_lines
from .workflow import Refused, check_council, check_deadline

__all__ = [
    "STALE",
    "NewerAnswers",
    "Posted",
    "RoundRow",
    "Stale",
    "answer_explanations",
    "check_round_open",
    "decimal_text",
    "explanations_open",
    "grid_problem",
    "keep_typed",
    "read_round",
    "round_of",
    "round_rows",
    "save_round",
    "unsaved_typed",
]

STALE = "Mục này vừa được lưu từ một trang khác"  # another member's, or the member's other tab
ROUND_STATES = {1: Assessment.ROUND_1, 2: Assessment.ROUND_2}


class Stale(Refused):
    """A save made from an older page: someone else changed the criteria ``codes`` meanwhile.
    Nothing is saved; the page keeps what was typed elsewhere (:func:`keep_typed`)."""

    def __init__(self, codes: list[str], by: set[str] | None = None) -> None:
        listed = ", ".join(codes)
        # ``by``: who saved those rows; the member themself from another tab is said so
        who = "người khác" if not by else ", ".join(sorted(by))
        super().__init__(
            f"Chưa lưu: {who} vừa sửa tiêu chí {listed} (từ một trang khác, sau khi trang này "
            "được mở), các ô đó đã hiện điểm mới nhất. Các ô khác giữ nguyên như bạn vừa nhập: "
            "kiểm tra rồi bấm “Lưu điểm thẩm định” lại."
        )
        self.codes = codes


def round_of(assessment: Assessment) -> int | None:
    """The round the council is working on now (``None``: no round open)."""
    return next((n for n, state in ROUND_STATES.items() if assessment.status == state), None)


@dataclass
class RoundRow:
    """One criterion on the council's screen."""

    code: str
    title: str
    max: Decimal
    computed: Decimal
    claim: Decimal | None
    explanation: str  # how the engine computed it
    na: bool
    round_1: str = ""
    round_2: str = ""
    note: str = ""
    version: int = 0
    requested: bool = False
    answer: str = ""
    documents: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    field_code: str = ""  # its field (lĩnh vực)
    editable: bool = True  # the member viewing may change it (their field)

    @property
    def over_claim(self) -> bool:
        """Self-scored above what the engine computes from the commune's own data."""
        return self.claim is not None and self.claim > self.computed

    @property
    def self_score(self) -> Decimal:
        return self.claim if self.claim is not None else self.computed


@dataclass
class Posted:
    """A round's form: per criterion the points text, note, version seen, explanation asked."""

    points: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    requests: set[str] = field(default_factory=set)


def read_round(data: Mapping[str, Any], codes: list[str]) -> Posted:
    posted = Posted()
    for code in codes:
        if f"p-{code}" not in data:
            continue
        posted.points[code] = str(data.get(f"p-{code}", "")).strip()
        posted.notes[code] = typed_lines(str(data.get(f"n-{code}", ""))).strip()
        version = whole_number(str(data.get(f"v-{code}", "0")))
        posted.versions[code] = version if version is not None else -1
        if data.get(f"x-{code}"):
            posted.requests.add(code)
    return posted


def keep_typed(posted: Posted, codes: list[str]) -> dict[str, list[str]]:
    """After :class:`Stale`: drop ``codes`` from ``posted`` (their rows show what is stored now,
    at its version) and say beside each what the member had typed there."""
    problems = {}
    for code in codes:
        typed, note = posted.points.pop(code, ""), posted.notes.pop(code, "")
        posted.versions.pop(code, None)
        posted.requests.discard(code)
        what = f"bạn đã nhập “{typed}”" if typed else "bạn đã để trống"
        what += f", ghi chú “{note}”" if note else ""
        problems[code] = [f"{STALE}: đây là điểm mới nhất ({what})."]
    return problems


def round_rows(
    assessment: Assessment, posted: Posted | None = None, round_: int = 1
) -> list[RoundRow]:
    """Every scored criterion in the pack's order, with the stored (or posted) council values."""
    pack = loaded_pack(assessment.pack)
    checked = check_evidence(evidence_data(assessment, pack, rounds=0), pack)
    assert checked.evidence is not None  # stored rows are checked on every save
    result = score(pack, checked.evidence)
    stored = {(p.round, p.code): p for p in assessment.appraised_points.all()}
    requests = {r.code: r for r in assessment.explanation_requests.all()}
    documents = list(assessment.documents.filter(withdrawn=False))
    words = Wording(pack)  # the engine's explanation as reports word it: labels, units
    rows = []
    for leaf in result.leaves():
        if leaf.tracked:
            continue
        row = RoundRow(
            code=leaf.code,
            title=leaf.title,
            max=leaf.max,
            computed=leaf.points,
            claim=leaf.claim,
            explanation=words.explanation(
                leaf.explanation, rule_sources(pack.leaves[leaf.code].rule)
            ),
            na=leaf.status == "na",
            field_code=field_of(pack, leaf.code) or "",
        )
        for n in (1, 2):
            point = stored.get((n, leaf.code))
            if point is not None:
                setattr(row, f"round_{n}", decimal_text(point.points))
                if n == round_:
                    row.note, row.version = point.note, point.version
        request = requests.get(leaf.code)
        row.requested = request is not None
        row.answer = request.answer if request is not None else ""
        row.documents = [d for d in documents if leaf.code in d.supports]
        if posted is not None and leaf.code in posted.points:
            setattr(row, f"round_{round_}", posted.points[leaf.code])
            row.note = posted.notes.get(leaf.code, "")
            row.version = posted.versions.get(leaf.code, row.version)
            row.requested = leaf.code in posted.requests
        rows.append(row)
    return rows


def _points(text: str) -> tuple[str, str]:
    """``(stored text, problem)`` of what the council typed (``1,5`` -> ``1.5``)."""
    if is_blank(text):
        return "", ""
    value, problem = read_decimal(text)
    if problem or value is None:
        return "", problem or "cần một số"
    return str(value), ""


def grid_problem(pack: LoadedPack, code: str, value: str) -> str:
    """A ``graded`` criterion's points must be on its grid (0..max in steps), as its input is."""
    leaf = pack.leaves.get(code)
    if leaf is None or value == "" or not isinstance(leaf.rule.model, GradedRule):
        return ""
    step = leaf.rule.model.graded.step
    near = off_grid(Decimal(value), step)
    if near is None:
        return ""
    low, high = near
    return (
        f"{vi_number(Decimal(value))} không đúng bước {vi_number(step)} của tiêu chí: "
        f"chọn {vi_number(low)} hoặc {vi_number(high)}"
    )


def save_round(
    user: Any, assessment: Assessment, round_: int, posted: Posted
) -> dict[str, list[str]]:
    """Save the council's round ``round_``: problems by criterion code (nothing saved then), or
    ``{}`` when saved. A refused action (state, deadline, assignment, stale row) raises
    :class:`Refused` and is logged; nothing is changed."""
    try:
        check_council(user, assessment, whole=False)
        check_codes(user, assessment, loaded_pack(assessment.pack),
                    [*posted.points, *posted.requests])  # fmt: skip
        check_round_open(assessment, round_)
        return _save(user, assessment, round_, posted)
    except Refused as exc:
        record(user, "refused", assessment, f"round_{round_}", assessment.status, str(exc))
        raise


def check_round_open(assessment: Assessment, round_: int) -> None:
    """Refuse unless round ``round_`` is the one open now, before its deadline, the year not
    published (``round_`` 0: a form that names no round, none open now). A page drawn for
    round 1 and sent after round 2 opened names its own round: its points are never read as the
    other round's."""
    if round_of(assessment) != round_:
        which = f" vòng {round_}: vòng này không mở" if round_ else ": không vòng nào đang mở"
        raise Refused(
            f"Chưa lưu điểm thẩm định{which}, hồ sơ đang ở bước "
            f"“{assessment.get_status_display()}” (hội đồng chỉ lưu điểm trong vòng thẩm định "
            "đang mở)."
        )
    check_deadline(assessment, f"round_{round_}_deadline", f"lưu điểm thẩm định vòng {round_}")


def _save(user: Any, assessment: Assessment, round_: int, posted: Posted) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    typed: dict[str, str] = {}
    unread: set[str] = set()  # points that are no number, or off the criterion's grid
    pack = loaded_pack(assessment.pack)
    for code, text in posted.points.items():
        value, problem = _points(text)
        problem = problem or grid_problem(pack, code, value)
        for reading in (problem, text_problem(posted.notes.get(code, ""))):
            if reading:
                problems.setdefault(code, []).append(reading)
        unread |= {code} if problem else set()
        typed[code] = value
    # the engine checks every other criterion's points too: all problems are said at once
    # ("-5" beside "abc"), not one kind after another fix
    checked = {c: v for c, v in typed.items() if c not in unread}
    data = evidence_data(assessment, pack, appraised={(round_, c): v for c, v in checked.items()})
    section = STAGE_OF_ROUND[round_]
    for path, found in check_evidence(data, pack).problems.items():
        code = path.partition(".")[2] if path.startswith(section + ".") else ""
        problems.setdefault(code if code in checked else "", []).extend(found)
    if problems:
        return problems
    with transaction.atomic():
        # the state again, under the year's lock: a move (closing the round) made while this
        # save was being checked is seen here, and waits for this save otherwise
        fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
        assessment.status = fresh.status
        check_round_open(assessment, round_)
        rows = {
            p.code: p
            for p in AppraisedPoint.objects.select_for_update().filter(
                assessment=assessment, round=round_, code__in=list(typed)
            )
        }
        changes, stale = [], []
        by: set[str] = set()
        for code, value in typed.items():
            row = rows.get(code) or AppraisedPoint(assessment=assessment, round=round_, code=code)
            note = posted.notes.get(code, "")
            if (row.points, row.note) == (value, note):
                continue
            if posted.versions.get(code, 0) != row.version:
                stale.append(code)
                by.add(_saver(row, user))
            changes.append((row, value, note))
        if stale:
            raise Stale(stale, by)
        for row, value, note in changes:
            old = row.points
            row.points, row.note, row.version, row.updated_by = value, note, row.version + 1, user
            row.save()
            record(user, f"round_{round_}", assessment, row.code, old, value)
        if round_ == 1:
            _requests(user, assessment, set(typed), posted.requests)
    return {}


def _saver(row: AppraisedPoint, user: Any) -> str:
    """Who saved ``row`` last, as the member reads it: "bạn" for themself (another tab)."""
    if row.updated_by_id is None:
        return "người khác"
    if row.updated_by_id == user.pk:
        return "bạn"
    saver = row.updated_by
    return str(saver.get_full_name() or saver.get_username()) if saver else "người khác"


def _requests(user: Any, assessment: Assessment, codes: set[str], wanted: set[str]) -> None:
    existing = {r.code: r for r in assessment.explanation_requests.filter(code__in=list(codes))}
    for code in sorted(wanted - set(existing)):
        ExplanationRequest.objects.create(assessment=assessment, code=code)
        record(user, "ask_explanation", assessment, code, "", "requested")
    for code, request in existing.items():
        if code not in wanted and not request.answer:
            request.delete()
            record(user, "ask_explanation", assessment, code, "requested", "")


class NewerAnswers(Refused):
    """The commune's answers sent from an older page: someone else saved an answer this page
    changed too (``codes``). Nothing is saved."""

    def __init__(self, codes: list[str]) -> None:
        super().__init__(
            f"Chưa lưu giải trình: tiêu chí {', '.join(codes)} vừa được lưu từ một trang khác "
            "(người khác, hoặc bạn ở thẻ khác), các ô đó đã hiện nội dung mới nhất. Các ô khác "
            "giữ nguyên như bạn vừa nhập: kiểm tra rồi bấm “Lưu giải trình” lại."
        )
        self.codes = codes


class BadAnswers(Refused):
    """Answers refused for their text (a control character, too long): the message of each
    criterion, shown beside its box, the answers kept as typed."""

    def __init__(self, problems: dict[str, str]) -> None:
        said = "; ".join(f"tiêu chí {c}: {p}" for c, p in problems.items())
        super().__init__(f"Chưa lưu giải trình: {said}.")
        self.problems = problems


def explanations_open(assessment: Assessment) -> None:
    """Refuse unless the commune may answer now (the year waits for explanations, before the
    deadline, not published)."""
    if assessment.status != Assessment.EXPLANATION:
        raise Refused(
            "Chỉ giải trình được khi hội đồng đang chờ giải trình; hồ sơ đang ở bước "
            f"“{assessment.get_status_display()}”."
        )
    check_deadline(assessment, "explanation_deadline", "giải trình")


def answer_explanations(
    user: Any,
    assessment: Assessment,
    answers: Mapping[str, str],
    shown: Mapping[str, str] | None = None,
) -> tuple[int, int]:
    """The commune's answers (a leader or staff of the commune: checked by the view) while the
    year waits for explanations and before the deadline; returns how many changed, and how many
    changed on the page were stored so already (the page sent twice). With
    ``shown`` (the answers the page showed), an answer left as shown is not touched (another
    page may have saved it meanwhile) and one changed here and there refuses the save
    (:class:`NewerAnswers`). A refusal is logged and nothing is saved."""
    try:
        explanations_open(assessment)
        problems = {c: p for c, t in answers.items() if (p := text_problem(t))}
        if problems:
            raise BadAnswers(problems)
        with transaction.atomic():
            # the state again, under the year's lock: a step taken meanwhile wins
            fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
            assessment.status = fresh.status
            explanations_open(assessment)
            return _answer(user, assessment, answers, shown)
    except Refused as exc:
        record(user, "refused", assessment, "explain", assessment.status, str(exc))
        raise


def _answer(
    user: Any, assessment: Assessment, answers: Mapping[str, str], shown: Mapping[str, str] | None
) -> tuple[int, int]:
    requests = list(assessment.explanation_requests.select_for_update())
    wanted: dict[str, str] = {}
    newer = []
    already = 0
    for request in requests:
        text = answers.get(request.code)
        if text is None:
            continue
        before = (shown or {}).get(request.code, request.answer).strip()
        if shown is not None and text.strip() == before:
            continue  # not changed on this page
        if text.strip() == request.answer:
            already += shown is not None
            continue
        if request.answer != before:
            newer.append(request.code)
        wanted[request.code] = text.strip()
    if newer:
        raise NewerAnswers(newer)
    changed = 0
    for request in requests:
        if request.code not in wanted:
            continue
        old = request.answer
        request.answer = wanted[request.code]
        request.answered_by = user
        request.answered_at = timezone.now()
        request.save()
        record(user, "explain", assessment, request.code, old, request.answer)
        changed += 1
    return changed, already


@dataclass
class Unsaved:
    """A criterion's entry of a round's form that was not saved (the round no longer open)."""

    code: str
    points: str
    note: str
    requested: bool


def unsaved_typed(assessment: Assessment, round_: int, posted: Posted) -> list[Unsaved]:
    """What ``posted`` (a form of round ``round_``) holds that differs from what is stored for
    that round: shown to the member when the save is refused, so nothing typed is lost."""
    stored = {p.code: p for p in assessment.appraised_points.filter(round=round_)}
    asked = set(assessment.explanation_requests.values_list("code", flat=True))
    out = []
    for code, text in posted.points.items():
        row = stored.get(code)
        note = posted.notes.get(code, "")
        requested = round_ == 1 and code in posted.requests
        same = (
            _same_points(text, row.points if row is not None else "")
            and note == (row.note if row is not None else "")
            and (round_ != 1 or requested == (code in asked))
        )
        if not same:
            out.append(Unsaved(code, text, note, requested))
    return out


def _same_points(typed: str, stored: str) -> bool:
    value, problem = _points(typed)
    if problem or value == "" or stored == "":
        return not problem and value == stored
    try:
        return Decimal(value) == Decimal(stored)
    except ArithmeticError:
        return value == stored


def decimal_text(value: Decimal | str) -> str:
    """Points as a council member types them: exact, decimal comma, no trailing zeros
    (``Decimal('1.7600')`` -> ``1,76``); text that is not a number is shown as stored."""
    try:
        return typed_number(Decimal(value))
    except (ArithmeticError, ValueError):
        return str(value).replace(".", ",")
