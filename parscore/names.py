"""How names people write (communes, provinces) are compared: ``Thái  Nguyên`` written with
composed or decomposed accents, in any case and spacing, is ``thái nguyên``."""

from __future__ import annotations

import unicodedata

__all__ = ["name_key"]


def name_key(text: str | None) -> str:
    """``text`` NFC-normalised, case-folded, with single spaces (``""`` for None)."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())
