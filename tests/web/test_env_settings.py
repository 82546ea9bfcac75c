"""Whole-number settings from the environment: a wrong value stops ``parscore serve`` with a
Vietnamese message naming the variable (exit 2), never a traceback, before anything is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from parscore.web.env_settings import DEFAULT_MAX_UPLOAD, max_upload, session_hours


def test_the_upload_limit_is_bytes_within_its_bounds() -> None:
    assert max_upload(None) == max_upload("") == DEFAULT_MAX_UPLOAD == 20 * 1024 * 1024
    assert max_upload(" 1048576 ") == 1024 * 1024
    assert max_upload("52_428_800") == 50 * 1024 * 1024
    for bad in ("abc", "20MB", "0", "-1", "1024", "1,5", str(2**40), "٣٠٠٠٠٠٠"):
        with pytest.raises(ValueError, match=r"PARSCORE_MAX_UPLOAD='.*' không hợp lệ: cần số byte"):
            max_upload(bad)


def test_the_session_lifetime_is_whole_hours_up_to_a_month() -> None:
    assert session_hours(None) == session_hours(" ") == 12
    assert session_hours("8") == 8 and session_hours("720") == 720
    for bad in ("0", "721", "12h", "1,5", "-3"):
        with pytest.raises(ValueError, match=r"PARSCORE_SESSION_MAX_HOURS='.*' không hợp lệ"):
            session_hours(bad)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("PARSCORE_MAX_UPLOAD", "20MB", "cần số byte"),
        ("PARSCORE_SESSION_IDLE_MINUTES", "hai giờ", "cần số phút"),
        ("PARSCORE_SESSION_MAX_HOURS", "0", "cần số giờ"),
    ],
)
def test_a_wrong_setting_stops_serve_with_exit_2(
    tmp_path: Path, name: str, value: str, said: str
) -> None:
    env = {**os.environ, name: value}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "parscore", "serve", "--data", str(tmp_path / "du-lieu")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert f"{name}='{value}' không hợp lệ: {said}" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "du-lieu").exists()
