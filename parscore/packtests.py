"""Pack test cases: metrics and documents in, expected points out (``parscore test PACK``).

A case file (``rules/tests/<pack file name>/*.yaml``, one case per file)::

    name: Đạt điểm tối đa
    description: what it checks, with the arithmetic for non-trivial numbers
    pack: ../../2025.yaml          # optional: pack file relative to this case (default: the pack tested)
    strict_evidence: false         # optional
    tolerance: 0.01                # optional absolute tolerance (default 0.005)
    evidence: { as_of: ..., metrics: {...}, documents: [...], not_applicable: {...} }
    expect:
      score: 100                   # rounded total score
      points: 100
      band: Tốt
      goal_met: true
      bonus: 1                     # bonus and penalty points after their caps
      penalty: 2
      stages: { self: 100, round_2: 88 }   # rounded score of each appraisal stage
      official: round_2            # the stage whose total is official (computed when none)
      leaves: { "3.2.2": 1.0, "6.3.1": na }   # exact points, or a status word
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .compiled import LoadedPack
from .errors import EvidenceError, Issue, ParscoreError
from .loader import evidence_from_data, load_pack
from .model.result import STATUSES, LeafResult, Result
from .numbers import vi_number
from .scoring import score
from .validation import issues_from_validation
from .yamlio import YamlDocument, load_yaml

__all__ = ["CaseOutcome", "PackCase", "case_files", "load_case", "run_case"]

DEFAULT_TOLERANCE = Decimal("0.005")


class Expectation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    score: Decimal | None = None
    points: Decimal | None = None
    band: str | None = None
    goal_met: bool | None = None
    bonus: Decimal | None = None  # after the cap
    penalty: Decimal | None = None  # after the cap
    stages: dict[Literal["self", "round_1", "round_2"], Decimal] = {}  # rounded score by stage
    official: Literal["computed", "self", "round_1", "round_2"] | None = None
    leaves: dict[str, Decimal | str] = {}


class PackCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    pack: str | None = None
    strict_evidence: bool = False
    tolerance: Annotated[Decimal, Field(ge=0)] = DEFAULT_TOLERANCE
    evidence: dict[str, Any]
    expect: Expectation


@dataclass
class CaseOutcome:
    file: str
    name: str
    failures: list[str] = field(default_factory=list)
    result: Result | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def case_files(pack_path: Path, year: int) -> list[Path]:
    """``rules/tests/<pack file name>/*.yaml`` beside the pack file (``rules/tests/2025/`` for
    ``rules/2025.yaml``, ``rules/tests/lam-dong-2025/`` for ``rules/lam-dong-2025.yaml``), else
    ``rules/tests/<year>/``; sorted."""
    folder = pack_path.parent / "tests" / pack_path.stem
    if not folder.is_dir():
        folder = pack_path.parent / "tests" / str(year)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_case(
    path: Path, default_pack: LoadedPack | None
) -> tuple[PackCase, LoadedPack, YamlDocument]:
    doc = load_yaml(path)
    try:
        case = PackCase.model_validate(doc.data)
    except ValidationError as exc:
        raise ParscoreError(issues_from_validation(exc, doc, PackCase)) from None
    if case.pack is not None:
        pack_path = path.parent / case.pack
        if not pack_path.is_file():
            raise ParscoreError(
                [
                    doc.issue(
                        "PS101",
                        ("pack",),
                        f"không tìm thấy tệp gói quy tắc '{case.pack}'",
                        "đường dẫn 'pack' tính từ thư mục của tệp ca kiểm thử",
                    )
                ]
            )
        pack = load_pack(pack_path)
    elif default_pack is not None:
        pack = default_pack
    else:
        raise ParscoreError([doc.issue("PS202", (), "ca kiểm thử không ghi gói quy tắc ('pack')")])
    _check_expected_codes(case, pack, doc)
    return case, pack, doc


def run_case(path: Path, default_pack: LoadedPack | None = None) -> CaseOutcome:
    """Load, score and compare one case. Input problems raise ParscoreError (exit 2)."""
    case, pack, doc = load_case(path, default_pack)
    meta = pack.model.pack
    data = {"commune": case.name, "year": meta.year, "pack": meta.id, **case.evidence}
    sub = _sub_document(doc, "evidence", data)
    try:
        evidence = evidence_from_data(sub, pack)
    except EvidenceError as exc:
        raise EvidenceError(exc.issues) from None
    result = score(pack, evidence, strict_evidence=case.strict_evidence)
    outcome = CaseOutcome(file=str(path), name=case.name, result=result)
    outcome.failures = _compare(case, result)
    return outcome


def _sub_document(doc: YamlDocument, key: str, data: dict[str, Any]) -> YamlDocument:
    """The ``evidence:`` block as a document of its own, keeping its file positions."""
    positions = {p[1:]: pos for p, pos in doc.positions.items() if p[:1] == (key,)}
    return YamlDocument(file=doc.file, data=data, positions=positions)


def _check_expected_codes(case: PackCase, pack: LoadedPack, doc: YamlDocument) -> None:
    issues: list[Issue] = []
    for code, value in case.expect.leaves.items():
        path = ("expect", "leaves", code)
        if pack.code_of(code) not in pack.leaves:
            issues.append(doc.issue("PS501", path, f"gói {pack.id} không có tiêu chí lá '{code}'"))
        elif isinstance(value, str) and value not in STATUSES:
            issues.append(
                doc.issue(
                    "PS203",
                    path,
                    f"'{value}' không phải số điểm hay trạng thái",
                    "dùng một số hoặc một trong: " + ", ".join(STATUSES),
                )
            )
    if issues:
        raise ParscoreError(issues)


def _compare(case: PackCase, result: Result) -> list[str]:
    exp, tol, total = case.expect, case.tolerance, result.total
    fails: list[str] = []

    def near(label: str, want: Decimal, got: Decimal) -> None:
        if abs(want - got) > tol:
            fails.append(f"{label}: mong đợi {vi_number(want)}, thực tế {vi_number(got)}")

    if exp.score is not None:
        near("điểm tổng (đã làm tròn)", exp.score, total.score)
    if exp.points is not None:
        near("tổng điểm đạt được", exp.points, total.points)
    if exp.band is not None and exp.band != total.band:
        fails.append(f"xếp loại: mong đợi {exp.band}, thực tế {total.band}")
    if exp.goal_met is not None and exp.goal_met != total.goal_met:
        fails.append(f"đạt mục tiêu: mong đợi {exp.goal_met}, thực tế {total.goal_met}")
    if exp.bonus is not None:
        near("điểm thưởng", exp.bonus, total.bonus)
    if exp.penalty is not None:
        near("điểm trừ", exp.penalty, total.penalty)
    for key, stage_score in exp.stages.items():
        stage = result.stages.get(key)
        if stage is None:
            fails.append(f"giai đoạn {key}: mong đợi {vi_number(stage_score)}, minh chứng không có")
        else:
            near(f"điểm giai đoạn {key}", stage_score, stage.score)
    if exp.official is not None and exp.official != result.official_stage:
        fails.append(
            f"kết quả chính thức: mong đợi {exp.official}, thực tế {result.official_stage}"
        )
    for code, want in exp.leaves.items():
        leaf = result.find(code)
        assert isinstance(leaf, LeafResult)
        if isinstance(want, str):
            if leaf.status != want:
                fails.append(
                    f"tiêu chí {code}: mong đợi trạng thái {want}, thực tế {leaf.status}"
                    f" ({leaf.explanation})"
                )
        elif abs(want - leaf.points) > tol:
            fails.append(
                f"tiêu chí {code}: mong đợi {vi_number(want)} điểm, thực tế "
                f"{vi_number(leaf.points)} ({leaf.explanation})"
            )
    return fails
