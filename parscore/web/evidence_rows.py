"""Evidence for totals built straight from many years' rows: the score cache's bulk recompute.

:func:`plain_evidence` reads the rows of many years in a few queries (plain values, no model
instances) and builds, for each year, the :class:`~parscore.loader.LoadedEvidence` that
:func:`~parscore.web.evidence.load_assessment` would give for what
:func:`~parscore.totals.score_totals` (self-assessment, not strict) reads: metrics converted to
their declared types, claims, the council's points, not-applicable declarations, accepted bonus
and penalty items, goal, as-of date. Every value goes through the same functions as the loader
path (:func:`~parscore.web.evidence.parse_input`, :func:`~parscore.loader.check_metrics`, the
evidence model's own checks of the goal), so the totals are identical; a metric's stored text is
converted once per pack.

Documents, the council's meeting and the texts of notes and explanations never change totals
(documents count only in strict scoring) and are not read. Anything the loader would refuse in
what is read (a code the pack does not have, points out of range, a broken cross-metric
constraint, a control character, the wrong year…) makes that year ``None``: the caller loads it
through the full loader path, which reports the problem as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import ValidationError

from ..compiled import LoadedPack
from ..constraints import constraint_issues
from ..expr import Value
from ..forms.cells import is_blank, read_decimal
from ..loader import LoadedEvidence, check_metrics
from ..model.evidence import Evidence
from ..model.pack import Goal
from ..safe_text import control_char_issues
from ..yamlio import YamlDocument
from .evidence import STAGE_OF_ROUND, parse_input
from .models import (
    AppraisedPoint,
    Assessment,
    Claim,
    ExplanationRequest,
    MetricValue,
    NotApplicable,
    ProposedAdjustment,
)

__all__ = ["plain_evidence"]

_CHUNK = 500  # ids per query (SQLite's limit on parameters)
_DOC = YamlDocument(file="web", data={}, positions={})  # issues are only counted, never shown


class _Refused(Exception):
    """The loader would refuse this year's evidence: it goes through the full path."""


_BAD = (None, None)  # a metric text the loader refuses
_MISSING = object()  # a blank metric text: not among the converted metrics
# Per pack: (name, stored text) -> (value read from the text, converted value or _MISSING).
_METRICS: WeakKeyDictionary[LoadedPack, dict[tuple[str, str], tuple[Any, Any]]] = (
    WeakKeyDictionary()
)
_METRICS_LIMIT = 100_000
_GOALS: dict[str, Goal | None] = {}  # by the goal's text (80 and 80.0 are equal, not the same)


def _known_metrics(pack: LoadedPack) -> dict[tuple[str, str], tuple[Any, Any]]:
    known = _METRICS.get(pack)
    if known is None or len(known) >= _METRICS_LIMIT:
        known = _METRICS[pack] = {}
    return known


def _metric(pack: LoadedPack, name: str, text: str) -> tuple[Any, Any]:
    """A stored metric text read and converted, as the loader path reads and converts it."""
    raw = parse_input(pack.model.inputs.get(name), text)[0]
    converted, issues = check_metrics({name: raw}, pack, _DOC)
    refused = issues or control_char_issues([name, text], lambda *_: True)
    return _BAD if refused else (raw, converted.get(name, _MISSING))


def _goal(value: Decimal) -> Goal:
    key = str(value)
    if key not in _GOALS:
        try:
            _GOALS[key] = Goal.model_validate({"total": value})
        except ValidationError:
            _GOALS[key] = None
    goal = _GOALS[key]
    if goal is None:
        raise _Refused
    return goal


def _leaf(pack: LoadedPack, code: str) -> Any:
    target = pack.code_of(code)
    if target is None or target not in pack.leaves:
        raise _Refused
    return pack.leaves[target].criterion


def _points(pack: LoadedPack, code: str, value: Any) -> Decimal:
    """Stage points as the evidence model and the loader check them."""
    if type(value) is not Decimal or not value.is_finite() or value < 0:
        raise _Refused
    if value > _leaf(pack, code).max:
        raise _Refused
    return value


