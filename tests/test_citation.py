"""parscore.model.citation: users read a document's title, never its file; values counted by source."""

from __future__ import annotations

from parscore.compiled import LoadedPack
from parscore.loader import load_pack
from parscore.model.citation import cite, cited, provenance_counts, used_pack_keys, with_parents
from parscore.model.pack import Source

from .conftest import ROOT


def _pack(name: str) -> LoadedPack:
    return load_pack(ROOT / "rules" / f"{name}.yaml")


def test_a_source_naming_a_document_is_cited_by_its_title_and_place() -> None:
    model = _pack("2025").model
    source = Source(ref="Phụ lục, mục 1.2", status="assumed", doc="dan-tien-2025")
    assert cite(model, source) == (
        "Kế hoạch duy trì, cải thiện và nâng cao Chỉ số CCHC xã Dân Tiến năm 2025, Phụ lục, mục 1.2"
    )
    assert cite(model, Source(ref="", status="assumed", doc="dan-tien-2025")).endswith("năm 2025")
    assert (
        cite(model, Source(ref="QĐ 1/QĐ-UBND, mục 2", status="official")) == "QĐ 1/QĐ-UBND, mục 2"
    )


def test_cited_writes_the_reference_out_and_keeps_the_rest() -> None:
    model = _pack("2025").model
    source = Source(ref="Phụ lục, mục 1.2", status="assumed", doc="dan-tien-2025", note="n")
    out = cited(model, source)
    assert out is not None and out.doc is None and out.note == "n" and out.status == "assumed"
    assert out.ref.startswith("Kế hoạch duy trì") and out.ref.endswith("mục 1.2")
    assert cited(model, None) is None


def test_no_user_facing_citation_of_any_pack_names_a_file() -> None:
    for name in ("2023", "2024", "2025", "2026", "lam-dong-2025"):
        model = _pack(name).model
        for node, _ in with_parents(model.criteria):
            assert node.source is not None
            text = cite(model, node.source)
            assert ".txt" not in text and "seed" not in text, (name, node.code, text)
        for doc in model.pack.documents.values():
            assert ".txt" not in doc.title


def test_provenance_counts_add_up_to_every_value_and_nothing_is_official() -> None:
    model = _pack("2025").model
    criteria = provenance_counts(model, pack_wide=False)
    everything = provenance_counts(model)
    assert sum(criteria.values()) == len(list(with_parents(model.criteria)))
    assert sum(everything.values()) == sum(criteria.values()) + len(used_pack_keys(model))
    assert everything["official"] == 0 and everything["none"] == 0
    assert criteria["borrowed"] == 4  # field maxima 3, 4, 5, 8 of the 2024 provincial index


def test_pack_keys_are_used_only_when_the_pack_relies_on_them() -> None:
    lam_dong = _pack("lam-dong-2025").model
    assert "goal" not in used_pack_keys(lam_dong)  # the Quảng Sơn plan sets no points goal
    assert {"total", "bands", "effort", "evidence", "na_allowed"} <= set(used_pack_keys(lam_dong))
