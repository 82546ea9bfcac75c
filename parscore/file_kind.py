"""A file of the other kind: an evidence file given where a rule pack is expected, or a pack
given where an evidence file is (two positional arguments swapped, ``--pack`` given the
commune's file). Said in one sentence instead of every key the other kind does not allow."""

from __future__ import annotations

from typing import Any

from .errors import Issue
from .yamlio import YamlDocument

__all__ = ["evidence_not_pack", "pack_not_evidence"]

_EVIDENCE_KEYS = ("commune", "metrics", "documents", "claims")


def pack_not_evidence(doc: YamlDocument) -> Issue | None:
    """PS111 when ``doc``, read as evidence, is a rule pack."""
    data: Any = doc.data
    if isinstance(data, dict) and isinstance(data.get("pack"), dict) and "criteria" in data:
        return doc.issue(
            "PS111",
            (),
            "tệp này là một gói quy tắc, không phải tệp minh chứng của xã",
            "chọn tệp minh chứng của xã (có các khóa commune, metrics…);"
            " gói quy tắc là tệp rules/<năm>.yaml",
        )
    return None


def evidence_not_pack(doc: YamlDocument) -> Issue | None:
    """PS111 when ``doc``, read as a rule pack, is a commune's evidence file."""
    data: Any = doc.data
    if (
        isinstance(data, dict)
        and "criteria" not in data
        and not isinstance(data.get("pack"), dict)
        and any(key in data for key in _EVIDENCE_KEYS)
    ):
        return doc.issue(
            "PS111",
            (),
            "tệp này là tệp minh chứng của một xã, không phải gói quy tắc",
            "chọn gói quy tắc (tệp rules/<năm>.yaml, có các khóa pack, inputs, criteria);"
            " kiểm tra thứ tự các tệp trên dòng lệnh",
        )
    return None
