"""Mutated rule packs and pack test cases: `validate`, `lint`, `test` and `load_pack`."""

from __future__ import annotations

from functools import partial

from hypothesis import given
from hypothesis import strategies as st

from parscore.loader import load_evidence, load_pack
from parscore.packtests import run_case
from parscore.scoring import score
from parscore.totals import score_totals

from .files import EVIDENCE, PACK_CASES, PACKS, loaded, written
from .harness import FUZZ, check_api, check_cli
from .yaml_mutations import mutated_yaml


@FUZZ
@given(data=st.data())
def test_mutated_pack(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(PACKS), label="pack")
    text = data.draw(mutated_yaml(source.read_text(encoding="utf-8")), label="text")
    with written(source.name, text) as path:
        pack = check_api(lambda: load_pack(path))
        code, _, _ = check_cli(["validate", str(path)])
        assert (code == 0) == (pack is not None)
        if pack is not None:
            check_cli(["lint", str(path)])
            for evidence_path, its_pack in EVIDENCE:  # score its commune under the changed pack
                if its_pack == source:
                    loaded_evidence = check_api(partial(load_evidence, evidence_path, pack))
                    if loaded_evidence is not None:
                        result = score(pack, loaded_evidence[0])
                        totals = score_totals(pack, loaded_evidence[0])
                        assert totals.total.score == result.total.score


@FUZZ
@given(data=st.data())
def test_mutated_pack_case(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(PACK_CASES), label="case")
    pack_path = PACKS[[p.stem for p in PACKS].index(source.parent.name)]
    text = data.draw(mutated_yaml(source.read_text(encoding="utf-8")), label="text")
    with written(source.name, text) as path:
        check_api(lambda: run_case(path, loaded(pack_path)))
        check_cli(["test", str(pack_path), str(path)])
