"""Why the web app cannot start, said in Vietnamese to whoever runs ``parscore serve`` (or
``createuser``): the data folder, the database settings, the database server, the port.

Each failure becomes one :class:`~parscore.errors.UsageError` with code ``PS604`` (exit code 2,
no traceback), naming what to check. Django and psycopg are not imported here: the exceptions
are recognised by their class names and texts (libpq reports connection failures as text only,
without an SQLSTATE).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

from ..errors import Issue, UsageError

__all__ = [
    "check_writable",
    "data_dir_error",
    "database_error",
    "database_url_error",
    "port_error",
    "setting_error",
]

CODE = "PS604"


# what ``prepare`` wrote before the server could listen: said instead of "nothing changed"
PREPARED = (
    "Thư mục dữ liệu và cơ sở dữ liệu đã được chuẩn bị (tạo mới hoặc cập nhật cấu trúc);"
    " dữ liệu đã có không bị thay đổi."
)


def _error(message: str, hint: str = "", touched: str = "") -> UsageError:
    return UsageError([Issue(CODE, message, hint=hint)], touched=touched)


def check_writable(folder: Path) -> None:
    """Raise ``OSError`` unless a file can be made (and removed) in ``folder``: the database,
    its journal and uploaded files are written there while the server runs."""
    fd, name = tempfile.mkstemp(prefix=".parscore-write-check-", dir=folder)
    os.close(fd)
    os.unlink(name)


def data_dir_error(data_dir: Path, exc: OSError) -> UsageError:
    """The data folder (or its ``files/``, its secret key) cannot be made or written."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "không có quyền đọc, ghi" if exc.errno != errno.EROFS else "ổ đĩa chỉ cho đọc"
    elif isinstance(exc, NotADirectoryError | FileExistsError):
        why = "đường dẫn này (hoặc một phần của nó) là một tệp, không phải thư mục"
    elif isinstance(exc, IsADirectoryError):
        why = "đây là một thư mục, không phải tệp"
    elif exc.errno == errno.ENOSPC:
        why = "ổ đĩa đã đầy"
    else:
        why = exc.strerror or "lỗi hệ thống"
    where = exc.filename or data_dir
    return _error(
        f"không dùng được thư mục dữ liệu {data_dir}: {why} ({where})",
        "chọn --data một thư mục của tài khoản chạy parscore, hoặc trao thư mục cho tài khoản "
        "đó: chown -R TÊN-TÀI-KHOẢN THƯ-MỤC (cơ sở dữ liệu, khóa bí mật và tệp tài liệu ở đây)",
    )


def database_url_error(message: str) -> UsageError:
    """``DATABASE_URL`` cannot be read (its scheme, port or database name)."""
    return _error(
        message,
        "viết DATABASE_URL dạng postgresql://TÊN:MẬT-KHẨU@MÁY-CHỦ:5432/TÊN-CSDL (ký tự đặc biệt "
        "trong mật khẩu viết mã hóa: @ là %40, / là %2F, : là %3A), hoặc bỏ DATABASE_URL để "
        "dùng SQLite trong thư mục dữ liệu",
    )


def setting_error(message: str) -> UsageError:
    """A setting from the environment that cannot be read (the message names it)."""
    return _error(message, "sửa hoặc bỏ biến môi trường này rồi khởi động lại")


