"""``plan`` and the HTML report load only what they use: no pydantic validator is built (the
planned documents are made as validation would make them), no what-if scenario module."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLE_COMMUNE, SAMPLE_PACK

SHOW = (
    "from parscore.model.evidence import Document, Evidence\n"
    "print(Document.__pydantic_complete__, Evidence.__pydantic_complete__,"
    " 'importlib.metadata' in sys.modules, 'parscore.planning.scenario' in sys.modules,"
    " file=sys.stderr)\n"
)


def _run(args: list[str], cache: Path) -> list[str]:
    code = (
        "import sys\n"
        "from parscore.cli import entry\n"
        f"sys.argv = ['parscore', *{args!r}]\n"
        "assert entry() in (0, 1)\n" + SHOW
    )
    env = {**os.environ, "PARSCORE_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stderr.split()[-4:]


@pytest.mark.slow
@pytest.mark.parametrize("view", ["plan", "html", "md"])
def test_a_view_builds_no_validator_and_loads_no_scenario(view: str, tmp_path: Path) -> None:
    args = [str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK)]
    if view == "plan":
        args = ["plan", *args]
    else:
        args = ["report", *args, "-o", str(tmp_path / f"r.{view}"), "--force"]
    cache = tmp_path / "cache"
    _run(args, cache)  # the first run writes the pack's cache entry
    assert _run(args, cache) == ["False", "False", "False", "False"]


def test_the_planning_package_gives_its_names_from_their_modules() -> None:
    import importlib

    import parscore.planning as planning

    for name in planning.__all__:
        module = importlib.import_module(f"parscore.planning.{planning._WHERE[name]}")
        assert getattr(planning, name) is getattr(module, name)
    with pytest.raises(AttributeError):
        planning.nothing  # noqa: B018


@pytest.mark.slow
def test_a_report_loads_the_candidates_not_the_optimiser() -> None:
    code = (
        "import sys, parscore.report.build\n"
        "print('parscore.planning.candidates' in sys.modules,"
        " 'parscore.planning.optimise' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]
