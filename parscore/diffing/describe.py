"""Each change in Vietnamese, with its old and its new value."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..document_kinds import kind_label
from ..kinds import all_kinds, kind_named
from ..numbers import vi_number
from ..vi import SOURCE_STATUS_VI
from ..wording import Wording, kind_words
from .changes import Change

if TYPE_CHECKING:
    from ..compiled import CompiledRule, LoadedPack

Packs = tuple["LoadedPack", "LoadedPack"]  # the old pack and the new one

__all__ = ["INPUT_TYPES_VI", "KIND_VI", "describe", "rule_text"]

KIND_VI: dict[str, str] = {
    "pack_changed": "thông tin gói",
    "input_added": "thêm đầu vào",
    "input_removed": "bỏ đầu vào",
    "input_changed": "sửa đầu vào",
    "added": "thêm tiêu chí",
    "removed": "bỏ tiêu chí",
    "moved": "đổi mã / vị trí",
    "retitled": "đổi tên",
    "max_changed": "điểm tối đa",
    "rule_changed": "cách chấm",
    "threshold_changed": "ngưỡng / mức điểm",
    "applies_changed": "điều kiện áp dụng",
    "evidence_changed": "tài liệu kiểm chứng",
    "target_changed": "yêu cầu",
    "owner_changed": "cơ quan thực hiện",
    "detail_changed": "thông tin khác",
    "source_changed": "nguồn",
}

_PACK_FIELDS_VI = {
    "id": "mã gói",
    "title": "tên gói",
    "province": "tỉnh",
    "level": "cấp",
    "year": "năm",
    "revision": "lần sửa",
    "status": "trạng thái",
    "legal_basis": "căn cứ pháp lý",
    "replaces": "thay thế gói",
    "total": "tổng điểm tối đa",
    "scale": "thang điểm",
    "rounding": "làm tròn",
    "goal": "mục tiêu",
    "bands": "xếp loại",
    "index.name": "tên chỉ số",
    "ranking.ties": "cách xếp hạng khi đồng điểm",
    "note": "ghi chú",
    "documents": "tài liệu được trích dẫn",
    "sources": "nguồn của các giá trị chung của gói",
}

_INPUT_FIELDS_VI = {
    "label": "tên",
    "type": "kiểu",
    "min": "giá trị tối thiểu",
    "max": "giá trị tối đa",
    "step": "bước giá trị",
    "options": "các lựa chọn",
    "default": "giá trị mặc định",
    "survey": "lấy từ điều tra xã hội học",
    "unit": "đơn vị",
    "note": "ghi chú",
    "derived": "công thức",
    "kind": "loại",
    "task": "câu nhiệm vụ trong kế hoạch",
    "year_to_date": "tính lũy kế từ đầu năm",
}

_INPUT_VALUES = ("min", "max", "step", "default")  # an input's fields that are its values

_CRITERION_FIELDS_VI = {
    "applies_if": "điều kiện áp dụng",
    "na_allowed": "cho phép xã khai báo không áp dụng",
    "evidence": "tài liệu kiểm chứng",
    "target": "yêu cầu năm",
    "owner": "cơ quan chủ trì",
    "partners": "cơ quan phối hợp",
    "deadline": "thời hạn",
    "effort": "mức công sức (1–5)",
    "survey": "chấm qua điều tra xã hội học",
    "tracked": "chỉ theo dõi, không tính điểm",
    "note": "ghi chú",
    "source.status": "trạng thái nguồn",
    "source.ref": "trích dẫn nguồn",
    "source.note": "ghi chú nguồn",
    "": "nguồn",
}

_ROUNDING_VI = {
    "half_up": "làm tròn nửa lên",
    "half_even": "làm tròn nửa về số chẵn",
    "down": "bỏ phần lẻ",
    "up": "làm tròn ra xa số 0",
    "ceiling": "làm tròn lên",
    "floor": "làm tròn xuống",
}

_WORDS_VI = {
    **SOURCE_STATUS_VI,
    "xa": "cấp xã",
    "huyen": "cấp huyện",
    "so": "cấp sở",
    "tinh": "cấp tỉnh",
    "provisional": "tạm thời",
    "competition": "đồng hạng rồi bỏ hạng kế (1, 2, 2, 4)",
    "dense": "đồng hạng, không bỏ hạng (1, 2, 2, 3)",
}

KIND_NAMES_VI = {kind.name: kind.noun for kind in all_kinds()}

INPUT_TYPES_VI = {
    "count": "số đếm",
    "number": "số",
    "percent": "tỷ lệ %",
    "bool": "có/không",
    "date": "ngày",
    "choice": "lựa chọn",
}

NONE = "(không có)"


def value_vi(value: Any) -> str:
    """A value as a Vietnamese reader expects it: 99,9; 31/12/2025; có/không."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return str(value)  # years, revisions, places: never grouped
    if isinstance(value, Decimal):
        return vi_number(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, _Word):
        return str(value)
    if isinstance(value, str):
        return f"«{value}»" if value else NONE  # an empty note is an absent one
    if isinstance(value, list | tuple):
        return "; ".join(value_vi(v) for v in value) if value else "(trống)"
    if isinstance(value, dict):
        return _dict_vi(value)
    if isinstance(value, BaseModel):  # an evidence requirement: its title and document kind
        return _dict_vi(value.model_dump(exclude_none=True, exclude_defaults=True))
    return str(value)


