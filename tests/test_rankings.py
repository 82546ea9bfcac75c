"""Field rankings (parscore.rankings): the pack's tie rule exactly as the total ranking uses it,
ranks on the points as shown (rounded by the pack's rule), ties listed by name."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from parscore.batch import CommuneScore, ranks_of, summarise
from parscore.loader import evidence_from_data, load_pack
from parscore.model.result import PackInfo, Total
from parscore.rankings import criterion_rankings, field_rankings
from parscore.scoring import score
from parscore.totals import FieldTotal, Totals, score_totals
from parscore.yamlio import YamlDocument

from .conftest import DATA

PACK = PackInfo("p", 1, "0" * 64, "official", "Gói", 2025, 2, "half_up")


def _commune(name: str, first: str, second: str, ties: str) -> CommuneScore:
    a, b = Decimal(first), Decimal(second)
    total = Total(a + b, Decimal(20), Decimal(20), a + b, a + b, None, None, None, None)
    fields = (
        FieldTotal("I", "i", "Thứ nhất", Decimal(10), Decimal(10), a),
        FieldTotal("II", "ii", "Thứ hai", Decimal(10), Decimal(10), b),
    )
    totals = Totals(replace(PACK, ranking=ties), name, 2025, None, False, total, fields)
    return CommuneScore(name.lower(), name, None, totals)


@pytest.mark.parametrize("ties", ["competition", "dense"])
def test_field_ties_follow_the_pack_rule_like_the_total(ties: str) -> None:
    communes = [
        _commune("Đông", "7.004", "1", ties),  # 7,00 as shown: tied with Bắc
        _commune("Bắc", "7.001", "2", ties),
        _commune("An", "9", "3", ties),
        _commune("Cầu", "6", "3", ties),
    ]
    first, second = field_rankings(summarise(communes))
    assert [(r.commune, r.rank) for r in first.rows] == [
        ("An", 1),
        ("Bắc", 2),  # tied rows listed by name
        ("Đông", 2),
        ("Cầu", 4 if ties == "competition" else 3),
    ]
    assert [r.rank for r in second.rows] == sorted(
        ranks_of([r.shown for r in second.rows if r.shown is not None], ties)
    )
    assert first.rows[0].percent == Decimal(90)
    assert first.full == 0 and first.average == Decimal("29.005") / 4


def test_field_points_are_the_official_stage_points() -> None:
    c = _commune("An", "5", "5", "competition")
    fields = tuple(f._replace(stage_points=Decimal(4)) for f in c.totals.fields)
    assert fields[0].official_points == 4 and fields[0].points == 5


def test_field_points_of_an_appraised_commune_are_its_official_round() -> None:
    """Hand-worked on the staged test pack: round 1 official (1.1 = 4 as computed, 1.2 = 3,
    2.1 = 4, 2.2 = 4.5): fields 7 and 8.5 (computed 7 and 10.5), adding up to the official
    points, as the criteria's official points from the full result do."""

    pack = load_pack(DATA / "staged" / "pack.yaml")
    data = {
        "commune": "Xã Thử",
        "metrics": {
            "dossiers_received": 1000,
            "dossiers_on_time": 990,
            "dossiers_online": 600,
            "plan_issued": True,
            "trainings": 3,
        },
        "claims": {"1.2": 4, "2.2": 6},
        "appraisal": {"1.2": 3, "2.1": 4, "2.2": 4.5},
    }
    evidence = evidence_from_data(YamlDocument(file="<t>", data=data, positions={}), pack)
    totals = score_totals(pack, evidence)
    assert [(f.points, f.official_points) for f in totals.fields] == [
        (7, 7),
        (Decimal("10.5"), Decimal("8.5")),
    ]
    assert (
        sum(f.official_points for f in totals.fields) == totals.official.points == Decimal("15.5")
    )
    tables = criterion_rankings([("thu", score(pack, evidence))])
    by_field: dict[str, Decimal] = {}
    for t in tables:
        by_field[t.field] = by_field.get(t.field, Decimal(0)) + (t.rows[0].points or 0)
    assert by_field == {f.code: f.official_points for f in totals.fields}
