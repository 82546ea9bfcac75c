"""Helpers for the report tests: render a commune, read a Word file back, walk HTML."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence, evidence_from_data, load_evidence, load_pack
from parscore.report.build import build_context
from parscore.report.context import ReportContext
from parscore.scoring import score
from parscore.yamlio import parse_yaml

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
SAMPLE_PACK = DATA / "sample-pack.yaml"
CASES = {
    "full": DATA / "sample-commune.yaml",
    "minimal": DATA / "minimal-commune.yaml",
    "staged": DATA / "staged" / "commune.yaml",  # appraisal rounds, bonus and penalty
}
PACK_OF = {CASES["staged"]: DATA / "staged" / "pack.yaml"}  # others: the sample pack


def load_case(evidence: Path) -> tuple[LoadedEvidence, LoadedPack]:
    return load_evidence(evidence, load_pack(PACK_OF.get(evidence, SAMPLE_PACK)))


def evidence_from_text(text: str) -> tuple[LoadedEvidence, LoadedPack]:
    pack = load_pack(SAMPLE_PACK)
    return evidence_from_data(parse_yaml(text, "<evidence>"), pack), pack


def context_for(
    evidence: LoadedEvidence, pack: LoadedPack, *, strict: bool = False
) -> ReportContext:
    return build_context(score(pack, evidence, strict_evidence=strict), pack, evidence)


# -- Word ----------------------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    """A reviewable text form of a .docx: page setup, paragraphs with styles, tables row by row."""
    doc = Document(io.BytesIO(data))
    lines: list[str] = []
    for i, section in enumerate(doc.sections):
        lines.append(
            f"[section {i}: {section.page_width.mm:.0f}x{section.page_height.mm:.0f} mm,"
            f" {section.orientation.name.lower()}]"
        )
    body = doc.element.body
    tables = iter(doc.tables)
    paragraphs = iter(doc.paragraphs)
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            p = next(paragraphs)
            if p.text.strip():
                lines.append(f"{p.style.name}: {p.text}")
        elif child.tag == qn("w:tbl"):
            table = next(tables)
            lines.append(f"[table {len(table.columns)} columns]")
            for row in table.rows:
                header = (
                    row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
                )
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    if cell._tc is not previous:  # a merged cell is listed once per grid column
                        cells.append(" / ".join(p.text for p in cell.paragraphs if p.text))
                    previous = cell._tc
                lines.append(("H| " if header else " | ") + " | ".join(cells))
            lines.append("[end table]")
    return "\n".join(lines) + "\n"


def docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [
        [["\n".join(p.text for p in c.paragraphs) for c in row.cells] for row in t.rows]
        for t in doc.tables
    ]


def zip_dates(data: bytes) -> set[tuple[int, ...]]:
    return {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}


# -- HTML ----------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
BLOCK = {"br", "div", "li", "ul", "p", "tr", "td", "th"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """Text content; line breaks and block elements count as spaces."""
        parts = []
        for c in self.children:
            if isinstance(c, str):
                parts.append(c)
            elif c.tag in BLOCK:
                parts.append(f" {c.text()} ")
            else:
                parts.append(c.text())
        return "".join(parts)

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        out: list[Node] = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag and all(c.attrs.get(k.rstrip("_")) == v for k, v in attrs.items()):
                    out.append(c)
                out.extend(c.find_all(tag, **attrs))
        return out

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]


class TreeBuilder(HTMLParser):
    """A strict tree builder: every non-void element must be closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1].tag}> at {self.getpos()}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert not builder.errors, builder.errors
    assert builder.stack == [builder.root], [n.tag for n in builder.stack]
    return builder.root


def cell_texts(row: Node) -> list[str]:
    return [
        " ".join(c.text().split())
        for c in row.children
        if isinstance(c, Node) and c.tag in ("td", "th")
    ]
