"""The score panel's per-criterion HTML, made in Python.

A panel has a row per criterion (85 for the 2025 pack) and the live score, sent on every
keystroke, repeats each leaf's state for the form: made by the template engine, these rows were
the largest part of the request. Each function here makes exactly what the templates made from
the same values (tests compare them), every value escaped as Django escapes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from html import escape as _e  # what Django's escape does, without its lazy-string wrapper
from typing import Any

from django.utils.text import Truncator

from ...report.text import STATUS_VI
from ..templatetags.parscore_vi import dom_id

__all__ = ["criteria_rows", "field_live", "field_state", "leaf_state", "live_states"]

TITLE_CHARS = 60  # a criterion's title in the panel's table: ``truncatechars:60``
AT_RISK = _e(STATUS_VI["at_risk"])  # a leaf lacking its documents, in the reports' words


def leaf_state(
    points: str, max_points: str, status: str, status_word: str, missing_evidence: bool
) -> str:
    """A leaf's points and state, as in the form beside the leaf and in the live update."""
    # a leaf whose state is already "at risk" says so once; another (0 points when scored as the
    # council scores) is said to lack its documents beside its state
    risk = ""
    if missing_evidence and status != "at_risk":
        risk = f' <span class="status s-at_risk">{AT_RISK}</span>'
    return (
        f'<span class="pts" title="điểm hiện tại / tối đa">{_e(points)} / {_e(max_points)}</span>'
        f' <span class="status s-{_e(status)}">{_e(status_word)}</span>{risk}'
    )


@lru_cache(maxsize=4096)
def _short_title(title: str) -> str:
    """A title cut as ``truncatechars`` cuts it, escaped (titles are the pack's: few, reused)."""
    return _e(Truncator(title).chars(TITLE_CHARS))


def criteria_rows(rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows of the panel's table of criteria (one per criterion, in the trace's order)."""
    out = []
    for r in rows:
        code = _e(r["code"])
        title = _short_title(r["title"])
        if r["leaf"]:
            name = f'<span title="{_e(r["explanation"])}">{title}</span>'
        else:
            name = f"<b>{title}</b>"
        if r["tracked"]:
            shown = "đạt" if r["met"] else "chưa đạt"
        else:
            shown = f"{_e(r['points'])}/{_e(r['max'])}"
        leaf = " leaf" if r["leaf"] else ""
        out.append(
            f'\n      <tr class="d{r["depth"]}{leaf}"><td><a href="#tc-{code}">{code}</a></td>\n'
            f"      <td>{name}</td>\n"
            f'      <td class="num">{shown}</td></tr>\n    '
        )
    return "".join(out)


def live_states(rows: Iterable[Mapping[str, Any]]) -> str:
    """Each leaf's state and explanation, swapped into the form by htmx (out of band)."""
    out = []
    for r in rows:
        if not r["leaf"]:
            continue
        key = _e(dom_id(r["code"]))
        out.append(f'<span class="leaf-state" id="st-{key}" hx-swap-oob="true">{r["state"]}</span>')
        if r["explanation"]:
            out.append(f'<span id="ex-{key}" hx-swap-oob="true">{_e(r["explanation"])}</span>')
    return "".join(out)


def field_state(points: str, max_points: str, missing: int, tracked: bool) -> str:
    """A field's (lĩnh vực) points and how many of its criteria lack data, as the menu of fields
    above the year's form shows them (and the live score updates them)."""
    if tracked:
        return '<span class="pts">theo dõi<span class="visually-hidden">, không tính điểm</span></span>'
    out = (
        f'<span class="pts">{_e(points)}/{_e(max_points)}'
        '<span class="visually-hidden"> điểm</span></span>'
    )
    if missing:
        out += (
            f' <span class="miss" title="{missing} tiêu chí thiếu số liệu">thiếu {missing}'
            '<span class="visually-hidden"> tiêu chí chưa đủ số liệu</span></span>'
        )
    return out


def field_live(fields: Iterable[Mapping[str, Any]]) -> str:
    """Each field's state in the menu of fields, swapped in by htmx (out of band)."""
    return "".join(
        f'<span class="fn-state" id="lv-{_e(dom_id(f["code"]))}" hx-swap-oob="true">'
        f"{f['state']}</span>"
        for f in fields
    )
