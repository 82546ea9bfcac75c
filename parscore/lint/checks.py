"""Pack-wide lint checks: unused inputs, sources, duplicated titles, deadlines, bands."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..compiled import LoadedPack
from ..kinds import kind_named, kind_of
from ..model.citation import cite
from ..names import name_key
from ..numbers import vi_number
from ..yamlio import KeyPath
from .finding import Finding

__all__ = [
    "band_findings",
    "deadline_findings",
    "source_findings",
    "title_findings",
    "unused_findings",
]

_DATE_TEXT = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def unused_findings(pack: LoadedPack) -> Iterator[Finding]:
    """Inputs that no leaf reads (directly or through a derived value), and unread derived values."""
    read: set[str] = set()
    for leaf in pack.leaves.values():
        read |= set(leaf.names) | leaf.raw_inputs
    for name, expr in reversed(pack.derived):  # a read derived value reads its own names
        if name in read:
            read |= set(expr.names)
    for name in pack.model.inputs:
        if name not in read:
            yield Finding(
                "PL110",
                "warning",
                ("inputs", name),
                f"đầu vào '{name}' được khai báo nhưng không tiêu chí nào dùng",
                "bỏ đầu vào này, hoặc dùng nó trong quy tắc chấm của tiêu chí cần nó",
            )
    for name, _ in pack.derived:
        if name not in read:
            yield Finding(
                "PL111",
                "warning",
                ("derived", name),
                f"giá trị tính toán '{name}' không được tiêu chí nào dùng",
                "bỏ giá trị này hoặc dùng nó trong quy tắc chấm",
            )


def source_findings(pack: LoadedPack) -> Iterator[Finding]:
    for code, leaf in pack.leaves.items():
        source = leaf.criterion.source
        if source is None:
            yield Finding(
                "PL120",
                "warning",
                leaf.path,
                f"tiêu chí {code} chưa ghi nguồn (source) của điểm và ngưỡng",
                "thêm source: { ref: <văn bản, mục>, status: official | borrowed | derived | assumed }",
            )
        elif source.status == "assumed":
            yield Finding(
                "PL121",
                "info",
                (*leaf.path, "source", "status"),
                f"tiêu chí {code}: điểm, ngưỡng còn là giả định (nguồn: {cite(pack.model, source)})",
                "thay bằng giá trị chính thức khi có quyết định",
            )


def _normal(title: str) -> str:
    return name_key(title).rstrip(" .;:")


def title_findings(pack: LoadedPack) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for node in pack.walk():
        key = _normal(node.title)
        if key in first:
            yield Finding(
                "PL140",
                "warning",
                (*pack.paths[node.code], "title"),
                f"tiêu chí {node.code} trùng tên với tiêu chí {first[key]}: «{node.title}»",
                "đặt tên phân biệt hai tiêu chí (người đọc báo cáo chỉ thấy tên)",
            )
        else:
            first[key] = node.code


def _dates_in(text: str) -> list[dt.date]:
    out = []
    for day, month, year in _DATE_TEXT.findall(text):
        try:
            out.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return out


def deadline_findings(pack: LoadedPack) -> Iterator[Finding]:
    year = pack.model.pack.year
    for node in pack.walk():
        path = pack.paths[node.code]
        deadline = node.deadline
        dates = [deadline] if isinstance(deadline, dt.date) else _dates_in(deadline or "")
        for date in dates:
            if date.year != year:
                yield _outside(node.code, "thời hạn", date, year, (*path, "deadline"))
        leaf = pack.leaves.get(node.code)
        if leaf is None:
            continue
        where: KeyPath = (*path, "score")
        kind = kind_named(leaf.rule.kind)
        rules = [(leaf.rule.model, where), *kind.parts(leaf.rule.model, where)]
        for model, at in rules:
            due = kind_of(model).due(model)
            if due is not None and due.year != year:
                yield _outside(node.code, "hạn chót chấm điểm", due, year, (*at, "deadline", "due"))


def _outside(
    code: str, what: str, date: dt.date, year: int, path: tuple[str | int, ...]
) -> Finding:
    return Finding(
        "PL150",
        "warning",
        path,
        f"tiêu chí {code}: {what} {date.strftime('%d/%m/%Y')} nằm ngoài năm của gói ({year})",
        "kiểm tra lại năm (thường do chép từ gói năm trước)",
    )


def band_findings(pack: LoadedPack) -> Iterator[Finding]:
    meta = pack.model.pack
    for i, band in enumerate(meta.bands):
        if band.min > meta.scale:
            yield Finding(
                "PL160",
                "warning",
                ("pack", "bands", i, "min"),
                f"xếp loại '{band.label}' cần ≥ {vi_number(band.min)} điểm, cao hơn thang điểm "
                f"{vi_number(meta.scale)}: không xã nào đạt được",
                "sửa mức điểm của xếp loại hoặc thang điểm (scale)",
            )
    if meta.goal is not None and meta.goal.total > meta.scale:
        yield Finding(
            "PL160",
            "warning",
            ("pack", "goal", "total"),
            f"mục tiêu {vi_number(meta.goal.total)} điểm cao hơn thang điểm {vi_number(meta.scale)}",
            "sửa mục tiêu hoặc thang điểm (scale)",
        )
