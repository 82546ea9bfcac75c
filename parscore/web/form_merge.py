"""One form, two people (or two tabs) at once: the form carries what its page showed
(``da-hien``, one hidden field), so a save changes only the cells its sender changed.

Per cell, with *shown* what the page showed, *typed* what was sent and *now* what is stored now:

- typed = shown (the sender did not touch it): *now* is kept, whoever changed it meanwhile;
- typed ≠ shown, now = shown: the sender's change is saved;
- typed ≠ shown, now ≠ shown, typed ≠ now: both changed it: a conflict, the save is refused as a
  whole (the cell shows *now*, beside it what was typed).

Cells are compared as values (a form says what its cells mean: :mod:`parscore.web.merging` for
the year's form, :mod:`parscore.web.meetings` for the council's meeting). A form without
``da-hien`` (a page of before) is saved as sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["NEWER", "SHOWN", "Merged", "merge_cells", "shown_json", "shown_of"]

SHOWN = "da-hien"  # the hidden field: what the page showed, as JSON {cell: text}
NEWER = "Ô này vừa được lưu từ một trang khác"  # another person, or another tab


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


def merge_cells(
    posted: Mapping[str, Any],
    shown: Mapping[str, str] | None,
    now: Mapping[str, str],
    value: Callable[[str, str], Any],
) -> Merged:
    """A posted form merged with what is stored ``now``, cell by cell (the module's rules),
    ``value(cell, text)`` giving what a cell's text means (equal values: the same)."""
    data = {k: posted.get(k) for k in posted}
    merged = Merged(data)
    for key, current in now.items():
        typed = str(posted.get(key, ""))
        before = shown.get(key, "") if shown is not None else current
        if shown is not None and value(key, typed) == value(key, before):
            if value(key, current) != value(key, before):
                merged.kept.append(key)
            data[key] = current
            continue
        if value(key, typed) == value(key, current):
            if shown is not None:  # changed here, and already stored so (a second click)
                merged.already.append(key)
            continue  # the same as stored: no change to save
        if shown is not None and value(key, current) != value(key, before):
            merged.conflicts[key] = typed
            data[key] = current
            continue
        merged.mine[key] = typed
    return merged
