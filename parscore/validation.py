"""Turn pydantic validation errors into located, Vietnamese :class:`~parscore.errors.Issue` s."""

from __future__ import annotations

import copy
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Issue, did_you_mean
from .kinds import all_kinds, complete_models
from .value_hints import value_hint
from .yamlio import Invalid, KeyPath, YamlDocument

__all__ = ["issues_from_validation", "model_at", "validate_pruned"]

M = typing.TypeVar("M", bound=BaseModel)
_PRUNE_ROUNDS = 20

_TYPE_MESSAGES: dict[str, str] = {
    "decimal_parsing": "cần một số",
    "decimal_type": "cần một số",
    "float_parsing": "cần một số",
    "int_parsing": "cần một số nguyên",
    "int_type": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "bool_type": "cần true hoặc false",
    "bool_parsing": "cần true hoặc false",
    "date_type": "cần một ngày dạng YYYY-MM-DD (ví dụ 2025-12-31)",
    "date_parsing": "cần một ngày dạng YYYY-MM-DD (ví dụ 2025-12-31)",
    "date_from_datetime_parsing": "cần một ngày dạng YYYY-MM-DD (ví dụ 2025-12-31)",
    "date_from_datetime_inexact": "cần một ngày, không kèm giờ",
    "string_type": "cần một chuỗi văn bản",
    "list_type": "cần một danh sách",
    "dict_type": "cần một bảng khóa: giá trị",
    "model_type": "cần một bảng khóa: giá trị",
    "model_attributes_type": "cần một bảng khóa: giá trị",
    "too_short": "không được để trống",
    "decimal_max_places": "quá nhiều chữ số thập phân",
}


def issues_from_validation(
    exc: ValidationError, doc: YamlDocument, root: type[BaseModel]
) -> list[Issue]:
    """One issue per pydantic error, located through the document's positions."""
    out: list[Issue] = []
    for err in exc.errors(include_url=False):
        path = _data_path(doc.data, err["loc"])
        out.append(_issue(err, path, doc, root))
    return out


def validate_pruned(root: type[M], doc: YamlDocument) -> tuple[M | None, list[Issue]]:
    """Validate ``doc``; when it does not fit, also the data with each offending entry removed
    (an entry of a second-level mapping, else the whole top-level key), so the checks that need a
    model can still run on the rest: every problem of a file is reported at once."""
    try:
        return root.model_validate(doc.data), []
    except ValidationError as exc:
        issues = issues_from_validation(exc, doc, root)
        errors = exc.errors(include_url=False)
    data = copy.deepcopy(doc.data) if isinstance(doc.data, dict) else {}
    for _ in range(_PRUNE_ROUNDS):
        targets = dict.fromkeys(tuple(e["loc"][:2]) for e in errors)
        if not any([_prune(data, loc) for loc in targets]):
            return None, issues
        try:
            return root.model_validate(data), issues
        except ValidationError as again:
            errors = again.errors(include_url=False)
    return None, issues


def _prune(data: dict[str, Any], loc: tuple[int | str, ...]) -> bool:
    """Remove the entry an error points at (see :func:`validate_pruned`); False if none."""
    if not loc or loc[0] not in data:
        return False
    inner = data[loc[0]]
    if len(loc) >= 2 and isinstance(inner, dict) and loc[1] in inner:
        del inner[loc[1]]  # the other entries keep their keys, so their problems stay located
    else:
        del data[loc[0]]  # a whole list: removing one item would shift the others' positions
    return True


