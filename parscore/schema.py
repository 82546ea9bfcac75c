"""A JSON Schema for rule packs, generated from the pydantic models, for editors.

``RulePack.model_json_schema(by_alias=True)`` gives the shape; this module adds what an editor
needs to help a pack author: Vietnamese titles and descriptions on every key, numbers that are
numbers (a quoted ``"1.5"`` is accepted, ``"cao"`` is not), defaults as YAML writes them, "exactly
one of ``min``/``max``" for tier steps and "``score`` or ``children``" for criteria. The score kinds
stay a ``oneOf`` of one-key objects, so an editor offers the eight kinds after ``score:``.

The committed copy lives in ``schema/rulepack.schema.json``; a test regenerates and compares.
"""

from __future__ import annotations

import json
from typing import Any

from .kinds import all_kinds
from .kinds.base import EXPR_WORDS
from .model.pack import RulePack

__all__ = ["rule_pack_schema", "schema_text"]

_DECIMAL_TEXT = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}

_MODELS: dict[str, tuple[str, str]] = {
    "RulePack": (
        "Gói quy tắc parscore",
        "Phương pháp chấm Chỉ số CCHC của một năm (rules/<năm>.yaml).",
    ),
    "PackMeta": (
        "Thông tin gói",
        "Mã, năm, tổng điểm, thang điểm, làm tròn, mục tiêu và xếp loại.",
    ),
    "Rounding": (
        "Làm tròn",
        "Làm tròn một lần, khi báo cáo: số chữ số thập phân và cách làm tròn.",
    ),
    "Goal": ("Mục tiêu", "Điểm mục tiêu mặc định; tệp minh chứng có thể đặt mục tiêu riêng."),
    "Band": ("Xếp loại", "Xếp loại đầu tiên có min ≤ điểm được chọn; liệt kê từ cao xuống thấp."),
    "InputSpec": ("Đầu vào", "Một số liệu xã khai báo trong minh chứng (metrics)."),
    "Criterion": (
        "Tiêu chí",
        "Một nút của cây tiêu chí: có tiêu chí con (children) hoặc cách chấm điểm (score).",
    ),
    "EvidenceRequirement": ("Tài liệu kiểm chứng", "Tài liệu phải có để giữ điểm khi thẩm định."),
    "Source": (
        "Nguồn",
        "Giá trị lấy từ đâu: quyết định của gói (official), văn bản khác (borrowed), suy ra (derived)"
        " hay giả định (assumed).",
    ),
    "SourceDocument": (
        "Tài liệu được trích dẫn",
        "Văn bản mà các nguồn trích dẫn: người dùng đọc tên văn bản (title), không đọc tên tệp.",
    ),
}

_EXPR = EXPR_WORDS

