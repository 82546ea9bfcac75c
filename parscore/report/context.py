"""What report templates (and the Word writer) see: a typed, read-only view of one scored commune.

Built by :func:`parscore.report.build.build_context` from a ``Result``, its ``LoadedPack`` and the
evidence. Numbers stay exact ``Decimal`` here; templates format them with the ``pts`` filter
(rounded once by the pack's rule), so every format shows the same figures as the JSON result.

``stake`` is what a criterion is worth to act on: its applicable maximum minus the points that do
not depend on missing evidence (points still to win plus points at risk).

Extension point: ``ReportContext.plan`` is ``None`` unless a caller (``parscore report --plan``)
attaches a fix plan; templates render the ``plan`` block only when it is present.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..frozen_records import frozen_record

__all__ = [
    "AdjustmentView",
    "ClaimRow",
    "CriterionRef",
    "DocumentView",
    "FieldRow",
    "GapRow",
    "InputView",
    "PackView",
    "PlanGroup",
    "PlanRow",
    "ReportContext",
    "StageView",
    "Summary",
    "TraceEntry",
]


@frozen_record
class PackView:
    id: str
    revision: int
    title: str
    status: str
    provisional: bool
    province: str
    year: int
    sha256: str
    legal_basis: tuple[str, ...]
    note: str
    assumptions: tuple[str, ...] = ()  # "Giả định": pack-wide values' sources, criteria counts


@frozen_record
class InputView:
    """One input a rule used (or needs): its declared label, shown value and unit."""

    name: str
    label: str
    value: str  # Vietnamese text; "chưa khai báo" when missing
    unit: str
    derived: bool = False
    missing: bool = False

    @property
    def display(self) -> str:
        """The value with its unit (``99,84%``, ``1.250 hồ sơ``)."""
        if self.missing or not self.unit:
            return self.value
        return self.value + ("" if self.unit == "%" else " ") + self.unit


@frozen_record
class DocumentView:
    id: str
    title: str
    number: str
    issued: dt.date | None
    issuer: str
    file: str


@frozen_record
class CriterionRef:
    """A leaf named in the summary lists (missing inputs, at risk, over-claims)."""

    code: str
    title: str
    points: Decimal
    max: Decimal
    at_risk: Decimal = Decimal(0)
    claim: Decimal | None = None
    missing: tuple[InputView, ...] = ()
    missing_evidence: tuple[str, ...] = ()


@frozen_record
class Summary:
    points: Decimal
    max: Decimal
    applicable_max: Decimal
    score: Decimal
    scale: Decimal
    rescaled: bool  # applicable_max differs from the scale: the score is converted
    band: str | None
    goal: Decimal | None
    gap: Decimal | None
    goal_met: bool | None
    lost: Decimal
    # points at risk for want of documents: the criteria's and, in criteria points, the bonus
    # appraisal leaves out (adjustment_words.points_at_risk)
    at_risk: Decimal
    # what acting can add or keep: the gaps' stakes and, in criteria points, the bonus the listed
    # items' missing documents would still add within the cap (the bonus part of ``at_risk``)
    stake: Decimal
    missing_inputs: tuple[CriterionRef, ...]
    at_risk_leaves: tuple[CriterionRef, ...]
    over_claims: tuple[CriterionRef, ...]
    na_count: int
    survey_count: int
    leaf_count: int
    gap_count: int  # the criteria to act on (the gaps)
    adjusted: bool = False  # the pack has bonus or penalty items
    bonus: Decimal = Decimal(0)  # after the cap
    penalty: Decimal = Decimal(0)  # after the cap
    adjustment_note: str = ""  # "86,79 + 3 − 0,5 = 89,29; …" (adjustment_words.adjustment_note)
    official: str = "computed"  # the stage whose total is official
    official_label: str = ""  # that stage in Vietnamese ("" when it is the computed total)
    official_score: Decimal | None = None  # its score when it is an appraisal round
    criteria_at_risk: Decimal = Decimal(0)  # the criteria's part of ``at_risk`` (the fields')
    at_risk_bonus: Decimal = Decimal(0)  # the bonus part of ``at_risk``, in bonus points
    at_risk_note: str = ""  # "do thiếu tài liệu kiểm chứng (2 tiêu chí; 1 điểm thưởng của mục T1)"
    # the heading over ``at_risk_leaves`` and ``at_risk_items`` (adjustment_words.at_risk_title:
    # scored 0 and not added under strict evidence)
    at_risk_title: str = "Tiêu chí có nguy cơ bị trừ điểm (thiếu tài liệu kiểm chứng)"
    # the listed bonus items whose missing documents cost points at appraisal (each with what the
    # bonus cap leaves of it, in bonus points, as ``at_risk``), titled "Điểm thưởng: …"
    at_risk_items: tuple[CriterionRef, ...] = ()
    # the row of what to act on (adjustment_words.gaps_words): its heading, the bonus items counted
    # beside the ``gap_count`` criteria (``stake`` includes what they can add), and its note
    gap_title: str = "Tiêu chí cần xử lý"
    bonus_gap_count: int = 0
    gap_note: str = ""


@frozen_record
class FieldRow:
    """A top-level field (lĩnh vực): for the summary table and the chart."""

    code: str
    title: str
    points: Decimal
    max: Decimal
    applicable_max: Decimal
    lost: Decimal
    at_risk: Decimal  # points counted in ``points`` that still lack evidence (0 under strict)
    status: str
    tracked: bool


@frozen_record
class GapRow:
    """A leaf below its maximum or at risk, with why and what would raise it."""

    code: str
    title: str
    field_code: str
    points: Decimal
    max: Decimal
    lost: Decimal
    at_risk: Decimal
    stake: Decimal
    status: str
    explanation: str
    rule: str
    inputs: tuple[InputView, ...]
    hints: tuple[str, ...]
    missing_evidence: tuple[str, ...]
    missing_inputs: tuple[InputView, ...]
    target: str
    owner: str
    partners: tuple[str, ...]
    deadline: dt.date | str | None
    survey: bool
    rule_text: str = ""  # the rule in words (labels and units, no identifiers)


@frozen_record
class PlanRow:
    """One row of the improvement plan appendix, in the seed plans' layout.

    ``kind`` is ``group`` (an inner criterion heading its rows) or ``task`` (a leaf to act on).
    """

    kind: str
    stt: str
    title: str
    target: str
    deadline: dt.date | str | None
    owner: str
    partners: tuple[str, ...]
    stake: Decimal | None
    depth: int


@frozen_record
class PlanGroup:
    """A field (lĩnh vực) of the plan appendix with its rows."""

    code: str
    roman: str
    title: str
    stake: Decimal
    rows: tuple[PlanRow, ...]


@frozen_record
class TraceEntry:
    """One criterion of the full trace (inner nodes carry only the totals)."""

    code: str
    title: str
    depth: int
    is_leaf: bool
    points: Decimal
    max: Decimal
    applicable_max: Decimal
    lost: Decimal
    status: str
    tracked: bool
    kind: str = ""
    rule: str = ""
    explanation: str = ""
    inputs: tuple[InputView, ...] = ()
    evidence_required: int = 0
    evidence_found: int = 0
    missing_evidence: tuple[str, ...] = ()
    documents: tuple[DocumentView, ...] = ()
    claim: Decimal | None = None
    appraisal: Decimal | None = None
    over_claim: bool = False
    at_risk: Decimal = Decimal(0)
    na_reason: str = ""
    survey: bool = False
    met: bool | None = None
    source_ref: str = ""
    source_status: str = ""
    rule_text: str = ""  # the rule in words (labels and units, no identifiers)
    kind_text: str = ""  # how the leaf is scored, in words
    round_2: Decimal | None = None  # appraisal round 2
    note: str = ""  # the appraisers' note
    commune_explanation: str = ""  # the commune's explanation (giải trình)


@frozen_record
class ClaimRow:
    """Self-assessed (tự chấm) and appraised (thẩm định) points against computed points."""

    code: str
    title: str
    points: Decimal
    claim: Decimal | None
    claim_diff: Decimal | None
    appraisal: Decimal | None
    appraisal_diff: Decimal | None
    over_claim: bool
    round_2: Decimal | None = None  # appraisal round 2 (thẩm định vòng 2)
    round_2_diff: Decimal | None = None
    note: str = ""  # the appraisers' note
    explanation: str = ""  # the commune's explanation (giải trình)

    @property
    def remarks(self) -> tuple[str, ...]:
        """What the Ghi chú cell says: the over-claim flag, the note, the explanation."""
        out = ["Tự chấm cao hơn điểm tính được"] if self.over_claim else []
        if self.note:
            out.append(f"Ý kiến thẩm định: {self.note}")
        if self.explanation:
            out.append(f"Giải trình của xã: {self.explanation}")
        return tuple(out)


@frozen_record
class StageView:
    """One column of the stage table: the computed total or an appraisal stage."""

    key: str  # computed, self, round_1, round_2
    label: str
    points: Decimal
    score: Decimal
    band: str | None
    bonus: Decimal
    penalty: Decimal
    goal_met: bool | None
    official: bool
    gap: Decimal | None = None  # what the stage misses to the goal (0 when met, None: no goal)


@frozen_record
class AdjustmentView:
    """A bonus or penalty item the evidence lists, with its reason and the documents whose
    ``supports`` name it (shown as a leaf's documents are, so an auditor sees what justifies it)."""

    side: str  # bonus | penalty
    code: str
    title: str
    points: Decimal
    reason: str
    documents: tuple[DocumentView, ...] = ()
    required: int = 0  # documents the pack requires for the item
    found: int = 0  # of those, how many the supporting documents meet
    missing: tuple[str, ...] = ()  # the required documents' titles not met
    flag: str = ""  # what the missing ones mean (adjustment_words.missing_words)
    hints: tuple[str, ...] = ()  # what would raise it (planning.hints.item_hints), as a gap's


@frozen_record
class ReportContext:
    title: str
    index_name: str  # the index the pack scores (``pack.index.name``)
    index_long: str  # the same as titles spell it ("Chỉ số cải cách hành chính" for the default)
    commune: str
    place: str  # the commune as plans name it: "xã Dân Tiến" ("Xã Mẫu" stays as written)
    province: str
    year: int | None
    plan_year: int
    as_of: dt.date | None
    report_date: dt.date | None
    synthetic: str | None
    strict_evidence: bool
    pack: PackView
    summary: Summary
    fields: tuple[FieldRow, ...]
    gaps: tuple[GapRow, ...]
    plan_groups: tuple[PlanGroup, ...]
    trace: tuple[TraceEntry, ...]
    claims: tuple[ClaimRow, ...]
    has_claims: bool
    has_appraisal: bool
    warnings: tuple[str, ...]
    places: int
    mode: str
    plan: Any = None  # optional fix plan (``parscore report --plan``); None renders nothing
    projection: Any = None  # optional year-end projection (``--projection``); None renders nothing
    has_round_2: bool = False
    stages: tuple[StageView, ...] = ()  # shown when the evidence has an appraisal round
    adjustments: tuple[AdjustmentView, ...] = ()  # the bonus and penalty items that apply

    @property
    def item_hints(self) -> bool:
        """Some bonus item has a way to raise it: the items' table gets a "Cách nâng điểm"
        column (only a bonus missing a document has one; a column of dashes says nothing)."""
        return any(a.hints for a in self.adjustments)

    def template_vars(self) -> dict[str, Any]:
        """Top-level names for templates: every field, plus ``ctx`` for the whole object."""
        names = {f: getattr(self, f) for f in self.__dataclass_fields__}
        names["ctx"] = self
        return names
