"""Packs and communes with bonus and penalty items requiring documents, shared by the tests of
the feature (scores, reports, forms) and of the planner's fixes for it.

The staged sample (``tests/data/staged``): the criteria give 17.5 of 20 → 87.5; items T1 +1.5,
T2 +1 (bonus capped at 2), V1 −1, V2 −1 (penalty capped at 3). Here T1 requires a decision
(``quyet_dinh``) and V1 a record (``bien_ban``). The bonus pack (``tests/data/bonus``, the 2025
pack with items): :func:`bonus_pack` makes the items it names require a decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence, evidence_from_data
from parscore.yamlio import YamlDocument

from .conftest import DATA

STAGED = DATA / "staged"
BONUS = DATA / "bonus"
T1 = "      - { code: T1, title: Sáng kiến chuyển đổi số được cấp tỉnh công nhận, points: 1.5 }\n"
V1 = "      - { code: V1, title: Để xảy ra sự cố mất an toàn thông tin, points: 1 }\n"
DECISION = "Quyết định công nhận sáng kiến của UBND tỉnh"
RECORD = "Biên bản xác minh sự cố"
T1_LINE = "points: 1.5, source:"
NEEDS = "evidence: [ { kind: quyet_dinh, title: Quyết định công nhận } ]"


def item_pack_text() -> str:
    """The staged pack, T1 requiring the decision and V1 the record."""
    text = (STAGED / "pack.yaml").read_text(encoding="utf-8")
    assert T1 in text and V1 in text
    text = text.replace(
        T1,
        T1.rstrip(" }\n") + f", evidence: [ {{ kind: quyet_dinh, title: {DECISION} }} ] }}\n",
    )
    return text.replace(
        V1, V1.rstrip(" }\n") + f", evidence: [ {{ kind: bien_ban, title: {RECORD} }} ] }}\n"
    )


def item_evidence(pack: LoadedPack, **data: Any) -> LoadedEvidence:
    base: dict[str, Any] = {
        "commune": "Xã Thử",
        "metrics": {
            "dossiers_received": 1000,
            "dossiers_on_time": 990,
            "dossiers_online": 600,
            "plan_issued": True,
            "trainings": 3,
        },
        "adjustments": {"T1": "Sáng kiến", "T2": "Bằng khen", "V1": "Sự cố", "V2": "Chậm"},
    }
    base.update(data)
    return evidence_from_data(YamlDocument(file="<t>", data=base, positions={}), pack)


def item_doc(kind: str | None, supports: str = "T1", id: str = "qd-1") -> dict[str, Any]:
    doc: dict[str, Any] = {"id": id, "title": "Văn bản", "supports": [supports]}
    if kind is not None:
        doc["kind"] = kind
    return doc


def item_files(tmp_path: Path, documents: str = "") -> tuple[Path, Path]:
    pack = tmp_path / "pack.yaml"
    pack.write_text(item_pack_text(), encoding="utf-8")
    commune = tmp_path / "xa.yaml"
    text = (
        "commune: Xã Thử\npack: mau-thi-dua/xa/2025\n"
        "metrics: { dossiers_received: 1000, dossiers_on_time: 990, dossiers_online: 600,"
        " plan_issued: true, trainings: 3 }\n"
        "adjustments: { T1: Sáng kiến Một cửa số, T2: Bằng khen, V1: Sự cố, V2: Chậm }\n"
        + documents
    )
    commune.write_text(text, encoding="utf-8")
    return pack, commune


def bonus_pack(tmp_path: Path, *codes: str) -> tuple[Path, Path]:
    """The bonus pack with the items ``codes`` (T1, T3) requiring a decision, and its commune."""
    text = (BONUS / "pack.yaml").read_text(encoding="utf-8")
    assert text.count(T1_LINE) == 1
    text = text.replace(T1_LINE, f"points: 1.5, {NEEDS}, source:") if "T1" in codes else text
    assert text.count("T3, title:") == 1
    if "T3" in codes:
        start = text.index("T3, title:")
        line_end = text.index("\n", start)
        line = text[start:line_end]
        text = text[:start] + line.replace("points: 1, ", f"points: 1, {NEEDS}, ") + text[line_end:]
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    return pack, BONUS / "dan-tien-2025.yaml"
