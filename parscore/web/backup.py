"""Backing up and restoring a data folder, safely while the server runs.

A copy of ``parscore.sqlite3`` made with ``cp`` while the server writes can be torn, and since
the database keeps a write-ahead log (``parscore.sqlite3-wal``) the file alone may lack the last
saves. SQLite's backup API copies a consistent snapshot under the database's own locks, and
restores the same way (into the live database: no stale ``-wal`` file is left to undo it).

A backup folder holds ``parscore.sqlite3`` (one self-contained file, checked after copying),
``files/`` (evidence files by content hash: never changed, so only new ones are copied) and
``secret_key``. On PostgreSQL the database is dumped with ``pg_dump`` (said, not run: its
version must match the server's); the files and the key are copied as on SQLite.

Only the standard library: no Django, so a backup never migrates or touches the app's tables.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..errors import Issue, UsageError, os_error_text
from .dburl import database_settings

__all__ = ["Copied", "backup", "restore"]

DATABASE = "parscore.sqlite3"
KEY = "secret_key"
FILES = "files"
CODE = "PS605"


@dataclass(frozen=True)
class Copied:
    """What a backup or a restore copied."""

    sqlite: bool  # the database copied (False: PostgreSQL, left to pg_dump / pg_restore)
    years: int  # assessment years in the database copied (0 on PostgreSQL)
    files: int  # evidence files in the backup
    new_files: int  # of them, copied this time
    key: bool  # the secret key copied


def _error(message: str, hint: str = "", file: Path | None = None) -> UsageError:
    return UsageError([Issue(CODE, message, file=str(file) if file else None, hint=hint)])


def _is_sqlite(database_url: str | None, data_dir: Path) -> bool:
    try:
        engine = database_settings(database_url, data_dir)["ENGINE"]
    except ValueError as exc:
        raise _error(str(exc)) from None
    return str(engine).endswith("sqlite3")


def backup(data_dir: Path, dest: Path, database_url: str | None = None) -> Copied:
    """Copy ``data_dir``'s database, evidence files and secret key into ``dest`` (a new folder,
    or one without a database yet)."""
    data_dir = data_dir.resolve()
    source = data_dir / DATABASE
    sqlite = _is_sqlite(database_url, data_dir)
    if sqlite and not source.is_file():
        raise _error(
            f"không có cơ sở dữ liệu trong thư mục dữ liệu {data_dir}",
            "chỉ đúng thư mục dữ liệu của parscore serve bằng --data",
            source,
        )
    target = dest / DATABASE
    if target.exists():
        raise _error(
            "thư mục này đã có một bản sao lưu; không ghi đè",
            "chọn một thư mục mới cho mỗi lần sao lưu, ví dụ theo ngày: /sao-luu/parscore-2026-12-03",
            target,
        )
    try:
        dest.mkdir(parents=True, exist_ok=True)
        years = _copy_database(source, target) if sqlite else 0
        files, new = _copy_files(data_dir / FILES, dest / FILES)
        key = _copy_key(data_dir / KEY, dest / KEY)
    except OSError as exc:
        raise _os_error(exc) from None
    return Copied(sqlite, years, files, new, key)


def restore(
    source: Path, data_dir: Path, database_url: str | None = None, replace: bool = False
) -> Copied:
    """Put the backup in ``source`` back into ``data_dir``. A data folder whose database already
    holds years is replaced only with ``replace``."""
    data_dir = data_dir.resolve()
    sqlite = _is_sqlite(database_url, data_dir)
    saved = source / DATABASE
    if sqlite and not saved.is_file():
        raise _error(
            "thư mục này không phải một bản sao lưu của parscore (không có parscore.sqlite3)",
            "chỉ thư mục do lệnh parscore backup tạo ra",
            source,
        )
    try:
        if sqlite:
            years = _check_backup(saved)
            live = data_dir / DATABASE
            present = _years_in(live) if live.is_file() else 0
            if present == DAMAGED and not replace:
                raise _error(
                    "cơ sở dữ liệu hiện có bị hỏng hoặc không phải cơ sở dữ liệu SQLite",
                    "chạy lại lệnh với --replace: tệp hỏng được giữ lại bên cạnh (tên có "
                    "'.hong-' và thời điểm), bản sao lưu được khôi phục vào tệp mới",
                    live,
                )
            if present and not replace:
                raise _error(
                    f"thư mục dữ liệu {data_dir} đang có dữ liệu ({present} năm đánh giá): "
                    "khôi phục sẽ thay toàn bộ dữ liệu đó bằng bản sao lưu",
                    "nếu chắc chắn, dừng parscore serve rồi chạy lại lệnh với --replace",
                    live,
                )
            if present == DAMAGED:
                _set_aside(live)
            data_dir.mkdir(parents=True, exist_ok=True)
            _restore_database(saved, live)
        else:
            years = 0
            data_dir.mkdir(parents=True, exist_ok=True)
        files, new = _copy_files(source / FILES, data_dir / FILES)
        key = _copy_key(source / KEY, data_dir / KEY, replace=True)
    except OSError as exc:
        raise _os_error(exc) from None
    return Copied(sqlite, years, files, new, key)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=20)
    return sqlite3.connect(path, timeout=20)


def _years(db: sqlite3.Connection) -> int:
    row = db.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'web_assessment'"
    ).fetchone()
    if not row[0]:
        return 0
    return int(db.execute("SELECT COUNT(*) FROM web_assessment").fetchone()[0])


DAMAGED = -1  # a live database that is no SQLite database (any more)


def _years_in(path: Path) -> int:
    """Years in the live database; ``DAMAGED`` when it cannot be read as a database."""
    try:
        with closing(_connect(path)) as db:
            return _years(db)
    except sqlite3.DatabaseError as exc:
        if _damaged(exc):
            return DAMAGED
        raise _database_error(path, exc) from None


def _damaged(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _set_aside(live: Path) -> None:
    """A damaged database (with its log files) renamed, kept for whoever wants to look at it:
    the backup is restored into a new file."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        path = live.with_name(live.name + suffix)
        if path.exists():
            os.replace(path, live.with_name(f"{live.name}.hong-{stamp}{suffix}"))


