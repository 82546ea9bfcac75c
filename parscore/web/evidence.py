"""Database rows <-> evidence: the one path from the web app into the engine.

:func:`evidence_data` builds the same data an evidence YAML file holds from a year's rows;
:func:`check_evidence` runs it through :func:`parscore.loader.evidence_from_data` (the loader the
command line uses), so types, ranges and codes are checked in one place. Problems come back keyed
by what they are about (``metrics.NAME``, ``not_applicable.CODE``…) for the form to show beside
the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compiled import LoadedPack
from ..errors import EvidenceError, Issue
from ..expr import Value
from ..forms.cells import is_blank, read_bool, read_date, read_decimal
from ..loader import LoadedEvidence, evidence_from_data
from ..model.pack import InputSpec
from ..yamlio import YamlDocument
from .meetings import meeting_section
from .models import Assessment
from .packs import loaded_pack

__all__ = [
    "Checked",
    "appraisal_sections",
    "beside_fields",
    "check_evidence",
    "evidence_data",
    "issue_text",
    "load_assessment",
    "parse_input",
    "stored_text",
    "web_hint",
]


@dataclass(frozen=True)
class Checked:
    """Evidence checked by the engine, or the problems keyed by path (``metrics.x``)."""

    evidence: LoadedEvidence | None
    problems: dict[str, list[str]]


def stored_text(value: Value) -> str:
    """A typed value as stored (and as evidence YAML writes it): ``true``, ``2025-07-23``, ``99.84``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_input(spec: InputSpec | None, text: Any) -> tuple[Any, str]:
    """What a person typed (``98,5``, ``1.250``, ``31/12/2025``, ``có``) -> a value for the
    evidence; ``(None, "")`` when blank. Only reading: the loader checks types and ranges."""
    if is_blank(text):
        return None, ""
    kind = spec.type if spec is not None else None
    if kind == "bool":
        return read_bool(text)
    if kind == "date":
        return read_date(text)
    if kind in ("count", "number", "percent"):
        value, problem = read_decimal(text, whole=kind == "count")
        if isinstance(value, Decimal) and kind == "count":
            if value != value.to_integral_value():  # as typed ("2,5"), not the loader's "2.5"
                return None, f"cần một số nguyên (đếm), nhận được '{str(text).strip()}'"
            value = int(value)
        return value, problem
    return (text.strip() if isinstance(text, str) else text), ""