def _dict_vi(value: dict[str, Any]) -> str:
    if set(value) == {"min", "label"}:
        return f"{value['label']} ≥ {value_vi(value['min'])}"
    if "title" in value and set(value) <= {"kind", "title"}:
        kind = f" ({kind_label(value['kind'])})" if value.get("kind") else ""
        return f"{value['title']}{kind}"
    if set(value) <= {"places", "mode"}:
        mode = value.get("mode", "half_up")
        return f"{value.get('places', 2)} chữ số thập phân, {_ROUNDING_VI.get(mode, mode)}"
    if set(value) == {"total"}:
        return f"{value_vi(value['total'])} điểm"
    if len(value) == 1 and next(iter(value)) in KIND_NAMES_VI:
        return rule_text(value)
    return ", ".join(f"{k}: {value_vi(v)}" for k, v in value.items())


def rule_text(rule: dict[str, Any] | None, say: _Say | None = None) -> str:
    """A whole score rule in words: kind and its numbers (names and expressions as the pack
    words them when ``say`` knows the pack)."""
    if rule is None:
        return "không chấm điểm trực tiếp (tổng các tiêu chí con)"
    kind, spec = next(iter(rule.items()))
    return kind_named(kind).text(spec, say or _SAY)


class _Say:
    """Values and nested rules in words, for the kinds' own wording; without a pack, names and
    expressions as written."""

    # the choice input of each ``one_of`` the changed field lies in (None for a ``best_of``)
    chosen: tuple[str | None, ...] = ()

    def value(self, value: Any) -> str:
        return value_vi(value)

    def number(self, value: Any, of: str | None = None) -> str:
        return value_vi(value)

    def expression(self, source: str) -> str:
        return f"«{source}»"

    def input_name(self, name: str) -> str:
        """A declared input as a line about it names it (its label in a pack's words)."""
        return name

    def option(self, key: str, of: str | None = None) -> str:
        """An option of a choice input (its label in a pack's words)."""
        return key

    def per_unit(self, of: str | None = None) -> str | None:
        """One unit of a value (``mỗi hệ thống``, in a pack's words): none without a pack."""
        return None

    def rule(self, rule: dict[str, Any] | None) -> str:
        return rule_text(rule, self)


class _PackSay(_Say):
    """The same in one pack's words (:class:`Wording`, as the rule in words says them): labels
    for names, expressions in words with decimal commas, and a number compared with a value in
    that value's unit (``95%``, ``5 ngày``); ``of`` is the expression of the rule being worded."""

    def __init__(
        self, words: Wording, of: str | None = None, chosen: tuple[str | None, ...] = ()
    ) -> None:
        self.words = words
        self.of = of
        self.chosen = chosen
        self.other: Wording | None = None  # the other pack's words: an option only it has

    def number(self, value: Any, of: str | None = None) -> str:
        source = of if of is not None else self.of
        if not isinstance(value, Decimal | int) or isinstance(value, bool) or not source:
            return value_vi(value)
        return value_vi(value) + self.words.unit_after(source)

    def expression(self, source: str) -> str:
        return self.words.expression(source)

    def per_unit(self, of: str | None = None) -> str | None:
        source = of if of is not None else self.of
        return self.words.per_unit(source) if source else None

    def input_name(self, name: str) -> str:
        return self.words.quoted(name) if name in self.words.pack.model.inputs else name

    def option(self, key: str, of: str | None = None) -> str:
        """Its label in this pack, else in the other pack (an option added or removed)."""
        name = of if of is not None else self.of or ""
        for words in (self.words, self.other):
            spec = words.pack.model.inputs.get(name) if words is not None else None
            label = (spec.options or {}).get(key) if spec is not None else None
            if label is not None:
                return label
        return key


