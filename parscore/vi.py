"""Values in Vietnamese form for people: dates dd/mm/yyyy, yes/no, numbers with a decimal comma."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from .model.result import InputValue, input_text
from .numbers import vi_number

__all__ = [
    "COMPUTED_SCORE",
    "SOURCE_STATUS_VI",
    "STRICT_EVIDENCE_RULE",
    "SYNTHETIC_MARK",
    "bonus_cap_words",
    "bonus_title",
    "strict_evidence_rule",
    "vi_date",
    "vi_value",
]

# printed on every page of a document whose figures are invented (the evidence's ``synthetic``)
SYNTHETIC_MARK = "Dữ liệu mẫu (giả lập), không dùng để báo cáo chính thức"

# What scoring as appraisal does (strict evidence) means, wherever a header, a plan or a command's
# help says so: a criterion missing a required document scores 0 and a bonus item missing one is
# not added (a penalty always counts). What one commune's result says: strict_evidence_rule.
_STRICT_CRITERIA = "tiêu chí thiếu tài liệu kiểm chứng bị tính 0 điểm"
STRICT_EVIDENCE_RULE = f"{_STRICT_CRITERIA}, điểm thưởng thiếu tài liệu không được cộng"

# The score computed from the commune's data as it stands, documents missing still counted (not as
# appraisal), named as the web app's score panel names it. Never "điểm tự đánh giá": the
# self-assessment is the commune's own step (its "tự chấm" points, the form its leader submits).
COMPUTED_SCORE = "điểm tính từ số liệu"


def strict_evidence_rule(adjusted: bool) -> str:
    """The rule as a result scored under a pack says it: the bonus only when the pack has bonus or
    penalty items (``adjusted``; a pack without any never mentions them). Report templates call
    it as ``strict_evidence_rule(summary.adjusted)``."""
    return STRICT_EVIDENCE_RULE if adjusted else _STRICT_CRITERIA


def bonus_cap_words(code: str, points: Decimal, cap: Decimal, pts: Callable[[Decimal], str]) -> str:
    """``mục T1 được 1,5 điểm, tổng điểm thưởng chỉ tính tối đa 2 điểm``: why a bonus item adds
    less than its points, wherever that is said (the planner's fixes, the notes on a total);
    ``pts``: points as the caller writes them."""
    return f"mục {code} được {pts(points)} điểm, tổng điểm thưởng chỉ tính tối đa {pts(cap)} điểm"


def bonus_title(title: str) -> str:
    """A bonus item's title where it is listed among criteria (a plan's rows and lists, the score
    panel's list of points at risk): ``Điểm thưởng: Sáng kiến …``, so it is not read as one."""
    return f"Điểm thưởng: {title}"


# What a value's ``source.status`` means, in the words reports, explain and diff use.
SOURCE_STATUS_VI = {
    "official": "chính thức",
    "borrowed": "mượn của văn bản khác",
    "derived": "suy ra",
    "assumed": "giả định",
}


def vi_date(value: dt.date | str | None) -> str:
    """``31/12/2025``; a text deadline (``Thường xuyên``) as it is; ``—`` when there is none."""
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def vi_value(value: InputValue, *, exact: bool = False) -> str:
    """An input value as shown to a person: ``có``/``không``, ``05/08/2025``, ``1.248``, ``99,84``.
    Numbers are cut to 4 decimal places, as results show them; ``exact`` shows every digit (a
    list of changes: ``0,00001 → 0,00002`` is not ``0 → 0``)."""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.date):
        return vi_date(value)
    if isinstance(value, str):
        return f"«{value}»"
    if exact:
        return vi_number(value)
    text = input_text(value)
    assert isinstance(text, str)
    return vi_number(Decimal(text))
