"""Effort overrides for the planner: a YAML file ``{code: effort}``.

Keys are criterion codes or ids; a field or criterion code sets the effort of every leaf under it,
unless a leaf below it is given too. Values are whole numbers from 1 (easy) to
:data:`MAX_EFFORT`. Every problem is reported at once, located, in Vietnamese.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..compiled import LoadedPack
from ..errors import Issue, UsageError, did_you_mean
from ..model.pack import Criterion
from ..yamlio import Invalid, YamlDocument, load_yaml

__all__ = ["MAX_EFFORT", "efforts_from_document", "load_efforts"]

MAX_EFFORT = 100


def load_efforts(path: str | Path, pack: LoadedPack) -> dict[str, int]:
    """Read and check an efforts file against ``pack``: leaf code -> effort."""
    doc = load_yaml(path, str(path), UsageError)
    return efforts_from_document(doc, pack)


def efforts_from_document(doc: YamlDocument, pack: LoadedPack) -> dict[str, int]:
    issues: list[Issue] = list(doc.problems)  # values YAML could not read, said where they are
    given: dict[str, int] = {}
    nodes = {c.code: c for c in pack.walk()}
    for key, value in doc.data.items():
        name = str(key)
        path = (key,)
        code = pack.code_of(name)
        if code is None:
            issues.append(
                doc.issue(
                    "PS501",
                    path,
                    f"gói quy tắc {pack.id} không có tiêu chí '{name}'",
                    did_you_mean(name, nodes) or 'dùng mã tiêu chí của gói, ví dụ "3.2.2": 2',
                )
            )
            continue
        if isinstance(value, Invalid):
            continue
        effort = _effort(value)
        if effort is None:
            issues.append(
                doc.issue(
                    "PS701",
                    path,
                    f"mức công sức của '{name}' phải là số nguyên từ 1 đến {MAX_EFFORT}, "
                    f"nhận được {value!r}",
                    "1 là dễ nhất; mức mặc định của gói là 1–5",
                )
            )
            continue
        given[code] = effort
    if issues:
        raise UsageError(issues)
    out: dict[str, int] = {}

    def spread(node: Criterion, inherited: int | None) -> None:
        own = given.get(node.code, inherited)
        if node.children is None:
            if own is not None:
                out[node.code] = own
            return
        for child in node.children:
            spread(child, own)

    for top in pack.model.criteria:
        spread(top, None)
    return out


def _effort(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    number = Decimal(value)
    if number != number.to_integral_value() or not 1 <= number <= MAX_EFFORT:
        return None
    return int(number)