def _grouped(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        out[row[0]].append(row[1:])
    return out


def plain_evidence(
    pks: Sequence[int], packs: Mapping[int, LoadedPack]
) -> dict[int, LoadedEvidence | None]:
    """``pk -> evidence`` of the years ``pks`` (``packs``: each one's pack), ``None`` for a year
    the full loader path must load."""
    out: dict[int, LoadedEvidence | None] = {}
    for i in range(0, len(pks), _CHUNK):
        part = pks[i : i + _CHUNK]
        years = (
            Assessment.objects.filter(pk__in=part)
            .order_by()  # not by commune name: no join for the order
            .values_list(
                "pk",
                "year",
                "as_of",
                "goal",
                "synthetic",
                "commune__name",
                "commune__province__name",
            )
        )
        where = {"assessment_id__in": part}
        metrics = _grouped(
            MetricValue.objects.filter(**where)
            .order_by("assessment_id", "pk")
            .values_list("assessment_id", "name", "value")
        )
        claims = _grouped(
            Claim.objects.filter(**where).values_list("assessment_id", "code", "points")
        )
        na = _grouped(
            NotApplicable.objects.filter(**where).values_list("assessment_id", "code", "reason")
        )
        points = _grouped(
            AppraisedPoint.objects.filter(**where, round__lte=2)
            .order_by("assessment_id", "round", "pk")
            .values_list("assessment_id", "round", "code", "points", "note")
        )
        answers = _grouped(
            ExplanationRequest.objects.filter(**where).values_list(
                "assessment_id", "code", "answer"
            )
        )
        accepted = _grouped(
            ProposedAdjustment.objects.filter(**where, decision="accepted").values_list(
                "assessment_id", "code", "reason"
            )
        )
        for pk, year, as_of, goal, synthetic, commune, province in years:
            try:
                out[pk] = _evidence(
                    packs[pk],
                    (year, as_of, goal, synthetic, commune, province),
                    metrics.get(pk, ()),
                    claims.get(pk, ()),
                    na.get(pk, ()),
                    points.get(pk, ()),
                    answers.get(pk, ()),
                    accepted.get(pk, ()),
                )
            except _Refused:
                out[pk] = None
    return out


def _evidence(
    pack: LoadedPack,
    head: tuple[Any, ...],
    metric_rows: Iterable[tuple[Any, ...]],
    claim_rows: Iterable[tuple[Any, ...]],
    na_rows: Iterable[tuple[Any, ...]],
    point_rows: Iterable[tuple[Any, ...]],
    answer_rows: Iterable[tuple[Any, ...]],
    adjustment_rows: Iterable[tuple[Any, ...]],
) -> LoadedEvidence:
    year, as_of, goal, synthetic, commune, province = head
    meta = pack.model.pack
    if year != meta.year or not 2000 <= year <= 2100:
        raise _Refused
    texts: list[str] = [commune, province, synthetic]  # checked for control characters (the
    # metrics' texts once each, when first converted)
    raw: dict[str, Any] = {}  # as read from the texts (the evidence model keeps these)
    metrics: dict[str, Value] = {}  # converted to the declared types
    known = _known_metrics(pack)
    for row in metric_rows:
        found = known.get(row)
        if found is None:
            found = known[row] = _metric(pack, *row)
        if found is _BAD:
            raise _Refused
        raw[row[0]], value = found
        if value is not _MISSING:
            metrics[row[0]] = value
    if constraint_issues(pack, metrics, _DOC):
        raise _Refused
    claims: dict[str, Decimal] = {}
    for code, text in claim_rows:
        try:
            claims[code] = _points(pack, code, Decimal(text))
        except InvalidOperation:
            raise _Refused from None
        texts.append(code)
    not_applicable: dict[str, str] = {}
    for code, reason in na_rows:
        if not _leaf(pack, code).na_allowed or not reason.strip():
            raise _Refused
        not_applicable[code] = reason
        texts += (code, reason)
    # The council's points as appraisal_sections() gathers them (rows by round).
    given: dict[tuple[int, str], str] = {}
    notes: dict[str, str] = {}
    for round_, code, text, note in point_rows:
        given[(round_, code)] = text
        if note.strip():
            notes[code] = note.strip()  # the latest round's note wins
        texts += (code, text, note)
    stages: dict[str, dict[str, Decimal]] = {}
    for (round_, code), text in sorted(given.items()):
        if not is_blank(text):
            value, _ = read_decimal(text)
            stages.setdefault(STAGE_OF_ROUND[round_], {})[code] = _points(pack, code, value)
    for code in notes:
        _leaf(pack, code)
    explanations: dict[str, str] = {}
    for code, answer in answer_rows:
        if answer.strip():
            _leaf(pack, code)
            explanations[code] = answer.strip()
        texts += (code, answer)
    adjustments: dict[str, str] = {}
    for code, reason in adjustment_rows:
        if pack.model.adjustments.item(code) is None or not reason.strip():
            raise _Refused
        adjustments[code] = reason
        texts += (code, reason)
    if control_char_issues(texts, lambda *_: True):
        raise _Refused
    values: dict[str, Any] = {
        "commune": commune,
        "province": province,
        "year": year,
        "pack": pack.id,
        "metrics": raw,
        "claims": claims,
        "not_applicable": not_applicable,
        "appraisal": stages.get("appraisal", {}),
        "appraisal_final": stages.get("appraisal_final", {}),
        "appraisal_notes": notes,
        "explanations": explanations,
        "adjustments": adjustments,
        "as_of": as_of,
        "goal": _goal(goal) if goal is not None else None,
        "synthetic": synthetic or None,
    }
    return LoadedEvidence(model=Evidence.model_construct(**values), metrics=metrics)
