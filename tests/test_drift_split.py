"""Each criterion's share of a commune's change split in two, worked by hand: the part due to the
criterion's points under the new rule («do điểm tiêu chí») and the part due to the rescaling to
the reported scale («do quy đổi thang điểm»); rows add up to their delta, columns to the
commune's two effects, to the last digit.

The pair (tests/data/split): field 1 of 10 points becomes 12 (1.1: max 4 → 6; 1.2: a tier
``≥ 75 → 3`` added; 1.3 unchanged), on a scale of 100. One point is worth 100/10 = 10 under the
old pack and 100/12 = 25/3 under the new one. The commune earns 4 + 2 + 2 = 8 → 80 and
6 + 3 + 2 = 11 → 91,67.

==== ======================== =========================== ==============
code points (p_new − p_old)·25/3  rescale p_old·(25/3 − 10)   delta
==== ======================== =========================== ==============
1.1  2 · 25/3 = 16,666…       4 · −5/3 = −6,666…          10
1.2  1 · 25/3 =  8,333…       2 · −5/3 = −3,333…           5
1.3  0                        2 · −5/3 = −3,333…          −3,333… → −3,33
==== ======================== =========================== ==============

The deltas (10, 5, −3,33) add up to 11,67; the commune's points effect is 25 and its rescaling
−13,33. The row 1.1 takes the points column's missing unit (its remainder ⅔ is the largest):
16,67 + −6,67; 1.2 stays 8,33 + −3,33; 1.3 is 0 + −3,33.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.diffing import Drift, apportion, drift
from parscore.diffing.rounding import apportion_split
from parscore.loader import load_pack, pack_from_text, read_evidence_document
from parscore.report.diff_text import mover_text
from parscore.report.filters import Formatter

from .conftest import DATA

SPLIT = DATA / "split"
OLD, NEW, COMMUNE = SPLIT / "2024.yaml", SPLIT / "2025.yaml", SPLIT / "xa.yaml"
D = Decimal


def _drift(new: LoadedPack | None = None) -> Drift:
    return drift(load_pack(OLD), new or load_pack(NEW), read_evidence_document(COMMUNE))


def _rows(d: Drift) -> dict[str, tuple[str, Decimal, Decimal, Decimal]]:
    return {c.code: (c.change, c.delta, c.points_delta, c.rescale_delta) for c in d.criteria}


def _one_removed_one_added() -> LoadedPack:
    """The new pack with 1.3 (2 points) removed and 1.4 (2 points) added, the field still 12."""
    return pack_from_text(
        NEW.read_text(encoding="utf-8").replace(
            '      - { code: "1.3", title: Công khai thủ tục, max: 2, score: { check: published } }\n',
            '      - { code: "1.4", title: Báo cáo đúng hạn, max: 2, score: { check: reported } }\n',
        )
    )


def test_a_new_maximum_a_new_tier_and_a_new_field_scale_split_by_hand() -> None:
    d = _drift()
    assert (d.old.total.score, d.new.total.score, d.delta) == (D(80), D("91.67"), D("11.67"))
    assert (d.points_effect, d.rescale_effect) == (D(25), D("-13.33"))
    assert _rows(d) == {
        "1.1": ("matched", D(10), D("16.67"), D("-6.67")),
        "1.2": ("matched", D(5), D("8.33"), D("-3.33")),
        "1.3": ("matched", D("-3.33"), D(0), D("-3.33")),
    }
    # the exact parts behind them
    c11 = d.criteria[0]
    assert (c11.points_effect, c11.rescale_effect) == (Fraction(50, 3), Fraction(-20, 3))


def test_an_added_criterion_has_no_rescaling_and_a_removed_one_loses_its_points_at_the_new_worth() -> (
    None
):
    """1.3 (2 points) removed and 1.4 (2 points) added, the field still 12: the new 1.4 is all
    points (2 · 25/3 = 16,67, nothing to rescale); the removed 1.3 loses its 2 points at the new
    worth (−16,67) while its old points' worth fell by 2 · 5/3 (−3,33): −20 in all."""
    d = _drift(_one_removed_one_added())
    assert d.delta == D("11.67") and (d.points_effect, d.rescale_effect) == (D(25), D("-13.33"))
    assert _rows(d) == {
        "1.1": ("matched", D(10), D("16.67"), D("-6.67")),
        "1.2": ("matched", D(5), D("8.33"), D("-3.33")),
        "1.4": ("added", D("16.67"), D("16.67"), D(0)),
        "1.3": ("removed", D(-20), D("-16.67"), D("-3.33")),
    }


