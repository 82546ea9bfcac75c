"""Sign-ins locked by failed passwords (:mod:`parscore.web.throttle`), and unlocking a user name:
for whoever manages the accounts (the administrators, who hold the admin site). Unlocking forgets
the name's failures from every address and is written to the audit log."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ..access import require
from ..audit import record
from ..env_settings import vi_minutes
from ..models import LoginFailure
from ..post_only import post_only
from ..texts import text_problem
from ..throttle import NameLocks, name_locks, user_key

__all__ = ["locked_sign_ins", "unlock"]

_SHOWN = 100  # names, the most recently refused first


@dataclass(frozen=True)
class LockRow:
    username: str
    account: bool  # an account has this name (the sign-in page never says so)
    failures: int  # within the name's window
    addresses: int
    last: dt.datetime
    locks: NameLocks  # from every address, from some addresses, on known devices: until when

    @property
    def locked(self) -> bool:
        return bool(self.lines)

    @property
    def lines(self) -> list[tuple[str, dt.datetime, bool]]:
        """The cell «Đang khóa»: (where, until when, whether it is the name-wide lock)."""
        locks = self.locks
        out = (
            [("ở mọi nơi (trừ thiết bị quen)", locks.everywhere, True)] if locks.everywhere else []
        )
        out += [(f"từ {address}", until, False) for address, until in locks.at.items()]
        out += [
            (f"trên thiết bị quen {i}", until, False)
            for i, until in enumerate(sorted(locks.devices.values()), start=1)
        ]
        return out


def can_unlock(user: object) -> bool:
    """Who manages the accounts (the admin site's users and roles): the administrators."""
    return bool(getattr(user, "is_superuser", False))


def _rows() -> list[LockRow]:
    """The names refused last, in three queries however many: the names, their accounts, and all
    their failures at once (the locks are worked out from these, not asked name by name)."""
    since = timezone.now() - dt.timedelta(seconds=settings.PARSCORE_LOGIN_NAME_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    names = list(
        recent.exclude(username="")
        .values("username")
        .annotate(n=Count("id"), addresses=Count("address", distinct=True), last=Max("at"))
        .order_by("-last", "username")[:_SHOWN]
    )
    if not names:
        return []
    wanted = reduce(or_, (Q(username__iexact=row["username"]) for row in names))
    found = get_user_model().objects.filter(wanted).values_list("username", flat=True)
    accounts = {user_key(name) for name in found}
    failures: dict[str, list[tuple[str, str, dt.datetime]]] = defaultdict(list)
    shown = recent.filter(username__in=[row["username"] for row in names])
    for username, address, device, at in shown.values_list("username", "address", "device", "at"):
        failures[username].append((address, device, at))
    rows = []
    for row in names:
        rows.append(
            LockRow(
                username=row["username"],
                account=row["username"] in accounts,
                failures=row["n"],
                addresses=row["addresses"],
                last=row["last"],
                locks=name_locks(failures[row["username"]]),
            )
        )
    return rows


@login_required
def locked_sign_ins(request: HttpRequest) -> HttpResponse:
    require(can_unlock(request.user))
    rows = _rows()
    return render(
        request,
        "web/locks.html",
        {
            "rows": rows,
            "locked": [r for r in rows if r.locked],
            "pair_limit": settings.PARSCORE_LOGIN_FAILURES,
            "pair_window": vi_minutes(settings.PARSCORE_LOGIN_WINDOW_SECONDS // 60),
            "name_limit": settings.PARSCORE_LOGIN_NAME_FAILURES,
            "name_window": vi_minutes(settings.PARSCORE_LOGIN_NAME_WINDOW_SECONDS // 60),
        },
    )


@login_required
@post_only
def unlock(request: HttpRequest) -> HttpResponse:
    """Forget every failure of the user name sent (``ten``), from every address; logged."""
    require(can_unlock(request.user))
    typed = request.POST.get("ten", "")
    problem = text_problem(typed, 150)  # no account's name holds one (the sign-in form refuses)
    if problem:
        messages.error(request, f"Tên đăng nhập gửi lên không dùng được: {problem}.")
        return redirect("web:locks")
    name = user_key(typed)
    if not name:
        messages.error(request, "Chưa chọn tên đăng nhập để mở khóa.")
        return redirect("web:locks")
    with transaction.atomic():
        failures = LoginFailure.objects.filter(username=name)
        addresses = failures.values("address").distinct().count()
        count, _ = failures.delete()
        if count == 0:
            messages.info(request, f"Tên đăng nhập «{name}» không bị khóa: không có lần sai nào.")
            return redirect("web:locks")
        record(
            request.user,
            "unlock",
            target=name,
            old=f"{count} lần đăng nhập sai từ {addresses} địa chỉ",
            new="đã mở khóa",
        )
    messages.success(
        request,
        f"Đã mở khóa đăng nhập cho «{name}» ({count} lần sai đã được xóa): người dùng có thể "
        "đăng nhập lại ngay.",
    )
    return redirect("web:locks")
