"""Accounts from the command line (``parscore createuser``)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from ..errors import UsageError, did_you_mean
from .models import ApiToken, Commune, Membership, Province
from .views.api import token_hash

__all__ = ["create_account"]


def create_account(
    username: str,
    password: str,
    role: str,
    commune_slug: str | None = None,
    province_slug: str | None = None,
    full_name: str = "",
    token: bool = False,
) -> str | None:
    """Create or update ``username`` with ``role``; returns a new API token when asked."""
    commune = province = None
    if commune_slug:
        commune = Commune.objects.filter(slug=commune_slug).first()
        if commune is None:
            known = list(Commune.objects.values_list("slug", flat=True))
            raise UsageError.single(
                f"không có xã mã '{commune_slug}'", _unknown_hint(commune_slug, known, "xã")
            )
    if province_slug:
        province = Province.objects.filter(slug=province_slug).first()
        if province is None:
            known = list(Province.objects.values_list("slug", flat=True))
            raise UsageError.single(
                f"không có tỉnh mã '{province_slug}'", _unknown_hint(province_slug, known, "tỉnh")
            )
    users = get_user_model()
    with transaction.atomic():
        user = users.objects.filter(username=username).first() or users(username=username)
        user.set_password(password)
        if full_name:
            user.first_name = full_name
        user.is_superuser = user.is_staff = role == "admin"
        user.save()
        if role != "admin":
            Membership.objects.get_or_create(
                user=user,
                role=role,
                commune=commune if role in ("staff", "leader") else None,
                province=province if role == "province" else None,
            )
        if token:
            key = secrets.token_urlsafe(32)
            ApiToken.objects.create(user=user, key_hash=token_hash(key))
            return key
    return None


def _unknown_hint(slug: str, known: list[str], what: str) -> str:
    """The code most likely meant, else some of the codes; none yet on a new installation: where
    provinces and communes are made."""
    if not known:
        return (
            f"chưa có {what} nào: tạo tỉnh và các xã trong trang quản trị /quan-tri/ (đăng nhập "
            "bằng tài khoản tạo với --role admin), rồi chạy lại lệnh này"
        )
    return did_you_mean(slug, known) or f"các mã {what}: " + ", ".join(sorted(known)[:20])