_SAY = _Say()


class _Word(str):
    """Text shown as it is (a translated status word), not quoted."""


def pack_rule_vi(field: str, old: Any, new: Any, says: tuple[_Say, _Say] = (_SAY, _SAY)) -> str:
    """A change of a constraint, a bonus or penalty cap, or an item, in Vietnamese."""
    if field == "constraints":
        head = "Ràng buộc số liệu"
        if old is None:
            return f"{head}: thêm {says[1].expression(new['check'])} ({new['message']})"
        if new is None:
            return f"{head}: bỏ {says[0].expression(old['check'])} ({old['message']})"
        parts = []  # what changed of it: its message, the inputs its error is located at
        if old["message"] != new["message"]:
            parts.append(f"thông báo {_arrow(old['message'], new['message'])}")
        if old["inputs"] != new["inputs"]:
            parts.append(f"đầu vào {_arrow(old['inputs'], new['inputs'])}")
        return f"{head} {says[1].expression(new['check'])}: " + "; ".join(parts)
    side = "Điểm thưởng" if ".bonus" in field else "Điểm trừ"
    if field.endswith(".max"):
        return f"{side} – mức tối đa: {_arrow(old, new)}"
    code = field.rsplit(".", 1)[-1]
    if old is None:
        return f"{side}: thêm mục {code} «{new['title']}» ({value_vi(new['points'])} điểm)"
    if new is None:
        return f"{side}: bỏ mục {code} «{old['title']}» ({value_vi(old['points'])} điểm)"
    parts = [
        f"{label} {_arrow(old.get(key), new.get(key))}"
        for key, label in (
            ("title", "tên"),
            ("points", "điểm"),
            ("evidence", "tài liệu kiểm chứng"),
        )
        if old.get(key) != new.get(key)
    ]
    if old.get("source") != new.get("source"):
        before, after = _item_source_vi(old.get("source")), _item_source_vi(new.get("source"))
        parts.append(f"nguồn {before} → {after}")
    return f"{side} – mục {code}: " + "; ".join(parts)


def _item_source_vi(source: dict[str, Any] | None) -> str:
    """A bonus or penalty item's source (already cited) as users read it: «ref» (status)."""
    if source is None:
        return NONE
    status = _WORDS_VI.get(source["status"], source["status"])
    note = f", ghi chú «{source['note']}»" if source.get("note") else ""
    return f"«{source['ref']}» ({status}{note})"


def _arrow(old: Any, new: Any) -> str:
    return f"{value_vi(old)} → {value_vi(new)}"


_ALT = re.compile(r"(?:best_of\[(\d+)\]|options\[([^\]]+)\])\.?")  # best_of / one_of
_RULE_FIELDS_VI = {
    "": "cách chấm",
    "of": "giá trị được chấm",
    **{field: words for kind in all_kinds() for field, words in kind.field_words.items()},
}


def _rule_field_vi(field: str, old: Any, new: Any, says: tuple[_Say, _Say]) -> str:
    """A change of a criterion's rule (``says``: its old and its new wording)."""
    prefix = ""
    before, after = says
    depth = 0
    while (m := _ALT.match(field)) is not None:
        number, key = m.group(1), m.group(2)
        if number is not None:
            prefix += f"phương án {int(number) + 1}: "
        else:  # a one_of's option, by its label (the new pack's; the old one's for a removed one)
            chosen = [s.chosen[depth] for s in (after, before) if depth < len(s.chosen)]
            name = next((c for c in chosen if c is not None), None)
            prefix += f"phương án «{after.option(key, name) if name else key}»: "
        field = field[m.end() :]
        depth += 1
    for each in all_kinds():
        worded = each.field_text(field, old, new, after)
        if worded is not None:
            return prefix + worded
    label = _RULE_FIELDS_VI.get(field, field)
    if field == "":
        if old is None and prefix:
            return f"{prefix.rstrip(': ')}: thêm phương án {rule_text(new, after)}"
        if new is None and prefix:
            return f"{prefix.rstrip(': ')}: bỏ phương án {rule_text(old, before)}"
        return f"{prefix}{label}: {rule_text(old, before)} → {rule_text(new, after)}"
    if field in ("of", "check", "formula"):
        return f"{prefix}{label}: {before.expression(old)} → {after.expression(new)}"
    if field in ("from", "to"):  # bounds of the value: in its unit
        return f"{prefix}{label}: {before.number(old)} → {after.number(new)}"
    return f"{prefix}{label}: {_arrow(old, new)}"


