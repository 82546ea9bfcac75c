"""What-if scenarios: a YAML file of changes to apply to a copy of a commune's evidence.

Format (every key optional)::

    title: "Kế hoạch nâng điểm"       # shown in the output
    pack: rules/2026.yaml             # score the changed evidence under another pack (file or id)
    goal: { total: 90 }               # the target the gap is measured against
    strict_evidence: false            # score as appraisal does
    metrics:                          # new values; null removes a declared value
      dossiers_on_time: 1249
    documents:                        # documents to add (same shape as in evidence files)
      - { id: bc-02, kind: bao_cao, title: "Báo cáo …", supports: [ "3.2.2" ] }
    not_applicable:                   # declare (code: reason) or withdraw (code: null)
      "6.3.1": "Xã không có đơn vị sự nghiệp công lập"
    note: ""

Metrics are checked against the pack the scenario is scored under, with the same messages as
evidence files (unknown names with a did-you-mean, wrong types, out-of-range values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..compiled import LoadedPack
from ..constraints import constraint_issues
from ..errors import Issue, UsageError, did_you_mean
from ..evidence_yaml import yaml_scalar
from ..expr import Value
from ..loader import (
    LoadedEvidence,
    check_metrics,
    convert_metric,
    find_pack,
    load_pack,
    pack_search_dirs,
)
from ..model.evidence import Document
from ..model.pack import Goal
from ..numbers import vi_number
from ..validation import validate_pruned
from ..yamlio import YamlDocument, load_yaml
from .records import Plan

__all__ = [
    "Scenario",
    "ScenarioModel",
    "apply_scenario",
    "check_scenario",
    "read_scenario",
    "rebase_evidence",
    "resolve_scenario_pack",
    "scenario_model",
    "scenario_yaml",
]


class ScenarioModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    pack: str | None = None
    goal: Goal | None = None
    strict_evidence: bool = False
    metrics: dict[str, Any] = {}
    documents: list[Document] = []
    not_applicable: dict[str, str | None] = {}
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    """A checked scenario: metrics converted to the declared types of the pack it runs under."""

    model: ScenarioModel
    metrics: dict[str, Value]
    removed: tuple[str, ...]  # metrics set to null
    file: str | None = None

    @property
    def goal(self) -> Decimal | None:
        return self.model.goal.total if self.model.goal is not None else None


def read_scenario(path: str | Path) -> YamlDocument:
    return load_yaml(path, str(path), UsageError)


def scenario_model(doc: YamlDocument) -> ScenarioModel:
    """The scenario's model. Parts that do not fit are left out and their problems kept in
    ``doc.problems``, which :func:`check_scenario` reports with its own: every problem at once."""
    model, issues = validate_pruned(ScenarioModel, doc)
    doc.problems.extend(issues)
    if model is None:
        raise UsageError(doc.problems)
    return model


def resolve_scenario_pack(doc: YamlDocument, ref: str, evidence_path: str | Path) -> LoadedPack:
    """The pack a scenario names: a file (``.yaml``/``.yml``, or any existing file; relative to the
    scenario, else to the working folder) or a pack id looked up in ``rules/`` like an evidence
    file's ``pack:`` (ids contain slashes: ``thai-nguyen/xa/2026``)."""
    here = Path(doc.file).parent
    for candidate in (here / ref, Path(ref)):
        if candidate.is_file():
            return load_pack(candidate)
    if ref.endswith((".yaml", ".yml")):
        raise UsageError(
            [
                doc.issue(
                    "PS506",
                    ("pack",),
                    f"không tìm thấy tệp gói quy tắc '{ref}'",
                    "đường dẫn tính từ thư mục của tệp kịch bản hoặc thư mục đang làm việc",
                )
            ]
        )
    dirs = [*pack_search_dirs(Path(doc.file)), *pack_search_dirs(Path(evidence_path))]
    return load_pack(find_pack(ref, dict.fromkeys(dirs), doc))


def check_scenario(
    doc: YamlDocument, model: ScenarioModel, pack: LoadedPack, evidence: LoadedEvidence
) -> Scenario:
    """Check the scenario against the pack it runs under; every problem at once, located."""
    raw = {k: v for k, v in model.metrics.items() if v is not None}
    metrics, issues = check_metrics(raw, pack, doc)
    issues[:0] = doc.problems
    removed = tuple(k for k, v in model.metrics.items() if v is None)
    for name in removed:
        if name not in pack.model.inputs:
            issues.append(
                doc.issue(
                    "PS503",
                    ("metrics", name),
                    f"gói quy tắc {pack.id} không có đầu vào '{name}'",
                    did_you_mean(name, pack.model.inputs) or "xem mục inputs của gói",
                )
            )
    taken = {d.id for d in evidence.model.documents}
    for i, document in enumerate(model.documents):
        if document.id in taken:
            issues.append(
                doc.issue(
                    "PS508",
                    ("documents", i, "id"),
                    f"mã tài liệu '{document.id}' bị trùng (đã có trong minh chứng hoặc kịch bản)",
                    "đặt một mã khác",
                )
            )
        taken.add(document.id)
        for j, code in enumerate(document.supports):  # a criterion, or a bonus/penalty item
            if pack.code_of(code) is None and pack.model.adjustments.item(code) is None:
                issues.append(_unknown(doc, ("documents", i, "supports", j), code, pack))
    for code, reason in model.not_applicable.items():
        path = ("not_applicable", code)
        target = pack.code_of(code)
        if target is None or target not in pack.leaves:
            issues.append(_unknown(doc, path, code, pack))
        elif reason is not None and not pack.leaves[target].criterion.na_allowed:
            issues.append(
                doc.issue(
                    "PS502",
                    path,
                    f"tiêu chí '{code}' không cho phép khai báo 'không áp dụng'",
                    "chỉ khai báo với tiêu chí có na_allowed: true trong gói quy tắc",
                )
            )
        elif reason is not None and not reason.strip():
            issues.append(doc.issue("PS502", path, "cần ghi lý do không áp dụng"))
    scale = pack.model.pack.scale
    if model.goal is not None and model.goal.total > scale:  # no score reaches it
        issues.append(
            doc.issue(
                "PS203",
                ("goal", "total"),
                f"mục tiêu {vi_number(model.goal.total)} điểm vượt thang điểm {vi_number(scale)}"
                f" của gói quy tắc {pack.id}",
                f"ghi mục tiêu trong thang 0–{vi_number(scale)}",
            )
        )
    scenario = Scenario(model, metrics, removed, doc.file)
    if not issues:
        combined = apply_scenario(evidence, scenario).metrics
        issues.extend(constraint_issues(pack, combined, doc, model.metrics))
    if issues:
        raise UsageError(issues)
    return scenario


