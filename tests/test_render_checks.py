"""The shortcuts of rendering: the control-character look before cleaning, and the sandbox's
answers kept per record type, give what the plain ways give."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence
from parscore.report.build import build_context
from parscore.report.context import ReportContext
from parscore.report.jinja_env import finalize
from parscore.report.render import has_control_chars
from parscore.report.sandbox import ReportSandbox
from parscore.safe_text import CONTROL_CHARS, clean_strings, clean_text
from parscore.scoring import score


@pytest.fixture(scope="module")
def ctx(sample_pack: LoadedPack, sample_evidence: LoadedEvidence) -> ReportContext:
    return build_context(score(sample_pack, sample_evidence), sample_pack, sample_evidence)


def _strings(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Where each string clean_strings reaches sits (field names, indices, dict keys)."""
    if isinstance(value, str):
        return [path]
    out: list[tuple[object, ...]] = []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.init:
                out += _strings(getattr(value, f.name), (*path, f.name))
    elif isinstance(value, tuple | list) and not hasattr(value, "_fields"):
        for i, v in enumerate(value):
            out += _strings(v, (*path, i))
    elif isinstance(value, dict):
        for k, v in value.items():
            out += _strings(v, (*path, ("key", k)))
    return out


def _dirtied(value: object, path: tuple[object, ...]) -> object:
    """``value`` with a bell character added to the string at ``path``."""
    if not path:
        assert isinstance(value, str)
        return value + "\x07"
    step, rest = path[0], path[1:]
    if isinstance(step, str):
        return dataclasses.replace(value, **{step: _dirtied(getattr(value, step), rest)})  # type: ignore[type-var]
    if isinstance(step, int):
        items = list(value)  # type: ignore[call-overload]
        items[step] = _dirtied(items[step], rest)
        return type(value)(items) if isinstance(value, list) else tuple(items)
    assert isinstance(value, dict)
    return {k: (_dirtied(v, rest) if ("key", k) == step else v) for k, v in value.items()}


def test_a_clean_report_needs_no_cleaning(ctx: ReportContext) -> None:
    assert not has_control_chars(ctx)
    assert clean_strings(ctx) == ctx  # so the writers see the same records either way


def test_a_control_character_anywhere_is_seen(ctx: ReportContext) -> None:
    places = _strings(ctx)
    assert len(places) > 100
    for path in random.Random(16).sample(places, 60):
        dirty = _dirtied(ctx, path)
        assert has_control_chars(dirty), path
        assert not has_control_chars(clean_strings(dirty))


def _env(cls: type[ImmutableSandboxedEnvironment]) -> jinja2.Environment:
    return cls(undefined=jinja2.StrictUndefined)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ctx.summary.__class__ }}",
        "{{ ctx.pack.__dataclass_fields__ }}",
        "{{ ctx.pack.__init__.__globals__ }}",
        "{{ ctx.template_vars().update }}",  # a dict's change: refused by the immutable sandbox
        "{{ ctx.template_vars.__globals__ }}",
        "{{ ctx.summary.__class__ }}{{ ctx.summary.__class__ }}",  # asked twice: kept answer
    ],
)
def test_the_sandbox_refuses_what_jinja_refuses(ctx: ReportContext, source: str) -> None:
    for cls in (ImmutableSandboxedEnvironment, ReportSandbox):
        with pytest.raises(SecurityError):
            _env(cls).from_string(source).render(ctx=ctx)


def test_the_sandbox_reads_what_jinja_reads(ctx: ReportContext) -> None:
    source = "{{ ctx.pack.id }} {{ ctx.summary }} {% for f in ctx.fields %}{{ f.code }}{% endfor %}"
    env = _env(ReportSandbox)
    want = _env(ImmutableSandboxedEnvironment).from_string(source).render(ctx=ctx)
    assert env.from_string(source).render(ctx=ctx) == want
    assert env.from_string(source).render(ctx=ctx) == want  # answers kept
    assert env._safe  # type: ignore[attr-defined]


@dataclasses.dataclass(frozen=True)
class _One:
    text: str


@dataclasses.dataclass(frozen=True)
class _Two:
    first: object
    second: object = None


class _Text(str):
    pass


class _Opaque:
    def __init__(self, text: str) -> None:
        self.text = text