_FIELDS: dict[str, dict[str, str]] = {
    "RulePack": {
        "pack": "Thông tin chung của gói.",
        "inputs": "Mọi số liệu mà công thức dùng, khai báo một lần: tên → nhãn, kiểu, giới hạn.",
        "derived": "Giá trị tính từ đầu vào, tính theo thứ tự: tên → biểu thức. " + _EXPR,
        "criteria": "Cây tiêu chí: lĩnh vực → tiêu chí → tiêu chí thành phần.",
    },
    "PackMeta": {
        "id": "Mã duy nhất của gói, ví dụ thai-nguyen/xa/2025; tệp minh chứng ghi mã này ở khóa pack.",
        "title": "Tên gói.",
        "province": "Tỉnh.",
        "level": "Cấp: xa, huyen, so, tinh.",
        "year": "Năm đánh giá.",
        "revision": "Lần sửa: tăng mỗi khi đổi điểm, ngưỡng hoặc công thức.",
        "status": "official: lấy từ quyết định chính thức; provisional: còn giá trị chưa chính thức.",
        "legal_basis": "Các văn bản làm căn cứ.",
        "replaces": "Mã gói năm trước mà gói này thay thế (dùng cho so sánh).",
        "total": "Tổng điểm tối đa: bằng tổng điểm tối đa các lĩnh vực.",
        "scale": "Thang điểm báo cáo (mặc định 100): điểm = điểm đạt / điểm áp dụng × thang điểm.",
        "rounding": "Cách làm tròn các số báo cáo.",
        "goal": "Mục tiêu mặc định.",
        "bands": "Xếp loại, từ cao xuống thấp.",
        "note": "Ghi chú.",
        "documents": "Các văn bản được trích dẫn: khóa → tên văn bản; source.doc dùng khóa này.",
        "sources": (
            "Nguồn của các giá trị chung của gói (total, scale, rounding, goal, bands, effort,"
            " evidence, na_allowed); giá trị không chính thức được in ở mục «Giả định» của báo cáo."
        ),
    },
    "Rounding": {
        "places": "Số chữ số thập phân (0–6).",
        "mode": "half_up (làm tròn nửa lên), half_even, down, up, ceiling, floor.",
    },
    "Goal": {"total": "Điểm mục tiêu trên thang điểm."},
    "Band": {"min": "Điểm tối thiểu của xếp loại.", "label": "Tên xếp loại, ví dụ Tốt, Khá."},
    "InputSpec": {
        "label": "Tên số liệu như trong biểu mẫu tự đánh giá.",
        "type": "count (số nguyên ≥ 0), number, percent (0–100), bool (có/không), date (YYYY-MM-DD),"
        " choice (một lựa chọn trong options).",
        "min": "Giá trị nhỏ nhất hợp lệ.",
        "max": "Giá trị lớn nhất hợp lệ.",
        "step": "Bước giá trị (number, percent): chỉ nhận min + k × step, ví dụ 0,5.",
        "options": "Các lựa chọn (choice): khóa → nhãn; giá trị khai báo là khóa (hoặc nhãn).",
        "default": "Giá trị dùng khi minh chứng không khai báo (đúng kiểu của type).",
        "survey": "Lấy từ điều tra xã hội học, không tự khai.",
        "unit": "Đơn vị, ví dụ hồ sơ, %.",
        "note": "Ghi chú.",
        "task": (
            "Câu nhiệm vụ trong kế hoạch khi số liệu này tăng, với chỗ điền {delta} (mức tăng),"
            " {from}, {to}, {unit}, {label}; ví dụ: Tổ chức thêm {delta} lượt bồi dưỡng."
        ),
        "year_to_date": (
            "Số liệu lũy kế từ đầu năm đến ngày số liệu (as_of): được dự báo đến cuối năm"
            " (parscore project); tỷ lệ giữa hai số liệu lũy kế chỉ được kế hoạch nâng bằng"
            " trường hợp mới phát sinh (parscore plan)."
        ),
    },
    "Criterion": {
        "code": 'Mã tiêu chí như trong văn bản, đặt trong ngoặc kép: "3.2.2".',
        "id": "Định danh ổn định qua các năm (mặc định là code); so sánh gói khớp tiêu chí theo id.",
        "title": "Tên tiêu chí.",
        "max": "Điểm tối đa; ở tiêu chí có tiêu chí con phải bằng tổng điểm tối đa của các con.",
        "children": "Các tiêu chí con.",
        "score": "Cách chấm điểm: đúng một trong " + ", ".join(k.name for k in all_kinds()) + ".",
        "target": "Yêu cầu của năm, như văn bản ghi (ví dụ ≥ 99,9% hồ sơ đúng hạn).",
        "owner": "Cơ quan chủ trì.",
        "partners": "Cơ quan phối hợp.",
        "deadline": "Thời hạn: một ngày YYYY-MM-DD hoặc chữ, ví dụ Thường xuyên.",
        "evidence": "Tài liệu kiểm chứng cần có.",
        "effort": "Mức công sức để cải thiện, 1 (dễ) đến 5 (khó); dùng khi lập kế hoạch.",
        "source": "Nguồn của điểm và ngưỡng.",
        "applies_if": "Điều kiện áp dụng; sai thì tiêu chí không tính vào điểm áp dụng. " + _EXPR,
        "na_allowed": "Xã được khai báo không áp dụng (kèm lý do) trong minh chứng.",
        "survey": "Chấm qua điều tra xã hội học: điểm là ước tính đến khi có kết quả.",
        "tracked": "Chỉ theo dõi, không tính điểm (max phải là 0).",
        "note": "Ghi chú.",
    },
    "EvidenceRequirement": {
        "kind": "Loại tài liệu, ví dụ ke_hoach, bao_cao.",
        "title": "Tên tài liệu.",
    },
    "Source": {
        "ref": "Văn bản và mục (QĐ 2648/QĐ-UBND, mục 3.2.2); có doc thì chỉ ghi mục (Phụ lục, mục 1.2).",
        "status": (
            "official: từ quyết định của chính gói (có trong legal_basis); borrowed: giá trị chính thức"
            " của văn bản khác (cấp, năm, tỉnh khác); derived: suy ra; assumed: giả định."
        ),
        "doc": "Khóa của văn bản trong pack.documents; báo cáo trích dẫn bằng tên văn bản.",
        "note": "Giải thích cách suy ra hoặc giả định.",
    },
    "SourceDocument": {
        "title": "Tên văn bản, như người dùng đọc trong báo cáo.",
        "file": "Tệp lưu văn bản (chỉ cho người phát triển, không hiện cho người dùng).",
        "note": "Ghi chú.",
    },
}


# Each scoring kind describes its own models.
_KIND_DOCS = {name: words for kind in all_kinds() for name, words in kind.docs.items()}

