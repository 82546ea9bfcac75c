"""Synthetic communes: deterministic from the seed, labelled, valid, within bounds, spread out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.evidence_yaml import dump_evidence
from parscore.loader import evidence_from_data, load_pack
from parscore.synthetic import commune_name, synthetic_communes, synthetic_evidence
from parscore.totals import score_totals
from parscore.yamlio import parse_yaml

from .conftest import ROOT, SAMPLE_PACK

Capture = pytest.CaptureFixture[str]


def _packs() -> list[LoadedPack]:
    packs = [load_pack(SAMPLE_PACK)]
    if (ROOT / "rules" / "2025.yaml").is_file():
        packs.append(load_pack(ROOT / "rules" / "2025.yaml"))
    return packs


def test_deterministic_from_the_seed_and_independent_of_n(sample_pack: LoadedPack) -> None:
    first = [dump_evidence(e) for _, e in synthetic_communes(sample_pack, 20, 7)]
    again = [dump_evidence(e) for _, e in synthetic_communes(sample_pack, 5, 7)]
    other = [dump_evidence(e) for _, e in synthetic_communes(sample_pack, 5, 8)]
    assert first[:5] == again
    assert other != again
    assert dump_evidence(synthetic_evidence(sample_pack, 3, 7)) == first[2]


@pytest.mark.parametrize("pack", _packs(), ids=lambda p: p.id)
def test_valid_labelled_and_within_bounds(pack: LoadedPack) -> None:
    bands = set()
    for i, (name, model) in enumerate(synthetic_communes(pack, 120, 3), 1):
        assert name == f"xa-tong-hop-{i:04d}.yaml" and model.commune == commune_name(i)
        assert model.commune.startswith("Xã tổng hợp ") and model.synthetic
        assert model.pack == pack.id and model.year == pack.model.pack.year
        evidence = evidence_from_data(parse_yaml(dump_evidence(model), name), pack)
        for key, value in evidence.metrics.items():
            spec = pack.model.inputs[key]
            if spec.type == "bool":
                assert isinstance(value, bool)
            elif spec.type == "date":
                assert isinstance(value, dt.date) and value.year == pack.model.pack.year
            else:
                assert isinstance(value, Decimal)
                if spec.type == "count":
                    assert value == value.to_integral_value() and value >= 0
                if spec.type == "percent":
                    assert 0 <= value <= 100
                assert spec.min is None or value >= spec.min
                assert spec.max is None or value <= spec.max
        bands.add(score_totals(pack, evidence).total.band)
    assert len(bands) >= 3  # a spread, not one kind of commune


def test_parts_never_exceed_their_whole(sample_pack: LoadedPack) -> None:
    for _, model in synthetic_communes(sample_pack, 200, 5):
        m = model.metrics
        if "dossiers_on_time" in m and "dossiers_received" in m:
            assert m["dossiers_on_time"] <= m["dossiers_received"]


def test_synth_command_writes_and_refuses_to_overwrite(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "xa"
    args = ["synth", "--pack", str(SAMPLE_PACK), "-n", "4", "--seed", "9", "-o", str(out)]
    assert main(args) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"xa-tong-hop-{i:04d}.yaml" for i in range(1, 5)]
    text = (out / files[0]).read_text(encoding="utf-8")
    assert text.startswith("# SYNTHETIC") and 'commune: "Xã tổng hợp 0001"' in text
    (out / files[0]).write_text("commune: sửa tay\n", encoding="utf-8")
    assert main(args) == 2
    assert "không ghi đè" in capsys.readouterr().err
    assert (out / files[0]).read_text(encoding="utf-8") == "commune: sửa tay\n"
    assert main([*args, "--force"]) == 0
    assert (out / files[0]).read_text(encoding="utf-8") == text
    assert main(["synth", "--pack", str(SAMPLE_PACK), "-n", "0", "-o", str(out)]) == 2


def test_synth_into_a_file_says_a_folder_is_needed(tmp_path: Path, capsys: Capture) -> None:
    mine = tmp_path / "ghi-chu.txt"
    mine.write_text("của tôi\n", encoding="utf-8")
    assert main(["synth", "--pack", str(SAMPLE_PACK), "-n", "2", "-o", str(mine)]) == 2
    err = capsys.readouterr().err
    assert "PS602 đường dẫn ra là một tệp, không phải thư mục" in err
    assert "(gợi ý: chỉ định một thư mục" in err
    assert mine.read_text(encoding="utf-8") == "của tôi\n"
