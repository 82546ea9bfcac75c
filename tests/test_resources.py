"""parscore.resources: shipped templates, rule packs and sample communes are found from any folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parscore.loader import load_evidence, pack_search_dirs
from parscore.resources import shipped_dir, shipped_rules_dir

from .conftest import ROOT


def test_checkout_folders_are_found() -> None:
    assert shipped_rules_dir() == ROOT / "rules"
    assert shipped_dir("templates", "report.html.j2") == ROOT / "templates"
    assert shipped_dir("evidence", "*.yaml") == ROOT / "evidence"
    assert shipped_dir("no-such-folder", "*") is None


def test_evidence_outside_the_checkout_finds_the_shipped_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evidence = tmp_path / "xa.yaml"
    shutil.copy(ROOT / "evidence" / "dan-tien-2025.yaml", evidence)
    monkeypatch.chdir(tmp_path)
    assert pack_search_dirs(evidence)[-1] == ROOT / "rules"
    loaded, pack = load_evidence(evidence)
    assert pack.id == "thai-nguyen/xa/2025" and loaded.model.commune == "Dân Tiến"


def test_installed_copies_are_found_when_the_checkout_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sysconfig

    shipped = tmp_path / "share" / "parscore" / "only-installed"
    shipped.mkdir(parents=True)
    (shipped / "mark.txt").write_text("x", encoding="utf-8")
    asked: list[str] = []

    def get_path(name: str) -> str:
        asked.append(name)
        return str(tmp_path)

    monkeypatch.setattr(sysconfig, "get_path", get_path)
    assert shipped_dir("only-installed", "*.txt") == shipped
    assert asked == ["data"]
    asked.clear()
    assert shipped_dir("templates", "report.html.j2") == ROOT / "templates"
    assert asked == []  # the checkout's folder: the installed prefixes are not worked out
