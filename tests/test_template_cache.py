"""parscore.report.template_cache: compiled templates kept between runs, never mixed up."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence
from parscore.report.build import build_context
from parscore.report.render import render_report
from parscore.report.template_cache import bytecode_cache, cache_root
from parscore.scoring import score


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    assert bytecode_cache() is not None and (tmp_path / "c").is_dir()
    for off in ("off", "0", ""):
        monkeypatch.setenv("PARSCORE_CACHE_DIR", off)
        assert cache_root() is None and bytecode_cache() is None
    monkeypatch.delenv("PARSCORE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "parscore"


def test_unwritable_cache_means_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(blocker / "sub"))
    assert bytecode_cache() is None


def test_cached_templates_render_the_same_and_follow_edits(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    sample_pack: LoadedPack,
    sample_evidence: LoadedEvidence,
) -> None:
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(tmp_path / "cache"))
    ctx = build_context(score(sample_pack, sample_evidence), sample_pack, sample_evidence)
    first = render_report(ctx, "md")
    assert list((tmp_path / "cache").rglob("*.cache"))  # compiled code was kept
    assert render_report(ctx, "md") == first  # and gives the same report
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text("Xã {{ commune }}\n", encoding="utf-8")
    assert render_report(ctx, "md", mine) == f"Xã {ctx.commune}\n".encode()
    (mine / "report.md.j2").write_text("Khác {{ commune }}\n", encoding="utf-8")
    assert render_report(ctx, "md", mine) == f"Khác {ctx.commune}\n".encode()
