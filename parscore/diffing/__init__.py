"""What changed between two rule packs, and what it does to communes' scores.

- :func:`diff_packs` lists every change (:class:`Change`), matched by stable criterion keys.
- :func:`describe` says one change in Vietnamese, with its old and new value.
- :func:`drift` scores one commune's evidence under both packs and attributes the change.
- :class:`DriftCauses` names the rule changes behind each criterion's drift.
- :func:`compare` is both at once: the answer of ``parscore diff``.
"""

from .causes import DriftCauses, can_move_scores
from .changes import CHANGE_KINDS, Change, diff_models, diff_packs
from .compare import PackDiff, PackRef, compare, input_readers, pack_diff
from .describe import KIND_VI, describe
from .drift import CriterionDrift, Drift, Ignored, apportion, drift

__all__ = [
    "CHANGE_KINDS",
    "KIND_VI",
    "Change",
    "CriterionDrift",
    "Drift",
    "DriftCauses",
    "Ignored",
    "PackDiff",
    "PackRef",
    "apportion",
    "can_move_scores",
    "compare",
    "describe",
    "diff_models",
    "diff_packs",
    "drift",
    "input_readers",
    "pack_diff",
]
