"""A pack diff as a reader of the rules wants it: the changes that can move a score first, each
criterion's scoring rule written out in words under both packs (labels, units, no kind names), and
inputs named by their labels; the other changes (titles, owners, sources, notes) apart.

The changes are :func:`parscore.diffing.diff_packs`'s and each line is
:func:`parscore.diffing.describe`'s wording (what ``parscore diff`` prints), except the scoring
rule of a criterion, which is :func:`parscore.wording.rule_words` of each pack's compiled rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..compiled import LoadedPack
from ..diffing import Change, PackRef, can_move_scores, describe
from ..diffing.causes import RULE_KINDS, SCORING_KINDS
from ..diffing.describe import INPUT_TYPES_VI
from ..diffing.readers import leaves_reading
from ..numbers import vi_number
from ..wording import Wording, rule_words

__all__ = [
    "ChangeGroup",
    "RuleChange",
    "can_move_scores",
    "pair_warnings",
    "read_by",
    "read_first",
    "readable_changes",
    "revision_warning",
    "rules_in_words",
]

_IDENTITY_FIELDS = {
    "id",
    "province",
    "level",
    "year",
    "revision",
    "status",
    "legal_basis",
    "replaces",
}


@dataclass(frozen=True)
class RuleChange:
    """A criterion whose scoring rule changed: the whole rule in words under each pack."""

    code: str
    title: str
    old: str
    new: str


@dataclass
class ChangeGroup:
    title: str
    lines: list[str] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lines) + len(self.rules)


def revision_warning(old: PackRef, new: PackRef, changes: Iterable[Change]) -> str | None:
    """The same pack id and revision, yet points, thresholds or formulas differ."""
    if old.id != new.id or old.revision != new.revision:
        return None
    if not any(can_move_scores(c) for c in changes):
        return None
    return (
        f"Lưu ý: hai gói cùng mã {new.id} và cùng lần sửa {new.revision} nhưng khác nhau về "
        "điểm, ngưỡng hoặc công thức: gói mới phải tăng lần sửa (revision), nếu không thì "
        "không phân biệt được điểm đã chấm theo gói nào."
    )


def read_first(c: Change) -> bool:
    """What an auditor reads first: a change that can move a score, a criterion added, removed or
    renumbered, which pack it is (id, year, province, status, revision, legal basis), and a
    change of how sure a value is (its source's status, or a source added or removed); titles,
    requirements, owners, notes and citations can wait."""
    if can_move_scores(c) or c.kind in ("added", "removed", "moved"):
        return True
    if c.kind == "pack_changed" and c.field.startswith("sources."):
        return not (c.old and c.new) or c.old.get("status") != c.new.get("status")
    if c.kind == "pack_changed":  # which pack it is, and on what legal basis
        return c.field in _IDENTITY_FIELDS
    return c.kind == "source_changed" and c.field in ("", "source.status")


def pair_warnings(old: PackRef, new: PackRef) -> list[str]:
    """What makes a comparison read wrongly unless said first: the same file twice, packs of two
    provinces, or the older pack given as the new one (every change then reads backwards)."""
    if old.sha256 == new.sha256:
        same = "cùng một tệp" if old.file == new.file else "hai tệp có nội dung giống hệt nhau"
        return [
            f"Lưu ý: gói cũ và gói mới là {same}: không có gì để so sánh; kiểm tra lại đã chọn "
            "gói của năm trước làm gói cũ và gói của năm nay làm gói mới chưa."
        ]
    warnings = []
    if old.province != new.province:
        warnings.append(
            f"Lưu ý: hai gói của hai tỉnh khác nhau (gói cũ: {old.province}; gói mới: "
            f"{new.province}): đây là so sánh quy tắc của hai tỉnh, không phải thay đổi giữa "
            "hai năm của một tỉnh."
        )
    if old.year > new.year:
        warnings.append(
            f"Lưu ý: gói cũ (năm {old.year}) mới hơn gói mới (năm {new.year}): mọi thay đổi đọc "
            "ngược (thêm là bỏ, tăng là giảm); thứ tự đúng là gói năm trước rồi gói năm nay."
        )
    return warnings


def readable_changes(
    old: LoadedPack, new: LoadedPack, changes: Iterable[Change]
) -> tuple[list[ChangeGroup], ChangeGroup]:
    """``(groups shown open: those that can move a score, then how sure values are; the other
    changes)``; empty groups are left out."""
    pack = ChangeGroup("Thông tin chung của gói (tổng điểm, thang điểm, làm tròn, xếp loại…)")
    inputs = ChangeGroup("Số liệu đầu vào")
    criteria = ChangeGroup("Tiêu chí và điểm tối đa")
    rules = ChangeGroup("Cách chấm điểm")
    sources = ChangeGroup(
        "Mức tin cậy của giá trị (nguồn chính thức, mượn, suy ra hay giả định; không làm "
        "thay đổi điểm)"
    )
    other = ChangeGroup("Thay đổi khác (tên, cơ quan thực hiện, nguồn, ghi chú, tài liệu…)")
    old_words, new_words = Wording(old), Wording(new)
    packs = old, new
    changes = list(changes)
    rules.rules = rules_in_words(old, new, changes)
    for c in changes:
        if c.kind in RULE_KINDS:
            continue  # in ``rules``, once per criterion
        if c.kind in ("added", "removed"):
            criteria.lines.append(_criterion_line(c, new if c.kind == "added" else old))
        elif c.kind in SCORING_KINDS:
            criteria.lines.append(describe(c, packs))
        elif c.kind == "pack_changed" and can_move_scores(c):
            pack.lines.append(describe(c, packs))
        elif c.kind.startswith("input_"):
            line = _input_line(c, old_words, new_words)
            if can_move_scores(c):
                inputs.lines.append(line + _read_by(c, old if c.kind == "input_removed" else new))
            else:
                other.lines.append(line)
        elif read_first(c) and (c.kind == "source_changed" or c.field.startswith("sources.")):
            sources.lines.append(describe(c, packs))
        else:
            other.lines.append(describe(c, packs))
    groups = [g for g in (pack, criteria, rules, inputs, sources) if g.count]
    return groups, other


def rules_in_words(old: LoadedPack, new: LoadedPack, changes: Iterable[Change]) -> list[RuleChange]:
    """Each criterion whose scoring rule changed, once: its whole rule in words under each pack."""
    old_words, new_words = Wording(old), Wording(new)
    seen: set[str] = set()
    out = []
    for c in changes:
        if c.kind in RULE_KINDS and (c.key or "") not in seen:
            seen.add(c.key or "")
            out.append(_rule_change(old, new, old_words, new_words, c))
    return out


def _read_by(c: Change, pack: LoadedPack) -> str:
    return read_by(c, leaves_reading(pack, c.key or ""))


def read_by(change: Change, codes: Iterable[str]) -> str:
    """`` (dùng ở tiêu chí 1.2)``: the criteria reading a changed input or derived value (for a
    removed one, the old pack's), so that a criterion's drift is traced to the rule moving it."""
    codes = list(codes)
    if not codes:
        return ""
    whose = "gói cũ dùng ở" if change.kind == "input_removed" else "dùng ở"
    return f" ({whose} tiêu chí {', '.join(codes)})"


def _rule_change(
    old: LoadedPack, new: LoadedPack, old_words: Wording, new_words: Wording, c: Change
) -> RuleChange:
    def words(pack: LoadedPack, wording: Wording) -> str:
        code = pack.code_of(c.key or "")
        leaf = pack.leaves.get(code or "")
        if leaf is None:
            return "không chấm điểm trực tiếp (tổng các tiêu chí con)"
        return rule_words(wording, leaf.rule, leaf.criterion.max)

    return RuleChange(c.code or "", c.title, words(old, old_words), words(new, new_words))


def _criterion_line(c: Change, pack: LoadedPack) -> str:
    """An added or removed criterion; a leaf with its scoring rule in words."""
    leaf = pack.leaves.get(c.code or "")
    if leaf is None:
        return describe(c)
    summary = c.new if c.kind == "added" else c.old
    verb = "Thêm" if c.kind == "added" else "Bỏ"
    parent = f"thuộc mục {summary['parent']}, " if summary.get("parent") else ""
    rule = rule_words(Wording(pack), leaf.rule, leaf.criterion.max)
    return (
        f"{verb} tiêu chí {c.code} «{c.title}» ({parent}tối đa {vi_number(summary['max'])} "
        f"điểm): {rule}"
    )


def _input_line(c: Change, old: Wording, new: Wording) -> str:
    """``describe``'s line with the input's label for its name, its type and formulas in words."""
    name = c.key or ""
    spec = new.pack.model.inputs.get(name) or old.pack.model.inputs.get(name)
    label = f"«{spec.label}»" if spec is not None else name
    if c.kind in ("input_added", "input_removed"):
        verb, value, words = ("Thêm", c.new, new) if c.kind == "input_added" else ("Bỏ", c.old, old)
        if isinstance(value, dict) and "derived" in value:
            return f"{verb} giá trị tính toán: {words.expression(value['derived'])}"
        kind = INPUT_TYPES_VI.get(value.get("type", ""), "") if isinstance(value, dict) else ""
        return f"{verb} số liệu {label}" + (f" ({kind})" if kind else "")
    if c.field == "type":
        return f"Số liệu {label}: kiểu {_type_vi(c.old)} → {_type_vi(c.new)}"
    if c.field == "derived":
        return (
            f"Giá trị tính toán {old.expression(c.old['derived'])} đổi thành "
            f"{new.expression(c.new['derived'])}"
        )
    text = describe(c, (old.pack, new.pack))
    if not text.startswith("Đầu vào ") or ": " not in text:
        return text
    return f"Số liệu {label}: {text.split(': ', 1)[1]}"


def _type_vi(value: object) -> str:
    return INPUT_TYPES_VI.get(str(value), str(value))
