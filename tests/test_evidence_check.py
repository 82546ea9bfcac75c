"""parscore.evidence_check: evidence that plainly fits the model becomes the very model pydantic
makes of it; anything else is left to pydantic (None)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from parscore import evidence_check
from parscore.errors import ParscoreError
from parscore.evidence_check import plain_evidence
from parscore.model.evidence import Document, Evidence
from parscore.yamlio import load_yaml

from .conftest import ROOT, TESTS
from .test_pack_cache import same

FILES = sorted(
    {
        *(ROOT / "evidence").glob("*.yaml"),
        *TESTS.glob("data/*commune*.yaml"),
        *TESTS.glob("data/**/*.yaml"),
        *TESTS.glob("invalid/evidence-*.yaml"),
        *TESTS.glob("cases/**/*.yaml"),
    }
)


def agrees(data: Any) -> Evidence | None:
    """The plain check's model (None: left to pydantic), checked against pydantic's."""
    plain = plain_evidence(copy.deepcopy(data))
    try:
        validated = Evidence.model_validate(data)
    except ValidationError:
        assert plain is None
        return None
    if plain is not None:
        same(plain, validated)
        assert plain == validated
    return plain


def test_the_check_knows_every_field_of_the_models() -> None:
    assert evidence_check._FIELDS.keys() == Evidence.model_fields.keys()
    assert evidence_check._DOCUMENT_FIELDS.keys() == Document.model_fields.keys()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_give_the_model_pydantic_gives(path: Path) -> None:
    try:
        doc = load_yaml(path)
    except ParscoreError:
        pytest.skip("not readable YAML")
    agrees(doc.data)


def test_the_shipped_evidence_is_checked_without_pydantic() -> None:
    for path in sorted((ROOT / "evidence").glob("*.yaml")):
        assert agrees(load_yaml(path).data) is not None, path.name


BASE: dict[str, Any] = {
    "commune": "Xã Mẫu",
    "province": "Tỉnh",
    "year": 2025,
    "pack": "p/xa/2025",
    "as_of": dt.date(2025, 10, 31),
    "goal": {"total": 90},
    "metrics": {"a": Decimal("1.50"), "b": True, "c": "x", "d": dt.date(2025, 1, 1), "e": 3},
    "documents": [
        {"id": "d1", "title": "T", "supports": ["1.1"], "issued": dt.date(2025, 1, 2)},
        {"id": "d2", "title": "U", "kind": None, "note": ""},
    ],
    "claims": {"1.1": Decimal("3.5"), "1.2": 2, "1.3": Decimal("0E-3")},
    "appraisal": {"1.1": 0},
    "appraisal_final": {},
    "appraisal_notes": {"1.1": "ghi chú"},
    "explanations": {"1.1": "giải trình"},
    "adjustments": {"b1": "lý do"},
    "not_applicable": {"6.3.1": "lý do"},
    "synthetic": None,
    "note": "",
    "appraisal_meeting": None,
    "document": None,
}


def test_a_full_plain_file_fits() -> None:
    model = agrees(BASE)
    assert model is not None
    assert model.claims["1.2"] == Decimal(2) and str(model.claims["1.2"]) == "2"
    assert model.documents[1].supports == []
    assert agrees({"commune": "X"}) is not None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("commune", 5),
        ("commune", None),
        ("province", 3),
        ("year", True),
        ("year", 1999),
        ("year", 2101),
        ("year", Decimal("2025")),
        ("year", "2025"),
        ("as_of", dt.datetime(2025, 1, 1, 10, 0)),
        ("as_of", "2025-01-01"),
        ("goal", {"total": -1}),
        ("goal", {"total": True}),
        ("goal", {"total": Decimal("NaN")}),
        ("goal", {"total": 90, "other": 1}),
        ("goal", 90),
        ("metrics", None),
        ("metrics", [1]),
        ("documents", {"id": "x"}),
        ("documents", [{"id": "x"}]),
        ("documents", [{"id": "x", "title": "t", "extra": 1}]),
        ("documents", [{"id": "x", "title": "t", "supports": [1]}]),
        ("documents", [{"id": "x", "title": "t", "supports": "1.1"}]),
        ("documents", [{"id": "x", "title": "t", "issued": "2025-01-01"}]),
        ("claims", {"1.1": Decimal("-0.5")}),
        ("claims", {"1.1": -1}),
        ("claims", {"1.1": False}),
        ("claims", {"1.1": "3"}),
        ("claims", {"1.1": Decimal("Infinity")}),
        ("claims", {"1.1": None}),
        ("claims", [1]),
        ("appraisal_notes", {"1.1": 5}),
        ("not_applicable", {"1.1": None}),
        ("note", None),
        ("synthetic", 1),
        ("extra_key", 1),
        ("appraisal_meeting", {"number": "1"}),
        ("document", {"number": "15/KH-UBND"}),
    ],
)
def test_anything_else_is_left_to_pydantic(key: str, value: Any) -> None:
    data = {**BASE, key: value}
    assert plain_evidence(data) is None
    agrees(data)


def test_a_file_without_commune_is_left_to_pydantic() -> None:
    data = {k: v for k, v in BASE.items() if k != "commune"}
    assert plain_evidence(data) is None
    assert plain_evidence([BASE]) is None
    assert agrees(data) is None


def test_the_check_is_used_only_until_pydantic_is_quicker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_check, "_USED", [])
    monkeypatch.setattr(Evidence, "__pydantic_complete__", False)
    made = [evidence_check.quick_evidence(BASE) for _ in range(evidence_check.PLAIN_LIMIT + 3)]
    assert all(m is not None for m in made[: evidence_check.PLAIN_LIMIT])
    assert made[evidence_check.PLAIN_LIMIT :] == [None, None, None]
    monkeypatch.setattr(evidence_check, "_USED", [])
    monkeypatch.setattr(Evidence, "__pydantic_complete__", True)  # its validator is built
    assert evidence_check.quick_evidence(BASE) is None
