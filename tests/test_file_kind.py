"""parscore.file_kind: a file of the other kind is recognised, an ordinary broken file is not."""

from __future__ import annotations

from parscore.file_kind import evidence_not_pack, pack_not_evidence
from parscore.yamlio import parse_yaml

PACK = "pack: { id: t/xa/2025 }\ncriteria: []\n"
EVIDENCE = "commune: X\npack: t/xa/2025\nmetrics: { a: 1 }\n"


def test_a_pack_read_as_evidence_is_named() -> None:
    issue = pack_not_evidence(parse_yaml(PACK, "p.yaml"))
    assert issue is not None and issue.code == "PS111" and issue.line == 1
    assert pack_not_evidence(parse_yaml(EVIDENCE, "e.yaml")) is None


def test_an_evidence_file_read_as_a_pack_is_named() -> None:
    issue = evidence_not_pack(parse_yaml(EVIDENCE, "e.yaml"))
    assert issue is not None and issue.code == "PS111" and "không phải gói quy tắc" in issue.message
    assert evidence_not_pack(parse_yaml(PACK, "p.yaml")) is None
    # a pack with a typo is still a pack: its own problems are reported, not PS111
    assert evidence_not_pack(parse_yaml("pack: { id: t }\ncriterias: []\n", "p.yaml")) is None
