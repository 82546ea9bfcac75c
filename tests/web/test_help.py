"""The help page (/huong-dan/): readable signed in or not, the reader's own role first and open,
linked from every page's menu and from the login page, and every button or link name it quotes
still on the app's pages (a renamed button fails here, not in a user's hands)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.utils.text import capfirst

from parscore.report.adjustment_words import at_risk_title
from parscore.vi import STRICT_EVIDENCE_RULE
from parscore.web.models import Assessment, Membership
from parscore.web.views.guide import ROLE_SECTIONS, STATUS_HELP
from parscore.web.views.province import DEADLINES
from parscore.web.workflow import ACTIONS

from .conftest import login

TEMPLATES = Path(__file__).resolve().parents[2] / "parscore" / "web" / "templates"
HELP = TEMPLATES / "web" / "help.html"
QUOTED = re.compile(r'<span class="ui">(.*?)</span>', re.S)
OWN = re.compile(r'<details class="role-help card own" id="vai-tro-([a-z-]+)" open>')
SECTION = re.compile(r'<details class="role-help card[^"]*" id="vai-tro-([a-z-]+)"')

# which section each demo user's role is written in (None: no role section of their own)
OWN_SECTION = {
    "staff": "xa",
    "leader": "lanh-dao",
    "council": "hoi-dong",
    "field_council": "hoi-dong",
    "auditor": "hoi-dong",
    "province": "tinh",
    "admin": None,
    "outsider": None,
}


def _app_text() -> str:
    """Every template of the app but the help page itself."""
    return "\n".join(p.read_text() for p in sorted(TEMPLATES.rglob("*.html")) if p != HELP)


def _constants() -> set[str]:
    """Names the pages show from the code: the council's buttons (as the round page writes
    them), the steps of a year, the deadlines, the roles, the score panel's list of criteria
    lacking documents (at risk; as at appraisal, scored 0)."""
    return (
        {capfirst(a.label) for a in ACTIONS.values()}
        | {at_risk_title(strict, short=True) for strict in (False, True)}
        | {label for _, label in Assessment.STATUSES}
        | {label for _, label in DEADLINES}
        | {label for _, label in Membership.ROLES}
    )


# the elements a user clicks or reads as a name: buttons, links, folding titles, field labels,
# headings, table headings, form frames
NAMED = r"<(?:button|a|summary|label|h[1-6]|th|legend)\b[^>]*>"


def _on_a_page(name: str, text: str) -> bool:
    """``name`` is a whole button's, link's, heading's or label's text on a page (its start,
    or after a template tag; then its end, a bracket or a colon), not part of a longer text nor a
    message or a sentence quoting it (a renamed button is still quoted in such)."""
    before = r"(?:[^<]*?(?:%\}|\}\}))?\s*"
    after = r"\s*(?:<|\{|\(|:)"
    return re.search(NAMED + before + re.escape(name) + after, text) is not None


def missing_names(page: str, app_text: str, constants: set[str]) -> list[str]:
    names = {html.unescape(n).strip() for n in QUOTED.findall(page)}
    return sorted(n for n in names if n not in constants and not _on_a_page(n, app_text))


def _page(role: str | None) -> str:
    response = login(role).get("/huong-dan/")
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *OWN_SECTION])
def test_every_button_and_link_the_help_quotes_is_on_the_app_s_pages(role: str | None) -> None:
    page = _page(role)
    assert len(QUOTED.findall(page)) >= 50  # the pattern finds the quoted names
    assert missing_names(page, _app_text(), _constants()) == []


def test_a_renamed_button_is_caught() -> None:
    """The check itself: a button renamed in a template (or a constant) is reported."""
    page = '<span class="ui">Lưu số liệu</span> <span class="ui">Bắt đầu thẩm định vòng 1</span>'
    app = _app_text()
    assert missing_names(page, app, _constants()) == []
    renamed = app.replace(">Lưu số liệu<", ">Lưu<")
    assert missing_names(page, renamed, set()) == ["Bắt đầu thẩm định vòng 1", "Lưu số liệu"]
    # part of a sentence is not a button's name
    assert missing_names('<span class="ui">số liệu</span>', app, set()) == ["số liệu"]


# a button named in a sentence where no markup can go (a confirm box's text in an attribute,
# a message written in the code): bấm “…”, nút “…”
SAID = re.compile(r"(?:[Bb]ấm|[Nn]út) “([^”{}]+)”")
WEB = TEMPLATES.parent


def _quoted_in_sources() -> dict[str, list[str]]:
    """Every template's and web module's quoted names (template variables left out), by file."""
    found: dict[str, list[str]] = {}
    for path in sorted([*TEMPLATES.rglob("*.html"), *WEB.rglob("*.py")]):
        text = path.read_text()
        names = [] if path == HELP else [n for n in QUOTED.findall(text) if "{" not in n]
        names += SAID.findall(text)
        if names:
            found[str(path.relative_to(WEB))] = names
    return found


def test_every_button_name_quoted_in_a_template_or_a_message_is_on_the_app_s_pages() -> None:
    """Texts such as «bấm “Lưu số liệu” trước» went stale silently when a button was renamed."""
    quoted = _quoted_in_sources()
    for where in ("assessment", "province", "partials/expired_panel"):
        assert f"templates/web/{where}.html" in quoted  # the patterns find the marked names
    app, constants = _app_text(), _constants()
    missing = {
        where: gone
        for where, names in quoted.items()
        if (
            gone := missing_names(
                "".join(f'<span class="ui">{n}</span>' for n in names), app, constants
            )
        )
    }
    assert missing == {}


def test_a_button_renamed_under_a_template_s_quote_is_caught() -> None:
    app = _app_text().replace(">Mở lại để xã sửa<", ">Mở lại<")
    names = _quoted_in_sources()["templates/web/province.html"]
    page = "".join(f'<span class="ui">{n}</span>' for n in names)
    assert missing_names(page, app, set()) == ["Mở lại để xã sửa"]


@pytest.mark.django_db
def test_anonymous_reader_sees_every_role_folded_and_the_names_from_the_code() -> None:
    page = _page(None)
    assert SECTION.findall(page) == [key for key, _, _ in ROLE_SECTIONS]
    assert OWN.findall(page) == [] and "vai trò của bạn" not in page
    assert 'href="/dang-nhap/"' in page
    for _, label in Assessment.STATUSES:  # every step of a year, said as the app says it
        assert f">{label}</span>" in page
    for name in ("start_round_1", "ask_explanations", "start_round_2", "finalise"):
        assert f'<span class="ui">{capfirst(ACTIONS[name].label)}</span>' in page
    for _, label in DEADLINES:
        assert f"<b>{label}</b>" in page


def test_the_appraisal_score_is_explained_as_the_outputs_say_it() -> None:
    """Criteria and bonus items alike: the rule every report and plan states."""
    page = _page(None)
    assert f"tính như hội đồng thẩm định sẽ tính: {STRICT_EVIDENCE_RULE}. Đây" in page
    assert "Tiêu chí, mục điểm thưởng còn thiếu tài liệu kiểm chứng vẫn được tính điểm." in page


def test_every_step_of_a_year_is_explained() -> None:
    assert set(STATUS_HELP) == {key for key, _ in Assessment.STATUSES}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(OWN_SECTION))
def test_a_signed_in_reader_s_own_role_comes_first_open_and_marked(role: str) -> None:
    page = _page(role)
    sections = SECTION.findall(page)
    assert sorted(sections) == sorted(key for key, _, _ in ROLE_SECTIONS)
    own = OWN_SECTION[role]
    if own is None:
        assert OWN.findall(page) == []
        return
    assert sections[0] == own
    assert OWN.findall(page) == [own]  # the only one open; the others folded
    assert page.count(" open>") == 1
    assert "vai trò của bạn" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "path"),
    [
        (None, "/dang-nhap/"),
        ("staff", "/"),
        ("staff", "/xa/dan-tien/2025/"),
        ("council", "/xa/dan-tien/2025/tham-dinh/"),
        ("province", "/tinh/thai-nguyen/2025/"),
        ("staff", "/huong-dan/"),
    ],
)
def test_the_menu_links_to_the_help_on_every_page(role: str | None, path: str) -> None:
    page = login(role).get(path).content.decode()
    assert '<a href="/huong-dan/" id="menu-huong-dan"' in page


@pytest.mark.django_db
def test_the_login_page_offers_the_help_and_the_403_page_too() -> None:
    page = login(None).get("/dang-nhap/").content.decode()
    assert 'class="login-help"><a href="/huong-dan/">Hướng dẫn sử dụng</a>' in page
    denied = login("other_staff").get("/xa/dan-tien/2025/")
    assert denied.status_code == 403
    assert 'id="menu-huong-dan"' in denied.content.decode()


@pytest.mark.django_db
def test_signing_in_says_what_to_check_what_locks_a_name_everywhere_and_what_ends_a_known_browser() -> (
    None
):
    """The section on signing in said guessers elsewhere never lock one out (50 failures from
    everywhere in a day do), and that only a password change ends a known browser (clearing the
    browser's cookies, a private window, a password set again as it was do too)."""
    page = _page(None)
    section = page[page.index('id="dang-nhap"') :]
    section = html.unescape(re.sub(r"<[^>]+>", "", section[: section.index("</section>")]))
    assert "Caps Lock" in section and "bộ gõ tiếng Việt" in section
    assert "50 lần trong 24 giờ, cộng mọi nơi): khi đó tên bị khóa ở mọi nơi" in section
    assert "ghi nhớ 5 tài khoản đăng nhập gần nhất" in section
    for case in ("xóa cookie", "cửa sổ ẩn danh", "kể cả đặt lại đúng mật khẩu cũ"):
        assert case in section, case
