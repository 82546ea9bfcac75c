"""The shortcuts of rendering: the control-character look before cleaning, and the sandbox's
answers kept per record type, give what the plain ways give."""

from __future__ import annotations

import dataclasses
import random

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence
from parscore.report.build import build_context
from parscore.report.context import ReportContext
from parscore.report.jinja_env import ReportSandbox
from parscore.report.render import has_control_chars
from parscore.safe_text import clean_strings
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
