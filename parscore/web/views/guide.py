"""The help page (hướng dẫn sử dụng): what each role does, step by step, in the app's own words.

Readable signed in or not. The names the page quotes that the code owns (the steps of a year,
the council's buttons, the deadlines, the roles) are taken from the code here, so the page
cannot drift from the app; the buttons and links it quotes from the templates are checked by
a test against the templates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from ...vi import STRICT_EVIDENCE_RULE
from ..access import role_keys
from ..env_settings import vi_minutes
from ..known_device import KEPT
from ..models import Assessment, Membership
from ..workflow import ACTIONS
from .province import DEADLINES

__all__ = ["ROLE_SECTIONS", "STATUS_HELP", "help_page"]

# the page's role sections, in their default order: key, title, the roles it is written for
ROLE_SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("xa", "Cán bộ xã", (Membership.STAFF,)),
    ("lanh-dao", "Lãnh đạo xã", (Membership.LEADER,)),
    (
        "hoi-dong",
        "Thành viên hội đồng thẩm định, thẩm định viên",
        (Membership.COUNCIL, Membership.AUDITOR),
    ),
    ("tinh", "Cán bộ tỉnh", (Membership.PROVINCE,)),
]

A = Assessment
# what each step of a commune's year means and who acts next (its label is the model's)
STATUS_HELP: dict[str, str] = {
    A.DRAFT: "Xã đang nhập số liệu, tự chấm điểm và tải lên tài liệu; sửa được.",
    A.SUBMITTED: "Lãnh đạo xã đã nộp: xã không sửa được nữa; chờ hội đồng bắt đầu thẩm định. "
    "Trước đó (và trước hạn tự đánh giá) lãnh đạo xã còn rút lại được để sửa.",
    A.ROUND_1: "Hội đồng đang chấm điểm vòng 1 và đánh dấu tiêu chí cần xã giải trình.",
    A.EXPLANATION: "Xã giải trình các tiêu chí hội đồng yêu cầu (trước hạn giải trình), có "
    "thể bổ sung tài liệu.",
    A.ROUND_2: "Hội đồng chấm điểm vòng 2 sau khi xem giải trình của xã.",
    A.FINAL: "Hội đồng đã chốt kết quả: điểm thẩm định cuối cùng là điểm chính thức của xã "
    "(được công bố khi tỉnh công bố kết quả).",
    A.REOPENED: "Tỉnh đã mở lại cho xã sửa; sửa xong, lãnh đạo xã nộp lại.",
}


def _own_sections(user: Any) -> set[str]:
    """The keys of the role sections written for ``user``'s roles (none when not signed in)."""
    roles = role_keys(user)
    return {key for key, _, wanted in ROLE_SECTIONS if roles & set(wanted)}


def help_page(request: HttpRequest) -> HttpResponse:
    own = _own_sections(request.user)
    sections = [
        {"key": key, "title": title, "own": key in own}
        for key, title, _ in sorted(ROLE_SECTIONS, key=lambda s: s[0] not in own)
    ]
    labels = dict(Membership.ROLES)
    return render(
        request,
        "web/help.html",
        {
            "sections": sections,
            "statuses": [(key, label, STATUS_HELP[key]) for key, label in A.STATUSES],
            "status": dict(A.STATUSES),
            "actions": {name: capfirst(action.label) for name, action in ACTIONS.items()},
            "deadlines": dict(DEADLINES),
            "idle": vi_minutes(settings.PARSCORE_SESSION_IDLE_MINUTES),
            "session_hours": settings.PARSCORE_SESSION_MAX_HOURS,
            "strict_evidence_rule": STRICT_EVIDENCE_RULE,
            "pair_limit": settings.PARSCORE_LOGIN_FAILURES,
            "pair_window": vi_minutes(settings.PARSCORE_LOGIN_WINDOW_SECONDS // 60),
            "name_limit": settings.PARSCORE_LOGIN_NAME_FAILURES,
            "name_window": vi_minutes(settings.PARSCORE_LOGIN_NAME_WINDOW_SECONDS // 60),
            "known_accounts": KEPT,
            "role": {
                "staff": labels[Membership.STAFF],
                "leader": labels[Membership.LEADER],
                "council": labels[Membership.COUNCIL],
                "auditor": labels[Membership.AUDITOR],
                "province": labels[Membership.PROVINCE],
            },
        },
    )
