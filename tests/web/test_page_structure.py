"""Screen-reader basics of the pages people meet first: one heading of level 1, and headings that
never skip a level (a reader lists them to move around a page)."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from .conftest import login

PAGES = [
    ("staff", "/"),
    ("staff", "/xa/dan-tien/"),
    ("staff", "/xa/dan-tien/2025/"),
    ("staff", "/xa/dan-tien/2025/ke-hoach/"),
    ("staff", "/xa/dan-tien/2025/giai-trinh/"),
    ("staff", "/xa/dan-tien/2025/tham-dinh/"),
    ("council", "/xa/tong-hop-0003/2025/giai-trinh/"),  # criteria to explain
    ("council", "/xa/tong-hop-0002/2025/tham-dinh/"),
    ("province", "/tinh/thai-nguyen/2025/"),
    ("province", "/tinh/thai-nguyen/2025/xep-hang-tieu-chi/"),
    ("auditor", "/tinh/thai-nguyen/so-sanh-goi/?tu=2023&den=2025"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "path"), PAGES)
def test_headings_never_skip_a_level(role: str, path: str) -> None:
    """The plan went from its title (h1) to «Bảo đảm điểm đã có» (h3), the explanations page
    from its title to each criterion (h3)."""
    page = login(role).get(path)
    assert page.status_code == 200
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", page.content.decode())]
    assert levels.count(1) == 1, levels
    skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert skips == [], levels
