"""Saving the year's form: metrics, not-applicable declarations and self-scores.

Posted text is read (:func:`~parscore.web.evidence.parse_input`), the whole evidence is checked by
the engine's loader, and only then are the rows changed, in one transaction, each change written
to the audit log. A rejected save changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from ..compiled import LoadedPack
from ..forms.cells import is_blank, read_decimal
from ..loader import LoadedEvidence
from .audit import record
from .evidence import beside_fields, check_evidence, evidence_data, parse_input, stored_text
from .layout import metric_key
from .models import Assessment, Claim, MetricValue, NotApplicable
from .texts import text_problem, typed_lines

__all__ = ["Posted", "apply_posted", "read_posted", "stored_state"]


@dataclass
class Posted:
    """A posted form, read: typed values and reading problems keyed like engine issues."""

    metrics: dict[str, Any] = field(default_factory=dict)
    not_applicable: dict[str, str] = field(default_factory=dict)
    na_texts: dict[str, str] = field(default_factory=dict)  # criterion code -> reason as typed
    claims: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # metric name -> text as typed
    claim_texts: dict[str, str] = field(default_factory=dict)  # criterion code -> text as typed
    problems: dict[str, list[str]] = field(default_factory=dict)


def read_posted(pack: LoadedPack, post: Mapping[str, Any]) -> Posted:
    out = Posted()
    for name, spec in pack.model.inputs.items():
        text = post.get(metric_key(name), "")
        out.texts[name] = text
        value, problem = parse_input(spec, text)
        if problem:
            out.problems.setdefault(f"metrics.{name}", []).append(_sentence(problem))
        elif value is not None:
            out.metrics[name] = value
    for code, leaf in pack.leaves.items():
        if leaf.criterion.na_allowed:
            # a box of several lines: one line ending ("\n"), as the council's notes
            reason = typed_lines(str(post.get(f"na-{code}", ""))).strip()
            out.na_texts[code] = reason
            problem = text_problem(reason)
            if problem:  # a control character, too long: refused here (the loader is not asked)
                out.problems.setdefault(f"not_applicable.{code}", []).append(problem)
            elif reason:
                out.not_applicable[code] = reason
        claim = post.get(f"claim-{code}", "")
        out.claim_texts[code] = claim
        if not is_blank(claim):
            number, problem = read_decimal(claim)
            if problem:
                out.problems.setdefault(f"claims.{code}", []).append(_sentence(problem))
            else:
                out.claims[code] = number
    return out


def _sentence(problem: str) -> str:
    """A reading problem as a sentence: its first letter upper case, the rest as said (what
    was typed, "ABC", is quoted as typed; ``str.capitalize`` lowered it)."""
    return problem[:1].upper() + problem[1:]


def posted_data(assessment: Assessment, pack: LoadedPack, posted: Posted) -> dict[str, Any]:
    return evidence_data(
        assessment,
        pack,
        metrics=posted.metrics,
        claims=posted.claims,
        not_applicable=posted.not_applicable,
    )


def check_posted(
    assessment: Assessment, pack: LoadedPack, posted: Posted
) -> tuple[LoadedEvidence | None, dict[str, list[str]]]:
    """The posted form checked by the engine: evidence, or every problem (reading + engine)."""
    checked = check_evidence(posted_data(assessment, pack, posted), pack)
    problems = {k: list(v) for k, v in posted.problems.items()}
    for key, messages in beside_fields(checked.problems).items():
        problems.setdefault(key, []).extend(messages)
    if problems:
        return None, problems
    return checked.evidence, {}


def stored_state(assessment: Assessment) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    return (
        {m.name: m.value for m in assessment.metrics.all()},
        {n.code: n.reason for n in assessment.not_applicable.all()},
        {c.code: c.points for c in assessment.claims.all()},
    )


def apply_posted(
    assessment: Assessment, posted: Posted, user: Any, pack: LoadedPack | None = None
) -> int:
    """Store a checked form; returns how many values changed (each one audited, metrics named
    by their label when ``pack`` is given)."""
    old_metrics, old_na, old_claims = stored_state(assessment)
    new_metrics = _kept(old_metrics, {k: stored_text(v) for k, v in posted.metrics.items()})
    new_claims = _kept(old_claims, {k: str(v) for k, v in posted.claims.items()})
    changed = 0
    with transaction.atomic():
        labels = {k: f"{v.label} ({k})" for k, v in pack.model.inputs.items()} if pack else {}
        changed += _sync(
            assessment, user, "metric", old_metrics, new_metrics, MetricValue, "name", "value",
            labels,
        )  # fmt: skip
        changed += _sync(
            assessment, user, "not_applicable", old_na, posted.not_applicable, NotApplicable,
            "code", "reason",
        )  # fmt: skip
        changed += _sync(assessment, user, "claim", old_claims, new_claims, Claim, "code", "points")
    return changed


def _kept(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """``new``, keeping the stored text of a number typed again another way (``3,50`` for a
    stored ``3.5``): the same value is no change, to save or to log."""
    return {k: old[k] if k in old and _same_number(old[k], v) else v for k, v in new.items()}


def _same_number(a: str, b: str) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except ArithmeticError:  # not numbers (a date, Có/Không): compared as text by the caller
        return False


def _sync(
    assessment: Assessment,
    user: Any,
    action: str,
    old: dict[str, str],
    new: dict[str, str],
    model: Any,
    key_field: str,
    value_field: str,
    labels: dict[str, str] | None = None,
) -> int:
    changed = 0
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        changed += 1
        rows = model.objects.filter(assessment=assessment, **{key_field: key})
        if after is None:
            rows.delete()
        elif before is None:
            model.objects.create(assessment=assessment, **{key_field: key, value_field: after})
        else:
            rows.update(**{value_field: after})
        record(user, action, assessment, (labels or {}).get(key, key), before or "", after or "")
    return changed
