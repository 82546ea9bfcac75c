"""Report templates: a strict environment that escapes HTML only, the built-in templates beside
the package, a user's templates overriding single files, located errors, the plan hook."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from parscore.errors import UsageError
from parscore.report.build import build_context
from parscore.report.filters import Formatter
from parscore.report.render import (
    builtin_templates_dir,
    make_environment,
    render_report,
    render_text,
)
from parscore.scoring import score

from .report_helpers import CASES, ROOT, context_for, load_case

# -- templates: StrictUndefined, overrides, the plan hook ----------------------------------------


def test_environment_is_strict_and_escapes_html_only() -> None:
    fmt = Formatter(2, "half_up")
    html_env, md_env = make_environment("html", fmt), make_environment("md", fmt)
    assert (
        html_env.undefined is jinja2.StrictUndefined and md_env.undefined is jinja2.StrictUndefined
    )
    with pytest.raises(jinja2.UndefinedError):
        html_env.from_string("{{ nothing_here }}").render()
    assert html_env.from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"
    assert md_env.from_string("{{ x }}").render(x="a|<i>") == "a\\|&lt;i>"


def test_builtin_templates_are_found_beside_the_package() -> None:
    folder = builtin_templates_dir()
    assert folder == ROOT / "templates"
    assert {"report.html.j2", "report.md.j2"} <= {p.name for p in folder.iterdir()}


def test_user_templates_override_single_files(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "gaps.html.j2").write_text(
        '<section id="khoang-cach"><p>Mẫu riêng: {{ gaps | length }} tiêu chí</p></section>\n',
        encoding="utf-8",
    )
    evidence, pack = load_case(CASES["full"])
    html = render_text(context_for(evidence, pack), "html", tmp_path)
    assert "Mẫu riêng: 9 tiêu chí" in html
    assert 'class="plan"' in html  # everything else still from the built-in templates


def test_undefined_name_in_a_user_template_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text(
        "# {{ commune }}\n\n{{ summary.scoer }}\n", encoding="utf-8"
    )
    evidence, pack = load_case(CASES["minimal"])
    with pytest.raises(UsageError) as info:
        render_text(context_for(evidence, pack), "md", tmp_path)
    issue = info.value.issues[0]
    assert issue.code == "PS603" and issue.line == 3 and issue.file is not None
    assert issue.file.endswith("report.md.j2") and "scoer" in issue.message


def test_plan_block_renders_only_when_a_plan_is_attached(tmp_path: Path) -> None:
    evidence, pack = load_case(CASES["full"])
    plain_ctx = context_for(evidence, pack)
    assert plain_ctx.plan is None
    (tmp_path / "partials").mkdir()
    for ext in ("html", "md"):
        (tmp_path / "partials" / f"plan.{ext}.j2").write_text(
            "KẾ HOẠCH: {{ plan.target }}\n", encoding="utf-8"
        )
    result = score(pack, evidence)
    with_plan = build_context(result, pack, evidence, plan={"target": 90})
    for fmt in ("html", "md"):
        assert "KẾ HOẠCH" not in render_text(plain_ctx, fmt, tmp_path)
        assert "KẾ HOẠCH: 90" in render_text(with_plan, fmt, tmp_path)
    with pytest.raises(ValueError, match="plan_writer"):
        render_report(with_plan, "docx")
    seen: list[object] = []
    render_report(with_plan, "docx", docx_plan_writer=lambda body, ctx: seen.append(ctx.plan))
    assert seen == [{"target": 90}]
