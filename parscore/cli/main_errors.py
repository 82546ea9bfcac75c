"""How user errors are shown: one located line per issue, then what to do."""

from __future__ import annotations

import sys

from ..errors import ParscoreError

__all__ = ["print_issues"]


def print_issues(exc: ParscoreError) -> None:
    for issue in exc.issues:
        sys.stderr.write(issue.format() + "\n")
    n = len(exc.issues)
    written = exc.touched or "Không tệp nào bị thay đổi."
    sys.stderr.write(f"Có {n} lỗi; hãy sửa các chỗ đã chỉ ra rồi chạy lại. {written}\n")
