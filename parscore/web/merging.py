"""Two people (or two tabs) on the year's form at once, merged per cell by
:mod:`parscore.web.form_merge`'s rules (the form carries what its page showed, ``da-hien``).

The year's cells: a metric ``m-…``, a not-applicable reason ``na-…``, a self-score ``claim-…``,
compared as values (``98,5`` and ``98,50`` are the same number).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..compiled import LoadedPack
from ..forms.cells import is_blank, read_decimal
from ..loader import LoadedEvidence
from ..numbers import typed_number
from .evidence import parse_input
from .form_merge import NEWER, SHOWN, Merged, merge_cells, shown_json, shown_of
from .layout import input_display, metric_key
from .texts import typed_lines

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
    else:  # a reason: a box of lines sends "\r\n", its page showed "\n"
        return typed_lines(text).strip()
    return ("text", text.strip()) if problem else value


def merge_form(
    pack: LoadedPack,
    posted: Mapping[str, Any],
    shown: Mapping[str, str] | None,
    now: Mapping[str, str],
) -> Merged:
    """The year's posted form merged with what is stored ``now`` (see the module's rules);
    without ``shown`` every cell counts as the sender's."""
    return merge_cells(posted, shown, now, lambda key, text: _value(pack, key, text))
