"""Writing output files safely: atomically, without clobbering, never over the command's inputs.

Every file a command writes goes through :func:`write_output`:

- the bytes go to a temporary file in the target's own folder, which is then renamed onto the
  final name, so an interrupted run never leaves a half-written file and the previous file stays
  intact until the new one is complete;
- without ``force`` the final name is created exclusively (a hard link of the finished temporary
  file, which fails when the name exists; ``O_EXCL`` where links are not supported), so of two runs
  racing for the same name exactly one wins and the other gets a clean error;
- a path naming one of the command's own input files (:func:`protect_inputs`, compared by
  identity of the file on disk, so links and ``..`` do not hide it) is refused even with ``force``;
- a dangling symbolic link is refused (it would write wherever it points);
- operating-system errors (name too long, no permission, disk full) become located ``PS602``
  issues; the temporary file is removed on every exit path, Ctrl-C and termination included.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import Issue, UsageError

__all__ = ["TEMP_PREFIX", "check_output", "protect_inputs", "reset_protected", "write_output"]

TEMP_PREFIX = ".parscore-"
_PROTECTED: set[str] = set()

_OS_ERRORS = {
    errno.ENAMETOOLONG: ("tên tệp quá dài", "đặt tên ngắn hơn"),
    errno.EACCES: ("không có quyền ghi vào đây", "chọn thư mục khác"),
    errno.EPERM: ("không có quyền ghi vào đây", "chọn thư mục khác"),
    errno.EROFS: ("ổ đĩa chỉ cho phép đọc", "chọn thư mục khác"),
    errno.ENOSPC: ("ổ đĩa đã hết chỗ trống", "giải phóng chỗ trống rồi chạy lại"),
    errno.EISDIR: ("đường dẫn ra là một thư mục", "ghi tên tệp, không phải thư mục"),
    errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "kiểm tra lại đường dẫn"),
    errno.ENOENT: ("thư mục chứa tệp ra không tồn tại", "tạo thư mục trước"),
}


def protect_inputs(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Remember files the command reads: no output may replace them, ``--force`` or not."""
    for path in paths:
        with contextlib.suppress(OSError, ValueError):
            if os.path.isfile(path):
                _PROTECTED.add(os.path.realpath(path))


def reset_protected() -> None:
    """Forget the protected inputs (at the start of each command)."""
    _PROTECTED.clear()


def check_output(path: str, *, force: bool = False) -> None:
    """Refuse early (before the work) an output :func:`write_output` would refuse at the end."""
    try:
        _check_target(path, Path(path), force)
    except OSError as exc:  # e.g. a name too long to even look up
        raise _os_error(path, exc) from None


def write_output(path: str, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; refuse to replace an existing file unless ``force``."""
    target = Path(path)
    check_output(path, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    tmp = ""
    try:
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".tmp")
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            if force:
                os.replace(tmp, target)
            else:
                _create_exclusive(tmp, target, data)
        except FileExistsError:
            raise _exists(path) from None
        except OSError as exc:
            raise _os_error(path, exc) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target


def _check_target(path: str, target: Path, force: bool) -> None:
    if target.is_symlink() and not target.exists():
        raise UsageError(
            [
                Issue(
                    "PS602",
                    "đường dẫn ra là một liên kết tượng trưng trỏ tới tệp không tồn tại",
                    file=path,
                    hint="ghi ra một tên tệp thật, không qua liên kết hỏng",
                )
            ]
        )
    if target.is_dir():
        message, hint = _OS_ERRORS[errno.EISDIR]
        raise UsageError([Issue("PS602", message, file=path, hint=hint)])
    if _is_input(target):
        raise UsageError(
            [
                Issue(
                    "PS602",
                    "tệp ra trùng với một tệp đầu vào của lệnh; không bao giờ ghi đè tệp đầu vào",
                    file=path,
                    hint="chọn một tên tệp ra khác",
                )
            ]
        )
    if target.exists() and not force:
        raise _exists(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            [
                Issue(
                    "PS602",
                    f"thư mục '{folder}' chứa tệp ra chưa có",
                    file=path,
                    hint="tạo thư mục này trước, hoặc ghi vào một thư mục đã có",
                )
            ]
        )


def _is_input(target: Path) -> bool:
    if not target.exists():
        return False
    real = os.path.realpath(target)
    return real in _PROTECTED or any(_same(real, p) for p in _PROTECTED)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # an input gone meanwhile is no longer in the way
        return False


def _create_exclusive(tmp: str, target: Path, data: bytes) -> None:
    """Give the finished ``tmp`` the final name, failing if that name exists (no race)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EXDEV,
            errno.EMLINK,
        ):
            raise
    # No hard links here (some network or FAT drives): create the name exclusively instead.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise


def _exists(path: str) -> UsageError:
    return UsageError(
        [
            Issue(
                "PS602",
                "tệp đã tồn tại, không ghi đè",
                file=path,
                hint="chọn tên khác hoặc thêm --force để ghi đè",
            )
        ]
    )


def _os_error(path: str, exc: OSError) -> UsageError:
    message, hint = _OS_ERRORS.get(
        exc.errno or 0, (f"không ghi được tệp (lỗi hệ thống số {exc.errno})", "")
    )
    return UsageError([Issue("PS602", message, file=path, hint=hint)])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