def _issue(err: ErrorDetails, path: KeyPath, doc: YamlDocument, root: type[BaseModel]) -> Issue:
    if isinstance(err.get("input"), Invalid):  # YAML could not read it: say that, once
        return err["input"].issue
    kind = err["type"]
    loc = err["loc"]
    got = _show(err.get("input"))
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(root, loc[:-1])
        hint = did_you_mean(key, allowed) if allowed else ""
        if not hint and allowed:
            hint = "các khóa được phép: " + ", ".join(sorted(allowed))
        return doc.issue("PS201", path, f"khóa '{key}' không được phép ở đây", hint)
    if kind == "missing":
        key = str(loc[-1])
        return doc.issue(
            "PS202",
            path[:-1] if path and path[-1] == key else path,
            f"thiếu khóa bắt buộc '{key}'",
            "thêm khóa này vào tệp",
        )
    if kind == "string_type" and loc and loc[-1] == "code":
        return doc.issue(
            "PS204",
            path,
            f"mã tiêu chí phải là chuỗi văn bản, nhận được {got}",
            f'đặt mã trong ngoặc kép, ví dụ code: "{got}"',
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return doc.issue(
            "PS203", path, f"giá trị {got} không hợp lệ", f"chọn một trong: {expected}"
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sym = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤"}.get(
            kind, "<"
        )
        bound = next(iter(ctx.values()), "")
        return doc.issue("PS203", path, f"giá trị {got} phải {sym} {bound}")
    if kind == "score_kind":
        return doc.issue(
            "PS203",
            path,
            f"kiểu chấm điểm không hợp lệ: {got}",
            "dùng đúng một trong: " + ", ".join(k.name for k in all_kinds()),
        )
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        return doc.issue("PS203", path, message)
    if kind == "string_type" and "supports" in loc and isinstance(err.get("input"), int | Decimal):
        return doc.issue(
            "PS203",
            path,
            f"mã tiêu chí phải là chuỗi văn bản, nhận được {got}",
            f'đặt mã trong ngoặc kép, ví dụ "{got}"',
        )
    if kind in ("model_type", "model_attributes_type") and not isinstance(
        err.get("input"), dict | list
    ):
        fields = [k for k in _field_order(root, loc) if k][:4]
        hint = "viết dạng { " + ", ".join(f"{k}: …" for k in fields) + " }" if fields else ""
        return doc.issue("PS203", path, f"{_TYPE_MESSAGES[kind]}, nhận được {got}", hint)
    if kind == "list_type" and isinstance(err.get("input"), str):
        hint = 'viết dạng danh sách: [ "…", "…" ], hoặc mỗi mục một dòng bắt đầu bằng "- "'
        return doc.issue("PS203", path, f"{_TYPE_MESSAGES[kind]}, nhận được {got}", hint)
    if kind in _TYPE_MESSAGES:
        family = kind.split("_")[0].replace("decimal", "number").replace("float", "number")
        hint = value_hint(family, err.get("input"))
        return doc.issue("PS203", path, f"{_TYPE_MESSAGES[kind]}, nhận được {got}", hint)
    return doc.issue("PS203", path, f"giá trị {got} không hợp lệ ({err['msg']})")


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return "một " + ("bảng" if isinstance(value, dict) else "danh sách")
    text = repr(value) if isinstance(value, str) else str(value)
    if text.startswith("Decimal("):
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _data_path(data: Any, loc: tuple[int | str, ...]) -> KeyPath:
    """Follow pydantic's ``loc`` through the raw data, skipping union tags it inserts."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part not in _UNION_TAGS:
            path.append(part)  # an extra or missing key: the data does not have it
        # anything else is a tag pydantic added; skip it
    return tuple(path)


def _has(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


_UNION_TAGS = {k.name for k in all_kinds()}


def _field_order(root: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys of the model ``loc`` points at, in the model's order (required ones first)."""
    model = model_at(root, loc)
    if model is None:
        return []
    fields = list(model.model_fields.items())
    fields.sort(key=lambda item: not item[1].is_required())
    return [f.alias or name for name, f in fields]


def _allowed_keys(root: type[BaseModel], loc: tuple[int | str, ...]) -> set[str]:
    model = model_at(root, loc)
    if model is None:
        return set()
    return {f.alias or name for name, f in model.model_fields.items()}


def model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class a pydantic ``loc`` points into (through lists, dicts and tagged unions)."""
    complete_models()  # composite kinds' fields name ``SimpleRule`` until their models are built
    current: Any = root
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    current = _unwrap(current, None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _step(tp: Any, part: int | str) -> Any:
    tp = _unwrap(tp, part)
    if tp is None:
        return None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, f in tp.model_fields.items():
            if part in (name, f.alias):
                return f.annotation
        return tp if isinstance(part, str) and part in _UNION_TAGS else None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict and isinstance(part, str):
        return args[1]
    return None


def _unwrap(tp: Any, part: int | str | None) -> Any:
    """Strip Annotated and Optional; choose the union member whose tag is ``part``."""
    for _ in range(10):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            chosen = None
            for member in members:
                inner = _unwrap(member, None)
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    if isinstance(part, str) and part in inner.model_fields:
                        chosen = member
                        break
                elif typing.get_origin(inner) in (list, dict):
                    chosen = chosen or member
            if chosen is None and len(members) == 1:
                chosen = members[0]
            if chosen is None:
                models = [m for m in members if isinstance(_unwrap(m, None), type)]
                chosen = models[0] if len(models) == 1 else None
            if chosen is None:
                return None
            tp = chosen
            continue
        return tp
    return tp