# Format v2, pack level: the index's name, ranking ties, constraints, bonus and penalty.
_MODELS |= {
    "IndexInfo": ("Chỉ số", "Tên chỉ số mà gói chấm; mọi kết quả, báo cáo, biểu mẫu dùng tên này."),
    "Ranking": ("Xếp hạng", "Cách xếp hạng các xã bằng điểm nhau khi chấm hàng loạt."),
    "Constraint": (
        "Ràng buộc",
        "Điều kiện nhất quán của số liệu; minh chứng vi phạm bị từ chối với thông báo của gói.",
    ),
    "Adjustments": (
        "Điểm thưởng, điểm trừ",
        "Tính trên thang điểm báo cáo: điểm = điểm quy đổi + thưởng − trừ, trong 0..thang điểm.",
    ),
    "AdjustmentGroup": ("Nhóm thưởng/trừ", "Các mục và mức tối đa của tổng điểm nhóm."),
    "AdjustmentItem": ("Mục thưởng/trừ", "Một mục: mã (minh chứng ghi mã này), tên và số điểm."),
}
_FIELDS["RulePack"] |= {
    "constraints": "Ràng buộc giữa các số liệu, kiểm tra ở mọi đường nhập (YAML, Excel, kịch bản).",
    "adjustments": "Điểm thưởng (bonus) và điểm trừ (penalty), mỗi nhóm có mức tối đa.",
}
_FIELDS["PackMeta"] |= {
    "index": "Chỉ số mà gói chấm (mặc định Chỉ số CCHC).",
    "ranking": "Cách xếp hạng khi đồng điểm (mặc định competition).",
}
_FIELDS |= {
    "IndexInfo": {"name": "Tên chỉ số, ví dụ Chỉ số CCHC."},
    "Ranking": {
        "ties": "competition: đồng hạng rồi bỏ hạng kế (1, 2, 2, 4); dense: không bỏ (1, 2, 2, 3).",
    },
    "Constraint": {
        "check": "Điều kiện phải đúng khi có đủ số liệu. " + _EXPR,
        "message": "Thông báo lỗi (tiếng Việt) khi số liệu vi phạm.",
        "inputs": "Các đầu vào liên quan; lỗi được chỉ ở đầu vào đầu tiên có trong minh chứng.",
    },
    "Adjustments": {"bonus": "Điểm thưởng.", "penalty": "Điểm trừ."},
    "AdjustmentGroup": {
        "max": "Tổng điểm tối đa của nhóm (trên thang điểm báo cáo).",
        "items": "Các mục.",
    },
    "AdjustmentItem": {
        "code": "Mã mục, duy nhất trong gói; minh chứng ghi adjustments: {mã: lý do}.",
        "title": "Tên mục.",
        "points": "Số điểm (trên thang điểm báo cáo), lớn hơn 0.",
        "evidence": "Tài liệu kiểm chứng cần có, ghi như ở tiêu chí (tài liệu ghi mã mục ở"
        " supports). Điểm thưởng thiếu tài liệu không được tính khi thẩm định"
        " (--strict-evidence); điểm trừ luôn được tính.",
        "source": "Nguồn của mục.",
    },
}


def rule_pack_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rule pack file."""
    schema = RulePack.model_json_schema(by_alias=True)
    defs: dict[str, Any] = schema.pop("$defs")
    defs["RulePack"] = schema
    for name, model in defs.items():
        _describe(name, model)
        for prop in model.get("properties", {}).values():
            _numbers(prop)
    for kind in all_kinds():
        kind.schema(defs)
    defs["Criterion"]["oneOf"] = [{"required": ["score"]}, {"required": ["children"]}]
    defs["InputSpec"]["properties"]["default"].update(
        {
            "anyOf": [
                {"type": "boolean"},
                {"type": "number"},
                {"type": "string", "format": "date"},
                {"type": "string"},
                {"type": "null"},
            ]
        }
    )
    root = defs.pop("RulePack")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as committed: two-space indents, keys in generation order, final newline."""
    return json.dumps(rule_pack_schema(), ensure_ascii=False, indent=2) + "\n"


def _describe(name: str, model: dict[str, Any]) -> None:
    if name in _KIND_DOCS:
        title, description, fields = _KIND_DOCS[name]
    else:
        title, description = _MODELS[name]
        fields = _FIELDS[name]
    model["title"], model["description"] = title, description
    props: dict[str, Any] = model.get("properties", {})
    missing = set(props) - set(fields)
    if missing:
        raise KeyError(f"no description for {name}.{sorted(missing)}")
    for key, prop in props.items():
        prop.pop("title", None)
        prop["description"] = fields[key]


def _numbers(node: Any) -> None:
    """Decimals: pydantic says number-or-any-string; keep numbers, and only numeric strings."""
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if isinstance(branches, list):
            kinds = [b.get("type") for b in branches if isinstance(b, dict)]
            if "number" in kinds and {"type": "string"} in branches:
                node["anyOf"] = [_DECIMAL_TEXT if b == {"type": "string"} else b for b in branches]
                default = node.get("default")
                if isinstance(default, str):
                    node["default"] = json.loads(default)
        for value in node.values():
            _numbers(value)
    elif isinstance(node, list):
        for value in node:
            _numbers(value)
