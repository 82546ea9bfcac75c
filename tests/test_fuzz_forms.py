"""Fuzzing ``parscore import`` with mutated Excel forms.

A real form is generated from the sample pack and commune, then mutated: cells set to extreme
numbers, impossible dates, formulas (with and without a value), control characters, unknown kinds,
cells far away; or the file's bytes truncated or flipped. Each example runs the CLI entry point
in-process and must end with exit 0 or 2, no traceback, and every error located (``Sheet!Cell``
or the file). Seeded and bounded in the suite; ``make fuzz`` runs many more examples with a new seed
(``PARSCORE_FUZZ_EXAMPLES``). The strategy (:func:`mutated_forms`) is self-contained so it can join
a shared fuzz harness.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parscore.cli.main import main
from parscore.forms.workbook import build_form
from parscore.loader import load_evidence, load_pack

from .conftest import SAMPLE_COMMUNE, SAMPLE_PACK
from .xlsx_craft import text_cell, with_cell

EXAMPLES = int(os.environ.get("PARSCORE_FUZZ_EXAMPLES", "0"))
DEEP = EXAMPLES > 0  # make fuzz: many examples, a new seed each run; make test: a fixed few
SHEETS = {"Thông tin": "B", "Số liệu": "G", "Tiêu chí": "G", "Tài liệu": "A"}
_LOCATED = re.compile(r"^(\S.*?![A-Z]*\d+|.*\.xlsx|.*\.ya?ml(:\d+:\d+)?): (PS|W)\d{3} ")


def _form() -> bytes:
    pack = load_pack(SAMPLE_PACK)
    evidence, _ = load_evidence(SAMPLE_COMMUNE, pack)
    return build_form(pack, evidence)


FORM = _form()

numbers = st.one_of(
    st.sampled_from(["1e9999999", "-0", "NaN", "Infinity", "9" * 5000, "1,2,3", "0x10", "1.250,5"]),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
dates = st.sampled_from(["30/02/2025", "31/13/2099", "2025-02-30", "00/00/0000", "1/1/99999"])
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["\x1b[2J", "Xã\x9b", "Báo cáo", "Tờ trình", "=1+1", "@SUM(A1)", "Có", "x" * 5000]
    ),
)


@st.composite
def cell_edits(draw: st.DrawFn) -> tuple[str, str, bytes, bytes]:
    sheet = draw(st.sampled_from(sorted(SHEETS)))
    column = draw(st.sampled_from([SHEETS[sheet], "B", "C", "XFD"]))
    row = draw(st.one_of(st.integers(min_value=1, max_value=12), st.just(1048576)))
    ref = f"{column}{row}"
    kind = draw(st.sampled_from(["number", "text", "date", "formula", "cached", "serial"]))
    if kind == "number":
        return sheet, ref, b"<v>%s</v>" % draw(numbers).encode(), b""
    if kind == "formula":
        return sheet, ref, b"<f>SUM(A1:A9)</f>", b""
    if kind == "cached":
        return sheet, ref, b"<f>1+1</f><v>%s</v>" % draw(numbers).encode(), b""
    if kind == "serial":
        days = draw(st.integers(min_value=-10, max_value=3_000_000))
        return sheet, ref, b"<v>%d</v>" % days, b' s="1"'
    value = draw(dates if kind == "date" else texts)
    inner, attrs = text_cell(value)
    return sheet, ref, inner, attrs


@st.composite
def mutated_forms(draw: st.DrawFn, form: bytes = FORM) -> bytes:
    """A real form, mutated: a few cells changed, or its bytes truncated or flipped."""
    how = draw(st.sampled_from(["cells", "cells", "cells", "truncate", "flip"]))
    if how == "truncate":
        return form[: draw(st.integers(min_value=0, max_value=len(form) - 1))]
    if how == "flip":
        data = bytearray(form)
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            i = draw(st.integers(min_value=0, max_value=len(data) - 1))
            data[i] = draw(st.integers(min_value=0, max_value=255))
        return bytes(data)
    data = form
    for sheet, ref, inner, attrs in draw(st.lists(cell_edits(), min_size=1, max_size=3)):
        data = with_cell(data, sheet, ref, inner, attrs)
    return data


def check_import(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    """The assertions every fuzzed workbook must meet."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "xa.xlsx"
        book.write_bytes(data)
        target = Path(folder) / "xa.yaml"
        code = main(["import", str(book), "-o", str(target), "--pack", str(SAMPLE_PACK)])
        out, err = capsys.readouterr()
        assert code in (0, 2), (code, err)
        assert "Traceback" not in err + out
        assert target.exists() == (code == 0)
        problems = [line for line in err.splitlines() if re.search(r" (PS|W)\d{3} ", line)]
        if code == 2:
            assert problems, err
        for line in problems:
            assert _LOCATED.match(line.removeprefix("cảnh báo: ")), line


@settings(
    max_examples=EXAMPLES if DEEP else 25,
    derandomize=not DEEP,
    database=None,
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated_forms())
def test_fuzzed_forms_end_cleanly(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    check_import(data, capsys)
