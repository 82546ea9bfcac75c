"""Output files: atomic, never clobbered without --force, never over an input, race-free."""

from __future__ import annotations

import errno
import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest

from parscore.cli import entry, output
from parscore.cli.main import main
from parscore.cli.output import TEMP_PREFIX, protect_inputs, reset_protected, write_output
from parscore.errors import UsageError

from .conftest import SAMPLE_COMMUNE, SAMPLE_PACK

Capture = pytest.CaptureFixture[str]


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


@pytest.fixture(autouse=True)
def _fresh_protection() -> None:
    reset_protected()


def test_new_file_is_written_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_output(str(target), b"mot")
    assert target.read_bytes() == b"mot"
    assert target.stat().st_mode & 0o044  # readable by others (mkstemp's 0600 undone)
    assert not _temps(tmp_path)


def test_existing_file_is_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    with pytest.raises(UsageError) as err:
        write_output(str(target), b"new")
    assert err.value.issues[0].code == "PS602" and "--force" in err.value.issues[0].hint
    assert target.read_bytes() == b"old"
    write_output(str(target), b"new", force=True)
    assert target.read_bytes() == b"new"
    assert not _temps(tmp_path)


@pytest.mark.parametrize("force", [False, True])
def test_an_input_file_is_never_an_output(tmp_path: Path, capsys: Capture, force: bool) -> None:
    pack = tmp_path / "pack.yaml"
    shutil.copy(SAMPLE_PACK, pack)
    before = pack.read_bytes()
    # an explicit format: the name alone (.yaml) is already refused as no output diff writes
    args = ["diff", str(pack), str(pack), "--format", "text", "-o", str(pack)]
    args += ["--force"] if force else []
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "PS602" in err and str(pack) in err and "Traceback" not in err
    assert pack.read_bytes() == before


def test_an_input_reached_through_a_link_is_protected(tmp_path: Path) -> None:
    evidence = tmp_path / "xa.yaml"
    shutil.copy(SAMPLE_COMMUNE, evidence)
    hard = tmp_path / "hard.yaml"
    os.link(evidence, hard)
    soft = tmp_path / "soft.yaml"
    soft.symlink_to(evidence)
    protect_inputs([str(evidence)])
    for alias in (hard, soft, tmp_path / "sub" / ".." / "xa.yaml"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(UsageError, match="đầu vào"):
            write_output(str(alias), b"x", force=True)
    assert evidence.read_bytes() == SAMPLE_COMMUNE.read_bytes()


def test_a_pack_found_by_its_id_is_protected(tmp_path: Path, capsys: Capture) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(SAMPLE_PACK, rules / "p.yaml")
    evidence = tmp_path / "xa.yaml"
    shutil.copy(SAMPLE_COMMUNE, evidence)
    before = (rules / "p.yaml").read_bytes()
    code = main(["plan", str(evidence), "--emit-scenario", str(rules / "p.yaml"), "--force"])
    assert code == 2 and "PS602" in capsys.readouterr().err
    assert (rules / "p.yaml").read_bytes() == before


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "elsewhere" / "secret.csv")
    for force in (False, True):
        with pytest.raises(UsageError, match="liên kết"):
            write_output(str(link), b"x", force=force)
    assert not (tmp_path / "elsewhere").exists()


def test_a_name_too_long_is_a_clean_error(tmp_path: Path, capsys: Capture) -> None:
    name = str(tmp_path / ("x" * 400 + ".csv"))
    code = main(["batch", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK), "-o", name])
    err = capsys.readouterr().err
    assert code == 2 and "PS602" in err and "quá dài" in err and "Traceback" not in err
    assert not _temps(tmp_path)


def test_a_missing_folder_and_a_folder_as_output_are_refused(tmp_path: Path) -> None:
    """Each refusal names what is wrong and what to do (the missing folder by its name)."""
    with pytest.raises(UsageError) as missing:
        write_output(str(tmp_path / "no" / "a.txt"), b"x")
    issue = missing.value.issues[0]
    assert f"thư mục '{tmp_path / 'no'}' chứa tệp ra chưa có" in issue.message
    assert "tạo thư mục này trước" in issue.hint
    with pytest.raises(UsageError) as folder:
        write_output(str(tmp_path), b"x", force=True)
    issue = folder.value.issues[0]
    assert "thư mục" in issue.message and "ghi tên tệp" in issue.hint


def test_the_race_between_two_writers_has_one_winner(tmp_path: Path) -> None:
    """Both pass the early check; the exclusive creation lets exactly one of them through."""
    target = tmp_path / "out.csv"
    barrier = threading.Barrier(2)
    real_check = output.check_output
    outcomes: dict[str, str] = {}

    def check_then_wait(path: str, *, force: bool = False) -> None:
        real_check(path, force=force)
        barrier.wait(timeout=10)

    def writer(name: str) -> None:
        try:
            write_output(str(target), name.encode())
            outcomes[name] = "ok"
        except UsageError as exc:
            outcomes[name] = exc.issues[0].code

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(output, "check_output", check_then_wait)
        threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=20)
    assert sorted(outcomes.values()) == ["PS602", "ok"]
    winner = next(n for n, o in outcomes.items() if o == "ok")
    assert target.read_bytes() == winner.encode()
    assert not _temps(tmp_path)


def test_without_hard_links_the_name_is_still_created_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: Path) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(output.os, "link", no_links)
    target = tmp_path / "out.txt"
    write_output(str(target), b"first")
    assert target.read_bytes() == b"first"
    monkeypatch.setattr(output, "check_output", lambda path, force=False: None)
    with pytest.raises(UsageError):
        write_output(str(target), b"second")
    assert target.read_bytes() == b"first"
    assert not _temps(tmp_path)


@pytest.mark.parametrize("where", ["replace", "write"])
def test_an_interrupt_keeps_the_previous_file_and_leaves_no_temp_file(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = tmp_path / "bao-cao.html"
    target.write_text("bản cũ", encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if where == "replace":
        monkeypatch.setattr(output.os, "replace", interrupted)
    else:
        monkeypatch.setattr(output.os, "chmod", interrupted)  # after the temp file exists
    code = main(
        ["report", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK), "-o", str(target), "--force"]
    )
    err = capsys.readouterr().err
    assert code == 130 and "Ctrl-C" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "bản cũ"
    assert not _temps(tmp_path)


def test_termination_ends_like_an_interrupt(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "xep-hang.csv"
    real_replace = os.replace

    def terminated(src: str, dst: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(output.os, "replace", terminated)
    before = signal.getsignal(signal.SIGTERM)
    args = ["batch", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK), "-o", str(target), "--force"]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 128 + signal.SIGTERM  # 143, as a shell reports a terminated program
    assert "tín hiệu kết thúc" in err and "Ctrl-C" not in err and "Traceback" not in err
    assert not _temps(tmp_path)
    assert signal.getsignal(signal.SIGTERM) == before  # handler restored after the run


def test_an_interrupt_while_the_program_loads_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    class Loading(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "parscore.cli.main", Loading("parscore.cli.main"))
    before = signal.getsignal(signal.SIGINT)
    try:
        assert entry() == 130
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # the exit is not interrupted
    finally:
        signal.signal(signal.SIGINT, before)
        gc.unfreeze()  # entry() leaves what the process made frozen for its end: not this one's
    err = capsys.readouterr().err
    assert "Ctrl-C" in err and "Traceback" not in err


def test_importing_parscore_loads_nothing_heavy() -> None:
    code = "import sys, parscore, parscore.cli; print('parscore.loader' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