def _says(change: Change, packs: Packs | None) -> tuple[_Say, _Say]:
    """How the old and the new side of a change are worded: in each pack's words when the packs
    are given (a rule's numbers in the unit of the value its part of the rule compares, a choice's
    options by their labels)."""
    if packs is None:
        return _SAY, _SAY
    path = [m.group(1) or m.group(2) for m in _ALT.finditer(change.field)]
    old, new = (_PackSay(Wording(pack), *_rule_path(pack, change.key, path)) for pack in packs)
    if old.of is None:
        old.of = new.of
    if new.of is None:
        new.of = old.of
    old.other, new.other = new.words, old.words
    return old, new


def _rule_path(
    pack: LoadedPack, key: str | None, path: list[str]
) -> tuple[str | None, tuple[str | None, ...]]:
    """The expression of a criterion's rule (of its alternative at ``path``: best_of indexes,
    one_of option keys) in ``pack``, None when it has none there; and the choice input of each
    ``one_of`` along the path (None for a ``best_of``, or past where the pack's rule ends)."""
    leaf = pack.leaves.get(pack.code_of(key or "") or "")
    rule: CompiledRule | None = leaf.rule if leaf is not None else None
    chosen: list[str | None] = []
    for step in path:
        if rule is None:
            chosen.append(None)
            continue
        keys = [str(i) for i in range(len(rule.alternatives))]
        choice = None
        if rule.kind == "one_of":
            spec = getattr(rule.model, rule.kind)
            keys, choice = [str(k) for k in spec.options], spec.chosen
        chosen.append(choice)
        where = keys.index(step) if step in keys else None
        rule = rule.alternatives[where] if where is not None else None
    source = rule.expr.source if rule is not None and rule.expr is not None else None
    return source, tuple(chosen)


def describe(change: Change, packs: Packs | None = None) -> str:
    """One line of Vietnamese: what changed, from what to what; with the two ``packs`` compared,
    names, expressions and numbers as each pack's rule in words says them."""
    kind, old, new = change.kind, change.old, change.new
    says = _says(change, packs)
    if change.field in ("status", "source.status", "ranking.ties", "level"):
        old, new = _Word(_WORDS_VI.get(old, old)), _Word(_WORDS_VI.get(new, new))
    if kind == "pack_changed" and change.field.startswith("sources."):
        key = change.field.removeprefix("sources.")
        label = _PACK_FIELDS_VI.get(key) or _CRITERION_FIELDS_VI.get(key, key)
        return (
            f"Gói quy tắc – nguồn của giá trị {label}: {_pack_source_vi(old)} → "
            f"{_pack_source_vi(new)}"
        )
    if kind == "pack_changed" and change.field.startswith(("constraints", "adjustments")):
        return pack_rule_vi(change.field, old, new, says)
    if kind == "pack_changed":
        return (
            f"Gói quy tắc – {_PACK_FIELDS_VI.get(change.field, change.field)}: {_arrow(old, new)}"
        )
    if kind in ("input_added", "input_removed", "input_changed"):
        return _input_vi(change, says)
    head = f"Tiêu chí {change.code}"
    if kind == "added":
        return f"Thêm tiêu chí {change.code} «{change.title}» ({_summary_vi(new)})"
    if kind == "removed":
        return f"Bỏ tiêu chí {change.code} «{change.title}» ({_summary_vi(old)})"
    if kind == "moved":
        text = f"Tiêu chí «{change.title}» đổi mã {old['code']} → {new['code']}"
        if old["code"] == new["code"]:
            text = f"Tiêu chí {new['code']} «{change.title}» đổi vị trí"
        if old["parent"] != new["parent"]:
            text += f"; chuyển từ mục {old['parent'] or 'gốc'} sang mục {new['parent'] or 'gốc'}"
        return text
    if kind == "retitled":
        return f"{head}: đổi tên {_arrow(old, new)}"
    if kind == "max_changed":
        return f"{head}: điểm tối đa {_arrow(old, new)}"
    if kind in ("rule_changed", "threshold_changed"):
        return f"{head}: {_rule_field_vi(change.field, old, new, says)}"
    label = _CRITERION_FIELDS_VI.get(change.field, change.field)
    if kind == "applies_changed" and change.field == "applies_if":
        always = "luôn áp dụng"
        return (
            f"{head}: {label}: {_expr_vi(old, always, says[0])} → {_expr_vi(new, always, says[1])}"
        )
    if kind == "source_changed" and change.field == "":
        return f"{head}: nguồn: {_source_vi(old)} → {_source_vi(new)}"
    return f"{head}: {label}: {_arrow(old, new)}"


