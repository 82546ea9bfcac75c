"""The compiled code of the direct path kept between runs (parscore.code_cache): what a later
process reads back is what compiling gives, scores are the same with and without it, and a file
is read only when it can be trusted."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parscore import code_cache, leaf_direct, pack_direct
from parscore.compiled import LoadedPack
from parscore.expr import Expression
from parscore.loader import load_evidence, load_pack
from parscore.scoring import score

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK

PACK = ROOT / "rules" / "2025.yaml"
EVIDENCE = ROOT / "evidence" / "dan-tien-2025.yaml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of this test, as a fresh process sees it; its ``code/`` folder."""
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(code_cache, "_GROUPS", {})
    yield tmp_path / "cache" / "code"


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process would see: files saved, none of this one's codes kept in memory
    (a pack loaded again is a new pack: its direct functions are made again)."""
    code_cache.save()
    monkeypatch.setattr(code_cache, "_GROUPS", {})


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file names of the sources compiled from now on."""
    seen: list[str] = []

    def counted(source: str, filename: str, mode: str) -> Any:
        seen.append(filename)
        return compile(source, filename, mode)

    monkeypatch.setattr(code_cache, "compile", counted, raising=False)
    return seen


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.marshal")) if folder.is_dir() else []


def direct_functions(pack: LoadedPack) -> None:
    """Make every leaf's and the pack's direct function."""
    for leaf in pack.leaves.values():
        leaf_direct.leaf_direct(pack, leaf)
    pack_direct.pack_direct(pack)


