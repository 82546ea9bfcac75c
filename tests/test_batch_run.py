"""parscore.batch_run: files read, checked and scored a chunk at a time, in one process or in
workers, give each commune exactly what ``parscore score`` gives it, and each bad file exactly
the located problems ``parscore score`` reports; outputs are the same byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore import batch_run
from parscore.batch import CommuneScore, FileError
from parscore.batch_run import score_files
from parscore.cli.main import main
from parscore.errors import ParscoreError
from parscore.evidence_yaml import dump_evidence
from parscore.loader import load_evidence, load_pack
from parscore.scoring import score
from parscore.synthetic import synthetic_communes

from .conftest import ROOT, SAMPLE_PACK

PACK_2025 = ROOT / "rules" / "2025.yaml"


def _province(folder: Path, pack_path: Path, n: int, seed: int) -> list[Path]:
    """``n`` communes; some made bad (each a different way) or not plain (CRLF, comments)."""
    folder.mkdir(parents=True)
    pack = load_pack(pack_path)
    paths = []
    for i, (name, evidence) in enumerate(synthetic_communes(pack, n, seed)):
        text = dump_evidence(evidence)
        if i % 7 == 3:
            text = text.replace("metrics:\n", "metrics:\n  khong_co: 1\n")  # unknown input: PS503
        elif i % 7 == 5:
            text = text.replace("metrics:\n", "metrics:\n  a: [\n")  # not YAML: PS102
        elif i % 7 == 6:
            text = text.replace("\n", "\r\n").replace("metrics:", "metrics:  # số liệu")
        elif i % 11 == 1:
            text = text.replace('pack: "', 'pack: "khac-')  # another pack named: PS506
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


@pytest.mark.parametrize("pack_path", [SAMPLE_PACK, PACK_2025])
def test_each_commune_is_scored_as_score_scores_it(
    pack_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_run, "CHUNK", 4)  # several chunks, errors inside them
    paths = _province(tmp_path / "now", pack_path, 30, 4)
    pack = load_pack(pack_path)
    outcomes = score_files([str(p) for p in paths], pack, str(pack_path))
    assert [o.file for o in outcomes] == [str(p) for p in paths]
    kinds = set()
    for path, outcome in zip(paths, outcomes, strict=True):
        try:
            evidence, _ = load_evidence(path, pack)
        except ParscoreError as exc:
            assert isinstance(outcome, FileError), path
            assert outcome.issues == tuple(exc.issues)  # located exactly as `score` locates
            assert all(i.line is not None for i in outcome.issues)
            kinds.update(i.code for i in outcome.issues)
            continue
        assert isinstance(outcome, CommuneScore), path
        full = score(pack, evidence)
        assert outcome.totals.total == full.total  # exact Decimals
        assert [(f.code, f.points) for f in outcome.totals.fields] == [
            (n.code, n.points) for n in full.criteria
        ]
    assert {"PS503", "PS102", "PS506"} <= kinds
    monkeypatch.setattr(batch_run, "PARALLEL_MIN_FILES", 1)
    parallel = score_files([str(p) for p in paths], pack, str(pack_path), jobs=2)
    assert parallel == outcomes  # in the same order, equal to the last Decimal and location


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["batch", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("fmt", ["csv", "json", "txt"])
def test_workers_write_the_same_bytes_as_one_process(
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _province(tmp_path / "now", SAMPLE_PACK, 24, 8)
    monkeypatch.setattr(batch_run, "PARALLEL_MIN_FILES", 1)
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.{fmt}"
        args = [str(tmp_path / "now"), "--pack", str(SAMPLE_PACK), "-j", jobs]
        if fmt != "txt":
            args += ["-o", str(out)]
        code, stdout, stderr = _run(capsys, *args)
        written = out.read_bytes() if fmt != "txt" else stdout.encode()
        runs.append((code, written, stderr.replace(str(out), "OUT")))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and ".yaml:" in runs[0][2]  # the bad files, located


def test_a_file_given_twice_or_through_a_link_is_scored_once(tmp_path: Path) -> None:
    from parscore.batch_run import collect_files

    folder = tmp_path / "now"
    folder.mkdir()
    for name in ("b.yaml", "a.yml", ".an.yaml", "c.YAML", "d.txt"):
        (folder / name).write_text("commune: x\n", encoding="utf-8")
    (folder / "e.yaml").symlink_to(folder / "b.yaml")
    (folder / "f.yaml").symlink_to(tmp_path / "missing.yaml")  # a broken link: not a file
    (tmp_path / "link").symlink_to(folder)
    files = collect_files([str(folder), str(folder / "b.yaml"), str(tmp_path / "link")])
    assert files == [str(folder / "a.yml"), str(folder / "b.yaml")]


def test_a_metric_converted_once_keeps_each_files_own_digits() -> None:
    from decimal import Decimal

    from parscore.loader import check_metrics
    from parscore.yamlio import YamlDocument

    pack = load_pack(SAMPLE_PACK)
    doc = YamlDocument("x.yaml", {})
    one, two, bad = Decimal("50.0"), Decimal("50.00"), Decimal("500")
    for _ in range(2):  # the second time from what the first remembered
        for value in (one, two):
            out, issues = check_metrics({"online_rate": value}, pack, doc)
            assert not issues and str(out["online_rate"]) == str(value)
        out, issues = check_metrics({"online_rate": bad}, pack, doc)
        assert [i.code for i in issues] == ["PS505"] and "online_rate" not in out
