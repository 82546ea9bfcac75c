"""The pack cache (parscore.pack_cache, in the folder of parscore.user_cache): a pack restored
from its entry is the pack its file gives, and an entry is used only when it can be trusted."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from parscore import pack_cache, user_cache
from parscore.cli.main import main
from parscore.compiled import CompiledRule, LoadedPack
from parscore.errors import PackError
from parscore.expr import Expression
from parscore.lint import lint_pack
from parscore.loader import load_evidence, load_pack
from parscore.pack_cache import LazyDocument
from parscore.scoring import score

from .conftest import ROOT, SAMPLE_COMMUNE, SAMPLE_PACK, TESTS

Capture = pytest.CaptureFixture[str]
PACKS = [
    SAMPLE_PACK,
    *sorted((ROOT / "rules").glob("*.yaml")),
    *sorted((TESTS / "lint_cases").glob("*.yaml")),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test; the packs' entries go to its ``packs/``."""
    root = tmp_path / "cache"
    monkeypatch.setenv("PARSCORE_CACHE_DIR", str(root))
    return root / "packs"


def uncached(path: Path, monkeypatch: pytest.MonkeyPatch) -> LoadedPack:
    with monkeypatch.context() as m:
        m.setenv("PARSCORE_CACHE_DIR", "off")
        return load_pack(path)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal to the last exponent: same types, same texts, same keys marked as set."""
    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        assert a.__dict__.keys() == b.__dict__.keys(), where
        for key in a.__dict__:
            same(a.__dict__[key], b.__dict__[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}[{key}]")
    else:
        assert repr(a) == repr(b), where


def expression(expr: Expression | None) -> tuple[str, frozenset[str], str] | None:
    """An expression's text, names and syntax tree (its numbers as exact decimals)."""
    return None if expr is None else (expr.source, expr.names, ast.dump(expr.tree))


def rule_expressions(rule: CompiledRule) -> list[Any]:
    return [
        rule.kind,
        expression(rule.expr),
        sorted(rule.specs),
        [rule_expressions(a) for a in rule.alternatives],
    ]


