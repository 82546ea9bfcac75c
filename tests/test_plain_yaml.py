"""parscore.plain_yaml: the fast reader gives exactly what the positional reader gives, or None.

Its one promise: whenever it returns data, that data equals (with the same Python types) what
:func:`parscore.yamlio.parse_yaml` returns for the same text; anything it is not sure of is
left to the positional reader (None).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.batch import FileError
from parscore.batch_run import score_file
from parscore.errors import ParscoreError
from parscore.evidence_yaml import dump_evidence
from parscore.loader import evidence_from_data, load_pack, read_evidence_document
from parscore.model.evidence import Document, Evidence
from parscore.plain_yaml import read_plain, read_plain_document
from parscore.synthetic import synthetic_communes
from parscore.yamlio import parse_yaml

from .conftest import ROOT, SAMPLE_PACK

PACK_2025 = ROOT / "rules" / "2025.yaml"
ALL_YAML = sorted(
    p for folder in ("evidence", "tests", "rules") for p in (ROOT / folder).rglob("*.yaml")
)


def typed(value: Any) -> Any:
    """The value with every type spelled out (True == 1 and 1 == Decimal(1) in Python)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    return (type(value).__name__, value)


def reference(text: str) -> Any:
    try:
        return typed(parse_yaml(text, "x.yaml").data)
    except ParscoreError:
        return "error"


def check_same(text: str) -> bool:
    """True when the fast reader read ``text`` (and asserts it agrees); False when it passed."""
    fast = read_plain(text)
    if fast is None:
        return False
    assert typed(fast) == reference(text), text
    return True


@pytest.mark.parametrize("path", ALL_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_file_is_read_alike_or_passed_on(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        assert read_plain_document(path) is None  # not text: the positional reader says so
        return
    check_same(text)


def test_the_sample_communes_take_the_fast_path() -> None:
    for path in (ROOT / "evidence").glob("*.yaml"):
        assert check_same(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("pack_path", [PACK_2025, SAMPLE_PACK])
def test_synthetic_communes_give_equal_evidence_models(pack_path: Path, tmp_path: Path) -> None:
    pack = load_pack(pack_path)
    for name, evidence in synthetic_communes(pack, 60, 7):
        path = tmp_path / name
        path.write_text(dump_evidence(evidence), encoding="utf-8")
        fast = read_plain_document(path)
        assert fast is not None, name
        slow = read_evidence_document(path)
        assert typed(fast.data) == typed(slow.data) and fast.sha256 == slow.sha256
        top = {k: v for k, v in slow.positions.items() if len(k) <= 1}
        assert fast.positions == top  # top-level keys are located as the full reader does
        a, b = evidence_from_data(fast, pack), evidence_from_data(slow, pack)
        assert a.model == b.model and typed(a.metrics) == typed(b.metrics)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n  b: 2\n",  # a continued plain value
        "a: x\n  more\n",
        "a: |\n  x\n",  # block scalar
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!str 1\n",  # tag
        "a: 1\na: 2\n",  # duplicate key
        "a:\n- 1\n",  # sequence at its key's indent
        '"a\\"b": 1\n',  # escape in a key
        'a: "x\\ty"\n',  # escape in a value
        "a: 'it''s'\n",
        "a: [1, [2]]\n",
        'a: ["x, y"]\n',
        "a: -1\n",
        "a: 012\n",  # YAML 1.1 octal
        "a: 1_000\n",
        "a: 1.0e+3\n",
        "a: 2025-02-30\n",  # no such day
        "a: 2025-01-02 10:00:00\n",
        "a: b: c\n",
        "a: value:\n",
        "yes: 1\n",  # a YAML word as a key
        "a: x\r\nb: y\rc: z\n",  # a lone carriage return
        "a: x\u2028y\n",
        "a: \x07\n",
        "- a\n",
        "--- \na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a\tb: 1\n",
        "a: 12345678901234567890\n",
        "  a: 1\n",
    ],
)
def test_doubtful_text_is_passed_on(text: str) -> None:
    assert read_plain(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 0.50\nc: yes\nd: ~\ne:\nf: 2025-01-02\n", None),
        ("a: \"x # y\"  # c\nb: 'q'\nc: x#y\nd: a:b\ne: x # c\n", None),
        ('a:\n  - id: x\n    s: [ "1.1", 3.2 ]\n  -   id: y\n      s: []\n', None),
        ("a: { x: 1, 'y': \"z\" }\nb: {}\nc: [a, b]\n", None),
        ("a: x\r\nb:\r\n  c: 1\r\n", None),
        ("a: Báo cáo [2025], số 1/BC\n", {"a": "Báo cáo [2025], số 1/BC"}),
    ],
)
def test_plain_text_is_read(text: str, expected: Any) -> None:
    assert check_same(text)
    if expected is not None:
        assert read_plain(text) == expected