def test_a_later_process_compiles_nothing_and_scores_the_same(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = load_pack(PACK)
    evidence, _ = load_evidence(EVIDENCE, pack)
    first = compiles(monkeypatch)
    result = score(pack, evidence)
    expected = (result.to_dict(), [leaf.explanation for leaf in result.leaves()])
    direct_functions(pack)
    assert len(first) > 40  # every leaf with a direct form, and the pack's totals
    assert files(folder) == []  # written when the process ends
    new_process(monkeypatch)
    written = files(folder)  # the pack's direct code and the expressions explanations evaluate
    assert len(written) == 1
    assert all(file.stat().st_mode & 0o777 == 0o600 for file in written)
    later = compiles(monkeypatch)
    pack = load_pack(PACK)
    evidence, _ = load_evidence(EVIDENCE, pack)
    result = score(pack, evidence)
    direct_functions(pack)
    assert later == []
    assert (result.to_dict(), [leaf.explanation for leaf in result.leaves()]) == expected
    new_process(monkeypatch)
    assert files(folder) == written  # nothing new: not written again


def test_translated_expressions_are_read_back(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def expressions() -> list[Expression]:
        pack = load_pack(PACK)
        return [leaf.rule.expr for leaf in pack.leaves.values() if leaf.rule.expr is not None]

    seen = compiles(monkeypatch)
    first = [expr.fn for expr in expressions()]
    assert 20 < len(seen) <= len(first)  # (the same text twice is compiled once)
    assert all(name.startswith("<biểu thức ") for name in seen)
    new_process(monkeypatch)
    later = compiles(monkeypatch)
    again = [expr.fn for expr in expressions()]
    assert later == []
    assert [fn.__code__ for fn in again] == [fn.__code__ for fn in first]


def test_codes_read_back_are_the_compiled_codes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = load_pack(SAMPLE_PACK)
    direct_functions(pack)
    made = {
        code.co_filename: code
        for group in code_cache._GROUPS.values()
        for code in group.codes.values()
    }
    new_process(monkeypatch)
    (written,) = files(folder)
    read = marshal.loads(written.read_bytes())
    assert sorted(code.co_filename for code in read.values()) == sorted(made)
    for code in read.values():
        assert code == made[code.co_filename]
        assert code.co_code == made[code.co_filename].co_code


def test_a_changed_source_is_compiled_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = code_cache.compile_source("def f():\n    return 1\n", "<f>", "g")
    new_process(monkeypatch)
    seen = compiles(monkeypatch)
    same = code_cache.compile_source("def f():\n    return 1\n", "<f>", "g")
    assert seen == [] and same == code
    other = code_cache.compile_source("def f():\n    return 2\n", "<f>", "g")
    assert seen == ["<f>"] and other != code
    namespace: dict[str, Any] = {}
    exec(other, namespace)
    assert namespace["f"]() == 2
    code_cache.compile_source("def f():\n    return 1\n", "<other name>", "g")
    assert seen == ["<f>", "<other name>"]


def _one_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    code_cache.compile_source("x = 1\n", "<x>", "g")
    new_process(monkeypatch)
    (written,) = files(folder)
    return written


def _read_back(monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether a new process takes the code from the file."""
    new_process(monkeypatch)
    seen = compiles(monkeypatch)
    code_cache.compile_source("x = 1\n", "<x>", "g")
    return seen == []


def test_a_file_others_can_write_is_not_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = _one_file(folder, monkeypatch)
    assert _read_back(monkeypatch)
    written.chmod(0o666)
    assert not _read_back(monkeypatch)
    new_process(monkeypatch)
    assert written.stat().st_mode & 0o777 == 0o600  # written again, private
    assert _read_back(monkeypatch)


def test_a_linked_file_is_not_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _one_file(folder, monkeypatch)
    elsewhere = tmp_path / "elsewhere.marshal"
    shutil.move(written, elsewhere)
    written.symlink_to(elsewhere)
    assert not _read_back(monkeypatch)


def test_a_folder_others_can_write_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _one_file(folder, monkeypatch)
    folder.chmod(0o777)
    try:
        assert not _read_back(monkeypatch)
        written.unlink()
        new_process(monkeypatch)
        assert files(folder) == []  # nor written to
    finally:
        folder.chmod(0o700)


def test_a_file_of_another_user_is_not_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _one_file(folder, monkeypatch)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(folder).st_uid + 1)
    assert not _read_back(monkeypatch)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"garbage",
        marshal.dumps({b"k" * 32: "x = 1"}),  # not code
        marshal.dumps({"k": compile("x = 1", "<x>", "exec")}),  # not a digest
        marshal.dumps([compile("x = 1", "<x>", "exec")]),
    ],
)
def test_a_damaged_or_foreign_file_is_ignored_and_written_again(
    content: bytes, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _one_file(folder, monkeypatch)
    written.write_bytes(content)
    assert not _read_back(monkeypatch)
    new_process(monkeypatch)
    assert _read_back(monkeypatch)


def test_too_many_codes_start_the_file_afresh(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(code_cache, "MAX_CODES", 2)
    for i in range(3):
        code_cache.compile_source(f"x = {i}\n", "<x>", "g")
    new_process(monkeypatch)
    seen = compiles(monkeypatch)
    code_cache.compile_source("x = 0\n", "<x>", "g")
    assert seen == ["<x>"]
    new_process(monkeypatch)
    (written,) = files(folder)
    assert len(marshal.loads(written.read_bytes())) == 1


def test_old_files_are_removed(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(code_cache, "MAX_FILES", 3)
    made: list[Path] = []
    for i in range(5):
        code_cache.compile_source("x = 1\n", "<x>", f"group {i}")
        new_process(monkeypatch)
        (new,) = set(files(folder)) - set(made)
        os.utime(new, ns=(10**18 + i, 10**18 + i))  # written in this order
        made.append(new)
    assert files(folder) == sorted(made[-3:])


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARSCORE_CACHE_DIR", "off")
    monkeypatch.setattr(code_cache, "_GROUPS", {})
    seen = compiles(monkeypatch)
    code_cache.compile_source("x = 1\n", "<x>", "g")
    new_process(monkeypatch)
    code_cache.compile_source("x = 1\n", "<x>", "g")
    assert seen == ["<x>", "<x>"]
    assert list(tmp_path.iterdir()) == []


def test_a_command_writes_its_codes_when_it_ends(tmp_path: Path) -> None:
    """The console command's process saves the codes at exit; the next one compiles none."""
    probe = (
        "import sys\n"
        "from parscore import code_cache\n"
        "from parscore.cli import entry\n"
        f"sys.argv = ['parscore', 'score', {str(SAMPLE_COMMUNE)!r}, '--pack', {str(SAMPLE_PACK)!r}]\n"
        "seen = []\n"
        "def counted(source, filename, mode):\n"
        "    seen.append(filename)\n"
        "    return compile(source, filename, mode)\n"
        "code_cache.compile = counted\n"
        "assert entry() == 0\n"
        "print(len(seen), file=sys.stderr)\n"
    )
    env = {**os.environ, "PARSCORE_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert runs[0].returncode == runs[1].returncode == 0, runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
    assert int(runs[0].stderr.split()[-1]) > 0
    assert runs[1].stderr.split()[-1] == "0"
    assert len(files(tmp_path / "cache" / "code")) == 1
