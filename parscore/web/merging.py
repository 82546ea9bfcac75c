"""Two people (or two tabs) on the year's form at once: the form carries what its page showed
(``da-hien``, one hidden field), so a save changes only the cells its sender changed.

Per cell (a metric ``m-…``, a not-applicable reason ``na-…``, a self-score ``claim-…``), with
*shown* what the page showed, *typed* what was sent and *now* what is stored now:

- typed = shown (the sender did not touch it): *now* is kept, whoever changed it meanwhile;
- typed ≠ shown, now = shown: the sender's change is saved;
- typed ≠ shown, now ≠ shown, typed ≠ now: both changed it: a conflict, the save is refused as a
  whole (the cell shows *now*, beside it what was typed).

Values are compared as values (``98,5`` and ``98,50`` are the same number). A form without
``da-hien`` (a page of before) is saved as sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..compiled import LoadedPack
from ..forms.cells import is_blank, read_decimal
from ..loader import LoadedEvidence
from ..numbers import typed_number
from .evidence import parse_input
from .layout import input_display, metric_key

__all__ = [
    "NEWER",
    "SHOWN",
    "Merged",
    "cell_labels",
    "merge_form",
    "shown_json",
    "shown_of",
    "texts_of",
]

SHOWN = "da-hien"  # the hidden field: what the page showed, as JSON {cell: text}
NEWER = "Ô này vừa được lưu từ một trang khác"  # another person, or another tab


def texts_of(pack: LoadedPack, evidence: LoadedEvidence) -> dict[str, str]:
    """Every cell of the year's form as its page shows the stored ``evidence``."""
    texts = {
        metric_key(name): input_display(spec, evidence.metrics.get(name))
        for name, spec in pack.model.inputs.items()
    }
    na, claims = evidence.model.not_applicable, evidence.model.claims
    for code, leaf in pack.leaves.items():
        if leaf.criterion.na_allowed:
            texts[f"na-{code}"] = na.get(code, "")
        texts[f"claim-{code}"] = typed_number(claims[code]) if code in claims else ""
    return texts


def shown_json(texts: Mapping[str, str]) -> str:
    return json.dumps(dict(texts), ensure_ascii=False, separators=(",", ":"))


def shown_of(data: Mapping[str, Any]) -> dict[str, str] | None:
    """What the page that sent ``data`` showed (``None``: not said, or not readable)."""
    try:
        shown = json.loads(str(data.get(SHOWN, "")))
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        return None
    if not isinstance(shown, dict):
        return None
    return {str(k): v for k, v in shown.items() if isinstance(v, str)}


def cell_labels(pack: LoadedPack) -> dict[str, str]:
    """Each cell named as a person reads it."""
    labels = {metric_key(n): f"{s.label} ({n})" for n, s in pack.model.inputs.items()}
    for code, leaf in pack.leaves.items():
        if leaf.criterion.na_allowed:
            labels[f"na-{code}"] = f"Không áp dụng tiêu chí {code} (lý do)"
        labels[f"claim-{code}"] = f"Điểm tự chấm tiêu chí {code}"
    return labels


def _value(pack: LoadedPack, key: str, text: str) -> Any:
    """A cell's text as a value to compare (the text itself when it does not read)."""
    if is_blank(text):
        return None
    if key.startswith("m-"):
        value, problem = parse_input(pack.model.inputs.get(key[2:]), text)
    elif key.startswith("claim-"):
        value, problem = read_decimal(text)
    else:
        return text.strip()
    return ("text", text.strip()) if problem else value


@dataclass
class Merged:
    """The form to save (``data``), the sender's own changes, the others' changes kept, the
    cells changed here that are stored so already (``already``: sent twice), and the cells both
    changed (``conflicts``: cell -> what the sender typed)."""

    data: dict[str, Any]
    mine: dict[str, str] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    conflicts: dict[str, str] = field(default_factory=dict)


def merge_form(
    pack: LoadedPack,
    posted: Mapping[str, Any],
    shown: Mapping[str, str] | None,
    now: Mapping[str, str],
) -> Merged:
    """The posted form merged with what is stored ``now`` (see the module's rules); without
    ``shown`` every cell counts as the sender's."""
    data = {k: posted.get(k) for k in posted}
    merged = Merged(data)
    for key, current in now.items():
        typed = str(posted.get(key, ""))
        before = shown.get(key, "") if shown is not None else current
        if shown is not None and _value(pack, key, typed) == _value(pack, key, before):
            if _value(pack, key, current) != _value(pack, key, before):
                merged.kept.append(key)
            data[key] = current
            continue
        if _value(pack, key, typed) == _value(pack, key, current):
            if shown is not None:  # changed here, and already stored so (a second click)
                merged.already.append(key)
            continue  # the same as stored: no change to save
        if shown is not None and _value(pack, key, current) != _value(pack, key, before):
            merged.conflicts[key] = typed
            data[key] = current
            continue
        merged.mine[key] = typed
    return merged