def evidence_data(
    assessment: Assessment,
    pack: LoadedPack,
    metrics: Mapping[str, Any] | None = None,
    include_documents: bool = True,
    rounds: int = 2,
    appraised: Mapping[tuple[int, str], str] | None = None,
    claims: Mapping[str, Any] | None = None,
    not_applicable: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The evidence (as loaded YAML data) of ``assessment``; ``metrics``, ``claims`` and
    ``not_applicable`` replace the stored rows when given (an unsaved form: those rows are then
    not read). The council's points of rounds up to ``rounds``
    (0: none) become the appraisal stages; ``appraised`` (``(round, code) -> points text``)
    replaces stored points (an unsaved council form). The council's meeting, if recorded, is
    the ``appraisal_meeting`` section (what the minutes print)."""
    commune = assessment.commune
    if metrics is None:
        metrics = {
            m.name: parse_input(pack.model.inputs.get(m.name), m.value)[0]
            for m in assessment.metrics.all()
        }
    data: dict[str, Any] = {
        "commune": commune.name,
        "province": commune.province.name,
        "year": assessment.year,
        "pack": pack.id,
        "metrics": dict(metrics),
        "claims": dict(claims)
        if claims is not None
        else {c.code: Decimal(c.points) for c in assessment.claims.all()},
        "not_applicable": dict(not_applicable)
        if not_applicable is not None
        else {n.code: n.reason for n in assessment.not_applicable.all()},
    }
    data.update(appraisal_sections(assessment, rounds, appraised or {}))
    meeting = meeting_section(assessment)
    if meeting is not None:
        data["appraisal_meeting"] = meeting
    if assessment.as_of is not None:
        data["as_of"] = assessment.as_of
    if assessment.goal is not None:
        data["goal"] = {"total": assessment.goal}
    if assessment.synthetic:
        data["synthetic"] = assessment.synthetic
    if include_documents:
        data["documents"] = [
            {
                key: value
                for key, value in (
                    ("id", d.doc_id),
                    ("title", d.title),
                    ("kind", d.kind or None),
                    ("number", d.number or None),
                    ("issued", d.issued),
                    ("issuer", d.issuer or None),
                    ("supports", list(d.supports)),
                )
                if value is not None
            }
            for d in assessment.documents.all()  # .all(): rows may be prefetched
            if not d.withdrawn
        ]
    return data


STAGE_OF_ROUND = {1: "appraisal", 2: "appraisal_final"}


def appraisal_sections(
    assessment: Assessment, rounds: int, appraised: Mapping[tuple[int, str], str]
) -> dict[str, Any]:
    """The evidence sections the appraisal rows give: points per round, the council's notes (the
    latest round's note wins), the commune's explanations, accepted bonus and penalty items."""
    points: dict[tuple[int, str], str] = {}
    notes: dict[str, str] = {}
    rows = (p for p in assessment.appraised_points.all() if p.round <= rounds)
    for row in sorted(rows, key=lambda p: p.round):
        points[(row.round, row.code)] = row.points
        if row.note.strip():
            notes[row.code] = row.note.strip()
    points.update({k: v for k, v in appraised.items() if k[0] <= rounds})
    out: dict[str, Any] = {}
    for (round_, code), text in sorted(points.items()):
        value, _ = read_decimal(text) if not is_blank(text) else (None, "")
        if value is not None:
            out.setdefault(STAGE_OF_ROUND[round_], {})[code] = value
        elif not is_blank(text):
            out.setdefault(STAGE_OF_ROUND[round_], {})[code] = text  # the loader names it
    if rounds and notes:
        out["appraisal_notes"] = notes
    answers = {
        r.code: r.answer.strip() for r in assessment.explanation_requests.all() if r.answer.strip()
    }
    if answers:
        out["explanations"] = answers
    accepted = {
        a.code: a.reason for a in assessment.proposed_adjustments.all() if a.decision == "accepted"
    }
    if accepted:
        out["adjustments"] = accepted
    return out


def check_evidence(data: dict[str, Any], pack: LoadedPack, name: str = "web") -> Checked:
    """Run ``data`` through the engine's evidence loader; problems keyed by key path."""
    try:
        evidence = evidence_from_data(YamlDocument(file=name, data=data, positions={}), pack)
    except EvidenceError as exc:
        return Checked(None, problems_by_path(exc.issues))
    return Checked(evidence, {})


_OR = re.compile(r",? hoặc ")


# the form a hint of the Excel reader names as the command that makes it, and the web's form
_CLI_FORM = "biểu mẫu do parscore template tạo"
_WEB_FORM = "biểu mẫu Excel tải từ trang của năm này (“Biểu mẫu Excel”)"


def web_hint(issue: Issue) -> Issue:
    """``issue`` as the web app says it: a hint's way out through a command-line option
    (``… hoặc chọn đúng tệp với --pack``) means nothing in a browser and is left out, and the
    form is the one the year's page downloads, not what a command makes."""
    hint = issue.hint.replace(_CLI_FORM, _WEB_FORM)
    if "--" in hint:
        hint = " hoặc ".join(part for part in _OR.split(hint) if "--" not in part)
    return issue if hint == issue.hint else dataclasses.replace(issue, hint=hint)


def issue_text(issue: Issue) -> str:
    """``issue`` as a page says it (:func:`web_hint`): where, what and the way out, without the
    engine's code (``PS505``: the command line's, meaningless to commune staff)."""
    return web_hint(issue).format(coded=False)


def problems_by_path(issues: list[Issue]) -> dict[str, list[str]]:
    """The problems said beside the form's fields (the field names where): by key path."""
    out: dict[str, list[str]] = {}
    for issue in issues:
        text = issue_text(dataclasses.replace(issue, file=None, path=""))
        out.setdefault(issue.path or "", []).append(text)
    return out


def beside_fields(problems: dict[str, list[str]]) -> dict[str, list[str]]:
    """``problems`` (by key path) as said beside their fields: a value's field is named by its
    label there already, so the loader's "<label> (<input name>): " is left out of its
    messages (the input's name is the pack's identifier, meaningless to the commune)."""
    out: dict[str, list[str]] = {}
    for path, found in problems.items():
        section, _, name = path.partition(".")
        cut = f" ({name}): " if section == "metrics" and name else ""
        out[path] = [_after(m, cut) for m in found] if cut else list(found)
    return out


def _after(message: str, cut: str) -> str:
    _, found, problem = message.partition(cut)  # "<label> (<name>): <problem>"
    return problem if found else message


def load_assessment(assessment: Assessment) -> tuple[LoadedEvidence, LoadedPack]:
    """The year's stored evidence, checked (stored rows were checked when saved)."""
    pack = loaded_pack(assessment.pack)
    checked = check_evidence(evidence_data(assessment, pack), pack)
    if checked.evidence is None:
        # Stored data is checked on every save: failing here is a bug, not the user's input.
        raise RuntimeError(f"stored evidence of {assessment} does not load: {checked.problems}")
    return checked.evidence, pack
