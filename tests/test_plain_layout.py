"""parscore.plain_layout: the block-at-a-time reader gives exactly what the positional reader
gives (values, types and top-level key positions), or None; and the byte-level character check
refuses exactly what the text-level one refuses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.evidence_yaml import dump_evidence
from parscore.loader import load_pack
from parscore.plain_layout import read_layout
from parscore.plain_yaml import read_plain, refused_bytes
from parscore.synthetic import synthetic_communes
from parscore.yamlio import parse_yaml

from .conftest import ROOT, SAMPLE_PACK
from .test_plain_yaml import typed

PACK_2025 = ROOT / "rules" / "2025.yaml"


def check_layout(text: str) -> bool:
    """True when the layout reader read ``text`` (and asserts it agrees with the positional
    reader, positions of the top-level keys included); False when it passed it on."""
    read = read_layout(text)
    if read is None:
        return False
    data, positions = read
    doc = parse_yaml(text, "x.yaml")
    assert not doc.problems, text
    assert typed(data) == typed(doc.data), text
    assert positions == {k: v for k, v in doc.positions.items() if len(k) <= 1}, text
    return True


@pytest.mark.parametrize("pack_path", [PACK_2025, SAMPLE_PACK])
def test_written_evidence_takes_the_layout_path(pack_path: Path) -> None:
    pack = load_pack(pack_path)
    for _, evidence in synthetic_communes(pack, 20, 11):
        assert check_layout(dump_evidence(evidence, header=["tệp mẫu", ""]))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  c: 1\n  d: [x, y]\n",
        'a:\n  - id: x\n    s: [ "1.1" ]\n  - id: y\n',
        "# c\n\na: 1\n\nb: {total: 90}\n",
        'a:\n  "1.1": 0.50\n  "2": ok\n',
        "a:\nb: 1\n",  # nothing under a key: null
        "a: ~\nb:\n  c: null\n",
    ],
)
def test_layout_text_is_read(text: str) -> None:
    assert check_layout(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1",  # no final line break
        "a: 1\r\n",
        "a:\n  b: 1\n\n  c: 2\n",  # a blank line inside a block
        "a:\n  b: 1\n  # c\n",  # a comment inside a block
        "a:\n  b:\n    c: 1\n",  # a nested block
        "a:\n    b: 1\n",  # another indent
        "a:\n  b: x: y\n  c:\n",  # a value holding ": "
        'a:\n  b: "x: y"\n',  # the same, quoted: valid, left to the line reader
        "a:\n  b: 1\n  b: 2\n",  # a key written twice
        "a:\n  - id: x\n    id: y\n",
        "a: 1\na: 2\n",
        "a:\n  yes: 1\n",  # a YAML word as a key
        "a:\n  b:  1\n",  # two spaces after the colon
        "a:\n  b: 1 \n",  # a space after the value
        "a:\n- b: 1\n",  # a sequence at its key's indent
        "  a: 1\n",
        "- a\n",
        "---\na: 1\n",
        "a: &x 1\n",
        "",
    ],
)
def test_other_text_is_passed_on(text: str) -> None:
    assert read_layout(text) is None


_values = st.sampled_from(
    ["1", "0.50", "x", '"q: r"', "'s'", "yes", "~", "[a, b]", "{a: 1}", "2025-01-02", "a #c", ""]
)
_keys = st.sampled_from(["a", "b", "c_d", '"1.1"', "on", "- e", ""])
_lines = st.tuples(
    st.sampled_from(["", "  ", "    ", "  - ", "   ", "#"]),
    _keys,
    st.sampled_from([": ", ":", ":  "]),
    _values,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_lines, min_size=1, max_size=10).map(lambda lines: "\n".join(lines) + "\n"))
def test_any_text_read_is_read_alike(text: str) -> None:
    check_layout(text)


# Mostly what the layout reader reads, now and then what it must pass on.
_good_keys = st.sampled_from(["a", "b", "c_d", '"1.1"', "e", "f2", "g", "h", "i", "j", "on", "- k"])
_good_values = st.sampled_from(
    ["1", "0.50", "x y", '"q: r"', "'s'", "yes", "~", "[a, 1]", "{a: 1}", "2025-01-02", "a #c"]
)
_pair = st.tuples(_good_keys, _good_values).map(lambda kv: f"{kv[0]}: {kv[1]}")
_entry = st.one_of(
    _pair.map(lambda line: line + "\n"),
    st.tuples(_good_keys, st.lists(_pair, max_size=4)).map(
        lambda e: f"{e[0]}:\n" + "".join(f"  {line}\n" for line in e[1])
    ),
    st.tuples(_good_keys, st.lists(st.lists(_pair, min_size=1, max_size=3), max_size=3)).map(
        lambda e: (
            f"{e[0]}:\n"
            + "".join(
                "".join(f"{'  - ' if i == 0 else '    '}{line}\n" for i, line in enumerate(item))
                for item in e[1]
            )
        )
    ),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entry, min_size=1, max_size=5).map("".join))
def test_any_laid_out_text_read_is_read_alike(text: str) -> None:
    check_layout(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 10_000),
    st.sampled_from(["\n\n", "\n# c\n", ": ", " ", "\n  ", "\n    ", "-", '"', "x: y"]),
)
def test_written_evidence_with_a_change_is_read_alike_or_passed_on(at: int, piece: str) -> None:
    pack = load_pack(SAMPLE_PACK)
    _, evidence = next(synthetic_communes(pack, 1, 5))
    text = dump_evidence(evidence)
    at %= len(text)
    changed = text[:at] + piece + text[at:]
    if check_layout(changed):
        return
    try:
        parse_yaml(changed, "x.yaml")
    except Exception:
        return  # not YAML at all: the positional reader says where


# What YAML refuses (and the plain readers with it): tabs, C0 controls but LF and CR, DEL, C1,
# the Unicode line and paragraph separators, a byte-order mark after the start, U+FFFE, U+FFFF.
_REFUSED_POINTS = {
    *range(0x00, 0x0A),
    0x0B,
    0x0C,
    0x0D,  # a carriage return not followed by a line feed (always so below)
    *range(0x0E, 0x20),
    *range(0x7F, 0xA0),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),  # bidirectional embeddings and overrides
    *range(0x2066, 0x206A),  # and isolates
    0xFEFF,
    0xFFFE,
    0xFFFF,
}


def test_byte_check_refuses_what_the_text_check_refuses() -> None:
    points = [
        *range(0, 0x3000),
        *range(0xD7F0, 0xD800),
        *range(0xE000, 0xE010),
        *range(0xFEF0, 0x10000),
        0x10000,
        0x1F600,
        0x10FFFF,
    ]
    for code in points:
        c = chr(code)
        refused = code in _REFUSED_POINTS
        for text in (f"a: x{c}y\n", f"a{c}: 1\n", f"a: 1\n{c}"):
            assert refused_bytes(text.encode()) == refused, hex(code)
            if refused:
                assert read_plain(text) is None, hex(code)
    assert refused_bytes(b"a: x\rb: y\n") and read_plain("a: x\rb: y\n") is None
    assert not refused_bytes(b"a: x\r\nb: y\r\n")
    assert not refused_bytes(b"\xef\xbb\xbfa: 1\n") and refused_bytes(b"a: \xef\xbb\xbf1\n")


def test_remembered_values_are_shared_only_when_immutable() -> None:
    from parscore.plain_scalars import Doubt, key_of, value_of

    first, second = value_of("[a, 1]"), value_of("[a, 1]")
    assert first == second == ["a", 1] and first is not second  # a list of its own each time
    assert value_of("{a: 1}") == {"a": 1} and value_of("{a: 1}") is not value_of("{a: 1}")
    assert value_of("0.50") == Decimal("0.50") and str(value_of("0.50")) == "0.50"
    assert key_of('"1.1"') == "1.1" and key_of("Yes") == "" and key_of("metrics") == "metrics"
    for text in ("[a, [b]]", '"x\\ty"', "a: b", "1.0e+3", "2025-02-30"):
        with pytest.raises(Doubt):
            value_of(text)
