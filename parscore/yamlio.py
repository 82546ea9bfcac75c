"""Safe YAML reading with positions.

- Only the standard YAML types: no Python tags, no custom tags.
- Non-integer numbers become :class:`~decimal.Decimal` from their text (``99.9`` is exactly 99.9).
- Duplicate keys are errors, not silent overwrites.
- Oversized files and alias bombs are refused before they cost time or memory.
- Every value's key path maps to ``file:line:col`` so later stages can point at it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Issue, ParscoreError, os_error_text
from .yaml_messages import DEPTH_HINT, DEPTH_MESSAGE, syntax_issue
from .yaml_scalars import SCALAR_KINDS, ScalarProblem, read_scalar, short_text

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Invalid",
    "Position",
    "YamlDocument",
    "load_yaml",
    "parse_yaml",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
# libyaml's parser when available (10x faster), the pure-Python one otherwise; same nodes and marks.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVED: dict[str, str] = {}  # plain scalar text -> its implicit tag (the same answer every time)
_RESOLVED_MAX = 100_000


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader, with each distinct plain scalar's tag resolved once, not by regex each time."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:  # quoted or block text: always a string (no path resolvers here)
            return self.DEFAULT_SCALAR_TAG
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[value] = tag
        return tag


_LOADER = _Loader
_STR = _TAG + "str"
_MERGE = _TAG + "merge"


@dataclass(frozen=True)
class Position:
    line: int
    col: int


@dataclass(frozen=True)
class Invalid:
    """A value YAML could not give (``2025-02-30``, ``!!int "abc"``, a 5,000-digit number, a
    repeated key): kept in the data where the value was, with its located problem, so that every
    later check reports that problem at that place and goes on checking the rest of the file."""

    text: str
    issue: Issue

    def __repr__(self) -> str:
        return repr(self.text)


@dataclass
class YamlDocument:
    """Plain Python data plus where each key path came from.

    ``problems`` lists the values that could not be read (each is an :class:`Invalid` in ``data``);
    loaders report them with everything else they find.
    """

    file: str
    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    sha256: str = ""  # of the bytes read (or of the text given), for result provenance
    problems: list[Issue] = field(default_factory=list)

    def where(self, path: KeyPath) -> Position | None:
        """Position of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(path[:end])
            if pos is not None:
                return pos
        return None

    def locate(self, issues: Iterable[Issue], path: KeyPath) -> list[Issue]:
        """``issues``, those with no file placed at ``path`` of this document."""
        return [
            i if i.file is not None else self.issue(i.code, path, i.message, i.hint) for i in issues
        ]

    def issue(self, code: str, path: KeyPath, message: str, hint: str = "") -> Issue:
        pos = self.where(path)
        return Issue(
            code,
            message,
            file=self.file,
            line=pos.line if pos else None,
            col=pos.col if pos else None,
            path=format_path(path),
            hint=hint,
        )