def _unknown(doc: YamlDocument, path: tuple[str | int, ...], code: str, pack: LoadedPack) -> Issue:
    return doc.issue(
        "PS501",
        path,
        f"gói quy tắc {pack.id} không có tiêu chí '{code}'",
        did_you_mean(code, pack.leaves) or "xem mã tiêu chí trong gói quy tắc",
    )


def apply_scenario(evidence: LoadedEvidence, scenario: Scenario) -> LoadedEvidence:
    """A changed copy of ``evidence``; the original is left untouched."""
    model = scenario.model
    na: dict[str, str] | None = None
    if model.not_applicable:
        na = dict(evidence.model.not_applicable)
        for code, reason in model.not_applicable.items():
            if reason is None:
                na.pop(code, None)
            else:
                na[code] = reason
    changed = evidence.with_changes(
        metrics=scenario.metrics, documents=model.documents, not_applicable=na
    )
    if scenario.removed:
        kept = {k: v for k, v in changed.metrics.items() if k not in scenario.removed}
        changed = replace(changed, metrics=kept)
    return changed


def rebase_evidence(evidence: LoadedEvidence, pack: LoadedPack) -> tuple[LoadedEvidence, list[str]]:
    """The evidence carried over to another pack: what the new pack does not know is dropped,
    and each drop is said (Vietnamese notes)."""
    notes: list[str] = []
    metrics: dict[str, Value] = {}
    for name, value in evidence.metrics.items():
        spec = pack.input_spec(name)
        converted, problem = convert_metric(spec, value) if spec is not None else (None, "")
        if spec is None or problem or converted is None:
            why = problem or f"gói {pack.id} không có đầu vào này"
            notes.append(f"Bỏ qua số liệu '{name}': {why}.")
            continue
        metrics[name] = converted
    update: dict[str, Any] = {"pack": pack.id}
    for section in ("claims", "appraisal", "not_applicable"):
        kept: dict[str, Any] = {}
        mapping: Mapping[str, Any] = getattr(evidence.model, section)
        for code, value in mapping.items():
            target = pack.code_of(code)
            ok = target is not None and target in pack.leaves
            if ok and section == "not_applicable":
                ok = pack.leaves[target].criterion.na_allowed  # type: ignore[index]
            if ok:
                kept[code] = value
            else:
                notes.append(
                    f"Bỏ qua '{section}' của tiêu chí '{code}': không dùng được với gói {pack.id}."
                )
        update[section] = kept
    model = evidence.model.model_copy(update=update)
    return LoadedEvidence(model=model, metrics=metrics, file=evidence.file), notes


def scenario_yaml(plan: Plan) -> str:
    """The plan as a scenario file: ``parscore whatif`` on it gives the promised score."""
    base = plan.start
    r = base.pack.r
    lines = [
        f"# Kịch bản do parscore tạo từ kế hoạch nâng điểm của {base.commune}"
        f" (gói {base.pack.id}, lần sửa {base.pack.revision}).",
        f"# Điểm hiện tại {vi_number(plan.start_score)}; điểm sau kế hoạch "
        f"{vi_number(plan.final_score)} (mục tiêu ≥ {vi_number(plan.target)}"
        + ("" if plan.reachable else ", không đạt được")
        + ").",
        f"# {len(plan.fixes)} việc, tổng công sức {plan.total_effort}."
        " Chạy: parscore whatif <tệp minh chứng> <tệp này>",
        f"title: {yaml_scalar('Kế hoạch nâng điểm – ' + base.commune)}",
        f"goal: {{ total: {yaml_scalar(plan.target)} }}",
        f"strict_evidence: {yaml_scalar(base.strict_evidence)}",
    ]
    if plan.metrics:
        lines.append("metrics:")
        written: set[str] = set()
        for fix in plan.fixes:
            for name, value in fix.metrics.items():
                if name in written:
                    continue
                written.add(name)
                gain = vi_number(Decimal(r(fix.gain)))
                lines.append(
                    f"  {name}: {yaml_scalar(value)}  # {fix.candidate.code}: +{gain} điểm"
                )
    else:
        lines.append("metrics: {}")
    if plan.documents:
        lines.append("documents:")
        for doc in plan.documents:
            lines.append(f"  - id: {yaml_scalar(doc.id)}")
            if doc.kind is not None:
                lines.append(f"    kind: {yaml_scalar(doc.kind)}")
            lines.append(f"    title: {yaml_scalar(doc.title)}")
            lines.append(
                "    supports: [ " + ", ".join(yaml_scalar(s) for s in doc.supports) + " ]"
            )
            if doc.note:
                lines.append(f"    note: {yaml_scalar(doc.note)}")
    return "\n".join(lines) + "\n"