_UNPRINTABLE_BUT_CLEAN = [
    "a\nb",
    "a\r\nb",
    "a\tb",
    "a\xa0b",
    "\u2028",
    "\u200b",
    "\u00ad",
    "\ue000",
]
_CONTROL = [
    "\x00",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1f",
    "\x7f",
    "\x80",
    "\x9f",
    "\ud800",
    "\ufffe",
    "\uffff",
]


@pytest.mark.parametrize("text", _UNPRINTABLE_BUT_CLEAN + _CONTROL)
@pytest.mark.parametrize(
    "wrap",
    [
        lambda s: s,
        lambda s: _One(s),
        lambda s: _Two(1, (_One("x"), [s])),
        lambda s: _Two({"k": s}),
        lambda s: _Two({s: 1}),
        lambda s: _Two(_Text(s)),  # a kind of string: as clean_strings sees it
    ],
)
def test_the_look_agrees_with_clean_strings(text: str, wrap: object) -> None:
    value = wrap(f"ok {text} ok")  # type: ignore[operator]
    assert has_control_chars(value) == (clean_strings(value) != value)
    assert has_control_chars(value) == (text in _CONTROL)


def test_what_clean_strings_keeps_is_not_looked_into() -> None:
    assert not has_control_chars(_Two(_Opaque("\x07"), "ok"))  # clean_strings keeps it as it is
    assert clean_strings(_Two(_Opaque("\x07"), "ok")).first.text == "\x07"


@settings(max_examples=300, derandomize=True, database=None)
@given(
    st.lists(st.text(alphabet=st.characters(min_codepoint=0, exclude_categories=())), max_size=4)
)
def test_the_look_never_misses_a_control_character(texts: list[str]) -> None:
    value = _Two(tuple(_One(t) for t in texts), {t: [t] for t in texts})
    assert has_control_chars(value) == any(CONTROL_CHARS.search(t) for t in texts)


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, exclude_categories=())))
def test_what_a_template_prints_holds_no_control_character(text: str) -> None:
    for value in (text, _Text(text)):
        assert finalize(value) == clean_text(value)
        assert not isinstance(finalize(value), Markup)
    printed = finalize(Markup(text))
    assert isinstance(printed, Markup) and printed == clean_text(text)
    assert finalize(None) is None and finalize(Decimal("1.50")) == Decimal("1.50")


@dataclasses.dataclass(frozen=True)
class _Record:
    """A record of the package (as far as the sandbox can tell) with awkward fields."""

    name: str
    formatter: object  # a ``str.format``: Jinja hands out a sandboxed wrapper instead
    inner: object = None

    @property
    def broken(self) -> str:
        raise AttributeError("broken")


_Record.__module__ = "parscore.report.context"


@pytest.mark.parametrize(
    ("source", "refused"),
    [
        ("{{ r.name }}|{{ r.name }}|{{ r.inner.name }}|{{ r.inner.inner }}", None),
        ("{{ r.inner.formatter(r) }}|{{ r.inner.formatter(r) }}", None),
        ("{{ r.formatter(r) }}", SecurityError),  # the wrapper refuses ``r.__class__``
        ("{{ r.inner.formatter(1) }}{{ r.formatter(r) }}", SecurityError),
        ("{{ r.formatter.__self__ }}", jinja2.UndefinedError),
        ("{{ r.broken }}", jinja2.UndefinedError),
        ("{{ r.name }}{{ r.broken }}", jinja2.UndefinedError),
        ("{{ r.missing }}", jinja2.UndefinedError),
        ("{{ r.__class__ }}", SecurityError),
    ],
)
def test_a_record_read_directly_is_read_as_jinja_reads_it(
    source: str, refused: type[Exception] | None
) -> None:
    record = _Record("a", "{0.__class__}".format, _Record("b", "x".format))
    outcomes = []
    for cls in (ImmutableSandboxedEnvironment, ReportSandbox):
        env = _env(cls)
        try:
            outcomes.append([env.from_string(source).render(r=record) for _ in range(2)])
        except Exception as exc:  # the same refusal, first time and with the answers kept
            outcomes.append(type(exc))
    assert outcomes[0] == outcomes[1]
    if refused is None:
        assert isinstance(outcomes[1], list)
    else:
        assert outcomes[1] is refused