def _copy_database(source: Path, target: Path) -> int:
    """A consistent snapshot of ``source`` (the server may be writing), checked, as one file."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(_connect(source)) as live, closing(_connect(partial)) as copy:
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            years = _checked(copy, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise _database_error(source, exc) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.chmod(partial, 0o600)  # accounts and sessions: readable by the backup's owner only
    os.replace(partial, target)
    return years


def _checked(db: sqlite3.Connection, path: Path) -> int:
    found = db.execute("PRAGMA integrity_check").fetchone()[0]
    if found != "ok":
        raise _error(
            f"bản sao cơ sở dữ liệu không toàn vẹn ({found})",
            "cơ sở dữ liệu gốc có thể bị hỏng: giữ lại các bản sao lưu trước",
            path,
        )
    return _years(db)


def _check_backup(saved: Path) -> int:
    try:
        with closing(_connect(saved, read_only=True)) as db:
            return _checked(db, saved)
    except sqlite3.Error as exc:
        raise _database_error(saved, exc) from None


def _restore_database(saved: Path, live: Path) -> None:
    """Written into the live database under its locks (a server still running waits, then
    reads the restored data; the write-ahead log is the database's own, never stale)."""
    try:
        with closing(_connect(saved, read_only=True)) as backup_db, closing(_connect(live)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            backup_db.backup(db)
    except sqlite3.Error as exc:
        raise _database_error(live, exc) from None


def _stored(folder: Path) -> Iterator[Path]:
    """Evidence files under ``folder`` (``files/ab/ab12…``), relative to it."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path.relative_to(folder)


def _copy_files(source: Path, target: Path) -> tuple[int, int]:
    """Every evidence file of ``source`` into ``target``; those already there (named by their
    content's hash) are not copied again. ``(files, copied now)``."""
    total = new = 0
    target.mkdir(parents=True, exist_ok=True)
    for relative in _stored(source):
        total += 1
        wanted = target / relative
        if wanted.is_file() and wanted.stat().st_size == (source / relative).stat().st_size:
            continue
        wanted.parent.mkdir(parents=True, exist_ok=True)
        partial = wanted.with_name(f".{wanted.name}.partial")
        shutil.copyfile(source / relative, partial)
        os.replace(partial, wanted)
        new += 1
    return total, new


def _copy_key(source: Path, target: Path, replace: bool = False) -> bool:
    """The secret key, readable by its owner only."""
    if not source.is_file() or (target.exists() and not replace):
        return False
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(source.read_bytes())
    os.replace(partial, target)
    return True


def _database_error(path: Path, exc: sqlite3.Error) -> UsageError:
    text = str(exc).lower()
    if _damaged(exc):
        why = "không phải cơ sở dữ liệu SQLite hoặc đã hỏng"
    elif "locked" in text or "busy" in text:
        why = "đang bị một chương trình khác giữ khóa ghi quá lâu"
    elif "readonly" in text or "unable to open" in text:
        why = "không mở hoặc không ghi được (quyền của tệp, thư mục)"
    else:
        why = " ".join(str(exc).split())[:200]
    return _error(f"cơ sở dữ liệu: {why}", file=path)


def _os_error(exc: OSError) -> UsageError:
    where = Path(exc.filename) if exc.filename else None
    if isinstance(exc, PermissionError):
        why = "không có quyền đọc hoặc ghi"
    elif exc.errno == errno.ENOSPC:
        why = "ổ đĩa đã đầy"
    elif isinstance(exc, NotADirectoryError | FileExistsError):
        why = "một phần của đường dẫn là tệp, không phải thư mục"
    else:
        why = os_error_text(exc)
    return _error(f"không chép được: {why}", file=where)
