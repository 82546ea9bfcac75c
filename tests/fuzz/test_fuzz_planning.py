"""Mutated scenarios (`whatif`) and efforts files (`plan --efforts`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parscore.loader import load_evidence
from parscore.planning.efforts import load_efforts
from parscore.planning.scenario import check_scenario, read_scenario, scenario_model

from .files import EVIDENCE, loaded, written
from .harness import FUZZ, check_api, check_cli
from .yaml_mutations import mutated_yaml

COMMUNE, PACK = EVIDENCE[2]

SCENARIO = """\
title: "Kế hoạch nâng điểm"
goal: { total: 60 }
strict_evidence: false
metrics:
  dossiers_on_time: 1250
  online_rate: 95
  cchc_plan_issued: 2025-07-01
  plan_done: true
  sipas: null
documents:
  - { id: bc-02, kind: bao_cao, title: "Báo cáo", issued: 2025-12-01, supports: [ "3.3" ] }
not_applicable:
  "4.2": "Xã không có đơn vị sự nghiệp công lập"
"""

EFFORTS = """\
"1.1": 1
"3": 4
"3.3": 2
"""


@FUZZ
@given(data=st.data())
def test_mutated_scenario(data: st.DataObject) -> None:
    text = data.draw(mutated_yaml(SCENARIO), label="text")
    pack = loaded(PACK)
    evidence, _ = load_evidence(COMMUNE, pack)
    with written("kich-ban.yaml", text) as path:

        def check() -> object:
            doc = read_scenario(path)
            return check_scenario(doc, scenario_model(doc), pack, evidence)

        check_api(check)
        check_cli(["whatif", str(COMMUNE), str(path), "--pack", str(PACK)])


@FUZZ
@given(data=st.data())
def test_mutated_efforts(data: st.DataObject) -> None:
    text = data.draw(mutated_yaml(EFFORTS), label="text")
    with written("cong-suc.yaml", text) as path:
        check_api(lambda: load_efforts(path, loaded(PACK)))
        check_cli(["plan", str(COMMUNE), "--pack", str(PACK), "--efforts", str(path)])