def _pack_source_vi(source: dict[str, Any] | None) -> str:
    """A pack-wide value's source as users read it: «citation» (status), and its note."""
    if not source:
        return NONE
    status = str(source.get("status", ""))
    status = _WORDS_VI.get(status, status)
    note = f" – {source['note']}" if source.get("note") else ""
    return f"«{source.get('ref', '')}» ({status}{note})"


def _expr_vi(text: str | None, empty: str, say: _Say) -> str:
    return say.expression(text) if text else f"({empty})"


def _source_vi(source: Any) -> str:
    if source is None:
        return NONE
    status = _WORDS_VI.get(source.status, source.status)
    return f"«{source.ref}» ({status})"


def _summary_vi(summary: dict[str, Any]) -> str:
    parts = []
    if summary.get("parent"):
        parts.append(f"thuộc mục {summary['parent']}")
    parts.append(f"tối đa {value_vi(summary['max'])} điểm")
    if "kind" in summary:
        parts.append(f"chấm {kind_words(summary['kind'])}")
    else:
        parts.append(f"{summary.get('children', 0)} tiêu chí con")
    return ", ".join(parts)


def _input_vi(change: Change, says: tuple[_Say, _Say]) -> str:
    name = change.key
    value = change.new if change.kind == "input_added" else change.old
    if change.kind in ("input_added", "input_removed"):
        verb = "Thêm" if change.kind == "input_added" else "Bỏ"
        if "derived" in value:
            say = says[1] if change.kind == "input_added" else says[0]
            return f"{verb} giá trị tính toán {name} = {say.expression(value['derived'])}"
        return f"{verb} đầu vào {name} «{value.get('label', '')}» (kiểu {_type_vi(value)})"
    field = _INPUT_FIELDS_VI.get(change.field, change.field)
    if change.field == "derived":
        before = says[0].expression(change.old["derived"])
        after = says[1].expression(change.new["derived"])
        return f"Giá trị tính toán {name}: công thức {before} → {after}"
    if change.field == "label":
        return f"Đầu vào {_arrow(change.old, change.new)} (đổi tên)"
    # a declared input by its label (the new pack's; the old one's when the new pack derives it)
    shown = says[1].input_name(name or "")
    shown = says[0].input_name(name or "") if shown == name else shown
    if change.field == "type":
        return f"Đầu vào {shown}: {field}: {_type_vi(change)} → {_type_vi(change, 'new')}"
    if change.field == "kind":
        before, after = _definition_vi(change.old, says[0]), _definition_vi(change.new, says[1])
        return f"Đầu vào {shown}: {before} → {after}"
    if change.field in _INPUT_VALUES:  # a value of the input: in its unit on each side
        pair = zip(says, (change.old, change.new), strict=True)
        before, after = (_input_value(say, v, name or "") for say, v in pair)
        return f"Đầu vào {shown}: {field}: {before} → {after}"
    return f"Đầu vào {shown}: {field}: {_arrow(change.old, change.new)}"


def _input_value(say: _Say, value: Any, name: str) -> str:
    """A value of the input ``name`` (a bound, its default): a number in its unit, an option of
    a choice by its label (``«Từ 80% trở lên»``)."""
    if isinstance(value, str) and value:
        return f"«{say.option(value, name)}»"
    return say.number(value, name)


def _definition_vi(value: dict[str, Any], say: _Say) -> str:
    if "derived" in value:
        return f"giá trị tính toán {say.expression(value['derived'])}"
    return f"đầu vào nhập trực tiếp (kiểu {_type_vi(value)})"


def _type_vi(value: dict[str, Any] | Change, side: str = "old") -> str:
    """An input's type in words (``tỷ lệ %``), from its definition or a change of its type."""
    kind = getattr(value, side) if isinstance(value, Change) else value.get("type", "?")
    return INPUT_TYPES_VI.get(str(kind), str(kind))
