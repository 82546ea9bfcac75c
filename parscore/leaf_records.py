"""The pieces of a leaf's record in :func:`~parscore.scoring.score`: what every commune's record
of a leaf shares (:class:`LeafShape`, read from the pack once), the required documents check, the
records of unscored leaves, and the rule trace and explanation of a scored one (written when first
read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar
from weakref import WeakKeyDictionary

from .compiled import CompiledLeaf, LoadedPack
from .expr import Value, decimal_context
from .kinds import Scored, describe
from .leaf_direct import LeafDirect, leaf_direct
from .leaf_plans import LeafPlan, leaf_plan
from .loader import LoadedEvidence
from .model.evidence import Document, Evidence
from .model.pack import Criterion
from .model.result import EvidenceCheck
from .required_documents import documents_check
from .wording import Wording

__all__ = [
    "LeafShape",
    "by_code",
    "documents_by_code",
    "evidence_check",
    "later_words",
    "leaf_words",
    "missing_values",
    "na_values",
    "scored_words",
    "shapes",
]

ZERO = Decimal(0)
T = TypeVar("T")
_SHAPES: WeakKeyDictionary[LoadedPack, dict[str, LeafShape]] = WeakKeyDictionary()


@dataclass(frozen=True, eq=False)
class LeafShape:
    """What every commune's record of one leaf shares, read from the pack once."""

    leaf: CompiledLeaf
    criterion: Criterion
    code: str
    key: str
    maximum: Decimal
    tracked: bool
    no_documents: EvidenceCheck  # the check when no document supports the leaf
    plan: LeafPlan
    direct: LeafDirect | None  # the direct path to its points (None: the general path only)
    reads: tuple[str, ...]  # the inputs a record shows, in order (derived ones with theirs)
    fixed: dict[str, object]
    said: Wording  # the pack's words (the units of the explanation's numbers)
    words: tuple[object, ...] = ()  # (later_words, self): every commune's records share it


def shapes(pack: LoadedPack) -> dict[str, LeafShape]:
    """Each leaf's shape by its code (made once per pack)."""
    found = _SHAPES.get(pack)
    if found is None:
        said = Wording(pack)
        found = _SHAPES[pack] = {
            code: _shape(pack, leaf, said) for code, leaf in pack.leaves.items()
        }
    return found


def _shape(pack: LoadedPack, leaf: CompiledLeaf, said: Wording) -> LeafShape:
    c = leaf.criterion
    reads: list[str] = []
    for name in leaf.names:
        reads.append(name)
        reads.extend(sorted(pack.derived_inputs.get(name, ())))
    # fields left at their default are not written into the records (the class holds them)
    fixed: dict[str, object] = dict(
        code=c.code, key=c.key, title=c.title, max=c.max, kind=leaf.rule.kind
    )
    if c.survey:
        fixed["survey"] = True
    if c.tracked:
        fixed["tracked"] = True
    shape = LeafShape(
        leaf,
        c,
        c.code,
        c.key,
        c.max,
        c.tracked,
        evidence_check(c, {}),
        leaf_plan(leaf),
        leaf_direct(pack, leaf),  # (a tracked target's met or not: decided when read)
        tuple(reads),
        fixed,
        said,
    )
    object.__setattr__(shape, "words", (later_words, shape))
    return shape


def evidence_check(c: Criterion, docs: Mapping[str, list[Document]]) -> EvidenceCheck:
    """Required documents of a leaf against the documents that support it."""
    return documents_check(c.evidence, docs.get(c.code, ()))


def documents_by_code(pack: LoadedPack, evidence: LoadedEvidence) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = {}
    for doc in evidence.model.documents:
        for ref in doc.supports:
            code = pack.code_of(ref)
            if code is not None and doc not in out.setdefault(code, []):
                out[code].append(doc)
    return out


def na_values(base: dict[str, object], explanation: str, reason: str) -> dict[str, object]:
    return {
        **base,
        "applicable_max": ZERO,
        "points": ZERO,
        "computed": ZERO,
        "status": "na",
        "rule": "na",
        "explanation": explanation,
        "na_reason": reason,
    }


def missing_values(base: dict[str, object], names: tuple[str, ...]) -> dict[str, object]:
    return {
        **base,
        "applicable_max": base["max"],
        "points": ZERO,
        "computed": ZERO,
        "status": "missing",
        "rule": "missing: " + ", ".join(names),
        "explanation": "Chưa khai báo số liệu: " + ", ".join(names) + " → 0 điểm.",
        "missing_inputs": names,
    }


def leaf_words(
    shape: LeafShape, detail: Scored, missing: tuple[str, ...], strict: bool
) -> tuple[str, str]:
    """The rule trace and explanation of a scored leaf (``missing``: the documents missing
    while the leaf has points)."""
    outcome = describe(shape.leaf.rule, shape.maximum, detail, shape.said)
    if not missing:
        return outcome.rule, outcome.explanation
    return outcome.rule, outcome.explanation + _risk_words(missing, strict)


def scored_words(
    record: Mapping[str, object],
    shape: LeafShape,
    detail: Scored,
    missing: tuple[str, ...],
    strict: bool,
) -> tuple[str, str]:
    """:func:`leaf_words` as a record's words (see :meth:`LeafResult.made`)."""
    return leaf_words(shape, detail, missing, strict)


WordsContext = tuple[Mapping[str, Value], Evidence, bool]  # a commune's values, evidence, strict


def later_words(
    record: Mapping[str, object], shape: LeafShape, missing: tuple[str, ...] = ()
) -> tuple[str, str]:
    """:func:`leaf_words` of a leaf scored by its direct path: the rule's numbers (tier reached,
    value…) decided again by the general path, from the same values (the record's
    ``_context``, a :data:`WordsContext` its commune's records share)."""
    context: WordsContext = record["_context"]  # type: ignore[assignment]
    env, evidence, strict = context
    with decimal_context():
        state, detail = shape.plan(env, evidence)
    assert state == "scored" and isinstance(detail, Scored), state
    return leaf_words(shape, detail, missing, strict)


def _risk_words(missing: tuple[str, ...], strict: bool) -> str:
    return (
        " Thiếu tài liệu kiểm chứng: "
        + "; ".join(missing)
        + "."
        + (" Điểm bị trừ khi thẩm định." if strict else " Có nguy cơ bị trừ khi thẩm định.")
    )


def by_code(values: Mapping[str, T], code: str, key: str) -> T | None:
    """A commune's entry for a criterion, by its code, else by its id."""
    if not values:
        return None
    return values.get(code, values.get(key))