def database_error(exc: BaseException, settings: dict[str, Any]) -> UsageError | None:
    """The database refused or could not be reached (``None``: not such a failure, a bug)."""
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain)
    names = {type(e).__name__ for e in chain}
    if not names & {"OperationalError", "ProgrammingError", "DatabaseError",
                    "MigrationSchemaMissing", "InterfaceError"}:  # fmt: skip
        return None
    if settings.get("ENGINE", "").endswith("sqlite3"):
        return _sqlite_error(text, str(settings.get("NAME", "")))
    return _postgres_error(text, settings)


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from (Django wraps the driver's)."""
    out: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(out) < 5:
        out.append(seen)
        seen = seen.__cause__ or seen.__context__
    return out


def _sqlite_error(text: str, name: str) -> UsageError:
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return _error(
            f"tệp cơ sở dữ liệu {name} bị hỏng hoặc không phải cơ sở dữ liệu SQLite",
            f"khôi phục từ bản sao lưu: parscore restore THƯ-MỤC-SAO-LƯU --data "
            f"{Path(name).parent} --replace",
        )
    if "locked" in lowered or "busy" in lowered:
        return _error(
            f"cơ sở dữ liệu {name} đang bị một chương trình khác giữ khóa ghi quá lâu",
            "dừng chương trình đang mở tệp này (một parscore serve khác, một công cụ sửa "
            "SQLite) rồi chạy lại",
        )
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return _error(
            f"không ghi được cơ sở dữ liệu {name}",
            "cấp quyền ghi cho tệp này và thư mục chứa nó cho tài khoản chạy parscore",
        )
    return _error(f"không dùng được cơ sở dữ liệu {name}: {_detail(text)}")


def _postgres_error(text: str, settings: dict[str, Any]) -> UsageError:
    host = settings.get("HOST") or "localhost"
    port = settings.get("PORT") or "5432"
    user = settings.get("USER") or "(mặc định)"
    name = settings.get("NAME") or ""
    server = f"PostgreSQL tại {host}:{port}"
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return _error(
            f"{server} từ chối đăng nhập của tài khoản '{user}': sai mật khẩu hoặc chưa có "
            "tài khoản này",
            "kiểm tra tên và mật khẩu trong DATABASE_URL; tài khoản chưa có thì tạo bằng "
            "sudo -u postgres createuser --pwprompt TÊN",
        )
    if "role" in lowered and "does not exist" in lowered:
        return _error(
            f"{server} chưa có tài khoản '{user}'",
            "tạo tài khoản: sudo -u postgres createuser --pwprompt TÊN",
        )
    if "database" in lowered and "does not exist" in lowered:
        return _error(
            f"{server} chưa có cơ sở dữ liệu '{name}'",
            f"tạo cơ sở dữ liệu: sudo -u postgres createdb --owner {user} {name}",
        )
    if "pg_hba.conf" in lowered:
        return _error(
            f"{server} không cho tài khoản '{user}' kết nối từ máy này (pg_hba.conf)",
            "thêm một dòng cho máy này vào pg_hba.conf của máy chủ rồi nạp lại cấu hình",
        )
    if "permission denied" in lowered or "must be owner" in lowered:
        return _error(
            f"tài khoản '{user}' không có quyền tạo bảng trong cơ sở dữ liệu '{name}' ({server})",
            f"cho tài khoản làm chủ cơ sở dữ liệu rồi chạy lại: sudo -u postgres psql -c "
            f'"ALTER DATABASE {name} OWNER TO {user}"',
        )
    if any(
        word in lowered
        for word in ("connection refused", "failed to resolve host", "timeout expired",
                     "no route to host", "could not translate host", "network is unreachable",
                     "could not connect", "server closed the connection", "timed out")
    ):  # fmt: skip
        return _error(
            f"không kết nối được {server}: máy chủ không chạy, sai tên máy hoặc cổng, hoặc "
            "tường lửa chặn",
            "kiểm tra máy chủ PostgreSQL đang chạy (pg_isready -h MÁY-CHỦ -p CỔNG) và địa chỉ, "
            "cổng trong DATABASE_URL",
        )
    return _error(f"không dùng được {server}: {_detail(text)}")


def _detail(text: str) -> str:
    """The driver's own words (English), on one line, for the administrator."""
    line = " ".join(text.split())
    return line[:300]


def port_error(host: str, port: int, exc: OSError | ValueError) -> UsageError:
    """The server could not listen on ``host:port`` (waitress says a host name it cannot
    resolve with a ``ValueError``)."""
    if isinstance(exc, ValueError):
        return _prepared_error(
            f"không tìm thấy địa chỉ {host} để nhận kết nối (cổng {port})",
            "dùng --host 127.0.0.1 (sau máy chủ web) hoặc một địa chỉ của máy này",
        )
    if exc.errno == errno.EADDRINUSE:
        return _prepared_error(
            f"cổng {port} trên {host} đang được một chương trình khác dùng",
            f"chọn cổng khác (--port {port + 1}) hoặc dừng chương trình đang dùng cổng này "
            "(có thể là một parscore serve khác)",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _prepared_error(
            f"không được phép mở cổng {port} (cổng dưới 1024 cần quyền quản trị)",
            "dùng cổng từ 1024 trở lên (ví dụ --port 8000) và đặt máy chủ web (nginx) phía trước",
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return _prepared_error(
            f"máy này không có địa chỉ {host}",
            "dùng --host 127.0.0.1 (sau máy chủ web) hoặc một địa chỉ của máy này",
        )
    return _prepared_error(f"không mở được cổng {port} trên {host}: {exc.strerror or exc}")


def _prepared_error(message: str, hint: str = "") -> UsageError:
    return _error(message, hint, touched=PREPARED)
