"""PyYAML's English syntax errors as located Vietnamese issues (PS102).

The parser's problem text is matched against known phrases (libyaml's and the pure-Python
parser's); an unknown phrase gives a general Vietnamese message, never the English one. A
control character or a byte that is not UTF-8 is located by line and column, not a byte offset.
"""

from __future__ import annotations

import yaml

from .errors import Issue

__all__ = ["DEPTH_HINT", "DEPTH_MESSAGE", "syntax_issue"]

DEPTH_MESSAGE = "YAML lồng nhau quá sâu"
DEPTH_HINT = "giảm độ sâu của tệp"
_TOO_DEEP = "exceeded maximum nesting depth"
_HINT = "kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép quanh dòng này"

# (phrase in the parser's problem, Vietnamese message, hint); the first match wins.
_PHRASES: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed",
        "dấu hai chấm ':' không được phép ở đây",
        "đặt giá trị có dấu ':' trong ngoặc kép, hoặc xuống dòng và thụt lề bảng con",
    ),
    (
        "could not find expected ':'",
        "thiếu dấu hai chấm ':' sau khóa",
        "viết 'khóa: giá trị'",
    ),
    ("did not find expected key", "thụt lề không khớp: không tìm thấy khóa như mong đợi", _HINT),
    ("expected <block end>", "thụt lề không khớp: không tìm thấy khóa như mong đợi", _HINT),
    ("did not find expected '-' indicator", "thụt lề không khớp trong danh sách '-'", _HINT),
    ("sequence entries are not allowed", "mục danh sách '-' không được phép ở đây", _HINT),
    ("did not find expected ',' or ']'", "thiếu dấu ',' hoặc ']' trong danh sách [ ]", ""),
    ("expected ',' or ']'", "thiếu dấu ',' hoặc ']' trong danh sách [ ]", ""),
    ("did not find expected ',' or '}'", "thiếu dấu ',' hoặc '}' trong bảng { }", ""),
    ("expected ',' or '}'", "thiếu dấu ',' hoặc '}' trong bảng { }", ""),
    ("did not find expected node content", "thiếu giá trị ở đây", _HINT),
    (
        "tab character",
        "dùng phím Tab để thụt lề",
        "YAML chỉ cho phép thụt lề bằng dấu cách; thay Tab bằng dấu cách",
    ),
    (
        "'\\t' that cannot start any token",
        "dùng phím Tab để thụt lề",
        "YAML chỉ cho phép thụt lề bằng dấu cách; thay Tab bằng dấu cách",
    ),
    (
        "cannot start any token",
        "ký tự không được phép ở đầu một giá trị (như @, ` hoặc Tab)",
        "đặt giá trị trong ngoặc kép",
    ),
    ("unknown escape character", "chuỗi trong ngoặc kép có dấu '\\' không hợp lệ", "viết '\\\\'"),
    (
        "unexpected end of stream",
        "tệp kết thúc khi một chuỗi hay một khối chưa được đóng",
        "kiểm tra dấu ngoặc kép hoặc ngoặc đóng còn thiếu",
    ),
    ("undefined alias", "bí danh '*' chưa được khai báo bằng '&'", ""),
    ("duplicate anchor", "tên neo '&' bị dùng hai lần", "đặt tên neo khác nhau"),
    (
        "but found another document",
        "tệp chứa nhiều tài liệu YAML (dấu '---')",
        "mỗi tệp chỉ chứa một tài liệu; bỏ dấu '---' thứ hai",
    ),
    ("unknown directive", "chỉ thị '%' không hợp lệ", "bỏ dòng bắt đầu bằng '%'"),
    ("directive", "chỉ thị '%' không hợp lệ", "bỏ dòng bắt đầu bằng '%'"),
    ("tag handle", "thẻ YAML không hợp lệ", "bỏ thẻ bắt đầu bằng '!'"),
    ("URI", "thẻ YAML không hợp lệ", "bỏ thẻ bắt đầu bằng '!'"),
    (
        "alphabetic or numeric character",
        "tên neo '&' hoặc bí danh '*' không hợp lệ",
        "đặt giá trị bắt đầu bằng & hoặc * trong ngoặc kép",
    ),
    ("comment or line break", "khối văn bản '|' hoặc '>' viết sai", _HINT),
    ("document indicator", "dấu '---' hoặc '...' không được phép ở đây", _HINT),
    ("hexdecimal", "mã ký tự \\x, \\u trong chuỗi không hợp lệ", ""),
    ("Unicode character escape", "mã ký tự \\u trong chuỗi không hợp lệ", ""),
    ("whitespace", "thiếu dấu cách sau ký hiệu", _HINT),
    ("'>'", "thẻ YAML '!<…>' viết sai", "bỏ thẻ bắt đầu bằng '!'"),
)


def syntax_issue(exc: yaml.YAMLError, text: str, name: str, byte_offsets: bool = True) -> Issue:
    """A located PS102 issue for a YAML error raised while parsing ``text`` (libyaml gives a
    reader error's position in bytes, the pure-Python parser in characters)."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _line_col(text, exc.position, byte_offsets)
        return Issue(
            "PS102",
            f"tệp chứa ký tự điều khiển không được phép (mã U+{_code(exc.character)})",
            file=name,
            line=line,
            col=col,
            hint="xóa ký tự này (thường do sao chép từ phần mềm khác)",
        )
    problem = f"{getattr(exc, 'context', None) or ''} {getattr(exc, 'problem', None) or ''}"
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    at_line: int | None = mark.line + 1 if mark is not None else None
    at_col: int | None = mark.column + 1 if mark is not None else None
    if _TOO_DEEP in problem:  # libyaml's own depth limit: no syntax error, the limit (PS106)
        return Issue("PS106", DEPTH_MESSAGE, file=name, line=at_line, col=at_col, hint=DEPTH_HINT)
    message, hint = "lỗi cú pháp YAML", _HINT
    for phrase, vi, vi_hint in _PHRASES:
        if phrase in problem:
            message, hint = f"lỗi cú pháp YAML: {vi}", vi_hint or _HINT
            break
    return Issue(
        "PS102",
        message,
        file=name,
        line=at_line,
        col=at_col,
        hint=hint,
    )


def _code(character: object) -> str:
    if isinstance(character, str) and character:
        return f"{ord(character[0]):04X}"
    if isinstance(character, int):
        return f"{character:04X}"
    return "?"


def _line_col(text: str, position: int, byte_offsets: bool) -> tuple[int, int]:
    """Line and column (from 1) of a position in ``text``."""
    if byte_offsets:
        head = text.encode("utf-8", "surrogatepass")[: max(0, position)].decode("utf-8", "ignore")
    else:
        head = text[: max(0, position)]
    line = head.count("\n") + 1
    return line, len(head) - (head.rfind("\n") + 1) + 1
