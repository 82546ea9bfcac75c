"""``parscore backup`` / ``parscore restore``: a consistent copy while the server writes (a file
copy of the database misses what is still in its write-ahead log), checked, never over another
backup; a restore into the live database, refused over data unless ``--replace``."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from parscore.cli.main import main

KEY = "khoa-bi-mat\n"
FILE = "ab/ab12cd"


def _years(path: Path) -> list[int]:
    with closing(sqlite3.connect(path)) as db:
        return [r[0] for r in db.execute("SELECT id FROM web_assessment ORDER BY id")]


@pytest.fixture
def running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """A data folder as the server leaves it while it runs: the database in WAL mode with its
    last saves still in the log (an open connection, no checkpoint), a file, the secret key."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    data = tmp_path / "du-lieu"
    (data / "files" / "ab").mkdir(parents=True)
    (data / "files" / FILE).write_bytes(b"%PDF-1.4 bien ban")
    (data / "secret_key").write_text(KEY)
    server = sqlite3.connect(data / "parscore.sqlite3", isolation_level=None)
    server.execute("PRAGMA journal_mode=WAL")
    server.execute("PRAGMA wal_autocheckpoint=0")
    server.execute("CREATE TABLE web_assessment (id INTEGER PRIMARY KEY, note TEXT)")
    server.executemany("INSERT INTO web_assessment VALUES (?, 'x')", [(1,), (2,), (3,)])
    try:
        yield data, server
    finally:
        server.close()


def test_backup_while_running_then_restore(
    running: tuple[Path, sqlite3.Connection], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, server = running
    copied = tmp_path / "chep-tay"
    copied.mkdir()
    shutil.copyfile(data / "parscore.sqlite3", copied / "parscore.sqlite3")
    with closing(sqlite3.connect(copied / "parscore.sqlite3")) as db:  # a file copy lacks
        assert db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0  # the log's

    dest = tmp_path / "sao-luu" / "2026-12-03"
    assert main(["backup", str(dest), "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Đã sao lưu cơ sở dữ liệu (3 năm đánh giá, đã kiểm tra toàn vẹn)" in out
    assert "Tệp tài liệu: 1 tệp (1 tệp mới chép)" in out and "Khóa bí mật: đã chép" in out
    assert _years(dest / "parscore.sqlite3") == [1, 2, 3]
    assert sorted(p.name for p in dest.iterdir()) == ["files", "parscore.sqlite3", "secret_key"]
    assert (dest / "files" / FILE).read_bytes() == b"%PDF-1.4 bien ban"
    assert (dest / "secret_key").read_text() == KEY
    assert (dest / "secret_key").stat().st_mode & 0o077 == 0
    assert (dest / "parscore.sqlite3").stat().st_mode & 0o077 == 0
    with closing(sqlite3.connect(dest / "parscore.sqlite3")) as db:  # one self-contained file
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"

    assert main(["backup", str(dest), "--data", str(data)]) == 2  # never over another backup
    assert "PS605" in capsys.readouterr().err

    server.execute("DELETE FROM web_assessment WHERE id = 2")  # a mistake made after the backup
    server.execute("INSERT INTO web_assessment VALUES (9, 'y')")
    assert main(["restore", str(dest), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "PS605" in err and "đang có dữ liệu (3 năm đánh giá)" in err and "--replace" in err
    assert _years(data / "parscore.sqlite3") == [1, 3, 9]  # nothing changed

    assert main(["restore", str(dest), "--data", str(data), "--replace"]) == 0
    assert "Đã khôi phục cơ sở dữ liệu (3 năm đánh giá)" in capsys.readouterr().out
    # the server's own connection reads the restored data (no stale log undoes it)
    assert [r[0] for r in server.execute("SELECT id FROM web_assessment ORDER BY id")] == [1, 2, 3]

    fresh = tmp_path / "may-moi"  # onto a new machine: everything comes back
    assert main(["restore", str(dest), "--data", str(fresh)]) == 0
    assert _years(fresh / "parscore.sqlite3") == [1, 2, 3]
    assert (fresh / "files" / FILE).read_bytes() == b"%PDF-1.4 bien ban"
    assert (fresh / "secret_key").read_text() == KEY


def test_second_backup_copies_only_new_files(
    running: tuple[Path, sqlite3.Connection], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = running
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["backup", str(first), "--data", str(data)]) == 0
    shutil.copytree(first / "files", second / "files")  # the last backup's files, kept
    (data / "files" / "cd").mkdir()
    (data / "files" / "cd" / "cd34ef").write_bytes(b"anh")
    capsys.readouterr()
    assert main(["backup", str(second), "--data", str(data)]) == 0
    assert "Tệp tài liệu: 2 tệp (1 tệp mới chép)" in capsys.readouterr().out


def test_refusals(
    running: tuple[Path, sqlite3.Connection], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = running
    assert main(["backup", str(tmp_path / "x"), "--data", str(tmp_path / "khong-co")]) == 2
    assert "không có cơ sở dữ liệu trong thư mục dữ liệu" in capsys.readouterr().err
    assert main(["restore", str(tmp_path), "--data", str(data)]) == 2
    assert "không phải một bản sao lưu của parscore" in capsys.readouterr().err
    broken = tmp_path / "hong"
    broken.mkdir()
    (broken / "parscore.sqlite3").write_bytes(b"not a database " * 300)
    assert main(["restore", str(broken), "--data", str(data), "--replace"]) == 2
    err = capsys.readouterr().err
    assert "không phải cơ sở dữ liệu SQLite hoặc đã hỏng" in err and "Traceback" not in err
    assert _years(data / "parscore.sqlite3") == [1, 2, 3]


def test_on_postgresql_the_files_and_key_are_copied_and_pg_dump_named(
    running: tuple[Path, sqlite3.Connection],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, _ = running
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@h:5432/parscore")
    dest = tmp_path / "pg"
    assert main(["backup", str(dest), "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "pg_dump --format=custom" in out and "Tệp tài liệu: 1 tệp" in out
    assert sorted(p.name for p in dest.iterdir()) == ["files", "secret_key"]
    fresh = tmp_path / "moi"
    assert main(["restore", str(dest), "--data", str(fresh)]) == 0
    assert "pg_restore" in capsys.readouterr().out
    assert (fresh / "files" / FILE).is_file()


def test_a_damaged_database_is_set_aside_and_the_backup_restored(
    running: tuple[Path, sqlite3.Connection], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, server = running
    dest = tmp_path / "sao-luu"
    assert main(["backup", str(dest), "--data", str(data)]) == 0
    server.close()
    (data / "parscore.sqlite3-wal").unlink(missing_ok=True)
    (data / "parscore.sqlite3-shm").unlink(missing_ok=True)
    (data / "parscore.sqlite3").write_bytes(b"disk trouble " * 400)
    assert main(["restore", str(dest), "--data", str(data)]) == 2  # a restore replaces: asked
    assert "--replace" in capsys.readouterr().err
    assert main(["restore", str(dest), "--data", str(data), "--replace"]) == 0
    assert _years(data / "parscore.sqlite3") == [1, 2, 3]
    kept = [p.name for p in data.iterdir() if ".hong-" in p.name]
    assert len(kept) == 1 and kept[0].startswith("parscore.sqlite3.hong-")
