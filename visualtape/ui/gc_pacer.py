"""Python's cyclic garbage collector, run from the event loop and paced for live training.

Automatic collection is switched off: a collection that starts inside a Qt call (for example
`QObject::disconnect`) can finalise a widget that needs a lock the caller holds, a deadlock we
hit. A short timer collects instead, where no Qt call is on the stack:

- the young generations as often as CPython would (once GEN0_THRESHOLD objects were allocated),
  so that each pass is small: a few milliseconds, not the 10-50 ms of a pass once a second;
- the oldest generation never while a script runs. Its pass walks every object the session
  holds (~150 ms after a few hundred training steps), which froze the live plots. When the run
  ends, one full pass clears the run's cyclic garbage and the survivors (the session) are
  frozen (`gc.freeze`): later passes skip them, so stepping through the result never waits for
  them. The next run unfreezes them, so that a replaced session's cycles can go.

Deferring the full pass costs memory only for reference cycles: the session's data has none
(tape graphs are `TapeGraph`s for that reason; an 800-step run left no cyclic garbage), and
everything else is freed at once by reference counting.
"""

from __future__ import annotations

import gc
from typing import Any

from PySide6.QtCore import QObject, QTimer

TICK_MS = 50
GEN0_THRESHOLD = 700  # CPython's default: allocations minus deallocations between gen-0 passes
GEN1_EVERY = 4  # a gen-1 pass after this many gen-0 passes (CPython: 10, a bigger pass)
GEN2_EVERY = 10  # a full pass after this many gen-1 passes, when no script runs


class GcPacer(QObject):
    """Collects on a timer; knows from `runner` (run_started / run_finished) when a run is live."""

    def __init__(self, runner: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = False
        self.full_passes = 0  # full collections so far (tests)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        runner.run_started.connect(self._on_run_started)
        runner.run_finished.connect(self._on_run_finished)

    def tick(self) -> None:
        young, middle, old = gc.get_count()
        if young <= GEN0_THRESHOLD:
            return
        if middle < GEN1_EVERY:
            gc.collect(0)
        elif old < GEN2_EVERY or self.live:
            gc.collect(1)
        else:
            gc.collect()  # idle: cheap, the finished run's objects are frozen

    def _on_run_started(self, _path: str) -> None:
        self.live = True
        gc.unfreeze()  # the previous session's objects: their cycles may go at the run's end

    def _on_run_finished(self) -> None:
        self.live = False
        QTimer.singleShot(0, self._collect_all)  # after the views drew the run's end

    def _collect_all(self) -> None:
        gc.collect()
        gc.freeze()
        self.full_passes += 1

    def stop(self) -> None:
        """Back to CPython's automatic collection (tests, shutdown)."""
        self._timer.stop()
        gc.unfreeze()
        gc.enable()
