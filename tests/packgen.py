"""Random small rule packs and evidence for property tests of diff and drift.

A universe of leaf keys; each pack takes a subset, with its own maxima, scale, rounding and
rule kind per leaf. Some leaves apply only when a flag is set (so applicable maxima differ and
scores are rescaled).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from parscore.compiled import LoadedPack
from parscore.loader import pack_from_text
from parscore.yamlio import YamlDocument

KEYS = ("a", "b", "c", "d", "e", "f")

quarter = st.integers(min_value=1, max_value=16).map(lambda n: Decimal(n) / 4)


@st.composite
def leaf_specs(draw: Any, key: str) -> dict[str, Any]:
    return {
        "key": key,
        "max": draw(quarter),
        "kind": draw(st.sampled_from(["check", "linear", "tiers", "count"])),
        "conditional": draw(st.booleans()),
        "to": draw(st.sampled_from([Decimal(50), Decimal(80), Decimal(100)])),
        "title": draw(st.sampled_from(["Tiêu chí", "Chỉ tiêu"])) + " " + key,
    }


@st.composite
def pack_specs(draw: Any, year: int) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=len(KEYS), unique=True))
    return {
        "year": year,
        "scale": draw(st.sampled_from([Decimal(10), Decimal(100), Decimal(1000)])),
        "places": draw(st.integers(min_value=0, max_value=3)),
        "mode": draw(st.sampled_from(["half_up", "half_even", "down", "up"])),
        "leaves": [draw(leaf_specs(k)) for k in keys],
    }


def pack_text(spec: dict[str, Any]) -> str:
    leaves = spec["leaves"]
    total = sum((leaf["max"] for leaf in leaves), Decimal(0))
    lines = [
        "pack:",
        f"  id: gen/xa/{spec['year']}",
        "  title: Gói sinh ngẫu nhiên",
        "  province: Mẫu",
        "  level: xa",
        f"  year: {spec['year']}",
        "  status: provisional",
        f"  total: {total}",
        f"  scale: {spec['scale']}",
        f"  rounding: {{ places: {spec['places']}, mode: {spec['mode']} }}",
        "inputs:",
    ]
    for key in KEYS:
        lines.append(f"  v_{key}: {{ label: Giá trị {key}, type: percent }}")
        lines.append(f"  on_{key}: {{ label: Có {key}, type: bool }}")
    lines += [
        "criteria:",
        '  - code: "1"',
        "    title: Lĩnh vực",
        f"    max: {total}",
        "    children:",
    ]
    for i, leaf in enumerate(leaves, start=1):
        key = leaf["key"]
        lines += [
            f'      - code: "1.{i}"',
            f"        id: {key}",
            f"        title: {leaf['title']}",
            f"        max: {leaf['max']}",
        ]
        if leaf["conditional"]:
            lines.append(f"        applies_if: on_{key}")
        kind = leaf["kind"]
        if kind == "check":
            lines.append(f"        score: {{ check: v_{key} >= 50 }}")
        elif kind == "linear":
            lines.append(
                f"        score: {{ linear: {{ of: v_{key}, from: 0, to: {leaf['to']} }} }}"
            )
        elif kind == "tiers":
            half = leaf["max"] / 2
            lines.append(
                f"        score: {{ tiers: {{ of: v_{key}, steps: [ {{ min: {leaf['to']}, "
                f"points: {leaf['max']} }}, {{ min: 30, points: {half} }} ] }} }}"
            )
        else:
            lines.append(f"        score: {{ count: {{ of: v_{key}, each: 0.03 }} }}")
    return "\n".join(lines) + "\n"


def make_pack(spec: dict[str, Any]) -> LoadedPack:
    return pack_from_text(pack_text(spec), f"gen-{spec['year']}.yaml")


values = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def evidence_docs(draw: Any, pack_id: str, year: int) -> YamlDocument:
    metrics: dict[str, Any] = {}
    for key in KEYS:
        if draw(st.booleans()) or key == "a":
            metrics[f"v_{key}"] = draw(values)
        metrics[f"on_{key}"] = draw(st.booleans())
    data = {"commune": "Xã Sinh", "year": year, "pack": pack_id, "metrics": metrics}
    return YamlDocument(file="gen-evidence.yaml", data=data)
