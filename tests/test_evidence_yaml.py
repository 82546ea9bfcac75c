"""Evidence written as YAML reads back to the same values, whatever the text holds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parscore.evidence_yaml import dump_evidence, yaml_scalar
from parscore.model.evidence import Document, Evidence
from parscore.yamlio import parse_yaml

from .conftest import DATA

texts = st.text(max_size=40)
decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-(10**6), max_value=10**6
)


@settings(max_examples=200, deadline=None)
@given(
    commune=texts,
    note=texts,
    title=texts,
    value=decimals,
    key=st.sampled_from(["yes", "on", "x", "null"]),
)
def test_any_text_and_number_read_back(
    commune: str, note: str, title: str, value: Decimal, key: str
) -> None:
    model = Evidence(
        commune=commune,
        note=note,
        as_of=dt.date(2025, 10, 31),
        metrics={key: value, "flag": False, "day": dt.date(2025, 1, 2)},
        documents=[Document(id="1.10", title=title, supports=["1.1", "3.2.2"])],
        claims={"1.10": Decimal("0.50")},
    )
    data = parse_yaml(dump_evidence(model), "x.yaml").data
    assert data["commune"] == commune and data.get("note", "") == note
    assert data["metrics"][key] == value and data["metrics"]["flag"] is False
    assert data["documents"][0]["id"] == "1.10" and data["documents"][0]["title"] == title
    assert list(data["claims"]) == ["1.10"]
    assert Evidence.model_validate(data) == model


def test_decimal_text_is_kept() -> None:
    assert yaml_scalar(Decimal("1.50")) == "1.50"
    assert yaml_scalar(Decimal("1E+2")) == "100"
    assert yaml_scalar("a\u2028b\x85c") == '"a\\u2028b\\x85c"'


def test_stages_notes_and_adjustments_are_written() -> None:
    doc = parse_yaml((DATA / "staged" / "commune.yaml").read_text(encoding="utf-8"), "x.yaml")
    evidence = Evidence.model_validate(doc.data)
    again = Evidence.model_validate(parse_yaml(dump_evidence(evidence), "y.yaml").data)
    assert again == evidence
    assert again.appraisal_final and again.appraisal_notes and again.explanations
    assert again.adjustments


def test_the_appraisal_meeting_is_written() -> None:
    doc = parse_yaml((DATA / "minutes" / "dan-tien-2025.yaml").read_text(encoding="utf-8"), "x")
    evidence = Evidence.model_validate(doc.data)
    again = Evidence.model_validate(parse_yaml(dump_evidence(evidence), "y.yaml").data)
    assert again == evidence
    assert again.appraisal_meeting is not None and again.appraisal_meeting.members
