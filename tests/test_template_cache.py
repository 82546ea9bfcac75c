"""parscore.report.template_cache: compiled templates kept between runs, never mixed up."""

from __future__ import annotations

import io
import marshal
import os
import pickle
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import Bucket, bc_magic

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence
from parscore.report.build import build_context
from parscore.report.context import ReportContext
from parscore.report.render import render_report
from parscore.report.template_cache import bytecode_cache, cache_root, compiled_code
from parscore.scoring import score


@pytest.fixture
def ctx(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    sample_pack: LoadedPack,
    sample_evidence: LoadedEvidence,
) -> ReportContext:
    """The sample commune's report context, with a cache folder of this test (``cache/``)."""
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(tmp_path / "cache"))
    return build_context(score(sample_pack, sample_evidence), sample_pack, sample_evidence)


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
    tmp_path: Path, ctx: ReportContext
) -> None:
    first = render_report(ctx, "md")
    assert list((tmp_path / "cache").rglob("*.cache"))  # compiled code was kept
    assert render_report(ctx, "md") == first  # and gives the same report
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text("Xã {{ commune }}\n", encoding="utf-8")
    assert render_report(ctx, "md", mine) == f"Xã {ctx.commune}\n".encode()
    (mine / "report.md.j2").write_text("Khác {{ commune }}\n", encoding="utf-8")
    assert render_report(ctx, "md", mine) == f"Khác {ctx.commune}\n".encode()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners and modes")
def test_a_folder_others_can_write_to_is_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    folder = shared / f"templates-jinja{jinja2.__version__}"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(shared))
    assert bytecode_cache() is None
    folder.chmod(0o700)
    assert bytecode_cache() is not None


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners and modes")
def test_only_private_intact_files_are_loaded(tmp_path: Path, ctx: ReportContext) -> None:
    first = render_report(ctx, "md")
    files = list((tmp_path / "cache").rglob("*.cache"))
    assert files
    cache = bytecode_cache()
    assert cache is not None

    def loads(file: Path) -> bool:
        data = file.read_bytes()
        checksum = pickle.loads(data[len(bc_magic) :])  # the file's own source's checksum
        bucket = Bucket(jinja2.Environment(), file.stem, checksum)
        cache._get_cache_filename = lambda b: str(file)  # type: ignore[method-assign]
        cache.load_bytecode(bucket)
        return bucket.code is not None

    assert loads(files[0])
    files[0].chmod(0o666)  # writable by anyone: someone else may have put code there
    assert not loads(files[0])
    files[0].chmod(0o600)
    link = files[0].with_name("link.cache")
    link.symlink_to(files[0])
    assert not loads(link)
    for damaged in (b"", b"garbage", files[0].read_bytes()[:20]):
        for f in files:
            f.write_bytes(damaged)
        assert render_report(ctx, "md") == first  # compiled again from the source


def test_the_code_read_back_is_what_jinja_reads(tmp_path: Path, ctx: ReportContext) -> None:
    render_report(ctx, "md")
    render_report(ctx, "html")
    files = sorted((tmp_path / "cache").rglob("*.cache"))
    assert len(files) >= 8
    for file in files:
        data = file.read_bytes()
        checksum = pickle.loads(data[len(bc_magic) :])
        bucket = Bucket(jinja2.Environment(), file.stem, checksum)
        bucket.load_bytecode(io.BytesIO(data))  # Jinja's own reader
        assert bucket.code is not None
        assert compiled_code(data, checksum) == bucket.code
        # another source's checksum, another header, cut short or garbled, not code: not read
        assert compiled_code(data, checksum + "0") is None
        assert compiled_code(b"j3" + data[2:], checksum) is None
        head = len(data) - len(marshal.dumps(bucket.code))
        for damaged in (data[:head], data[: head + 40], data[:head] + b"\xff" * 40):
            assert compiled_code(damaged, checksum) is None
        assert compiled_code(data[:head] + marshal.dumps("print(1)"), checksum) is None


def test_a_cached_template_is_not_compiled_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ctx: ReportContext
) -> None:
    first = render_report(ctx, "html")
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile_(
        self: jinja2.Environment, source: str, name: str | None = None, *a: object, **k: object
    ) -> object:
        compiled.append(name or "")
        return original(self, source, name, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    assert render_report(ctx, "html") == first
    assert compiled == []
    for file in (tmp_path / "cache").rglob("*.cache"):
        file.write_bytes(file.read_bytes()[:-1])  # cut short: compiled again, written again
    assert render_report(ctx, "html") == first
    assert "report.html.j2" in compiled
    compiled.clear()
    assert render_report(ctx, "html") == first
    assert compiled == []


def test_code_compiled_in_and_out_of_the_sandbox_is_kept_apart(
    tmp_path: Path, ctx: ReportContext
) -> None:
    """parscore's own templates render in a plain environment, a user's (``--templates``) in the
    sandbox, and Jinja compiles a template differently for each. A user's folder falls back on
    the built-in partials: their code compiled for the sandbox must not be read back by the plain
    environment (it asks for the sandbox's ``call``), nor the other way round."""
    from jinja2.sandbox import SandboxedEnvironment

    from parscore.report.filters import Formatter
    from parscore.report.render import builtin_templates_dir, make_environment

    mine = tmp_path / "mine"
    mine.mkdir()
    fmt = Formatter(ctx.places, ctx.mode)
    assert not isinstance(make_environment("html", fmt), SandboxedEnvironment)
    assert isinstance(make_environment("html", fmt, mine), SandboxedEnvironment)
    source = (builtin_templates_dir() / "report.html.j2").read_text(encoding="utf-8")
    (mine / "report.html.j2").write_text(source, encoding="utf-8")  # the rest: built-in partials

    theirs = render_report(ctx, "html", mine)  # the partials compiled for the sandbox
    assert render_report(ctx, "html") == theirs  # and compiled again for the plain environment
    assert render_report(ctx, "html", mine) == theirs  # each read back from its own folder

    own, users = bytecode_cache(sandboxed=False), bytecode_cache()
    assert own is not None and users is not None
    plain = {p.name for p in Path(own.directory).glob("*.cache")}  # type: ignore[attr-defined]
    sandboxed = {p.name for p in Path(users.directory).glob("*.cache")}  # type: ignore[attr-defined]
    assert len(plain & sandboxed) == len(plain) - 1  # the same partials, in two folders
