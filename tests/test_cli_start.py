"""How the ``parscore`` command starts (parscore.cli.entry): the garbage collector is paused while
it starts and loads, and runs again before the command's work, whatever the command."""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from collections.abc import Iterator

import pytest

from parscore import cli
from parscore.cli import collector_paused, entry, started
from parscore.cli import main as cli_main

from .conftest import SAMPLE_COMMUNE, SAMPLE_PACK


@pytest.fixture(autouse=True)
def _collector_back() -> Iterator[None]:
    handler = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, handler)  # entry() ignores Ctrl-C once it is done
    gc.unfreeze()
    gc.enable()


def test_entry_pauses_the_collector_until_the_command_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[str, bool]] = []

    def fake_main() -> int:
        seen.append(("starting", gc.isenabled()))
        started()
        seen.append(("running", gc.isenabled()))
        started()  # a second call changes nothing
        seen.append(("again", gc.isenabled()))
        return 7

    monkeypatch.setattr(cli_main, "main", fake_main)
    assert entry() == 7
    assert seen == [("starting", False), ("running", True), ("again", True)]
    assert gc.isenabled()
    assert cli._STARTING == []


def test_the_real_command_runs_with_the_collector_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    states: list[bool] = []
    real_score = cli_main.importlib.import_module("parscore.cli.score_cmd")
    original = real_score.run

    def run(args: object) -> int:
        states.append(gc.isenabled())
        return int(original(args))

    monkeypatch.setattr(real_score, "run", run)
    monkeypatch.setattr(
        sys, "argv", ["parscore", "score", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK)]
    )
    assert entry() == 0
    assert states == [True]
    assert "Xã Mẫu" in capsys.readouterr().out


def test_what_the_command_made_is_frozen_once_it_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process ends after the command: its last collection at exit walks nothing it made
    (a report's records, Jinja's modules), whether the command ran or stopped early."""
    made: list[object] = []

    def fake_main() -> int:
        started()
        gc.unfreeze()  # only what the command makes from here on
        cycle: list[object] = []
        cycle.append(cycle)
        made.append(cycle)
        return 0

    monkeypatch.setattr(cli_main, "main", fake_main)
    assert entry() == 0
    assert gc.get_freeze_count() > 0
    assert not any(o is made[0] for g in range(3) for o in gc.get_objects(generation=g))
    assert gc.isenabled()


def test_a_commands_last_work_is_frozen_in_a_parscore_process_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``collector_paused(last=True)``: in a process that ends with the command, what the work
    made is frozen (the next collection does not walk it); in one that goes on, it is not."""
    for ending, frozen in ((False, False), (True, True)):
        monkeypatch.setattr(cli, "_ENDING", [True] if ending else [])
        gc.unfreeze()
        with collector_paused(last=True):
            cycle: list[object] = []
            cycle.append(cycle)
        assert gc.isenabled()
        young = any(o is cycle for g in range(3) for o in gc.get_objects(generation=g))
        assert young is not frozen
        assert (gc.get_freeze_count() > 0) is frozen


def test_the_report_command_keeps_its_last_work(monkeypatch: pytest.MonkeyPatch) -> None:
    from parscore.cli import report_cmd

    asked: list[bool] = []

    @contextlib.contextmanager
    def paused(*, last: bool = False) -> Iterator[None]:
        asked.append(last)
        yield

    monkeypatch.setattr(report_cmd, "collector_paused", paused)
    target = str(SAMPLE_COMMUNE.parent / "unused.html")
    monkeypatch.setattr(report_cmd, "write_output", lambda *a, **k: target)
    assert (
        cli_main.main(["report", str(SAMPLE_COMMUNE), "--pack", str(SAMPLE_PACK), "-o", target])
        == 0
    )
    assert asked == [True]


def test_started_does_nothing_when_the_collector_was_not_paused() -> None:
    assert gc.isenabled()
    before = gc.get_freeze_count()
    started()
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_loading_pauses_the_collector_and_puts_it_back() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # it was off: left off
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_the_collector_is_on_again_when_the_command_stops_before_running(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["parscore", "score", "--no-such-option"])
    with pytest.raises(SystemExit) as exc:
        entry()
    assert exc.value.code == 2
    assert gc.isenabled() and cli._STARTING == []
    assert "lỗi" in capsys.readouterr().err
