"""``parscore serve`` as a province's IT officer starts it: every way it cannot start (the data
folder, ``DATABASE_URL``, the PostgreSQL server, the port) is one Vietnamese line with code
PS604 and exit code 2, never a traceback."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from parscore.web.startup import data_dir_error, database_error, port_error

from ..conftest import ROOT
from .pgcluster import Cluster, find_bin_dir, start_cluster

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data: Path, *args: str, url: str | None = None) -> tuple[int, str]:
    """``parscore serve`` run to its end (it must not start): exit code, what it printed."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if url is not None:
        env["DATABASE_URL"] = url
    done = subprocess.run(
        [sys.executable, "-m", "parscore", "serve", "--data", str(data), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def _refused(result: tuple[int, str], *words: str) -> str:
    code, output = result
    assert code == 2, output
    assert "Traceback" not in output and "PS604" in output, output
    for word in words:
        assert word in output, output
    return output


def test_database_url_that_cannot_be_read(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu"
    _refused(_serve(data, url="mysql://u:p@h/parscore"), "chỉ hỗ trợ postgresql://")
    _refused(_serve(data, url="postgresql://u:p@h:cong/parscore"), "cổng phải là một số")
    _refused(_serve(data, url="postgresql://u:p@h:5432/"), "thiếu tên cơ sở dữ liệu")
    assert not data.exists()  # refused before anything is made


def test_data_folder_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "tep").write_text("a file, not a folder")
    _refused(_serve(tmp_path / "tep" / "du-lieu"), "không dùng được thư mục dữ liệu", "là một tệp")
    key_in_the_way = tmp_path / "khoa"  # a secret key the service's account cannot read
    (key_in_the_way / "secret_key").mkdir(parents=True)
    _refused(_serve(key_in_the_way), "không dùng được thư mục dữ liệu", "secret_key")
    denied = PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "x"))
    message = data_dir_error(tmp_path, denied).issues[0]
    assert "không có quyền đọc, ghi" in message.message and "chown -R" in message.hint
    read_only = OSError(errno.EROFS, "Read-only file system")
    assert "ổ đĩa chỉ cho đọc" in data_dir_error(tmp_path, read_only).issues[0].message


def test_a_damaged_sqlite_file(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu"
    data.mkdir()
    (data / "parscore.sqlite3").write_bytes(b"not a database at all " * 200)
    _refused(_serve(data), "bị hỏng hoặc không phải cơ sở dữ liệu SQLite", "sao lưu")


def test_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        in_use = _serve(tmp_path / "du-lieu", "--port", str(port))
        _refused(
            in_use,
            f"cổng {port} trên 127.0.0.1 đang được một chương trình khác dùng",
            f"--port {port + 1}",
        )
    # the data folder was made and the database migrated before the port was tried: said so,
    # never "no file was changed"
    assert "cơ sở dữ liệu đã được chuẩn bị" in in_use[1]
    assert "Không tệp nào bị thay đổi" not in in_use[1]
    assert (tmp_path / "du-lieu" / "parscore.sqlite3").exists()
    _refused(_serve(tmp_path / "du-lieu", "--host", "khong-co.invalid"), "không tìm thấy địa chỉ")
    low = port_error("0.0.0.0", 80, PermissionError(errno.EACCES, "Permission denied"))
    assert "cần quyền quản trị" in low.issues[0].message


def test_port_out_of_range(tmp_path: Path) -> None:
    code, output = _serve(tmp_path / "du-lieu", "--port", "70000")
    assert code == 2 and "cổng là một số từ 1 đến 65535" in output and "Traceback" not in output


def test_an_exception_that_is_no_database_failure_is_left_alone() -> None:
    assert database_error(KeyError("x"), {"ENGINE": "django.db.backends.sqlite3"}) is None


def test_a_postgresql_server_that_does_not_answer(tmp_path: Path) -> None:
    nothing = _free_port()
    _refused(
        _serve(tmp_path / "d", url=f"postgresql://u:p@127.0.0.1:{nothing}/parscore"),
        f"không kết nối được PostgreSQL tại 127.0.0.1:{nothing}",
        "pg_isready",
    )
    with socket.socket() as silent:  # accepts, never answers: reported after connect_timeout
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        url = f"postgresql://u:p@127.0.0.1:{port}/parscore?connect_timeout=2"
        _refused(_serve(tmp_path / "d", url=url), "không kết nối được PostgreSQL")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A throwaway cluster where the user ``matkhau`` signs in with a password."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL không có trên máy này (cần gói postgresql của Debian)")
    started = start_cluster(bin_dir)
    try:
        hba = started.folder / "data" / "pg_hba.conf"
        lines = "host all matkhau 127.0.0.1/32 scram-sha-256\n" + hba.read_text()
        hba.write_text(lines)
        started._run(str(bin_dir / "pg_ctl"), "-D", str(started.folder / "data"), "reload")
        admin = f"postgresql://postgres@127.0.0.1:{started.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute("CREATE ROLE matkhau LOGIN PASSWORD 'dung-mat-khau'")
            db.execute("CREATE ROLE khongchu LOGIN")
            db.execute("CREATE DATABASE parscore OWNER matkhau")
            db.execute("CREATE DATABASE cuaadmin")  # owned by postgres
        yield started
    finally:
        started.stop()


