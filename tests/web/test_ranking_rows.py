"""The province ranking's rows are made in Python (thousands of rows): exactly the HTML the
template made from the same values, every value escaped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.report.filters import Formatter
from parscore.web.views.province import _memo, _row

from .conftest import login

# The row as the template wrote it before (web/province.html), kept here as the reference.
TEMPLATE_ROW = Template(
    "{% for r in rows %}\n"
    '<tr><td class="num">{{ r.rank }}</td><td><a href="{{ r.url }}">{{ r.commune.name }}</a>'
    '{% if r.synthetic %} <span class="tag synthetic">dữ liệu mẫu</span>{% endif %}</td>\n'
    '<td class="num"><b>{{ r.score }}</b></td><td>{{ r.band }}</td><td class="num change">'
    '{% if r.change == "mới" %}<span class="tag">mới</span>{% else %}{{ r.change }} · '
    "{{ r.rank_change }}{% endif %}</td><td>{{ r.status }}</td>"
    '{% for v in r.fields %}<td class="num">{{ v }}</td>{% endfor %}</tr>\n'
    "{% endfor %}"
)

TEXT = st.text(alphabet=st.sampled_from(list("aăâđêôơư Xã-<>&\"'0123456789,.·↑↓=—")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    rank=st.integers(min_value=1, max_value=20_000),
    name=TEXT,
    synthetic=st.booleans(),
    score=TEXT,
    band=TEXT,
    change=st.one_of(st.just("mới"), TEXT),
    rank_change=TEXT,
    status=TEXT,
    fields=st.lists(TEXT, max_size=9),
)
def test_a_row_is_what_the_template_made(
    rank: int,
    name: str,
    synthetic: bool,
    score: str,
    band: str,
    change: str,
    rank_change: str,
    status: str,
    fields: list[str],
) -> None:
    url = f"/xa/{name}/2025/"
    row = {
        "rank": rank,
        "url": url,
        "commune": {"name": name},
        "synthetic": synthetic,
        "score": score,
        "band": band,
        "change": change,
        "rank_change": rank_change,
        "status": status,
        "fields": fields,
    }
    made = _row(
        rank=rank,
        url=url,
        name=name,
        synthetic=synthetic,
        score=score,
        band=band,
        change=change,
        rank_change=rank_change,
        status=status,
        fields=fields,
    )
    assert made == TEMPLATE_ROW.render(Context({"rows": [row]}))


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-200, max_value=200))
def test_remembered_formatting_is_the_formatter_s(value: Decimal) -> None:
    fmt = Formatter(2, "half_up")
    pts = _memo(fmt.pts)
    for same in (value, value.normalize(), value.quantize(Decimal("0.000001"))):
        assert pts(same) == fmt.pts(same)
    assert pts(None) == "—"


@pytest.mark.django_db
def test_the_ranking_page_lists_every_commune_in_rank_order() -> None:
    page = login("province").get("/tinh/thai-nguyen/2025/").content.decode()
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    ranks = [int(cell.split("</td>")[0]) for cell in body.split('<tr><td class="num">')[1:]]
    assert len(ranks) >= 3 and ranks == sorted(ranks) and ranks[0] == 1
    assert 'href="/xa/dan-tien/2025/">Dân Tiến</a>' in body
