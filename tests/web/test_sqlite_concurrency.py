"""SQLite under several people at once (the server's threads): no "database is locked"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.slow

ROUNDS = 10


def test_staff_council_and_province_at_once_on_a_sqlite_file(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-m", "tests.web.concurrent_writers", str(tmp_path / "data"), str(ROUNDS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["problems"] == []  # was: 500s, "database is locked"
    assert result["answers"] == {
        "save": 2 * ROUNDS, "council": ROUNDS, "ranking": ROUNDS, "home": ROUNDS,
    }  # fmt: skip
    assert result["saved"] == {"dantien": str(40 + ROUNDS - 1), "tonghop6": str(40 + ROUNDS - 1)}
    assert result["journal"] == "wal"
