"""``parscore serve --demo`` starts the app from any folder and prints its URL; starting again on
the same data folder keeps everything."""

from __future__ import annotations

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(
    data: Path, cwd: Path, *extra: str, env_extra: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(env_extra or {})
    # this checkout's parscore, whatever the folder it starts in
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "parscore",
            "serve",
            "--data",
            str(data),
            "--port",
            str(port),
            *extra,
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "đang chạy tại" in line:
            break
    else:
        process.wait(10)
        pytest.fail("".join(lines))
    return process, "".join(lines)


def _get(url: str) -> tuple[int, str]:
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.URLError:
            time.sleep(0.1)
    raise AssertionError(url)


def test_serve_demo_then_serve_again_keeps_data(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu"
    process, output = _serve(data, tmp_path, "--demo")
    try:
        url = output.split("đang chạy tại ")[1].split()[0]
        assert "dantien" in output and "tinh" in output and "parscore-demo" in output
        status, page = _get(url + "dang-nhap/")
        assert status == 200 and "Đăng nhập" in page
        status, script = _get(url + "static/parscore/htmx.min.js")
        assert status == 200 and script.startswith("/*! htmx")
    finally:
        process.terminate()
        process.wait(10)
    assert (data / "secret_key").stat().st_mode & 0o077 == 0
    database = data / "parscore.sqlite3"

    def counts() -> tuple[int, int, int]:
        with sqlite3.connect(database) as db:
            return tuple(  # type: ignore[return-value]
                db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("web_assessment", "web_metricvalue", "auth_user")
            )

    before = counts()
    assert before[0] == 9 and before[2] == 7
    assert "Đã tính sẵn điểm (9 năm tự đánh giá cần tính lại)" in output
    with sqlite3.connect(database) as db:  # every year scored at start-up, none left for a page
        current = (
            "SELECT COUNT(*) FROM web_scorecache WHERE computed = revision AND totals IS NOT NULL"
        )
        assert db.execute(current).fetchone()[0] == 9
    process, again = _serve(data, tmp_path)
    assert "Đã tính sẵn điểm (0 năm tự đánh giá cần tính lại)" in again  # nothing changed
    process.terminate()
    process.wait(10)
    assert counts() == before


def _ask(
    url: str, path: str, headers: dict[str, str], body: str | None = None
) -> http.client.HTTPResponse:
    """One request, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    for _ in range(50):
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            connection.request("POST" if body else "GET", path, body=body, headers=headers)
        except ConnectionRefusedError:
            time.sleep(0.1)
            continue
        response = connection.getresponse()
        response.read()
        return response
    raise AssertionError(url)


def test_behind_a_reverse_proxy_https_and_the_users_address_are_believed(tmp_path: Path) -> None:
    """With PARSCORE_HTTPS=1 behind nginx (README): a request the proxy marks HTTPS is served,
    not redirected to HTTPS for ever, and a failed login counts against the user's address, not
    the proxy's (20 failures anywhere locked every user out); another address cannot say so."""
    host = "cchc.example.vn"
    https = {"PARSCORE_HTTPS": "1", "PARSCORE_ALLOWED_HOSTS": host}
    data = tmp_path / "du-lieu"
    process, output = _serve(data, tmp_path, env_extra=https)
    try:
        url = output.split("đang chạy tại ")[1].split()[0]
        plain = _ask(url, "/dang-nhap/", {"Host": host})
        assert plain.status == 301 and plain.headers["Location"] == f"https://{host}/dang-nhap/"
        proxied = {"Host": host, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        page = _ask(url, "/dang-nhap/", proxied)
        assert page.status == 200  # was 301 to the same address: a redirect loop
        cookie = page.headers["Set-Cookie"].split(";")[0]
        token = cookie.split("=", 1)[1]
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "ai-do", "password": "sai-mat-khau"}
        )
        posted = {
            **proxied,
            "Cookie": cookie,
            "Origin": f"https://{host}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        assert _ask(url, "/dang-nhap/", posted, form).status == 200  # refused, said on the page
    finally:
        process.terminate()
        process.wait(10)
    with sqlite3.connect(data / "parscore.sqlite3") as db:
        rows = db.execute("SELECT username, address FROM web_loginfailure").fetchall()
    assert rows == [("ai-do", "203.0.113.7")]  # was the proxy's 127.0.0.1
    process, output = _serve(
        data, tmp_path, env_extra={**https, "PARSCORE_TRUSTED_PROXY": "10.9.8.7"}
    )
    try:  # the headers of any other sender are dropped
        url = output.split("đang chạy tại ")[1].split()[0]
        assert _ask(url, "/dang-nhap/", proxied).status == 301
    finally:
        process.terminate()
        process.wait(10)


def _refusal(url: str, length: int) -> bytes:
    """The server's answer to an upload announcing ``length`` bytes, of which none is sent."""
    parsed = urllib.parse.urlsplit(url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as s:
        s.sendall(
            b"POST /xa/dan-tien/2025/tai-lieu/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode()
        )
        answer = b""
        while chunk := s.recv(65536):  # the server closes: the body is never waited for
            answer += chunk
    return answer


def test_an_upload_far_over_the_limit_is_refused_unread_in_vietnamese(tmp_path: Path) -> None:
    """The front door (waitress) answered a body over its limit with a bare English page
    («Request Entity Too Large … generated by parscore»). It still refuses before reading the
    body (a terabyte announced, nothing sent: answered at once), now in Vietnamese, saying the
    limit and what to do."""
    process, output = _serve(tmp_path / "du-lieu", tmp_path)
    try:
        url = output.split("đang chạy tại ")[1].split()[0]
        answer = _refusal(url, 10**12).decode("utf-8")
        head, page = answer.split("\r\n\r\n", 1)
        assert head.startswith("HTTP/1.1 413 ") and "text/html; charset=utf-8" in head
        assert "Tệp gửi lên quá lớn" in page and "tối đa <b>20 MB</b>" in page
        assert "150 dpi" in page and "quay lại trang trước" in page
        assert "generated by" not in page and "Too Large" not in page
        assert _get(url + "dang-nhap/")[0] == 200  # the server goes on serving
    finally:
        process.terminate()
        process.wait(10)
