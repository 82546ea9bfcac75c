"""Problems found in user input, as data.

Every problem parscore finds in a rule pack, an evidence file or a command line is an
:class:`Issue`: a stable code, a Vietnamese message a commune officer can act on, where it is
(file, line, column, key path) and a hint. Loaders collect issues and raise once.

Exception tree::

    ParscoreError               bad input or usage; the CLI prints issues and exits 2
    ├── PackError               a rule pack failed to load or validate
    ├── EvidenceError           an evidence file failed to load or validate
    └── UsageError              a command line, a path or an option is wrong

Anything else that escapes is a bug in parscore, never the user's fault.

Issue codes (never reused):

- PS1xx reading files: PS101 file not found / unreadable, PS102 YAML syntax, PS103 duplicate key,
  PS104 forbidden YAML tag, PS105 file too large, PS106 too many nodes (alias bomb),
  PS107 not a mapping at top level, PS108 not UTF-8 (or a workbook given as YAML), PS109 a value
  YAML cannot read as its kind (an impossible date such as 2025-02-30, ``!!int "abc"``), PS110 a
  number beyond the bounds of :mod:`parscore.limits` (magnitude, digits, decimal places), PS111 a
  file of the other kind (an evidence file where a rule pack is expected, or the reverse).
- PS2xx structure (schema): PS201 unknown key, PS202 missing key, PS203 wrong type or value,
  PS204 code must be a quoted string, PS205 text holding a control character.
- PS3xx expressions: PS301 syntax error, PS302 unknown name, PS303 forbidden construct,
  PS304 unknown function, PS305 too complex, PS306 wrong number of arguments, PS307 a number
  literal beyond the bounds of :mod:`parscore.limits`, PS311 a string literal compared with a
  choice input that is not one of its options.
- PS4xx pack semantics: PS401 duplicate code, PS402 duplicate id, PS403 inner max != sum of
  children, PS404 top-level sum != pack.total, PS405 tiers out of order, PS406 tier points not
  monotone, PS407 tier points above max, PS408 node with both/neither children and score,
  PS409 bands out of order, PS410 derived name clashes, PS411 tracked leaf with points,
  PS412 input default of wrong type, PS413 best_of empty or nested, PS414 linear from == to,
  PS415 a source citing a document not in pack.documents,
  PS416 a choice input's options (missing, empty key, on another type, with min/max/step),
  PS417 an input's step (on a type other than number/percent, or a default off its grid),
  PS418 graded (its input not a number, or bounds outside 0..max, or a step that does not fit),
  PS419 pick (its input not a choice, an option without points, points above max),
  PS420 a constraint names an undeclared input, PS421 duplicate bonus/penalty item code (or one
  that is a criterion's code),
  PS422 one_of (its input not a choice, an option without a rule),
  PS430 an input's task phrase with an unknown placeholder.
- PS5xx evidence semantics: PS501 unknown criterion code, PS502 not_applicable not allowed,
  PS503 unknown metric name, PS504 metric of wrong type, PS505 metric out of range,
  PS506 pack id mismatch / pack not found, PS507 claim out of range, PS508 duplicate document id,
  PS509 year mismatch, PS510 derived name given as metric, PS511 a choice value that is none of
  the options (key or label), PS512 a value off its input's step grid (or a graded rule's grid),
  PS520 a pack constraint violated, PS521 unknown bonus/penalty item code (or no reason given).
- PS6xx commands: PS601 usage, PS602 output file problem, PS603 report template problem
  (not found, syntax error, unknown name), PS604 the web app cannot start (a data folder it
  cannot write, a ``DATABASE_URL`` it cannot read, a database that cannot be reached or refuses,
  a port in use), PS605 a backup or a restore refused (no database where named, a backup
  already in that folder, a damaged copy, data that only ``--replace`` may overwrite).
- PS7xx planning: PS701 effort in an efforts file not a whole number from 1 to 100.
- PS8xx Excel forms (located as ``Sheet!C12``): PS801 not a readable workbook, PS802 sheet or
  column missing, PS803 cell value of the wrong kind (not a number, date, Có/Không), PS804 row
  repeated (the same input or criterion twice), PS805 cell refused before reading (a formula
  without a computed value, a number too long, content beyond the rows read), PS806 a document
  kind the pack never asks for.
- W020 (a warning, evidence files): a document kind the pack never asks for; W021 a goal above
  the pack's scale (no plan reaches it).
- PL1xx lint findings (``parscore lint``; severity error, warning or info): PL101–PL108
  reachability of steps and maxima, PL110–PL111 unused inputs, PL120–PL121 sources, PL130–PL131
  target text against the rule, PL140 duplicated titles, PL150 deadlines outside the year,
  PL160 bands above the scale. The full list is in :mod:`parscore.lint.finding`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "EvidenceError",
    "Issue",
    "PackError",
    "ParscoreError",
    "Severity",
    "UsageError",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Issue:
    """One problem, located. ``message`` and ``hint`` are Vietnamese; ``path`` is the key path."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    path: str = ""
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        if self.file is None:
            return ""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"

    def format(self, *, coded: bool = True) -> str:
        """``file:line:col: CODE path: message (gợi ý: hint)`` — one line per issue; without
        ``CODE`` when not ``coded`` (as web pages say it)."""
        head = f"{self.location}: " if self.location else ""
        code = f"{self.code} " if coded else ""
        where = f"{self.path}: " if self.path else ""
        tail = f" (gợi ý: {self.hint})" if self.hint else ""
        return f"{head}{code}{where}{self.message}{tail}"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "hint": self.hint,
        }


