"""Files -> models. Collects every problem in a file and raises once.

- :func:`load_pack` reads ``rules/<year>.yaml`` into a :class:`~parscore.compiled.LoadedPack`.
- :func:`load_evidence` reads ``evidence/<commune>-<year>.yaml`` and checks it against its pack.
- :func:`find_pack` finds the pack named by an evidence file's ``pack:`` id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import ValidationError

from .compiled import LoadedPack, compile_pack
from .constraints import constraint_issues
from .document_kinds import unknown_kind_warnings
from .errors import (
    EvidenceError,
    Issue,
    PackError,
    ParscoreError,
    Severity,
    UsageError,
    did_you_mean,
)
from .evidence_check import quick_evidence
from .expr import Value
from .file_kind import evidence_not_pack, pack_not_evidence
from .inputs import choice_problem, grid_neighbours, step_problem
from .model.evidence import Document, Evidence
from .model.pack import InputSpec, RulePack
from .names import name_key
from .numbers import vi_number
from .pack_cache import load_cached, store
from .resources import shipped_rules_dir
from .safe_text import control_char_issues
from .value_hints import value_hint
from .yamlio import Invalid, YamlDocument, load_yaml, parse_yaml

# Evidence sections keyed by criterion: leaf points by stage, and texts.
POINT_SECTIONS = ("claims", "appraisal", "appraisal_final")
TEXT_SECTIONS = ("appraisal_notes", "explanations")

__all__ = [
    "LoadedEvidence",
    "check_metrics",
    "evidence_from_data",
    "evidence_pack_id",
    "find_pack",
    "load_evidence",
    "load_pack",
    "pack_from_text",
]


@dataclass(frozen=True, eq=False)
class LoadedEvidence:
    """Evidence checked against its pack, with metrics converted to their declared types."""

    model: Evidence
    metrics: dict[str, Value]
    file: str | None = None
    warnings: tuple[
        Issue, ...
    ] = ()  # located, not errors (a document kind the pack never asks for)

    def with_changes(
        self,
        metrics: Mapping[str, Value] | None = None,
        documents: Iterable[Document] = (),
        not_applicable: Mapping[str, str] | None = None,
    ) -> LoadedEvidence:
        """A changed copy (for what-if and planning); this one is left untouched."""
        new_metrics = {**self.metrics, **(metrics or {})}
        model = self.model
        extra_docs = list(documents)
        if extra_docs or not_applicable is not None:
            model = model.model_copy(
                update={
                    "documents": [*model.documents, *extra_docs],
                    "not_applicable": dict(not_applicable)
                    if not_applicable is not None
                    else model.not_applicable,
                }
            )
        return replace(self, model=model, metrics=new_metrics)


# -- packs ---------------------------------------------------------------------------------------


def load_pack(path: str | Path) -> LoadedPack:
    """Load and validate a rule pack file. Raises :class:`PackError` listing every problem.

    A pack loaded before from the same bytes comes from the pack cache (:mod:`.pack_cache`)."""
    cached = load_cached(path, str(path))
    if cached is not None:
        return cached
    doc = load_yaml(path, str(path), PackError)
    pack = _pack_from_doc(doc, doc.sha256)
    store(pack)
    return pack


def pack_from_text(text: str, name: str = "<pack>") -> LoadedPack:
    """Load a rule pack from YAML text (tests, tools)."""
    try:
        doc = parse_yaml(text, name)
    except ParscoreError as exc:
        raise PackError(exc.issues) from None
    return _pack_from_doc(doc, doc.sha256)


def _pack_from_doc(doc: YamlDocument, sha256: str) -> LoadedPack:
    early = [*doc.problems, *_text_issues(doc)]  # unreadable values, control characters
    try:
        model = RulePack.model_validate(doc.data)
    except ValidationError as exc:
        from .partial_checks import raw_expression_issues  # only for a pack that does not fit
        from .validation import issues_from_validation

        other_kind = evidence_not_pack(doc)
        if other_kind is not None:
            raise PackError([other_kind]) from None
        issues = issues_from_validation(exc, doc, RulePack)
        raise PackError([*early, *issues, *raw_expression_issues(doc)]) from None
    result = compile_pack(model, doc, sha256)
    if isinstance(result, list) or early:
        raise PackError([*early, *(result if isinstance(result, list) else [])])
    return result


def _text_issues(doc: YamlDocument) -> list[Issue]:
    """Control characters anywhere in the text of a document (they would break every writer)."""
    if getattr(doc, "text_checked", False):
        return []  # read by the plain reader, which refuses every such character
    return control_char_issues(doc.data, lambda path, m, hint: doc.issue("PS205", path, m, hint))


def find_pack(pack_id: str, search: Iterable[Path], doc: YamlDocument | None = None) -> Path:
    """The file among ``search`` folders whose ``pack.id`` is ``pack_id``; when none has it, a
    PS506 located at the ``pack:`` key of ``doc`` (the file that names the pack), if given."""
    from .pack_index import pack_id_of  # only when a pack is found by its id

    seen: list[str] = []
    for folder in search:
        if not folder.is_dir():
            continue
        for candidate in sorted(folder.glob("*.yaml")):
            found = pack_id_of(candidate)  # from the file's first lines when it can
            if found == pack_id:
                return candidate
            if found is not None:
                seen.append(found)
    hint = did_you_mean(pack_id, seen) or (
        "chỉ định tệp gói quy tắc bằng --pack rules/<năm>.yaml"
        if not seen
        else "các gói có sẵn: " + ", ".join(sorted(set(seen)))
    )
    issue = Issue("PS506", f"không tìm thấy gói quy tắc có id '{pack_id}' trong thư mục rules/")
    issues = [replace(issue, hint=hint)]
    raise UsageError(doc.locate(issues, ("pack",)) if doc is not None else issues)


def pack_search_dirs(evidence_path: Path) -> list[Path]:
    """Where to look for ``rules/``: the working folder, then beside and above the evidence, then
    the packs shipped with parscore (so an installed parscore works from any folder)."""
    dirs = [Path.cwd() / "rules"]
    for parent in evidence_path.resolve().parents:
        dirs.append(parent / "rules")
    shipped = shipped_rules_dir()
    if shipped is not None:
        dirs.append(shipped)
    out: list[Path] = []
    for d in dirs:
        if d not in out:
            out.append(d)
    return out


# -- evidence ------------------------------------------------------------------------------------


def read_evidence_document(path: str | Path) -> YamlDocument:
    return load_yaml(path, str(path), EvidenceError)


def evidence_pack_id(doc: YamlDocument) -> str:
    """The ``pack:`` id an evidence document names; a located PS506 when it names none."""
    other_kind = pack_not_evidence(doc)
    if other_kind is not None:
        raise EvidenceError([other_kind])
    pack_id = doc.data.get("pack") if isinstance(doc.data, dict) else None
    if not isinstance(pack_id, str) or not pack_id:
        raise EvidenceError(
            [
                *doc.problems,
                doc.issue(
                    "PS506",
                    (),
                    "tệp minh chứng không ghi gói quy tắc (khóa 'pack')",
                    "thêm 'pack: <id gói>' hoặc chạy lệnh với --pack rules/<năm>.yaml",
                ),
            ]
        )
    return pack_id


def load_evidence(
    path: str | Path, pack: LoadedPack | None = None
) -> tuple[LoadedEvidence, LoadedPack]:
    """Load an evidence file and its pack (``pack`` given, or found by the file's ``pack:`` id)."""
    doc = read_evidence_document(path)
    if pack is None:
        pack = load_pack(find_pack(evidence_pack_id(doc), pack_search_dirs(Path(path)), doc))
    return evidence_from_data(doc, pack), pack


def evidence_from_data(doc: YamlDocument, pack: LoadedPack) -> LoadedEvidence:
    """Validate an evidence document against ``pack``; every problem at once (the checks that do
    not need the whole file to fit the schema run even when it does not)."""
    model: Evidence | None = quick_evidence(doc.data)  # no validator built when it plainly fits
    issues: list[Issue] = []
    if model is None:
        other_kind = pack_not_evidence(doc)
        if other_kind is not None:
            raise EvidenceError([other_kind])
        from .validation import validate_pruned  # pydantic's validator, built on first use

        model, issues = validate_pruned(Evidence, doc)
    issues[:0] = [*doc.problems, *_text_issues(doc)]
    data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
    meta = pack.model.pack
    named = data.get("pack")
    other_pack = isinstance(named, str) and named != meta.id
    if other_pack:
        province = data.get("province")
        provinces = (  # a pack of another province chosen: say so, not only that the ids differ
            (f" của tỉnh {province}", f" của tỉnh {meta.province}")
            if isinstance(province, str) and name_key(province) != name_key(meta.province)
            else ("", "")
        )
        issues.append(
            doc.issue(
                "PS506",
                ("pack",),
                f"tệp minh chứng dùng gói '{named}'{provinces[0]} nhưng gói được chọn là "
                f"'{meta.id}'{provinces[1]}",
                "sửa khóa 'pack' hoặc chọn đúng tệp với --pack",
            )
        )
    year = data.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and year != meta.year:
        issues.append(
            doc.issue(
                "PS509",
                ("year",),
                f"năm của minh chứng ({year}) khác năm của gói quy tắc ({meta.year})",
            )
        )
    if other_pack:  # names and values checked against a pack the file does not use: noise
        raise EvidenceError(issues)
    raw_metrics = data.get("metrics")
    metrics, metric_issues = check_metrics(
        raw_metrics if isinstance(raw_metrics, dict) else {}, pack, doc
    )
    issues.extend(metric_issues)
    if not metric_issues:
        issues.extend(constraint_issues(pack, metrics, doc))
    if model is not None:
        issues.extend(_check_codes(model, pack, doc))
        issues.extend(_check_adjustments(model, pack, doc))
    if issues or model is None:
        raise EvidenceError(issues)
    warnings = (*unknown_kind_warnings(model, pack, doc), *_goal_warnings(model, pack, doc))
    return LoadedEvidence(model=model, metrics=metrics, file=doc.file, warnings=warnings)


def _goal_warnings(model: Evidence, pack: LoadedPack, doc: YamlDocument) -> list[Issue]:
    """W021: a goal above the pack's scale, which no plan can reach (a warning: a stored year
    keeps loading)."""
    scale = pack.model.pack.scale
    if model.goal is None or model.goal.total <= scale:
        return []
    issue = doc.issue(
        "W021",
        ("goal", "total"),
        f"mục tiêu {vi_number(model.goal.total)} điểm vượt thang điểm {vi_number(scale)} của gói"
        f" quy tắc {pack.id}: không kế hoạch nào đạt được",
        f"ghi mục tiêu trong thang 0–{vi_number(scale)}",
    )
    return [dataclasses.replace(issue, severity=Severity.WARNING)]


def check_metrics(
    raw: Mapping[str, Any], pack: LoadedPack, doc: YamlDocument
) -> tuple[dict[str, Value], list[Issue]]:
    """Convert metrics to their declared types; report unknown names and bad values."""
    out: dict[str, Value] = {}
    issues: list[Issue] = []
    inputs = pack.model.inputs
    fitted = _FITTED.get(pack)
    if fitted is None:
        fitted = _FITTED[pack] = {}
    for name, value in raw.items():
        known = fitted.get((name, id(value)))
        if known is not None and known[0] is value:
            out[name] = known[1]  # this very value object fitted this input before
            continue
        path = ("metrics", name)
        spec = inputs.get(name)
        if spec is None:
            if name in pack.derived_inputs:
                issues.append(
                    doc.issue(
                        "PS510",
                        path,
                        f"'{name}' là giá trị tính toán từ các đầu vào khác, không nhập trực tiếp",
                        "nhập các đầu vào mà nó được tính từ: "
                        + ", ".join(sorted(pack.derived_inputs[name])),
                    )
                )
                continue
            issues.append(
                doc.issue(
                    "PS503",
                    path,
                    f"gói quy tắc {pack.id} không có đầu vào '{name}'",
                    did_you_mean(name, inputs) or "xem danh sách đầu vào trong mục inputs của gói",
                )
            )
            continue
        if value is None:
            continue  # explicitly left blank: the same as not declared
        if isinstance(value, Invalid):
            issues.append(value.issue)  # YAML could not read it; said once, where it is
            continue
        spec = pack.input_spec(name) or spec  # with a graded rule's grid
        converted, problem = convert_metric(spec, value)
        if problem:
            code = _metric_code(spec, converted)
            hint = value_hint(spec.type, value) if converted is None else ""
            issues.append(doc.issue(code, path, f"{spec.label} ({name}): {problem}", hint))
        elif converted is not None:
            out[name] = converted
            if len(fitted) < _FITTED_MAX:
                fitted[(name, id(value))] = (value, converted)  # holds the value: its id stays
    return out, issues


# Per pack: (input name, id of a value object) -> (that object, its converted value), for values
# that fit. The fast evidence reader gives the same object for the same text in every file, so
# a batch converts each distinct value once. Keyed by object, not by value: 1.0 and 1.00 are
# equal but convert to different Decimals.
_FITTED: WeakKeyDictionary[LoadedPack, dict[tuple[str, int], tuple[Any, Value]]] = (
    WeakKeyDictionary()
)
_FITTED_MAX = 50_000


def _metric_code(spec: InputSpec, converted: Value | None) -> str:
    """PS511 not an option, PS512 off the step grid, PS504 wrong kind, PS505 out of range."""
    if spec.type == "choice":
        return "PS511"
    if converted is None:
        return "PS504"
    if isinstance(converted, Decimal) and grid_neighbours(spec, converted) is not None:
        lo = spec.min if spec.min is not None else None
        hi = spec.max if spec.max is not None else None
        if (lo is None or converted >= lo) and (hi is None or converted <= hi):
            return "PS512"
    return "PS505"


def convert_metric(spec: InputSpec, value: Any) -> tuple[Value | None, str]:
    """``(value, "")`` when it fits ``spec``; else ``(None or value, Vietnamese problem)``."""
    kind = spec.type
    if kind == "choice":
        return choice_problem(spec, value)
    if kind == "bool":
        if isinstance(value, bool):
            return value, ""
        return None, f"cần true (có) hoặc false (không), nhận được {value!r}"
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value, ""
        return None, f"cần một ngày dạng YYYY-MM-DD, nhận được {value!r}"
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return None, f"cần một số, nhận được {value!r}"
    number = Decimal(value)
    if kind == "count" and number != number.to_integral_value():
        return None, f"cần một số nguyên (đếm), nhận được {number}"
    lo = (
        spec.min if spec.min is not None else (Decimal(0) if kind in ("count", "percent") else None)
    )
    hi = spec.max if spec.max is not None else (Decimal(100) if kind == "percent" else None)
    if lo is not None and number < lo:
        return number, f"giá trị {number} nhỏ hơn mức tối thiểu {lo}"
    if hi is not None and number > hi:
        return number, f"giá trị {number} lớn hơn mức tối đa {hi}"
    return number, step_problem(spec, number)


def _check_codes(model: Evidence, pack: LoadedPack, doc: YamlDocument) -> list[Issue]:
    issues: list[Issue] = []
    for section in (*POINT_SECTIONS, "not_applicable", *TEXT_SECTIONS):
        mapping: Mapping[str, Any] = getattr(model, section)
        for code, value in mapping.items():
            path = (section, code)
            target = pack.code_of(code)
            if target is None or target not in pack.leaves:
                issues.append(_unknown_code(doc, path, code, pack))
                continue
            leaf = pack.leaves[target].criterion
            if section == "not_applicable":
                if not leaf.na_allowed:
                    issues.append(
                        doc.issue(
                            "PS502",
                            path,
                            f"tiêu chí '{code}' không cho phép khai báo 'không áp dụng'",
                            "chỉ khai báo với tiêu chí có na_allowed: true trong gói quy tắc",
                        )
                    )
                elif not str(value).strip():
                    issues.append(doc.issue("PS502", path, "cần ghi lý do không áp dụng"))
            elif section in TEXT_SECTIONS:
                continue
            elif value > leaf.max:
                issues.append(
                    doc.issue(
                        "PS507",
                        path,
                        f"điểm {vi_number(value)} vượt điểm tối đa {vi_number(leaf.max)} của tiêu"
                        f" chí '{code}'",
                    )
                )
    seen: set[str] = set()
    for i, document in enumerate(model.documents):
        if document.id in seen:
            issues.append(
                doc.issue("PS508", ("documents", i, "id"), f"mã tài liệu '{document.id}' bị trùng")
            )
        seen.add(document.id)
        for j, code in enumerate(document.supports):  # a criterion, or a bonus/penalty item
            if pack.code_of(code) is None and pack.model.adjustments.item(code) is None:
                where = ("documents", i, "supports", j)
                issues.append(_unknown_code(doc, where, code, pack, items=True))
    return issues


def _check_adjustments(model: Evidence, pack: LoadedPack, doc: YamlDocument) -> list[Issue]:
    issues: list[Issue] = []
    adjustments = pack.model.adjustments
    for code, reason in model.adjustments.items():
        path = ("adjustments", code)
        if adjustments.item(code) is None:
            codes = adjustments.codes()
            issues.append(
                doc.issue(
                    "PS521",
                    path,
                    f"gói quy tắc {pack.id} không có mục điểm thưởng/điểm trừ '{code}'",
                    did_you_mean(code, codes)
                    or (
                        "các mã có trong gói: " + ", ".join(codes)
                        if codes
                        else "gói quy tắc này không có điểm thưởng hay điểm trừ"
                    ),
                )
            )
        elif not reason.strip():
            issues.append(doc.issue("PS521", path, f"cần ghi lý do cho mục '{code}'"))
    return issues


def _unknown_code(
    doc: YamlDocument,
    path: tuple[str | int, ...],
    code: str,
    pack: LoadedPack,
    items: bool = False,
) -> Issue:
    """PS501; with ``items`` (a document's ``supports``) the pack's bonus and penalty items are
    codes too, when it has some."""
    codes = pack.model.adjustments.codes() if items else []
    if not codes:
        return doc.issue(
            "PS501",
            path,
            f"gói quy tắc {pack.id} không có tiêu chí '{code}'",
            did_you_mean(code, pack.leaves) or "xem mã tiêu chí trong gói quy tắc",
        )
    return doc.issue(
        "PS501",
        path,
        f"gói quy tắc {pack.id} không có tiêu chí hay mục thưởng, trừ '{code}'",
        did_you_mean(code, [*pack.leaves, *codes])
        or "xem mã tiêu chí và mã mục thưởng, trừ trong gói quy tắc",
    )
