"""The CLI imports a command's module (and Excel, Word, templates) only when that command runs."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from parscore.cli.main import COMMANDS, build_parser

HEAVY = ("openpyxl", "docx", "jinja2", "django")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


@pytest.mark.slow
def test_importing_the_cli_imports_no_heavy_library() -> None:
    loaded = _modules_after("import parscore.cli.main")
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]
    assert not [m for m in loaded if m.startswith("parscore.cli.") and m.endswith("_cmd")]


@pytest.mark.slow
def test_help_and_score_setup_import_no_heavy_library() -> None:
    loaded = _modules_after(
        "from parscore.cli.main import build_parser\n"
        "build_parser(None).format_help()\n"
        "build_parser('score').parse_args(['score', 'x.yaml'])"
    )
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]
    assert "parscore.cli.score_cmd" in loaded
    assert "parscore.cli.report_cmd" not in loaded


def test_every_command_registers_when_asked() -> None:
    for name in COMMANDS:
        parser = build_parser(name)
        subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert callable(subs.choices[name].get_default("run")), name
        assert list(subs.choices) == [name]  # the other commands are not even listed


def test_without_a_command_every_command_is_listed_and_none_registered() -> None:
    parser = build_parser(None)
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(subs.choices) == list(COMMANDS)
    assert all(sub.get_default("run") is None for sub in subs.choices.values())


@pytest.mark.slow
def test_a_word_report_loads_no_jinja_and_a_plain_report_no_planner() -> None:
    loaded = _modules_after(
        "from parscore.cli.main import build_parser\n"
        "build_parser('report').parse_args(['report', 'x.yaml', '-o', 'r.docx'])\n"
        "import parscore.report.render, parscore.report.docx_writer"
    )
    assert "parscore.cli.report_cmd" in loaded and "parscore.report.docx_xml" in loaded
    # the Word report is written without python-docx (and so without lxml)
    assert not [m for m in loaded if m.split(".")[0] in ("docx", "lxml")]
    assert not [m for m in loaded if m.split(".")[0] == "jinja2"]
    assert not [m for m in loaded if m in ("parscore.planner", "parscore.planning.projection")]