@dataclass
class IssueList:
    """Collects issues while loading; raise once at the end."""

    items: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.items.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.items.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.items if i.severity is Severity.ERROR]

    def __bool__(self) -> bool:
        return bool(self.items)


class ParscoreError(Exception):
    """Bad input or usage: carries the issues to show the user. ``touched`` says, in Vietnamese,
    what was written before the error when something was (the default: nothing was)."""

    def __init__(self, issues: Iterable[Issue], *, touched: str = "") -> None:
        self.issues = sorted(dict.fromkeys(issues), key=_issue_order)  # each problem once
        self.touched = touched
        super().__init__("\n".join(i.format() for i in self.issues))


class PackError(ParscoreError):
    """A rule pack could not be loaded."""


class EvidenceError(ParscoreError):
    """An evidence file could not be loaded."""


class UsageError(ParscoreError):
    """A command line, file path or option is wrong."""

    @classmethod
    def single(cls, message: str, hint: str = "", file: str | None = None) -> UsageError:
        return cls([Issue("PS601", message, file=file, hint=hint)])


_CELL_REF = re.compile(r"([A-Z]{0,3})(\d+)")


def _issue_order(issue: Issue) -> tuple[str, int, int, str, int, int, str]:
    """By file, then line and column; a workbook cell (``Sheet!G10``) by sheet, row, column."""
    file = issue.file or ""
    sheet, bang, ref = file.rpartition("!")
    cell = _CELL_REF.fullmatch(ref) if bang else None
    if cell is None:
        return (file, 0, 0, "", issue.line or 0, issue.col or 0, issue.code)
    letters = cell.group(1)
    return (sheet + bang, int(cell.group(2)), len(letters), letters, 0, 0, issue.code)


def os_error_text(exc: OSError) -> str:
    """Why a file could not be read, in Vietnamese (never Python's exception name)."""
    if isinstance(exc, IsADirectoryError):
        return "đây là một thư mục, không phải tệp"
    if isinstance(exc, PermissionError):
        return "không có quyền đọc tệp"
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return "không tìm thấy tệp"
    if getattr(exc, "errno", None) == 36:  # ENAMETOOLONG
        return "tên tệp quá dài"
    return f"lỗi hệ thống khi đọc tệp (mã {exc.errno})" if exc.errno else "lỗi hệ thống khi đọc tệp"


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A Vietnamese hint naming the nearest candidate, or an empty string."""
    import difflib

    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"có phải ý bạn là '{matches[0]}'?" if matches else ""
