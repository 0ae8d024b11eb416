"""Runs a script in a child process (or loads a session file) and fills a `Session`.

A single-shot QTimer polls `ScriptRun.poll()` (never blocking; it decodes on this thread within
the runner's time budget) about 40 times a second and folds the events into `session`. While the
child streams faster than we decode, polls space out so that reading keeps to DECODE_SHARE of
the event loop. The window listens to `session_changed` and `run_finished`. While a script runs,
`session_changed` is paced by what its listeners cost: they get at most STRUCTURE_SHARE of the
loop (rebuilding the canvas and the tapes panel for every training step would freeze the UI),
so the live plots, which redraw on their own timer (`TrainingViews`), stay fluid. Stop, rerun or
open another script at any time.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from visualtape.runner.process import STOP_GRACE_SECONDS, ScriptRun
from visualtape.session.model import Session
from visualtape.session.sessionfile import read_session

POLL_MS = 25
DECODE_SHARE = 0.6  # while the pipe stays full: reading's share of the event loop
READ_BUDGET_SECONDS = 0.012  # decoding per poll: short slices keep plots and input responsive
STRUCTURE_SHARE = 0.25  # while a script runs: session_changed listeners' share of the loop
# ... and never more often than this: the canvas follows the newest tape ~3x/s (each is a new
# scene to build) while the plots redraw on their own timer
MIN_STRUCTURE_INTERVAL_S = 0.3


def poll_delay(busy: float) -> float:
    """Seconds from the end of a poll that took `busy` seconds to the next poll: POLL_MS from
    start to start, but reading never takes more than DECODE_SHARE of the event loop.

    >>> round(poll_delay(0.005), 3), round(poll_delay(0.03), 3)
    (0.02, 0.02)
    """
    return max(POLL_MS / 1000 - busy, busy * (1 - DECODE_SHARE) / DECODE_SHARE)


class RunController(QObject):
    """Owns the current `Session` and, while a script runs, its `ScriptRun`."""

    run_started = Signal(str)  # script or session path
    session_changed = Signal()  # new events were folded into `session` (paced while running)
    run_finished = Signal()  # the script ended (any way) or a session file was loaded
    note = Signal(str)  # a message for the console (stopped, load errors...)
    paused_changed = Signal(bool)  # the running script was paused (True) or resumed (False)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = Session()
        self.path: str | None = None
        self.events: list[object] = []  # everything received, for File > Save session
        self._run: ScriptRun | None = None
        self._retiring: list[ScriptRun] = []  # stopped runs whose children are not reaped yet
        self._unannounced = False  # events folded into `session` since the last session_changed
        self._next_announcement = 0.0  # time.monotonic() before which session_changed waits
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)  # re-armed by each poll (see `_schedule`)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_poll)

    @property
    def running(self) -> bool:
        return self._run is not None

    def run_script(self, path: str, argv: tuple[str, ...] = ()) -> None:
        """Stop whatever runs and start `path` in a fresh child process."""
        self._retire_current()
        self.path = str(Path(path).resolve())
        self.session = Session()
        self.events = []
        self._unannounced = False
        self._next_announcement = 0.0
        # threaded=False: decode on the GUI thread (see visualtape.runner.process)
        run = ScriptRun(self.path, argv=argv, output=subprocess.DEVNULL, threaded=False)
        self.run_started.emit(self.path)
        try:
            run.start()
        except OSError as error:
            message = self.tr("could not start {path}: {error}")
            self.note.emit(message.format(path=self.path, error=error))
            self.run_finished.emit()
            return
        self._run = run
        self._timer.start()

    def rerun(self) -> None:
        """Run the current script again (no-op for session files or nothing opened)."""
        if self.path is not None and not self.path.endswith(".vtape"):
            self.run_script(self.path)

    def stop(self, quiet: bool = False) -> None:
        """Stop the running script; the events received so far stay explorable."""
        run = self._run
        if run is None:
            return
        was_paused = run.paused
        run.stop()  # also resumes a paused child so it can end
        if was_paused:
            self.paused_changed.emit(False)
        if not quiet:
            self.note.emit(self.tr("stopping the script…"))

    @property
    def paused(self) -> bool:
        return self._run is not None and self._run.paused

    def pause(self) -> None:
        """Suspend the running script (SIGSTOP); the events received so far stay explorable."""
        if self._run is not None and self._run.pause():
            self.paused_changed.emit(True)

    def resume(self) -> None:
        """Continue a paused script."""
        if self._run is not None and self._run.resume():
            self.paused_changed.emit(False)

    def open_session(self, path: str) -> None:
        """Replay a saved `.vtape` session (a damaged file loads what precedes the damage)."""
        self._retire_current()
        self.path = str(Path(path).resolve())
        self.run_started.emit(self.path)
        result = read_session(self.path)
        self.events = list(result.events)
        self.session = Session.from_events(self.events)
        if result.error:
            self.note.emit(self.tr("session file damaged: {error}").format(error=result.error))
        self.session_changed.emit()
        self.run_finished.emit()

    def shutdown(self) -> None:
        """Stop the child and the timer (window closing); reap every child we started."""
        self._retire_current()
        for run in self._retiring:
            run.wait(STOP_GRACE_SECONDS + 1.0)
        self._retiring.clear()
        self._timer.stop()

    def _retire_current(self) -> None:
        """Stop the current run; keep polling it (events dropped) until its child is reaped."""
        run = self._run
        if run is not None:
            self.stop(quiet=True)
            self._retiring.append(run)
            self._timer.start()
        self._run = None

    def _detach(self) -> None:
        self._run = None
        if not self._retiring:
            self._timer.stop()

    def _on_poll(self) -> None:
        started = time.monotonic()
        for old in list(self._retiring):
            old.poll()  # threadless runs read, reap and finish only when polled
            if not old.running:
                self._retiring.remove(old)
        run = self._run
        finished = run is not None and not run.running  # before polling: its last events too
        due = self._unannounced and time.monotonic() >= self._next_announcement
        if due and not finished:
            self._announce()  # this turn redraws, the next one reads: never both in one turn
        elif run is not None:
            self._read(run)
        self._schedule(time.monotonic() - started)
        if finished:
            if self._unannounced:
                self._announce()
            self._detach()
            self.run_finished.emit()

    def _read(self, run: ScriptRun) -> None:
        events = run.poll(READ_BUDGET_SECONDS)
        if events:
            self.events.extend(events)
            self.session.extend(events)
            self._unannounced = True

    def _schedule(self, busy: float) -> None:
        """The next poll: POLL_MS after this one started, or later when reading took long."""
        if self._run is None and not self._retiring:
            return
        self._timer.start(max(1, round(poll_delay(busy) * 1000)))

    def _announce(self) -> None:
        """Emit session_changed; the next one waits so that listeners keep to their share."""
        self._unannounced = False
        started = time.monotonic()
        self.session_changed.emit()
        self.session.mark_prints_seen()  # the console has shown them: a later trim needs no marker
        cost = time.monotonic() - started
        wait = max(MIN_STRUCTURE_INTERVAL_S, cost * (1 - STRUCTURE_SHARE) / STRUCTURE_SHARE)
        self._next_announcement = time.monotonic() + wait
