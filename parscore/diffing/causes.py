"""Why a criterion's points moved between two packs: the rule changes behind one drift row.

An auditor reads a commune's drift row (``1.2: 1,75 → 2,5``) and asks which rule change made it.
:class:`DriftCauses` answers from the pack diff's own changes: the criterion's maximum, its tier
bounds and points, its expressions or whole rule, when it applies (each as
:func:`describe` words it, without the criterion's name), and the inputs or
derived values it reads whose definition changed. A row whose points did not move at all moved
only because every point is worth another share of the total (the rescaling effect).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from .changes import Change
from .describe import Packs, describe
from .drift import CriterionDrift

__all__ = [
    "DATA_ONLY",
    "RESCALED_ONLY",
    "RULE_KINDS",
    "SCORING_KINDS",
    "DriftCauses",
    "can_move_scores",
]

RULE_KINDS = {"rule_changed", "threshold_changed"}  # a criterion's rule or tiers changed
SCORING_KINDS = {"moved", "max_changed", "applies_changed"}
_SCORING_PACK_FIELDS = ("total", "scale", "rounding", "goal", "bands", "constraints", "adjustments")
_SCORING_INPUT_FIELDS = {"type", "min", "max", "step", "options", "default", "derived", "kind"}
_READING = ("", "of", "check", "formula")  # a whole rule or an expression: what it reads
_CRITERION_KINDS = ("max_changed", "threshold_changed", "rule_changed", "applies_changed")
RESCALED_ONLY = "điểm tiêu chí không đổi: chỉ do quy đổi thang điểm"
DATA_ONLY = "quy tắc của tiêu chí không đổi: do số liệu dùng được khác nhau giữa hai gói"


def can_move_scores(c: Change) -> bool:
    """A change of points, thresholds, formulas or what they read (not of words or owners)."""
    if c.kind in RULE_KINDS or c.kind in SCORING_KINDS or c.kind in ("added", "removed"):
        return True
    if c.kind == "pack_changed":
        return c.field.startswith(_SCORING_PACK_FIELDS)
    if c.kind.startswith("input_"):
        return c.kind != "input_changed" or c.field in _SCORING_INPUT_FIELDS
    return False


class DriftCauses:
    """The rule changes behind each drift row, from a pack diff's changes and, for each changed
    input or derived value, the codes of the leaves reading it (the old pack's for a removed one);
    with the two ``packs``, the changes are worded as their rules in words are."""

    def __init__(
        self,
        changes: Iterable[Change],
        readers: Mapping[str, Iterable[str]],
        packs: Packs | None = None,
    ) -> None:
        self._packs = packs
        self._by_key: dict[str, list[Change]] = defaultdict(list)
        self._by_new_code: dict[str, list[Change]] = defaultdict(list)
        self._by_old_code: dict[str, list[Change]] = defaultdict(list)
        for c in changes:
            if not can_move_scores(c):
                continue
            if c.kind in _CRITERION_KINDS and c.key is not None:
                self._by_key[c.key].append(c)
            elif c.kind.startswith("input_") and c.key is not None:
                side = self._by_old_code if c.kind == "input_removed" else self._by_new_code
                for code in readers.get(c.key, ()):
                    side[code].append(c)

    def of(self, row: CriterionDrift) -> str:
        """The causes of one row in words (``""`` for an added or removed criterion: the row says
        so, and its rule is among the changes)."""
        if row.change != "matched":
            return ""
        if row.old_points == row.new_points:
            return RESCALED_ONLY if row.delta else ""
        own = self._by_key.get(row.key, [])
        new_reading = any(c.kind == "rule_changed" and c.field in _READING for c in own)
        reads = [
            *self._by_new_code.get(row.code, []),
            *self._by_old_code.get(row.old_code or "", []),
        ]
        if new_reading:  # the new rule reads other inputs: their adding or removing says no more
            reads = [c for c in reads if c.kind == "input_changed"]
        packs = self._packs
        words = [_criterion_words(c, packs) for c in own] + [_input_words(c, packs) for c in reads]
        words = list(dict.fromkeys(words))
        if not words and row.old_na != row.new_na:
            return ""  # the row says it stopped or started applying
        return "; ".join(words) if words else DATA_ONLY


def _criterion_words(c: Change, packs: Packs | None) -> str:
    if c.kind == "rule_changed" and c.field == "":
        return "đổi cách chấm (xem cách chấm theo hai gói)"
    return describe(c, packs).split(": ", 1)[1]  # without «Tiêu chí 1.2: »


def _input_words(c: Change, packs: Packs | None) -> str:
    value = c.new if c.kind == "input_added" else c.old
    what = "giá trị tính toán" if isinstance(value, dict) and "derived" in value else "đầu vào"
    name = _input_name(c, value, packs)
    if c.kind == "input_added":
        return f"thêm {what} {name}"
    if c.kind == "input_removed":
        return f"bỏ {what} {name}"
    text = describe(c, packs)
    spec = None if packs is None else packs[1].model.inputs.get(c.key or "")
    if spec is not None:  # an input by its label, as the rule in words names it
        text = text.replace(f" {c.key}:", f" «{spec.label}»:", 1)
    return text[0].lower() + text[1:]


def _input_name(c: Change, value: object, packs: Packs | None) -> str:
    """An added or removed input by its label (``«Số hồ sơ…»``) when the packs are known; a
    derived value, and anything without the packs, by its name."""
    if packs is None or not isinstance(value, dict) or "label" not in value:
        return c.key or ""
    return f"«{value['label']}»"
