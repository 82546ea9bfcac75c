"""The Word report's package without python-docx: python-docx's own template, saved as
python-docx saves it, with the report's styles.

The parts python-docx parses (styles, settings, numbering) are written as lxml writes them back
(the template's indentation removed), the relationship and content-type parts as python-docx
writes them, the others as they are in the template; entries in python-docx's order (content
types, package relationships, then the parts depth-first along the relationships). Tested equal,
byte for byte, to what python-docx writes for the same document.

None of it depends on the report, so the compressed entries are kept between runs in parscore's
cache folder (:mod:`parscore.user_cache`: private to the user, ``PARSCORE_CACHE_DIR=off`` turns it
off), keyed by a checksum of python-docx's template, this module's code and zlib's version; a file
that is not private, cut short or garbled is ignored and the entries are made again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..user_cache import private_folder, read_private, write_private
from .docx_xml import FOOTER_ID, FOOTER_PART, esc
from .docx_zip import Deflated, deflated

__all__ = [
    "FONT",
    "PPR_ORDER",
    "core_xml",
    "package_parts",
    "report_styles_xml",
    "shell_entries",
    "template_path",
]

_SHELL_FORMAT = b"parscore docx shell 1\n"
_LARGEST_SHELL = 16 * 1024 * 1024  # the compressed template is ~40 KiB

DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_PARSED = {_CT + "styles+xml", _CT + "settings+xml", _CT + "numbering+xml"}  # re-serialized
_SKIPPED = {
    "/word/document.xml",
    "/docProps/core.xml",
    "/" + FOOTER_PART,
}  # the report writes these
_FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
# python-docx's default content types (docx.opc.spec.default_content_types): extension and type
_DEFAULT_TYPES = {
    ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
    ("bmp", "image/bmp"),
    ("emf", "image/x-emf"),
    ("fntdata", "application/x-fontdata"),
    ("gif", "image/gif"),
    ("jpe", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("png", "image/png"),
    ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("wdp", "image/vnd.ms-photo"),
    ("wmf", "image/x-wmf"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("xml", "application/xml"),
}
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_BLANK = re.compile(rb"(<[^>]*>)\s+(?=<)")
_LINE_NOT_TAGS = re.compile(rb"\n(?:(?!<)|(?<!>\n))")  # a line not starting or ending a tag
_BETWEEN_TAGS = re.compile(rb">[ \t\r\f\v]+<")  # blank between two tags on one line
_INDENT = re.compile(rb"\n[ \t]+")


def template_path() -> Path:
    """python-docx's ``templates/default.docx``, found without importing python-docx."""
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("python-docx is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / "default.docx"


@functools.cache
def shell_entries() -> tuple[Deflated | str, ...]:
    """Every zip entry of the report in python-docx's order: compressed, or the name of a part
    the report writes. Kept in parscore's cache folder between runs (see the module's notes)."""
    template = template_path().read_bytes()
    key = hashlib.sha256(
        b"\0".join(
            (template, zlib.ZLIB_RUNTIME_VERSION.encode(), _own_source(), FOOTER_ID.encode())
        )
    ).hexdigest()[:32]
    folder = private_folder("docx-report")
    path = None if folder is None else folder / f"shell-{key}.bin"
    if path is not None:
        cached = _load(read_private(path, _LARGEST_SHELL))
        if cached is not None:
            return cached
    entries = tuple(
        name if blob is None else deflated(name, blob) for name, blob in package_parts(template)
    )
    if path is not None:
        write_private(path, _dump(entries))
    return entries


def _own_source() -> bytes:
    """This module's code: a changed rule makes a new cache entry."""
    try:
        return Path(__file__).read_bytes()
    except OSError:
        return b""


def _dump(entries: tuple[Deflated | str, ...]) -> bytes:
    head = [[e] if isinstance(e, str) else [e.name, e.crc, e.size, len(e.data)] for e in entries]
    data = [e.data for e in entries if not isinstance(e, str)]
    return _SHELL_FORMAT + json.dumps(head).encode("utf-8") + b"\n" + b"".join(data)


def _load(data: bytes | None) -> tuple[Deflated | str, ...] | None:
    """The entries :func:`_dump` wrote, or None for anything else (not there, cut short, garbled)."""
    if data is None or not data.startswith(_SHELL_FORMAT):
        return None
    try:
        end = data.index(b"\n", len(_SHELL_FORMAT))
        head = json.loads(data[len(_SHELL_FORMAT) : end])
        pos, entries = end + 1, list[Deflated | str]()
        for item in head:
            if len(item) == 1 and isinstance(item[0], str):
                entries.append(item[0])
                continue
            name, crc, size, length = item
            if not (isinstance(name, str) and all(isinstance(n, int) for n in (crc, size, length))):
                return None
            entries.append(Deflated(name, crc, size, data[pos : pos + length]))
            pos += length
    except (ValueError, TypeError):
        return None
    return tuple(entries) if pos == len(data) else None


def package_parts(template: bytes) -> tuple[tuple[str, bytes | None], ...]:
    """Every zip entry of the report in python-docx's order, with its bytes; ``None`` for the
    two the report writes (``word/document.xml``, ``docProps/core.xml``). ``template``: the
    bytes of python-docx's ``default.docx``."""
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        raw = {name: source.read(name) for name in source.namelist()}
    types = _content_types(raw["[Content_Types].xml"])
    _add_footer(raw, types)
    entries: list[tuple[str, bytes | None]] = []
    parts: list[str] = []
    entries.append(("_rels/.rels", _rels_xml(raw["_rels/.rels"])))
    for partname in _walk("/", raw, set()):
        parts.append(partname)
        member = partname[1:]
        blob: bytes | None
        if partname in _SKIPPED:
            blob = None
        elif types[partname] == _CT + "styles+xml":
            blob = report_styles_xml(raw[member])
        elif types[partname] in _PARSED:
            blob = reserialized(raw[member])
        else:
            blob = raw[member]
        entries.append((member, blob))
        rels = _rels_name(partname)[1:]
        if rels in raw and _relationships(raw[rels]):
            entries.append((rels, _rels_xml(raw[rels])))
    return (("[Content_Types].xml", _types_xml(parts, types)), *entries)


def _add_footer(raw: dict[str, bytes], types: dict[str, str]) -> None:
    """The footer part python-docx adds for ``section.footer.is_linked_to_previous = False``:
    related to the document under the next free id (``FOOTER_ID``, which the body's section
    properties name), after the template's relationships."""
    rels = "word/_rels/document.xml.rels"
    ids = [int(a["Id"][3:]) for a in _relationships(raw[rels]) if a["Id"][3:].isdigit()]
    if f"rId{max(ids, default=0) + 1}" != FOOTER_ID:
        raise RuntimeError(f"python-docx's template has an unexpected relationship: {ids}")
    target = PurePosixPath(FOOTER_PART).name
    entry = f'<Relationship Id="{FOOTER_ID}" Type="{_FOOTER_REL}" Target="{target}"/>'
    raw[rels] = raw[rels].replace(b"</Relationships>", entry.encode() + b"</Relationships>")
    raw[FOOTER_PART] = b""
    types["/" + FOOTER_PART] = _CT + "footer+xml"


def reserialized(xml: bytes) -> bytes:
    """The part as lxml writes it back after python-docx parses it (``remove_blank_text``):
    whitespace-only text between tags dropped, except inside an element with no children."""
    body = xml[xml.index(b"?>") + 2 :].strip() if xml.startswith(b"<?xml") else xml.strip()
    lines = _INDENT.sub(b"\n", body)
    # the template's layout (one tag per line, indented) is joined directly; any other takes
    # the general path
    if (
        _LINE_NOT_TAGS.search(lines) is None
        and _BETWEEN_TAGS.search(lines) is None
        and not _empty_element_on_two_lines(lines)
    ):
        return DECLARATION + lines.replace(b"\n", b"")

    def blank(m: re.Match[bytes]) -> bytes:
        tag, end = m.group(1), m.end()
        opening = not tag.startswith((b"</", b"<?")) and not tag.endswith(b"/>")
        if opening and body.startswith(b"</", end):
            return m.group(0)  # the text of an element without children is kept
        return tag

    return DECLARATION + _BLANK.sub(blank, body)


def _empty_element_on_two_lines(lines: bytes) -> bool:
    """Whether a line closing an element follows the line opening it (lxml keeps the line
    break between them as the element's text)."""
    pos = lines.find(b"\n</")
    while pos != -1:
        start = lines.rfind(b"\n", 0, pos) + 1
        if not lines.startswith(b"</", start) and lines[pos - 2 : pos] != b"/>":
            return True
        pos = lines.find(b"\n</", pos + 3)
    return False


def _walk(source: str, raw: dict[str, bytes], seen: set[str]) -> Iterator[str]:
    """The parts reachable from ``source`` (``/`` for the package), depth-first, each once."""
    rels = _rels_name(source)[1:]
    if rels not in raw:
        return
    base = PurePosixPath(source if source == "/" else str(PurePosixPath(source).parent))
    for attrs in _relationships(raw[rels]):
        if attrs.get("TargetMode") == "External":
            continue
        target = _normalize(base / attrs["Target"])
        if target in seen:
            continue
        seen.add(target)
        yield target
        yield from _walk(target, raw, seen)


def _normalize(path: PurePosixPath) -> str:
    parts: list[str] = []
    for piece in path.parts[1:]:
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/" + "/".join(parts)


def _rels_name(partname: str) -> str:
    if partname == "/":
        return "/_rels/.rels"
    path = PurePosixPath(partname)
    return f"{path.parent}/_rels/{path.name}.rels".replace("//", "/")


def _relationships(xml: bytes) -> list[dict[str, str]]:
    text = xml.decode("utf-8")
    return [dict(_ATTR.findall(m)) for m in re.findall(r"<Relationship\s([^>]*)/>", text)]


def _rels_xml(xml: bytes) -> bytes:
    """A relationships part as python-docx writes it (in the order it read them)."""
    items = []
    for a in _relationships(xml):
        mode = ' TargetMode="External"' if a.get("TargetMode") == "External" else ""
        items.append(
            f'<Relationship Id="{a["Id"]}" Type="{a["Type"]}" Target="{a["Target"]}"{mode}/>'
        )
    text = f'<Relationships xmlns="{_RELS_NS}">' + "".join(items) + "</Relationships>"
    return DECLARATION + text.encode("utf-8")


def _content_types(xml: bytes) -> dict[str, str]:
    """Each part's content type from the template's ``[Content_Types].xml`` (overrides by part
    name, defaults by extension), for the parts the template holds."""
    text = xml.decode("utf-8")
    defaults = {
        a["Extension"].lower(): a["ContentType"]
        for a in (dict(_ATTR.findall(m)) for m in re.findall(r"<Default\s([^>]*)/>", text))
    }
    overrides = {
        a["PartName"]: a["ContentType"]
        for a in (dict(_ATTR.findall(m)) for m in re.findall(r"<Override\s([^>]*)/>", text))
    }

    class _Types(dict[str, str]):
        def __missing__(self, partname: str) -> str:
            return defaults[PurePosixPath(partname).suffix[1:].lower()]

    return _Types(overrides)


def _types_xml(parts: list[str], types: dict[str, str]) -> bytes:
    """``[Content_Types].xml`` as python-docx writes it for ``parts``."""
    defaults = {"rels": _CT_RELS, "xml": "application/xml"}
    overrides: dict[str, str] = {}
    for partname in parts:
        ext = PurePosixPath(partname).suffix[1:]
        if (ext.lower(), types[partname]) in _DEFAULT_TYPES:
            defaults[ext] = types[partname]
        else:
            overrides[partname] = types[partname]
    items = [f'<Default Extension="{e}" ContentType="{defaults[e]}"/>' for e in sorted(defaults)]
    items += [f'<Override PartName="{p}" ContentType="{overrides[p]}"/>' for p in sorted(overrides)]
    text = f'<Types xmlns="{_TYPES_NS}">' + "".join(items) + "</Types>"
    return DECLARATION + text.encode("utf-8")


_CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"


def core_xml(*, title: str, subject: str, keywords: str, language: str, when: dt.datetime) -> bytes:
    """``docProps/core.xml`` as python-docx writes the report's core properties (the template's
    elements in its order, then language and last printed, as the report sets them)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    date = f'xsi:type="dcterms:W3CDTF">{stamp}'
    text = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title)}</dc:title><dc:subject>{esc(subject)}</dc:subject>"
        "<dc:creator>parscore</dc:creator>"
        f"<cp:keywords>{esc(keywords)}</cp:keywords><dc:description></dc:description>"
        "<cp:lastModifiedBy>parscore</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dcterms:created {date}</dcterms:created><dcterms:modified {date}</dcterms:modified>"
        f"<cp:category></cp:category><dc:language>{esc(language)}</dc:language>"
        f"<cp:lastPrinted>{stamp}</cp:lastPrinted></cp:coreProperties>"
    )
    return DECLARATION + text.encode("utf-8")


# -- the report's styles -------------------------------------------------------------------

FONT = "Times New Roman"
_STYLE_SEQ = [
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
]
_RPR_SEQ = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
# the children of w:pPr in the schema's order (a new one goes before the ones that follow)
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


class _El:
    """An element of a style: ``w:`` tag, attributes in order, children (no text)."""

    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: list[tuple[str, str]] | None = None) -> None:
        self.tag, self.attrs = tag, attrs or []
        self.children: list[_El] = []

    def child(self, tag: str) -> _El | None:
        return next((c for c in self.children if c.tag == tag), None)

    def get_or_add(self, tag: str, seq: list[str]) -> _El:
        """The child ``tag``, or a new one placed before its successors in ``seq``."""
        found = self.child(tag)
        if found is not None:
            return found
        new = _El(tag)
        after = seq[seq.index(tag) + 1 :]
        at = next((i for i, c in enumerate(self.children) if c.tag in after), None)
        self.children.insert(len(self.children) if at is None else at, new)
        return new

    def remove(self, tag: str) -> None:
        self.children = [c for c in self.children if c.tag != tag]

    def set(self, name: str, value: str) -> None:
        for i, (n, _) in enumerate(self.attrs):
            if n == name:
                self.attrs[i] = (name, value)
                return
        self.attrs.append((name, value))

    def pop(self, name: str) -> None:
        self.attrs = [(n, v) for n, v in self.attrs if n != name]

    def xml(self) -> str:
        attrs = "".join(f' w:{n}="{v}"' for n, v in self.attrs)
        if not self.children:
            return f"<w:{self.tag}{attrs}/>"
        inner = "".join(c.xml() for c in self.children)
        return f"<w:{self.tag}{attrs}>{inner}</w:{self.tag}>"


_TOKEN = re.compile(r"<(/?)w:(\w+)((?:\s+w:\w+=\"[^\"]*\")*)\s*(/?)>")


def _parse(text: str) -> _El:
    """A style element (``w:`` elements and attributes only, no text), as :func:`reserialized`
    writes it."""
    stack: list[_El] = []
    root: _El | None = None
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"unexpected style markup at {pos}: {text[pos : pos + 40]!r}")
        pos = m.end()
        closing, tag, attrs, empty = m.groups()
        if closing:
            done = stack.pop()
            if not stack:
                root = done
            continue
        el = _El(tag, [(n[2:], v) for n, v in _ATTR.findall(attrs)])
        if stack:
            stack[-1].children.append(el)
        if empty:
            if not stack:
                root = el
        else:
            stack.append(el)
    if root is None:
        raise ValueError("no style element")
    return root


def _font(style: _El, size: int, *, bold: bool = False) -> None:
    """What ``docx_styles.set_font`` does to a style (``size`` in points)."""
    rpr = style.get_or_add("rPr", _STYLE_SEQ)
    fonts = rpr.get_or_add("rFonts", _RPR_SEQ)
    fonts.set("ascii", FONT)
    fonts.set("hAnsi", FONT)
    rpr.get_or_add("sz", _RPR_SEQ).set("val", str(size * 2))
    if bold:
        rpr.get_or_add("b", _RPR_SEQ).pop("val")
    else:
        rpr.remove("b")
    rpr.remove("i")
    rpr.remove("color")
    rpr.get_or_add("color", _RPR_SEQ).set("val", "000000")
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.pop(attr)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(attr, FONT)


def _change(style: _El, style_id: str) -> None:
    """The report's changes to one template style (``docx_styles.report_styles``)."""
    if style_id == "Normal":
        _font(style, 12)
        style.get_or_add("rPr", _STYLE_SEQ).children.append(_El("lang", [("val", "vi-VN")]))
        ppr = style.get_or_add("pPr", _STYLE_SEQ)
        ppr.get_or_add("spacing", PPR_ORDER).set("after", "60")
    elif style_id in _HEADINGS:
        _font(style, _HEADINGS[style_id], bold=True)
    elif style_id == "Title":
        _font(style, 16, bold=True)
        style.get_or_add("pPr", _STYLE_SEQ).get_or_add("jc", PPR_ORDER).set("val", "center")
        style.get_or_add("pPr", _STYLE_SEQ).remove("pBdr")
    elif style_id == "TableGrid":
        rpr = style.get_or_add("rPr", _STYLE_SEQ)
        rpr.get_or_add("sz", _RPR_SEQ).set("val", "20")


_HEADINGS = {"Heading1": 14, "Heading2": 13, "Heading3": 12}
_CHANGED = ("Normal", "Heading1", "Heading2", "Heading3", "Title", "TableGrid")


def report_styles_xml(xml: bytes) -> bytes:
    """The template's styles part, re-serialized, with the report's styles."""
    text = reserialized(xml).decode("utf-8")
    for style_id in _CHANGED:
        m = re.search(f'<w:style [^>]*w:styleId="{style_id}"[^>]*>.*?</w:style>', text)
        if m is None:
            raise ValueError(f"style {style_id} is not in python-docx's template")
        head = text[m.start() : text.index(">", m.start()) + 1]
        root = _parse(
            m.group(0)[len(head) :].replace("</w:style>", "", 1).join(("<w:x>", "</w:x>"))
        )
        style = _El("style")
        style.children = root.children
        _change(style, style_id)
        inner = "".join(c.xml() for c in style.children)
        text = text[: m.start()] + head + inner + "</w:style>" + text[m.end() :]
    return text.encode("utf-8")