def test_the_criteria_that_moved_most_say_their_two_parts_in_short() -> None:
    """The drift table's column «Tiêu chí thay đổi nhiều nhất» gave each criterion's change of
    the total alone; it now says its two parts, or which part alone moved it (the other 0)."""
    signed = Formatter(2, "half_up").signed
    d = _drift()
    assert [mover_text(c, signed) for c in d.criteria] == [
        "1.1: +10 (do điểm +16,67; do quy đổi −6,67)",
        "1.2: +5 (do điểm +8,33; do quy đổi −3,33)",
        "1.3: −3,33 (chỉ do quy đổi)",
    ]
    moved = {c.code: mover_text(c, signed) for c in _drift(_one_removed_one_added()).criteria}
    assert moved["1.4"] == "1.4: +16,67 (chỉ do điểm)"  # new: nothing to rescale
    assert moved["1.3"] == "1.3: −20 (do điểm −16,67; do quy đổi −3,33)"  # removed


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "text",
            [
                "thay đổi của tổng điểm = do điểm tiêu chí + do quy đổi thang điểm",
                "4 → 6           +10 =   +16,67    −6,67",
                "2 → 2         −3,33 =        0    −3,33",
            ],
        ),
        (
            "md",
            [
                "| Thay đổi tổng điểm | Do điểm tiêu chí | Do quy đổi thang điểm | Nguyên nhân |",
                "| 1.1 | Ban hành kế hoạch | 4 | 6 | +10 | +16,67 | −6,67 | điểm tối đa 4 → 6 |",
            ],
        ),
        (
            "html",
            [
                '<th class="num">Do điểm tiêu chí</th><th class="num">Do quy đổi thang điểm</th>',
                '<td class="num up">+5</td><td class="num">+8,33</td><td class="num">−3,33</td>',
            ],
        ),
    ],
)
def test_every_format_shows_each_rows_two_parts(
    fmt: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(OLD), str(NEW), "--evidence", str(COMMUNE), "--format", fmt]) == 0
    out = capsys.readouterr().out
    for text in expected:
        assert text in out, text


def test_json_gives_each_criterions_two_parts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(OLD), str(NEW), "--evidence", str(COMMUNE), "--format", "json"]) == 0
    [commune] = json.loads(capsys.readouterr().out)["drift"]
    rows = {
        c["code"]: (c["delta"], c["points_effect"], c["rescale_effect"])
        for c in commune["criteria"]
    }
    assert rows == {
        "1.1": ("10", "16.67", "-6.67"),
        "1.2": ("5", "8.33", "-3.33"),
        "1.3": ("-3.33", "0", "-3.33"),
    }
    assert (commune["points_effect"], commune["rescale_effect"]) == ("25", "-13.33")


# -- apportion_split ------------------------------------------------------------------------------


def test_apportion_split_by_hand() -> None:
    third = Fraction(1, 3)
    parts = [(50 * third, -20 * third), (25 * third, -10 * third), (Fraction(0), -10 * third)]
    totals = [D(10), D(5), D("-3.33")]
    assert apportion_split(parts, totals, D(25), 2) == [
        (D("16.67"), D("-6.67")),
        (D("8.33"), D("-3.33")),
        (D("0.00"), D("-3.33")),
    ]
    # the points column a unit lower: no row takes the unit (each first part stays floored)
    assert apportion_split(parts, totals, D("24.99"), 2)[0] == (D("16.66"), D("-6.66"))
    assert apportion_split([], [], D(0), 2) == []


_fractions = st.fractions(min_value=-40, max_value=40, max_denominator=60)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_fractions, _fractions), min_size=1, max_size=7),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=-1, max_value=1),
)
# the rows' bounds give the first parts 1,5 where the column is 1,39…: the row with two
# non-zero parts goes a unit beyond its bounds (0,9 + 0,4 for 1 + 1/3), as documented
@example(
    parts=[
        (Fraction(0), Fraction(1, 3)),
        (Fraction(1), Fraction(1, 3)),
        (Fraction(1, 7), Fraction(0)),
        (Fraction(1, 4), Fraction(0)),
    ],
    places=1,
    nudge=0,
)
def test_apportioned_rows_and_columns_add_up(
    parts: list[tuple[Fraction, Fraction]], places: int, nudge: int
) -> None:
    """Rows and columns rounded as the drift rounds them (the reported change a unit off the
    exact one at most): every row adds up to its total, a part that is zero stays zero, and,
    when the change is the exact one rounded, each part is its exact value floored or ceiled."""
    unit = Fraction(1, 10**places)
    q = D(1).scaleb(-places)
    exact = sum((x + y for x, y in parts), Fraction(0))
    total = (D(round(exact / unit) + nudge) * q).quantize(q)
    if exact == 0 and total:
        return
    totals = apportion([x + y for x, y in parts], total, places)
    first = sum((x for x, _ in parts), Fraction(0))
    second = sum((y for _, y in parts), Fraction(0))
    first_total, _ = apportion([first, second], total, places)
    got = apportion_split(parts, totals, first_total, places)
    reached = sum((a for a, _ in got), D(0))
    if reached != first_total:  # rare: the rows' bounds leave it out of reach
        assert abs(Fraction(reached) - first) < 2 * unit or nudge
    for (x, y), (a, b), t in zip(parts, got, totals, strict=True):
        assert a + b == t
        if not nudge:  # a reported change a unit off may leave no split adjacent everywhere
            # each part its exact value floored or ceiled; only when the columns' sums would
            # not be, a row with two non-zero parts goes one unit beyond (apportion_split)
            off = unit if x == 0 or y == 0 else 2 * unit
            assert abs(Fraction(a) - x) < off and abs(Fraction(b) - y) < off
    if not nudge:  # the columns' sums are their exact sums floored or ceiled
        assert abs(Fraction(reached) - first) < unit
        assert abs(Fraction(total - reached) - second) < unit
        if x == 0 and x + y != 0:
            assert a == 0
        if y == 0 and x + y != 0:
            assert b == 0
