"""Hypothesis strategies that break a real YAML file the ways people and attackers do.

Each mutation works on the text, line by line, so the result is what a person could type: a
key deleted or renamed, a value replaced by a word, an extreme number, an impossible date or an
explicit tag, a line repeated (a duplicate key), the file cut at any byte, a control byte inserted.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

__all__ = ["EXTREME_VALUES", "mutated_yaml"]

EXTREME_VALUES: tuple[str, ...] = (
    "2025-02-30",
    "2099-13-01",
    "0000-01-01",
    "9999-12-31",
    "0001-01-01",
    "1.0e+999999999",
    "1.0e-999999999",
    "1e9999999",
    "9" * 5000,
    "-" + "9" * 40,
    "0x" + "f" * 80,
    "0o777777777777777777777777",
    "1:2:3:4:5:6:7:8:9",
    "1.0e+15",
    "999999999999999.999",
    "-1",
    "0",
    ".inf",
    "-.inf",
    ".nan",
    '!!int "abc"',
    '!!int ""',
    '!!bool "maybe"',
    '!!timestamp "abc"',
    '!!float "x"',
    "!!binary aGVsbG8=",
    "!!set {a: 1}",
    "!!python/object/apply:os.system [echo]",
    "!custom 1",
    "~",
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "yes",
    "off",
    '"text"',
    "'9**9**9**9'",
    "\"'a' * 10**9\"",
    "\"'{:>1000000000}'.format(1)\"",
    '"\\e[31mđỏ\\x9b\\u202e"',
    "&a [*a, *a]",
    "*undefined",
    '=HYPERLINK("http://x")',
)

_KEYS = ("titel", "cod", "max", "1.1", "2025-02-30", "? [a]", "!!int x", "<<", "&a k", "'9'", "~")
_VALUE = re.compile(r"^(\s*(?:- )?[^:#\s][^:#]*:\s)(\S.*)$")
_CONTROL = ("\x00", "\x07", "\x1b", "\x08", "\x7f", "\u202e", "\ufeff", "\t", "\r")


@st.composite
def mutated_yaml(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to three mutations."""
    for _ in range(draw(st.integers(1, 3))):
        text = draw(_one_mutation(text))
    return text


def _one_mutation(text: str) -> st.SearchStrategy[str]:
    lines = text.splitlines(keepends=True)
    values = [i for i, line in enumerate(lines) if _VALUE.match(line.rstrip("\n"))]
    options: list[st.SearchStrategy[str]] = [
        st.integers(0, len(text)).map(lambda n: text[:n]),  # truncated
        st.tuples(st.integers(0, len(text)), st.sampled_from(_CONTROL)).map(
            lambda t: text[: t[0]] + t[1] + text[t[0] :]
        ),
    ]
    if lines:
        index = st.integers(0, len(lines) - 1)
        options.append(index.map(lambda i: "".join(lines[:i] + lines[i + 1 :])))  # key deleted
        options.append(index.map(lambda i: "".join(lines[: i + 1] + lines[i:])))  # duplicated
    if values:
        options.append(
            st.tuples(st.sampled_from(values), st.sampled_from(EXTREME_VALUES)).map(
                lambda t: _replace_value(lines, *t)
            )
        )
        options.append(
            st.tuples(st.sampled_from(values), st.text(max_size=12)).map(
                lambda t: _replace_value(lines, t[0], _quoted(t[1]))
            )
        )
        options.append(
            st.tuples(st.sampled_from(values), st.sampled_from(_KEYS)).map(
                lambda t: _rename_key(lines, *t)
            )
        )
    return st.one_of(options)


def _replace_value(lines: list[str], i: int, value: str) -> str:
    line = lines[i]
    m = _VALUE.match(line.rstrip("\n"))
    assert m is not None
    out = list(lines)
    out[i] = f"{m.group(1)}{value}\n"
    return "".join(out)


def _rename_key(lines: list[str], i: int, key: str) -> str:
    """The key of line ``i`` renamed (a typo, an unknown key, a key that is not text)."""
    line = lines[i]
    m = _VALUE.match(line.rstrip("\n"))
    assert m is not None
    indent = m.group(1)[: len(m.group(1)) - len(m.group(1).lstrip(" -"))]
    out = list(lines)
    out[i] = f"{indent}{key}: {m.group(2)}\n"
    return "".join(out)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