_texts = st.text(max_size=30)
_decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commune=_texts,
    title=_texts,
    note=_texts,
    value=_decimals,
    count=st.integers(-(10**18), 10**18),
    day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    key=st.sampled_from(["x", "on", "null", "yes_rate"]),
)
def test_generated_evidence_is_read_alike(
    commune: str, title: str, note: str, value: Decimal, count: int, day: dt.date, key: str
) -> None:
    model = Evidence(
        commune=commune,
        note=note,
        as_of=day,
        metrics={key: value, "n": count, "flag": True, "day": day},
        documents=[Document(id="d-1", title=title, supports=["1.1", "3.2.2"])],
        claims={"1.1": Decimal("0.50")},
        not_applicable={"6.3.1": note or "x"},
    )
    check_same(dump_evidence(model))


_pieces = st.sampled_from(
    [
        "a",
        "b_c",
        "yes",
        "No",
        "~",
        "null",
        "1",
        "-1",
        "0.5",
        "012",
        "1_0",
        "1e+3",
        ".5",
        "2025-01-02",
        "2025-13-01",
        "1:30",
        '"q: #"',
        "'s''t'",
        '"a\\"b"',
        '[a, "b,c"]',
        "[1, 2]",
        "{a: 1}",
        "{}",
        "&x",
        "*x",
        "!t",
        "|",
        ">",
        "# c",
        "x #c",
        "x#c",
        "a: b",
        "a:b",
        ":",
        "-",
        "- a",
        "?",
        "%",
        "@",
        "é",
        "\u00a0",
        "\u2028",
        "\r",
        "\t",
        ",",
        "  ",
    ]
)
_line = st.tuples(
    st.sampled_from(["", "  ", "    ", "   ", "- ", "  - ", "    - "]),
    st.sampled_from(["a", "b", "c_d", '"e"', "'f'", "yes", "1", "a b", ""]),
    st.sampled_from([":", ": ", ":  ", ""]),
    st.lists(_pieces, max_size=3).map(" ".join),
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, min_size=1, max_size=8).map("\n".join))
def test_any_text_read_is_read_alike(text: str) -> None:
    check_same(text)


_scalar_text = st.one_of(
    _pieces, st.text(max_size=12), st.from_regex(r"[a-z0-9 .:#-]{1,8}", fullmatch=True)
)
_keys = st.sampled_from(["a", "b", "c_d", '"e f"', "'g'", "h1", '"1.1"'])
_tree = st.recursive(
    _scalar_text,
    lambda inner: st.one_of(
        st.dictionaries(_keys, inner, min_size=1, max_size=4),
        st.lists(inner, min_size=1, max_size=3),
    ),
    max_leaves=12,
)


def _emit(node: Any, indent: int, out: list[str], prefix: str = "") -> None:
    pad = " " * indent
    if isinstance(node, dict):
        first = True
        for key, value in node.items():
            lead = prefix if first and prefix else pad
            first = False
            if isinstance(value, dict | list):
                out.append(f"{lead}{key}:")
                _emit(value, indent + 2, out)
            else:
                out.append(f"{lead}{key}: {value}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                _emit(item, indent + 2, out, prefix=f"{pad}- ")
            elif isinstance(item, list):
                out.append(f"{pad}- {_flow(item)}")
            else:
                out.append(f"{pad}- {item}")


def _flow(items: list[Any]) -> str:
    return "[" + ", ".join(str(i) for i in items if not isinstance(i, dict | list)) + "]"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _tree, min_size=1, max_size=4))
def test_any_nested_text_read_is_read_alike(tree: dict[str, Any]) -> None:
    lines: list[str] = []
    _emit(tree, 0, lines)
    check_same("\n".join(lines) + "\n")


def test_a_plain_file_with_an_error_is_reported_with_positions(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    pack = load_pack(SAMPLE_PACK)
    _, evidence = next(synthetic_communes(pack, 1, 3))
    text = dump_evidence(evidence)
    good.write_text(text, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("metrics:\n", "metrics:\n  khong_co: 1\n"), encoding="utf-8")
    assert read_plain_document(bad) is not None  # plain: the fast reader reads it
    outcome = score_file(str(bad), str(SAMPLE_PACK))
    assert isinstance(outcome, FileError)
    with pytest.raises(ParscoreError) as info:
        evidence_from_data(read_evidence_document(bad), pack)
    assert outcome.issues == tuple(info.value.issues)
    assert outcome.issues[0].line is not None
    assert not isinstance(score_file(str(good), str(SAMPLE_PACK)), FileError)


def test_no_text_it_reads_holds_a_control_character() -> None:
    """What lets the loader skip its control-character walk for documents read this way."""
    from parscore.safe_text import CONTROL_CHARS

    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF, 0xD800]:
        c = chr(code)
        if CONTROL_CHARS.match(c):
            assert read_plain(f"a: x{c}y\n") is None, hex(code)
            assert read_plain(f'a: "x{c}y"\n') is None, hex(code)
