"""``parscore diff OLD NEW [--evidence E ...]``: what changed between two packs, and its effect."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..diffing import drift, pack_diff
from ..errors import Issue, ParscoreError, UsageError
from ..file_kind import pack_not_evidence
from ..loader import load_pack, read_evidence_document
from ..report.diff_html import render_diff_html
from ..report.diff_text import render_diff_md, render_diff_text
from ..yamlio import YamlDocument
from .common import EXIT_OK, print_or_write


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="gói quy tắc cũ (YAML)")
    parser.add_argument("new", metavar="NEW", help="gói quy tắc mới (YAML)")
    parser.add_argument(
        "--evidence",
        nargs="+",
        action="extend",
        default=[],
        metavar="E",
        help="tệp hoặc thư mục minh chứng: chấm điểm mỗi xã theo cả hai gói",
    )
    parser.add_argument(
        "--format",
        choices=("text", "md", "html", "json"),
        help="dạng kết quả (mặc định: theo đuôi tệp -o: .html, .md, .json; còn lại là văn bản)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="ghi kết quả ra tệp thay vì màn hình"
    )
    parser.add_argument("--force", action="store_true", help="ghi đè tệp ra nếu đã có")


def run(args: argparse.Namespace) -> int:
    fmt = args.format or _format_of(args.output)  # a wrong output name is told before any work
    issues: list[Issue] = []
    packs = []
    for path in (args.old, args.new):
        try:
            packs.append(load_pack(path))
        except ParscoreError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ParscoreError(issues)
    old, new = packs
    documents = _evidence_documents(args.evidence)
    drifts = []
    for doc in documents:
        try:
            drifts.append(drift(old, new, doc))
        except ParscoreError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ParscoreError(issues)
    result = pack_diff(old, new, drifts)
    labels = {name: spec.label for name, spec in new.model.inputs.items()}
    if fmt == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "md":
        text = render_diff_md(result, labels, (old, new))
    elif fmt == "html":
        text = render_diff_html(result, labels, (old, new))
    else:
        text = render_diff_text(result, labels, (old, new))
    print_or_write(text, args.output, force=args.force)
    return EXIT_OK


_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".json": "json",
    ".txt": "text",
    "": "text",
}


def _format_of(output: str | None) -> str:
    """The format an output file's name asks for (text on the screen, for ``.txt`` and for a
    name without an extension). Any other name (``.docx``, ``.xlsx``, ``.pdf``…) is refused
    rather than filled with text that Word or Excel cannot open."""
    if not output:
        return "text"
    suffix = Path(output).suffix.lower()
    fmt = _SUFFIXES.get(suffix)
    if fmt is None:
        raise UsageError.single(
            f"không ghi được kết quả so sánh dạng tệp '{suffix}'",
            "đặt đuôi tệp .html (mở bằng trình duyệt, in hoặc lưu thành PDF), .md, .json hoặc .txt",
            output,
        )
    return fmt


def _evidence_documents(paths: list[str]) -> list[YamlDocument]:
    """Each evidence file named, and every ``*.yaml`` in each folder named (sorted by name), each
    file once."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
            )
            if not found:
                raise UsageError.single(
                    "thư mục không có tệp minh chứng .yaml nào",
                    "chỉ định tệp hoặc thư mục khác",
                    name,
                )
            files.extend(found)
        else:
            files.append(path)
    seen: set[Path] = set()
    unique = []
    for file in files:  # one file named alone and in its folder: one commune, drifted once
        where = file.resolve()
        if where not in seen:
            seen.add(where)
            unique.append(file)
    documents: list[YamlDocument] = []
    issues: list[Issue] = []
    for file in unique:
        try:
            doc = read_evidence_document(file)
        except ParscoreError as exc:
            issues.extend(exc.issues)
            continue
        other_kind = pack_not_evidence(doc)  # a rule pack given as evidence: said in one line
        if other_kind is not None:
            issues.append(other_kind)
        else:
            documents.append(doc)
    if issues:
        raise ParscoreError(issues)
    return documents