def format_path(path: KeyPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _YamlProblem(Exception):
    def __init__(self, code: str, message: str, node: Node | None, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.node, self.hint = code, message, node, hint


def load_yaml(
    path: str | Path,
    display_name: str | None = None,
    error: type[ParscoreError] = ParscoreError,
) -> YamlDocument:
    """Read a YAML file safely. Raises ``error`` (PS1xx issues, located) on a bad file."""
    try:
        return _load_yaml(path, display_name)
    except ParscoreError as exc:
        if type(exc) is error:
            raise
        raise error(exc.issues) from None


def _load_yaml(path: str | Path, display_name: str | None) -> YamlDocument:
    name = display_name or str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise IsADirectoryError(name)
        if p.exists() and not p.is_file():  # a device or a pipe: reading could never end
            raise ParscoreError([Issue("PS101", "không phải một tệp thông thường", file=name)])
        with p.open("rb") as fh:  # at most one byte more than allowed, even if the file grows
            raw = fh.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise ParscoreError(
            [
                Issue(
                    "PS101",
                    "không tìm thấy tệp",
                    file=name,
                    hint="kiểm tra lại đường dẫn và tên tệp",
                )
            ]
        ) from None
    except OSError as exc:
        raise ParscoreError(
            [Issue("PS101", f"không đọc được tệp: {os_error_text(exc)}", file=name)]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ParscoreError(
            [
                Issue(
                    "PS105",
                    f"tệp quá lớn (hơn {MAX_FILE_BYTES} byte)",
                    file=name,
                    hint="tệp gói quy tắc hay minh chứng không thể lớn như vậy; kiểm tra lại tệp",
                )
            ]
        )
    if raw.startswith(_OFFICE_MAGIC):
        raise ParscoreError([_office_file(name)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line_start = head.rfind(b"\n") + 1
        raise ParscoreError(
            [
                Issue(
                    "PS108",
                    "tệp không phải văn bản UTF-8",
                    file=name,
                    line=head.count(b"\n") + 1,
                    col=len(head[line_start:].decode("utf-8", "replace")) + 1,
                    hint="lưu lại tệp với bảng mã UTF-8",
                )
            ]
        ) from None
    doc = parse_yaml(text, name)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc


_OFFICE_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # .xlsx (a zip), .xls


def _office_file(name: str) -> Issue:
    """A workbook (most often a filled self-assessment form) where YAML text was expected."""
    return Issue(
        "PS108",
        "tệp là bảng tính Excel hoặc tệp nén, không phải văn bản YAML",
        file=name,
        hint="biểu mẫu Excel đã điền được đọc thành tệp minh chứng bằng"
        " parscore import <biểu mẫu>.xlsx -o <xã>-<năm>.yaml",
    )


def parse_yaml(text: str, name: str = "<text>") -> YamlDocument:
    """Parse YAML text; the top level must be a mapping."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ParscoreError([Issue("PS105", "văn bản YAML quá lớn", file=name)])
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        byte_offsets = _BASE_LOADER is not yaml.SafeLoader
        raise ParscoreError([syntax_issue(exc, text, name, byte_offsets)]) from None
    except RecursionError:
        raise ParscoreError([Issue("PS106", DEPTH_MESSAGE, file=name, hint=DEPTH_HINT)]) from None
    doc = YamlDocument(
        file=name, data=None, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
    )
    if root is None:
        raise ParscoreError(
            [
                Issue(
                    "PS107",
                    "tệp rỗng",
                    file=name,
                    line=1,
                    col=1,
                    hint="tệp phải là một bảng khóa: giá trị",
                )
            ]
        )
    doc.positions[()] = Position(root.start_mark.line + 1, root.start_mark.column + 1)
    builder = _Builder(doc)
    try:
        doc.data = builder.build(root, (), 0)
    except _YamlProblem as prob:
        mark = prob.node.start_mark if prob.node is not None else None
        raise ParscoreError(
            [
                Issue(
                    prob.code,
                    prob.message,
                    file=name,
                    line=mark.line + 1 if mark else None,
                    col=mark.column + 1 if mark else None,
                    hint=prob.hint,
                )
            ]
        ) from None
    if not isinstance(doc.data, dict):
        raise ParscoreError(
            [
                Issue(
                    "PS107",
                    "cấp ngoài cùng của tệp phải là một bảng khóa: giá trị",
                    file=name,
                    line=root.start_mark.line + 1,
                    col=root.start_mark.column + 1,
                )
            ]
        )
    return doc


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.count = 0

    def build(self, node: Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _YamlProblem(
                "PS106",
                f"tệp có quá nhiều phần tử (hơn {MAX_NODES}), có thể do bí danh (alias) lồng nhau",
                node,
                "bỏ các bí danh & và * lồng nhau",
            )
        if depth > MAX_DEPTH:
            raise _YamlProblem("PS106", DEPTH_MESSAGE, node)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        assert isinstance(node, SequenceNode)
        if node.tag != _TAG + "seq":
            return self._bad_tag(node)
        return [self._child(item, (*path, i), depth, item) for i, item in enumerate(node.value)]

    def _child(self, node: Node, path: KeyPath, depth: int, mark_node: Node) -> Any:
        mark = mark_node.start_mark
        self.doc.positions.setdefault(path, Position(mark.line + 1, mark.column + 1))
        return self.build(node, path, depth + 1)

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[Any, Any] | Invalid:
        if node.tag != _TAG + "map":
            return self._bad_tag(node)
        out: dict[Any, Any] = {}
        pairs = node.value
        if any(k.tag == _MERGE for k, _ in pairs):
            pairs = _merged_pairs(node)
        for key_node, value_node in pairs:
            if key_node.tag == _STR and isinstance(key_node, ScalarNode):
                key = key_node.value
            else:
                if not isinstance(key_node, ScalarNode):
                    raise _YamlProblem("PS203", "khóa phải là một giá trị đơn", key_node)
                if not key_node.tag.startswith(_TAG):
                    out[str(key_node.value)] = self._bad_tag(key_node)
                    continue
                # numbers keep their text ("1.1" as written, the loader decides if allowed)
                key = str(key_node.value)
            child = (*path, key)  # where the key is written (what _child records), then its value
            mark = key_node.start_mark
            if key in out:
                out[key] = self._invalid(
                    key_node,
                    "PS103",
                    f"khóa '{short_text(key)}' bị lặp lại",
                    "mỗi khóa chỉ được xuất hiện một lần trong cùng một bảng; xóa hoặc gộp lại",
                )
                continue
            self.doc.positions.setdefault(child, Position(mark.line + 1, mark.column + 1))
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def _bad_tag(self, node: Node) -> Invalid:
        return self._invalid(
            node, "PS104", f"thẻ YAML '{_show_tag(node.tag)}' không được phép", _TAG_HINT
        )

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:  # most scalars: skip the checks below
            return node.value
        if not tag.startswith(_TAG):
            return self._bad_tag(node)
        kind = tag[len(_TAG) :]
        if kind == "str":
            return node.value
        if kind == "null":
            return None
        if kind == "int":
            text = node.value
            if (
                text.isascii()
                and text.isdigit()
                and len(text) <= 15
                and (text[0] != "0" or len(text) == 1)
            ):
                return int(text)  # plain digits: what construct_yaml_int gives, without its checks
        if kind in SCALAR_KINDS:
            return self._construct(node, kind)
        return self._invalid(
            node, "PS104", f"kiểu YAML '{_show_tag(tag)}' không được phép", _TAG_HINT
        )

    def _construct(self, node: ScalarNode, kind: str) -> Any:
        """A bool, int, float or timestamp from its text; an :class:`Invalid` when it has none."""
        value = read_scalar(node, kind)
        return self._invalid(node, *value) if isinstance(value, ScalarProblem) else value

    def _invalid(self, node: Node, code: str, message: str, hint: str) -> Invalid:
        mark = node.start_mark
        issue = Issue(
            code,
            message,
            file=self.doc.file,
            line=mark.line + 1,
            col=mark.column + 1,
            hint=hint,
        )
        self.doc.problems.append(issue)
        return Invalid(node.value if isinstance(node, ScalarNode) else "", issue)


def _merged_pairs(node: MappingNode) -> Iterator[tuple[Node, Node]]:
    """Key/value pairs, with YAML merge keys (``<<: *base``) expanded in place."""
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for src in sources:
                if not isinstance(src, MappingNode):
                    raise _YamlProblem("PS203", "khóa gộp '<<' phải trỏ tới một bảng", src)
                yield from _merged_pairs(src)
        else:
            yield key_node, value_node


_TAG_HINT = "chỉ dùng kiểu dữ liệu YAML cơ bản, không dùng thẻ bắt đầu bằng !"


def _show_tag(tag: str) -> str:
    return short_text(tag.replace(_TAG, "!!"))
