"""The score panel's per-criterion HTML is made in Python (the live score sends it on every
keystroke): exactly the HTML the templates made from the same rows, every value escaped."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.report.text import STATUS_VI, state_words
from parscore.web.evidence import load_assessment
from parscore.web.models import Assessment
from parscore.web.views.common import panel_for
from parscore.web.views.panel_html import criteria_rows, leaf_state, live_states

# What the templates wrote before (web/partials/leaf_state.html, the two loops of
# web/partials/score_panel.html), kept here as the reference.
LEAF_STATE = (
    '<span class="pts" title="điểm hiện tại / tối đa">{{ info.points }} / {{ info.max }}</span> '
    '<span class="status s-{{ info.status }}">{{ info.status_word }}</span>'
    '{% if info.missing_evidence and info.status != "at_risk" %}'
    ' <span class="status s-at_risk">thiếu minh chứng</span>'
    "{% endif %}"
)
TEMPLATE_STATE = Template(LEAF_STATE)
TEMPLATE_TABLE = Template(
    "{% for r in rows %}\n"
    '      <tr class="d{{ r.depth }}{% if r.leaf %} leaf{% endif %}"><td><a href="#tc-{{ r.code }}">'
    "{{ r.code }}</a></td>\n"
    '      <td>{% if r.leaf %}<span title="{{ r.explanation }}">{{ r.title|truncatechars:60 }}'
    "</span>{% else %}<b>{{ r.title|truncatechars:60 }}</b>{% endif %}</td>\n"
    '      <td class="num">{% if r.tracked %}{% if r.met %}đạt{% else %}chưa đạt{% endif %}'
    "{% else %}{{ r.points }}/{{ r.max }}{% endif %}</td></tr>\n"
    "    {% endfor %}"
)
TEMPLATE_LIVE = Template(
    "{% load parscore_vi %}{% for info in rows %}{% if info.leaf %}"
    '<span class="leaf-state" id="st-{{ info.code|dom_id }}" hx-swap-oob="true">'
    + LEAF_STATE
    + "</span>{% if info.explanation %}"
    '<span id="ex-{{ info.code|dom_id }}" hx-swap-oob="true">{{ info.explanation }}</span>'
    "{% endif %}{% endif %}{% endfor %}"
)

TEXT = st.text(
    alphabet=st.sampled_from(list("aăâđêôơư Xã-<>&\"'0123456789,.·/…«»\u0301\u0323")), max_size=80
)
CODE = st.text(alphabet=st.sampled_from(list("0123456789.ab-<&\"' ")), min_size=1, max_size=9)


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    row = {
        "code": draw(CODE),
        "title": draw(TEXT),
        "depth": draw(st.integers(min_value=0, max_value=4)),
        "leaf": draw(st.booleans()),
        "points": draw(TEXT),
        "max": draw(TEXT),
        "status": draw(st.one_of(TEXT, st.just("at_risk"))),
        "status_word": draw(TEXT),
        "explanation": draw(TEXT),
        "tracked": draw(st.booleans()),
        "met": draw(st.sampled_from([None, True, False])),
        "missing_evidence": tuple(draw(st.lists(TEXT, max_size=2))),
    }
    row["state"] = _state(row)
    return row


def _state(row: dict[str, Any]) -> str:
    return leaf_state(
        row["points"], row["max"], row["status"], row["status_word"], bool(row["missing_evidence"])
    )


@settings(max_examples=200, deadline=None)
@given(row=rows())
def test_a_leaf_state_is_what_the_template_made(row: dict[str, Any]) -> None:
    assert row["state"] == TEMPLATE_STATE.render(Context({"info": row}))


@settings(max_examples=200, deadline=None)
@given(table=st.lists(rows(), max_size=4))
def test_the_criteria_table_and_the_live_states_are_what_the_templates_made(
    table: list[dict[str, Any]],
) -> None:
    assert criteria_rows(table) == TEMPLATE_TABLE.render(Context({"rows": table}))
    assert live_states(table) == TEMPLATE_LIVE.render(Context({"rows": table}))


@pytest.mark.django_db
@pytest.mark.parametrize("strict", [False, True])
def test_every_demo_year_s_panel_is_what_the_templates_made(strict: bool) -> None:
    years = Assessment.objects.select_related("commune__province", "pack").order_by("pk")
    assert years.exists()
    for assessment in years:
        evidence, pack = load_assessment(assessment)
        panel = panel_for(pack, evidence, strict=strict)
        table = panel.rows
        assert len(table) > 40 and any(r["leaf"] for r in table)
        for row in table:
            assert row["state"] == TEMPLATE_STATE.render(Context({"info": row}))
        assert panel.criteria_html == TEMPLATE_TABLE.render(Context({"rows": table}))
        assert panel.live_html == TEMPLATE_LIVE.render(Context({"rows": table}))
        assert panel.rows is table  # made once: the page reads them three times


@pytest.mark.django_db
def test_the_panel_says_each_state_in_the_reports_words() -> None:
    """One word list for the web and the reports (parscore.report.text): a leaf lacking its
    documents is «thiếu minh chứng» as in the report, a tracked target is met or not."""
    seen: set[tuple[str, bool]] = set()
    for assessment in Assessment.objects.select_related("commune__province", "pack"):
        evidence, pack = load_assessment(assessment)
        for row in panel_for(pack, evidence, strict=False).rows:
            assert row["status_word"] == state_words(row["status"], row["tracked"])
            if row["leaf"]:
                seen.add((row["status"], row["tracked"]))
            if row["leaf"] and row["missing_evidence"]:
                assert row["state"].count(f">{STATUS_VI['at_risk']}</span>") == 1, row["state"]
    assert ("full", True) in seen and ("full", False) in seen  # both word lists were read
    assert state_words("full", True) == "đạt" and STATUS_VI["at_risk"] == "thiếu minh chứng"