def test_postgresql_refusals(cluster: Cluster, tmp_path: Path) -> None:
    base = f"127.0.0.1:{cluster.port}"
    _refused(
        _serve(tmp_path / "d", url=f"postgresql://matkhau:sai@{base}/parscore"),
        "từ chối đăng nhập của tài khoản 'matkhau'",
        "createuser --pwprompt",
    )
    _refused(
        _serve(tmp_path / "d", url=f"postgresql://postgres@{base}/khongco"),
        "chưa có cơ sở dữ liệu 'khongco'",
        "createdb --owner postgres khongco",
    )
    _refused(
        _serve(tmp_path / "d", url=f"postgresql://ailaai@{base}/parscore"),
        "chưa có tài khoản 'ailaai'",
    )
    version = int(cluster.bin_dir.parent.name)
    if version >= 15:  # the public schema is its database owner's only from 15 on
        _refused(
            _serve(tmp_path / "d", url=f"postgresql://khongchu@{base}/cuaadmin"),
            "tài khoản 'khongchu' không có quyền tạo bảng trong cơ sở dữ liệu 'cuaadmin'",
            "ALTER DATABASE cuaadmin OWNER TO khongchu",
        )


def test_after_postgresql_restarts_no_page_fails(cluster: Cluster, tmp_path: Path) -> None:
    """Each server thread keeps its connection a minute; after a restart of PostgreSQL the first
    request of every thread was a 503 (the kept connection was dead)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env["DATABASE_URL"] = f"postgresql://matkhau:dung-mat-khau@127.0.0.1:{cluster.port}/parscore"
    server = subprocess.Popen(
        [sys.executable, "-m", "parscore", "serve", "--data", str(tmp_path), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "đang chạy tại" in line:
                break

        def answers() -> list[int]:
            """A bad API token, 24 times: each request reads the database."""
            codes = []
            for _ in range(24):
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/communes/",
                    headers={"Authorization": "Bearer khong-hop-le"},
                )
                try:
                    urllib.request.urlopen(request, timeout=30)
                except urllib.error.HTTPError as answer:
                    codes.append(answer.code)
            return codes

        assert set(answers()) == {401}  # every thread has its connection now
        cluster._run(str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.folder / "data"),
                     "-m", "fast", "-w", "restart")  # fmt: skip
        assert set(answers()) == {401}  # was 503 for the first request of each thread
    finally:
        server.terminate()
        server.wait(10)


def test_another_wsgi_server_refuses_a_database_not_migrated(tmp_path: Path) -> None:
    """``parscore.web.wsgi:application`` under gunicorn & co.: tables missing (or older than the
    code, after an upgrade) are said at start, not by every page failing."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env["PARSCORE_DATA"] = str(tmp_path / "du-lieu")

    def load(code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )

    refused = load("import parscore.web.wsgi")
    assert refused.returncode != 0
    assert "Cơ sở dữ liệu chưa được tạo hoặc chưa cập nhật" in refused.stderr
    assert "chạy 'parscore serve' một lần" in refused.stderr
    migrated = load(
        "from pathlib import Path; from parscore.web.server import prepare; "
        f"prepare(Path({str(tmp_path / 'du-lieu')!r}))\n"
        "import parscore.web.wsgi as w; print(callable(w.application))"
    )
    assert migrated.returncode == 0 and migrated.stdout.strip() == "True", migrated.stderr
