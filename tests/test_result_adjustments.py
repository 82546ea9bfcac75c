"""The JSON result lists the bonus and penalty items (điểm thưởng, điểm trừ) behind its totals:
each group's cap, the items' points before and after it, and every item the evidence lists with
its points, reason and supporting documents, so that an auditor can trace ``total.bonus`` and
``total.penalty`` to the items. A document's ``supports`` may name an item by its code."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.diffing import drift
from parscore.errors import EvidenceError
from parscore.loader import (
    evidence_from_data,
    load_pack,
    pack_from_text,
    read_evidence_document,
)
from parscore.scoring import score
from parscore.yamlio import YamlDocument

from .conftest import DATA

BONUS = DATA / "bonus"
PACK = BONUS / "pack.yaml"
COMMUNE = BONUS / "dan-tien-2025.yaml"


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(PACK)


def _data(**changes: Any) -> dict[str, Any]:
    data = dict(read_evidence_document(COMMUNE).data)
    data.update(changes)
    return data


def _json(pack: LoadedPack, data: dict[str, Any]) -> dict[str, Any]:
    evidence = evidence_from_data(YamlDocument(file="<t>", data=data, positions={}), pack)
    return score(pack, evidence).to_dict()


def test_score_json_lists_the_items_behind_the_bonus_and_penalty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["score", str(COMMUNE), "--pack", str(PACK), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    bonus, penalty = data["adjustments"]["bonus"], data["adjustments"]["penalty"]
    assert (bonus["max"], bonus["listed"], bonus["counted"]) == ("3", "3.5", "3")
    assert bonus["counted"] == data["total"]["bonus"]
    assert [i["code"] for i in bonus["items"]] == ["T1", "T2", "T3"]
    t1 = bonus["items"][0]
    assert t1["title"] == "Có sáng kiến cải cách hành chính được cấp tỉnh công nhận"
    assert (t1["points"], t1["points_display"]) == ("1.5", "1.5")
    assert "Quyết định số 45/QĐ-UBND" in t1["reason"]
    assert t1["documents"] == []
    assert (penalty["max"], penalty["listed"], penalty["counted"]) == ("5", "0.5", "0.5")
    assert penalty["counted"] == data["total"]["penalty"]
    assert [(i["code"], i["reason"]) for i in penalty["items"]] == [
        ("V1", "Chậm gửi báo cáo cải cách hành chính quý III")
    ]


def test_the_points_of_the_listed_items_add_up_to_listed(pack: LoadedPack) -> None:
    data = _json(pack, _data(adjustments={"V2": "Mất hồ sơ", "V4": "Khiếu nại đông người"}))
    penalty = data["adjustments"]["penalty"]
    assert sum(Decimal(i["points"]) for i in penalty["items"]) == Decimal(penalty["listed"])
    assert (penalty["listed"], penalty["counted"]) == ("5", "5")
    assert data["adjustments"]["bonus"]["items"] == []
    assert data["adjustments"]["bonus"]["counted"] == "0"


def test_a_document_supporting_an_item_is_listed_with_it(pack: LoadedPack) -> None:
    document = {
        "id": "qd-45",
        "kind": "quyet_dinh",
        "title": "Quyết định số 45/QĐ-UBND công nhận sáng kiến",
        "supports": ["T1", "1.1"],
    }
    data = _data(documents=[*_data()["documents"], document])
    out = _json(pack, data)
    items = {i["code"]: i for i in out["adjustments"]["bonus"]["items"]}
    assert items["T1"]["documents"] == ["qd-45"] and items["T2"]["documents"] == []
    leaf = out["criteria"][0]["children"][0]
    assert "qd-45" in leaf["evidence"]["documents"]


def test_a_document_supporting_an_unknown_item_is_refused(pack: LoadedPack) -> None:
    document = {"id": "qd-x", "title": "Quyết định", "supports": ["T9"]}
    with pytest.raises(EvidenceError) as caught:
        _json(pack, _data(documents=[document]))
    issue = caught.value.issues[0]
    assert issue.code == "PS501"
    assert "không có tiêu chí hay mục thưởng, trừ 'T9'" in issue.message


def test_drift_keeps_a_document_supporting_an_item_both_packs_have(pack: LoadedPack) -> None:
    """Two revisions of the pack: the evidence is the new one's, adapted to the old one."""
    old = pack_from_text(PACK.read_text(encoding="utf-8").replace("revision: 2", "revision: 1"))
    document = {"id": "qd-45", "title": "Quyết định", "supports": ["T1", "1.1"]}
    doc = YamlDocument(file="<t>", data=_data(documents=[document]), positions={})
    d = drift(old, pack, doc)
    assert not [i for i in d.ignored if i.what == "support"]


def test_a_pack_without_items_has_no_adjustments_key(sample_pack: LoadedPack) -> None:
    evidence = evidence_from_data(
        YamlDocument(file="<t>", data={"commune": "X", "metrics": {}}, positions={}), sample_pack
    )
    assert "adjustments" not in score(sample_pack, evidence).to_dict()


def test_explain_an_item_names_its_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = COMMUNE.read_text(encoding="utf-8")
    text = text.replace(
        "documents:\n",
        "documents:\n  - id: qd-45\n    title: Quyết định số 45/QĐ-UBND\n    supports: [ T1 ]\n",
        1,
    )
    commune = tmp_path / "dan-tien-2025.yaml"
    commune.write_text(text, encoding="utf-8")
    assert main(["explain", str(commune), "T1", "--pack", str(PACK)]) == 0
    assert "\nTài liệu kiểm chứng: qd-45\n" in capsys.readouterr().out
    assert main(["explain", str(COMMUNE), "T1", "--pack", str(PACK)]) == 0
    assert "Tài liệu kiểm chứng" not in capsys.readouterr().out


def test_import_says_how_many_bonus_and_penalty_items_it_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form, back = tmp_path / "xa.xlsx", tmp_path / "xa.yaml"
    args = ["--pack", str(PACK)]
    assert main(["template", "--evidence", str(COMMUNE), *args, "-o", str(form)]) == 0
    capsys.readouterr()
    assert main(["import", str(form), "-o", str(back), *args]) == 0
    assert (
        capsys.readouterr()
        .out.rstrip()
        .endswith("1 tiêu chí không áp dụng, 4 mục điểm thưởng, điểm trừ.")
    )
