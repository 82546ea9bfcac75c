"""Document kinds: labels, the kinds a pack asks for, reading a kind typed either way."""

from __future__ import annotations

from parscore.compiled import LoadedPack
from parscore.document_kinds import KIND_LABELS, kind_from_text, kind_label, pack_kinds


def test_the_pack_kinds_name_the_leaves_asking_for_them(sample_pack: LoadedPack) -> None:
    kinds = pack_kinds(sample_pack)
    assert list(kinds) == sorted(kinds)
    assert set(kinds) == {"bao_cao", "ke_hoach"}
    assert all(code in sample_pack.leaves for codes in kinds.values() for code in codes)


def test_a_kind_is_read_from_its_code_or_label() -> None:
    kinds = ["bao_cao", "ke_hoach"]
    for text in ("bao_cao", "Báo cáo", "BÁO CÁO", " báo  cáo ", "bao cao"):
        assert kind_from_text(text, kinds) == "bao_cao"
    assert kind_from_text("Biên bản", kinds) is None
    assert kind_from_text("", kinds) is None


def test_labels_are_vietnamese_and_unique() -> None:
    assert len(set(KIND_LABELS.values())) == len(KIND_LABELS)
    assert kind_label("quyet_dinh") == "Quyết định"
    assert kind_label("khac") == "khac"
