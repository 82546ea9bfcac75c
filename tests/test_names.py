"""Names compared as people mean them: the same commune or province however it was typed."""

from __future__ import annotations

import unicodedata

from parscore.names import name_key


def test_accents_case_and_spacing_do_not_make_another_name() -> None:
    decomposed = unicodedata.normalize("NFD", "Thái Nguyên")
    assert name_key(f"  {decomposed.upper()}  ") == name_key("thái   nguyên") == "thái nguyên"
    assert name_key("Thái Nguyên") != name_key("Thai Nguyen")  # accents are part of the name
    assert name_key(None) == ""
