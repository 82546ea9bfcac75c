"""A corpus of broken packs and evidence files: each gives its code, at its line, in Vietnamese.

Each file in tests/invalid/ starts with ``# expect: CODE [line N]``. Files named ``evidence-*`` are
evidence checked against the sample pack; the others are rule packs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.errors import ParscoreError
from parscore.loader import load_evidence, load_pack

from .conftest import SAMPLE_PACK, TESTS

CORPUS = sorted((TESTS / "invalid").glob("*.yaml"))
_EXPECT = re.compile(r"# expect: (PS\d{3})(?: line (\d+))?")


def _expected(path: Path) -> tuple[str, int | None]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = _EXPECT.match(first)
    assert m, f"{path.name} must start with '# expect: CODE [line N]'"
    return m.group(1), int(m.group(2)) if m.group(2) else None


def test_corpus_is_large_enough() -> None:
    assert len([p for p in CORPUS if p.name.startswith("pack-")]) >= 25
    assert len([p for p in CORPUS if p.name.startswith("evidence-")]) >= 10


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_broken_input_is_located(path: Path, sample_pack: LoadedPack) -> None:
    code, line = _expected(path)
    with pytest.raises(ParscoreError) as err:
        if path.name.startswith("evidence-"):
            load_evidence(path, sample_pack)
        else:
            load_pack(path)
    issues = err.value.issues
    matching = [i for i in issues if i.code == code]
    assert matching, f"expected {code}, got {[i.format() for i in issues]}"
    issue = matching[0]
    assert issue.file == str(path)
    if line is not None:
        assert issue.line == line, issue.format()
    assert issue.message and not issue.message.isascii(), "message must be Vietnamese"


@pytest.mark.parametrize("path", CORPUS[:: max(1, len(CORPUS) // 8)], ids=lambda p: p.stem)
def test_cli_exits_2_without_traceback(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if path.name.startswith("evidence-"):
        code = main(["score", str(path), "--pack", str(SAMPLE_PACK)])
    else:
        code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in captured.err
    assert str(path) in captured.err
    assert "hãy sửa" in captured.err


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (TESTS / "invalid" / "pack-unknown-name.yaml").read_text(encoding="utf-8")
    text = text.replace("total: 2", "total: 7").replace("min: 5, points: 1", "min: 1, points: 1")
    bad = tmp_path / "many.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ParscoreError) as err:
        load_pack(bad)
    codes = {i.code for i in err.value.issues}
    assert {"PS302", "PS404", "PS405"} <= codes


def test_did_you_mean_for_metric_names(sample_pack: LoadedPack) -> None:
    with pytest.raises(ParscoreError) as err:
        load_evidence(TESTS / "invalid" / "evidence-unknown-metric.yaml", sample_pack)
    assert "dossiers_received" in err.value.issues[0].hint


def test_did_you_mean_for_unknown_keys() -> None:
    with pytest.raises(ParscoreError) as err:
        load_pack(TESTS / "invalid" / "pack-unknown-key.yaml")
    unknown = next(i for i in err.value.issues if i.code == "PS201")
    assert "'title'" in unknown.hint
