"""Mutated evidence files: `score`, `explain`, `plan` and the loading and scoring API."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parscore.loader import load_evidence
from parscore.scoring import score
from parscore.totals import score_totals

from .files import EVIDENCE, loaded, written
from .harness import FUZZ, check_api, check_cli
from .yaml_mutations import mutated_yaml


@FUZZ
@given(data=st.data())
def test_mutated_evidence(data: st.DataObject) -> None:
    source, pack_path = data.draw(st.sampled_from(EVIDENCE), label="evidence")
    text = data.draw(mutated_yaml(source.read_text(encoding="utf-8")), label="text")
    pack = loaded(pack_path)
    with written(source.name, text) as path:
        loaded_evidence = check_api(lambda: load_evidence(path, pack))
        if loaded_evidence is not None:
            evidence, _ = loaded_evidence
            result = score(pack, evidence)
            assert score_totals(pack, evidence).total.score == result.total.score
        commands = {
            "score": ["score", str(path)],
            "json": ["score", str(path), "--format", "json"],
            "explain": ["explain", str(path), next(iter(pack.leaves))],
            "plan": ["plan", str(path), "--top", "3"],
            "report": ["report", str(path), "-o", str(path.with_suffix(".md"))],
            "template": ["template", "--evidence", str(path), "-o", str(path.with_suffix(".xlsx"))],
        }
        command = data.draw(st.sampled_from(sorted(commands)), label="command")
        code, _, _ = check_cli([*commands[command], "--pack", str(pack_path)])
        assert (code == 2) == (loaded_evidence is None)


@FUZZ
@given(data=st.data())
def test_mutated_evidence_in_a_batch(data: st.DataObject) -> None:
    """A broken file among good ones is reported; the others are still scored."""
    source, pack_path = EVIDENCE[2]
    text = data.draw(mutated_yaml(source.read_text(encoding="utf-8")), label="text")
    with written("hong.yaml", text) as bad:
        good = source.resolve()
        code, out, err = check_cli(["batch", str(good), str(bad), "--pack", str(pack_path)])
        assert code in (0, 1)
        assert "Xã Mẫu" in out  # the good commune is ranked whatever the other file holds
        # a file is named as failed only when the exit code says one failed (a copy of the good
        # commune that still scores is named in a warning that it is ranked twice)
        failed = "\n".join(line for line in err.splitlines() if not line.startswith("Cảnh báo"))
        assert (code == 1) == (str(bad) in failed)
