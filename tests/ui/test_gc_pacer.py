"""GcPacer: the cyclic GC from the event loop, never a full pass while a script runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Signal

from visualtape.ui.gc_pacer import GEN0_THRESHOLD, GEN1_EVERY, GcPacer


class FakeRunner(QObject):
    run_started = Signal(str)
    run_finished = Signal()


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def pacer(qtbot) -> Iterator[GcPacer]:  # type: ignore[no-untyped-def]
    runner = FakeRunner()
    paced = GcPacer(runner, parent=runner)
    paced.runner = runner  # type: ignore[attr-defined]
    yield paced
    paced.stop()
    gc.disable()  # as the UI tests' own fixture wants it until their teardown


def _allocate(count: int) -> list[object]:
    return [[] for _ in range(count)]


def test_automatic_collection_is_off_and_the_timer_collects_young_objects(
    pacer: GcPacer,
) -> None:
    assert not gc.isenabled()
    kept = _allocate(GEN0_THRESHOLD + 100)
    assert gc.get_count()[0] > GEN0_THRESHOLD
    pacer.tick()
    assert gc.get_count()[0] < GEN0_THRESHOLD
    assert kept  # survivors are untouched


def test_no_full_pass_while_a_script_runs_then_one_and_a_freeze(pacer: GcPacer, qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = pacer.runner  # type: ignore[attr-defined]
    runner.run_started.emit("train.py")
    assert pacer.live and gc.get_freeze_count() == 0
    for _ in range(60):  # far more gen-1 passes than would call for a full pass
        for _ in range(GEN1_EVERY + 1):
            _allocate(GEN0_THRESHOLD + 50)
            Cycle()
            pacer.tick()
    assert pacer.full_passes == 0
    runner.run_finished.emit()
    qtbot.waitUntil(lambda: pacer.full_passes == 1)
    assert not pacer.live and gc.get_freeze_count() > 0  # the session is skipped from now on
    runner.run_started.emit("again.py")
    assert gc.get_freeze_count() == 0  # the old session's cycles may go at this run's end


def test_an_idle_full_pass_freezes_nothing(pacer: GcPacer) -> None:
    """Only the pass at a run's end freezes (the session); browsing afterwards must not pin
    what is alive at some idle moment until the next run."""
    gc.unfreeze()
    for _ in range(60):
        for _ in range(GEN1_EVERY + 1):
            _allocate(GEN0_THRESHOLD + 50)
            pacer.tick()
    assert gc.get_count()[2] < 10  # a full pass ran ...
    assert gc.get_freeze_count() == 0  # ... and froze nothing
