"""parscore's own templates print each value through one call (``printed_html``), exactly as
``escape(finalize(value))`` prints it; a user's templates keep Jinja's own code, in the sandbox."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from parscore.report.filters import Formatter
from parscore.report.jinja_env import OwnEnvironment, finalize, printed_html
from parscore.report.render import make_environment

TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["<b>&'\"", "a\x00b", "\u200b\ufeff", "dòng\nmới\ttab", "\x1b[31m", "xã Dân Tiến"]
)
VALUES = (
    TEXTS
    | TEXTS.map(Markup)
    | st.decimals(allow_nan=False, allow_infinity=False, places=3)
    | st.integers()
    | st.none()
    | st.booleans()
    | st.dates()
)


class _Text(str):
    """A str subclass that is not markup."""


class _Html:
    def __html__(self) -> str:
        return "<i>kept</i>"


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_one_call_prints_what_escape_of_finalize_prints(value: object) -> None:
    assert printed_html(value) == str(escape(finalize(value)))


@pytest.mark.parametrize(
    "value",
    [_Text("<x>\x07"), _Html(), Decimal("-0.00"), dt.date(2025, 2, 28), Markup("<b>\x00</b>")],
)
def test_other_kinds_of_values_print_alike(value: object) -> None:
    assert printed_html(value) == str(escape(finalize(value)))


def test_an_undefined_name_still_stops_the_report() -> None:
    env = make_environment("html", Formatter(2, "half_up"))
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nothing }}").render()


def test_own_templates_compile_to_one_call_and_user_templates_do_not(tmp_path: Path) -> None:
    own = make_environment("html", Formatter(2, "half_up"))
    assert isinstance(own, OwnEnvironment)
    code = own.compile("{{ x }} {{ y.z }}", raw=True)
    assert code.count("environment.printed_html(") == 2 and "escape(" not in code
    assert (
        own.from_string("{{ x }}|{{ m }}").render(x="<a>\x00", m=Markup("<b>")) == "&lt;a&gt;|<b>"
    )
    users = make_environment("html", Formatter(2, "half_up"), tmp_path)  # --templates: sandboxed
    assert not isinstance(users, OwnEnvironment)
    assert "printed_html" not in users.compile("{{ x }}", raw=True)
    markdown = make_environment("md", Formatter(2, "half_up"))  # not escaped: Jinja's code
    assert "printed_html" not in markdown.compile("{{ x }}", raw=True)