def same_pack(cached: LoadedPack, fresh: LoadedPack) -> None:
    same(cached.model, fresh.model)
    assert (cached.file, cached.sha256) == (fresh.file, fresh.sha256)
    assert cached.paths == fresh.paths and cached.keys == fresh.keys
    assert cached.steps == fresh.steps and cached.derived_inputs == fresh.derived_inputs
    assert [(n, *expression(e)) for n, e in cached.derived] == [
        (n, *expression(e)) for n, e in fresh.derived
    ]
    assert list(cached.leaves) == list(fresh.leaves)
    for code, leaf in cached.leaves.items():
        other = fresh.leaves[code]
        assert (leaf.path, leaf.names, leaf.raw_inputs) == (
            other.path,
            other.names,
            other.raw_inputs,
        )
        assert expression(leaf.applies_if) == expression(other.applies_if)
        assert rule_expressions(leaf.rule) == rule_expressions(other.rule)
        same(leaf.rule.model, other.rule.model)
    assert len(cached.constraints) == len(fresh.constraints)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_a_restored_pack_is_the_pack_its_file_gives(
    path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        fresh = uncached(path, monkeypatch)
    except PackError:
        pytest.skip("a pack with problems is never cached")
    first = load_pack(path)
    assert not isinstance(first.document, LazyDocument)  # a miss: loaded from the file
    assert len(entries(cache)) == 1
    cached = load_pack(path)
    assert isinstance(cached.document, LazyDocument)  # a hit
    same_pack(cached, fresh)
    # what lint reads: the data and every key's position, parsed when first asked for
    assert cached.document.data == fresh.document.data
    assert cached.document.positions == fresh.document.positions
    assert cached.document.problems == fresh.document.problems == []


@pytest.mark.parametrize("path", sorted((TESTS / "lint_cases").glob("*.yaml"))[:12])
def test_lint_says_the_same_of_a_restored_pack(
    path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        fresh = uncached(path, monkeypatch)
    except PackError:
        pytest.skip("a pack with problems is never cached")
    load_pack(path)
    cached = load_pack(path)
    assert isinstance(cached.document, LazyDocument)
    assert lint_pack(cached) == lint_pack(fresh)


def test_commands_print_the_same_with_and_without_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    evidence = str(ROOT / "evidence" / "dan-tien-2025.yaml")
    pack = str(ROOT / "rules" / "2025.yaml")
    runs = []
    for setting in ("off", str(cache.parent), str(cache.parent)):  # off, a miss, a hit
        monkeypatch.setenv("PARSCORE_CACHE_DIR", setting)
        codes = [
            main(["score", evidence, "--pack", pack]),
            main(["score", evidence, "--pack", pack, "--format", "json"]),
            main(["lint", pack]),
            main(["explain", evidence, "1.1", "--pack", pack]),
        ]
        captured = capsys.readouterr()
        runs.append((codes, captured.out, captured.err))
    assert runs[0] == runs[1] == runs[2]
    # the pack, and the 2024 one it replaces: explain reads it to tell a code that named another
    # criterion last year
    assert len(entries(cache)) == 2


def test_scores_are_the_same_from_a_restored_pack(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = uncached(SAMPLE_PACK, monkeypatch)
    load_pack(SAMPLE_PACK)
    cached = load_pack(SAMPLE_PACK)
    assert isinstance(cached.document, LazyDocument)
    a, _ = load_evidence(SAMPLE_COMMUNE, fresh)
    b, _ = load_evidence(SAMPLE_COMMUNE, cached)
    assert score(cached, b).to_dict() == score(fresh, a).to_dict()


def test_a_pack_with_problems_is_not_written_and_fails_the_same(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SAMPLE_PACK.read_text(encoding="utf-8").replace("  total: 20\n", "  total: 19\n", 1)
    )
    with pytest.raises(PackError) as first:
        load_pack(bad)
    with pytest.raises(PackError) as second:
        load_pack(bad)
    with monkeypatch.context() as m:
        m.setenv("PARSCORE_CACHE_DIR", "off")
        with pytest.raises(PackError) as off:
            load_pack(bad)
    assert first.value.issues == second.value.issues == off.value.issues
    assert first.value.issues and entries(cache) == []


def test_a_changed_pack_file_is_a_miss(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    load_pack(path)
    path.write_text(text.replace("title:", "title: ", 1), encoding="utf-8")  # other bytes
    changed = load_pack(path)
    assert not isinstance(changed.document, LazyDocument)
    assert len(entries(cache)) == 2
    assert isinstance(load_pack(path).document, LazyDocument)


def test_an_entry_of_other_code_is_a_miss(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The name of an entry covers the versions and the loader's modules: when they change,
    the entry is not found (stale) and a new one is written."""
    load_pack(SAMPLE_PACK)
    monkeypatch.setattr(pack_cache, "_FINGERPRINT", ["another parscore"])
    assert not isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
    assert len(entries(cache)) == 2
    assert isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
    fingerprint = pack_cache._FINGERPRINT
    monkeypatch.setattr(pack_cache, "_FINGERPRINT", [])
    assert pack_cache._fingerprint() != fingerprint[0]
    assert "parscore.model.pack" in pack_cache._fingerprint()
    assert "parscore.kinds.tiers" in pack_cache._fingerprint()


def _garble(entry: Path, how: str) -> None:
    text = entry.read_text(encoding="utf-8")
    data = json.loads(text)
    if how == "cut short":
        entry.write_text(text[: len(text) // 2], encoding="utf-8")
    elif how == "not json":
        entry.write_bytes(b"\x00\xff garbage")
    elif how == "other format":
        data["format"] = 0
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "unknown class":
        data["pack"][1] = "os.system"
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "unknown field":
        data["pack"][3]["extra"] = 1
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "unknown tag":
        data["pack"][3]["criteria"] = ["x", 1]
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "a float":
        data["pack"][3]["pack"][3]["total"] = 100.0
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "not a pack":
        data["pack"] = data["pack"][3]["pack"]
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif how == "empty":
        entry.write_bytes(b"")
    else:
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "cut short",
        "not json",
        "other format",
        "unknown class",
        "unknown field",
        "unknown tag",
        "a float",
        "not a pack",
        "empty",
    ],
)
def test_a_corrupt_entry_is_ignored_and_written_again(
    how: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = uncached(SAMPLE_PACK, monkeypatch)
    load_pack(SAMPLE_PACK)
    (entry,) = entries(cache)
    _garble(entry, how)
    again = load_pack(SAMPLE_PACK)
    assert not isinstance(again.document, LazyDocument)
    same_pack(again, fresh)
    json.loads(entry.read_text(encoding="utf-8"))  # written again, whole
    restored = load_pack(SAMPLE_PACK)
    assert isinstance(restored.document, LazyDocument)
    same_pack(restored, fresh)


def test_an_entry_others_can_write_is_not_read(cache: Path) -> None:
    load_pack(SAMPLE_PACK)
    (entry,) = entries(cache)
    assert entry.stat().st_mode & 0o777 == 0o600
    entry.chmod(0o666)
    assert not isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
    assert entry.stat().st_mode & 0o777 == 0o600  # replaced by a private one


def test_a_linked_entry_is_not_read(cache: Path, tmp_path: Path) -> None:
    load_pack(SAMPLE_PACK)
    (entry,) = entries(cache)
    elsewhere = tmp_path / "elsewhere.json"
    shutil.move(entry, elsewhere)
    entry.symlink_to(elsewhere)
    assert not isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)


def test_a_folder_others_can_write_is_not_used(cache: Path) -> None:
    load_pack(SAMPLE_PACK)
    cache.chmod(0o777)
    try:
        assert not isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
        assert user_cache.private_folder("packs") is None
        (entry,) = entries(cache)
        entry.unlink()
        load_pack(SAMPLE_PACK)
        assert entries(cache) == []  # nor written to
    finally:
        cache.chmod(0o700)


def test_files_and_folders_of_another_user_are_not_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_pack(SAMPLE_PACK)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(cache).st_uid + 1)
    assert user_cache.private_folder("packs") is None
    assert not isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
    (entry,) = entries(cache)
    assert user_cache.read_private(entry, 10**8) is None


@pytest.mark.parametrize("setting", ["off", "0", "none", " OFF ", ""])
def test_the_cache_can_be_turned_off(
    setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARSCORE_CACHE_DIR", setting)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    load_pack(SAMPLE_PACK)
    assert not isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
    assert list(tmp_path.iterdir()) == []


def test_the_folder_is_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARSCORE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache.cache_root() == tmp_path / "xdg" / "parscore"
    load_pack(SAMPLE_PACK)
    assert len(entries(tmp_path / "xdg" / "parscore" / "packs")) == 1
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_cache.cache_root() == tmp_path / "home" / ".cache" / "parscore"


def test_old_entries_are_removed(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pack_cache, "MAX_ENTRIES", 3)
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    made: list[Path] = []
    for i in range(5):
        path = tmp_path / f"pack-{i}.yaml"
        path.write_text(text + f"\n# {i}\n", encoding="utf-8")
        load_pack(path)
        (new,) = set(entries(cache)) - set(made)
        os.utime(new, ns=(10**18 + i, 10**18 + i))  # written in this order
        made.append(new)
    assert entries(cache) == sorted(made[-3:])


def test_the_entry_holds_plain_data_only(cache: Path) -> None:
    """Decimals as text (to the last exponent), dates as ISO text, models by class name."""
    load_pack(SAMPLE_PACK)
    (entry,) = entries(cache)
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["format"] == pack_cache.FORMAT
    assert data["pack"][:2] == ["m", "parscore.model.pack.RulePack"]
    assert data["pack"][3]["pack"][3]["total"] == ["d", "20"]


def test_a_command_builds_no_validator_from_a_cached_pack(cache: Path) -> None:
    """The point of the cache: ``score`` of plain evidence with a cached pack builds no pydantic
    schema at all (nor loads pydantic's plugins, nor simpleeval)."""
    code = (
        "import sys\n"
        "from parscore.cli import entry\n"
        f"sys.argv = ['parscore', 'score', {str(SAMPLE_COMMUNE)!r}, '--pack', {str(SAMPLE_PACK)!r}]\n"
        "assert entry() == 0\n"
        "from parscore.model.evidence import Evidence\n"
        "from parscore.model.pack import RulePack\n"
        "print(RulePack.__pydantic_complete__, Evidence.__pydantic_complete__,"
        " 'importlib.metadata' in sys.modules, 'simpleeval' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "PARSCORE_CACHE_DIR": str(cache.parent)}
    runs = [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert runs[0].returncode == runs[1].returncode == 0, runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr.split()[:2] == ["True", "False"]  # a miss validates the pack
    assert runs[1].stderr.split() == ["False", "False", "False", "False"]
    assert runs[0].stderr.split()[3] == "False"  # the reference evaluator: never for scoring


def test_modules_without_a_file_of_their_own_still_give_a_fingerprint(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pack_cache, "_FINGERPRINT", [])
    monkeypatch.setattr(sys.modules["parscore.yamlio"], "__file__", "/nowhere/site.zip/yamlio.py")
    assert "parscore.yamlio ?" in pack_cache._fingerprint()
    load_pack(SAMPLE_PACK)
    assert isinstance(load_pack(SAMPLE_PACK).document, LazyDocument)
