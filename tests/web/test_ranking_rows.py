"""The province ranking's rows are made in Python (thousands of rows): exactly the HTML the
template made from the same values, every value escaped."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.numbers import vi_number
from parscore.report.filters import Formatter
from parscore.web.models import Assessment, Commune, Province
from parscore.web.views.communes import _SLUG, _YEAR, _home_row, _year_url
from parscore.web.views.province import _memo, _row

from .conftest import login

# The row as the template wrote it before (web/province.html), kept here as the reference.
TEMPLATE_ROW = Template(
    "{% load parscore_vi %}{% for r in rows %}\n"
    '<tr><td class="num">{{ r.rank }}</td><td><a href="{{ r.url }}">{{ r.commune.name }}</a>'
    '{% if r.synthetic %} <span class="tag synthetic">dữ liệu mẫu</span>{% endif %}</td>\n'
    '<td class="num"><b>{{ r.score }}</b></td><td>{{ r.band }}</td><td class="num change">'
    '{% if r.change == "mới" %}<span class="tag">mới</span>{% else %}{{ r.change }} · '
    "{{ r.rank_change }}{% endif %}</td><td>{{ r.status|status_tag }}</td>"
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
    status=st.one_of(st.sampled_from([s for s, _ in Assessment.STATUSES]), TEXT),
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


# The commune list's row as the template wrote it before (web/home.html), the reference.
TEMPLATE_HOME_ROW = Template(
    "{% load parscore_vi %}{% for r in rows %}\n<tr>\n"
    "  <td><a href=\"{% url 'web:commune' r.commune.slug %}\">{{ r.commune.name }}</a>"
    '{% if r.latest.synthetic %} <span class="tag synthetic" title="{{ r.latest.synthetic }}">'
    "dữ liệu mẫu</span>{% endif %}</td>\n"
    "  <td>{{ r.commune.province.name }}</td>\n"
    "  <td>{% if r.latest %}<a href=\"{% url 'web:assessment' r.commune.slug r.latest.year %}\">"
    "{{ r.latest.year }}</a>{% else %}—{% endif %}</td>\n"
    '  <td class="num">{% if r.total %}{{ r.total.total.score|vi_num }}{% else %}—{% endif %}</td>\n'
    '  <td>{% if r.total %}{{ r.total.total.band|default:"—" }}{% endif %}</td>\n'
    "  <td>{% if r.latest %}{{ r.latest.status|status_tag }}{% endif %}</td>\n"
    "  <td>{% for a in r.years %}<a href=\"{% url 'web:assessment' r.commune.slug a.year %}\">"
    "{{ a.year }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}</td>\n"
    "</tr>\n{% endfor %}"
)


@settings(max_examples=100, deadline=None)
@given(
    name=TEXT,
    province=TEXT,
    slug=st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
    years=st.lists(st.integers(min_value=2000, max_value=2100), unique=True, max_size=4),
    synthetic=st.sampled_from(["", 'sinh tự động <seed 1> & "x"']),
    score=st.one_of(st.none(), st.decimals(places=2, min_value=0, max_value=100)),
    band=st.one_of(st.none(), st.just(""), TEXT),
    status=st.sampled_from([s for s, _ in Assessment.STATUSES]),
)
def test_a_commune_list_row_is_what_the_template_made(
    name: str,
    province: str,
    slug: str,
    years: list[int],
    synthetic: str,
    score: Decimal | None,
    band: str | None,
    status: str,
) -> None:
    years = sorted(years, reverse=True)
    commune = Commune(name=name, slug=slug, province=Province(name=province, slug="p"))
    assessments = [
        Assessment(commune=commune, year=y, synthetic=synthetic, status=status) for y in years
    ]
    latest = assessments[0] if assessments else None
    total = None
    if latest is not None and score is not None:
        total = SimpleNamespace(total=SimpleNamespace(score=score, band=band))
    row = {"commune": commune, "years": assessments, "latest": latest, "total": total}
    shown = (total.total.band or "—") if total is not None else ""
    made = _home_row(
        commune,
        f"/xa/{slug}/",
        [(a.year, f"/xa/{slug}/{a.year}/") for a in assessments],
        latest,
        vi_number(score) if total is not None and score is not None else None,
        shown,
    )
    assert made == TEMPLATE_HOME_ROW.render(Context({"rows": [row]}))


def test_links_made_once_are_the_reversed_ones() -> None:
    from django.urls import reverse

    link = reverse("web:assessment", args=[_SLUG, _YEAR])
    commune = reverse("web:commune", args=[_SLUG])
    for slug, year in [("dan-tien", 2025), ("xa-1111", 2024), ("a", 1111)]:
        assert _year_url(link, slug, year) == reverse("web:assessment", args=[slug, year])
        assert commune.replace(_SLUG, slug) == reverse("web:commune", args=[slug])
