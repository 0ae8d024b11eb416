"""Run a script in a child process and receive its trace events without ever blocking.

`ScriptRun` spawns `python -m visualtape.runner.child` (the same interpreter) with the event
stream on a dedicated pipe, so nothing the script prints can corrupt it. By default a reader
thread decodes frames as they arrive. A Qt process passes `threaded=False`: `poll()` (called from
a timer) then reads and decodes on the calling thread within a time budget. That keeps Python's
garbage collector from finalising Qt objects on a foreign thread (a PySide deadlock we hit), and
a full pipe makes a fast-training child wait for the GUI instead of queueing without bound.
`stop()` asks the child to end (SIGTERM) and kills it after a grace period; a timeout does the
same on its own.
When the child dies in a way it cannot report (a signal, `os._exit`, being stopped), the run
adds the `ScriptError` and `ScriptFinished` events the child could not send.

POSIX only (pipes with `select`, process groups, `resource` limits).

    run = ScriptRun("samples/basics.py", timeout=60)
    run.start()
    while run.running:
        handle(run.poll())       # non-blocking
    handle(run.poll())           # whatever arrived last
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import visualtape
from visualtape.engine.events import Event, ScriptError, ScriptFinished
from visualtape.runner import faults
from visualtape.session.stream import StreamDecoder
from visualtape.session.values import ValueBudget

STOP_GRACE_SECONDS = 2.0  # between SIGTERM and SIGKILL
POLL_BUDGET_SECONDS = 0.025  # threadless mode: decoding time per poll() (keeps the GUI fluid)
_READ_CHUNK = 1 << 16
_SELECT_SECONDS = 0.05
_PACKAGE_ROOT = str(Path(visualtape.__file__).resolve().parent.parent)
_LIVE_RUNS: weakref.WeakSet[ScriptRun] = weakref.WeakSet()


class ScriptRun:
    """One run of one script in a child process (see the module docstring).

    `output` is where the child's real stdout/stderr go: None inherits ours (a terminal shows
    the script's output), `subprocess.DEVNULL` discards it (the GUI, which shows `PrintOutput`
    events instead), or a file descriptor number.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        argv: Sequence[str] = (),
        timeout: float | None = None,
        memory_limit_mb: int | None = 4096,
        budget: ValueBudget | None = None,
        output: int | None = None,
        threaded: bool = True,
    ) -> None:
        self.path = Path(path).resolve()
        self.argv = tuple(argv)
        self.timeout = timeout
        self.memory_limit_mb = memory_limit_mb
        self.budget = budget or ValueBudget()
        self.output = output
        self.threaded = threaded
        self.stopped = False  # stop() was called before the script finished
        self.paused = False  # pause() suspended the child (SIGSTOP) and resume() has not yet
        self.timed_out = False
        self.stream_error: str | None = None  # damage or truncation of the event stream
        self._lock = threading.Lock()
        self._events: list[Event] = []
        self._polled = 0
        self._done = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._read_fd: int | None = None  # threadless mode: the pipe, until the run is over
        self._decoder = StreamDecoder()
        self._fault_file: str | None = None
        self._started_at = 0.0
        self._term_sent_at: float | None = None
        self._saw_finished = False
        self._saw_error = False

    # --- public API ---------------------------------------------------------------------------

    def start(self) -> None:
        """Spawn the child and the reader thread. A run starts once."""
        if self._proc is not None:
            raise RuntimeError("this ScriptRun was already started; make a new one to rerun")
        read_fd, write_fd = os.pipe()
        _widen_pipe(write_fd)
        handle, self._fault_file = tempfile.mkstemp(prefix="visualtape-fault-", suffix=".txt")
        os.close(handle)
        try:
            self._proc = subprocess.Popen(
                self._command(write_fd),
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=self.output,
                stderr=self.output,
                env=self._environment(),
                start_new_session=True,  # our own process group: stop() reaches its children
            )
        except BaseException:
            os.close(read_fd)
            self._remove_fault_file()
            raise
        finally:
            os.close(write_fd)  # only the child holds the write end: its exit means EOF
        self._started_at = time.monotonic()
        _LIVE_RUNS.add(self)
        if not self.threaded:
            os.set_blocking(read_fd, False)
            self._read_fd = read_fd
            return
        self._reader = threading.Thread(
            target=self._pump, args=(read_fd,), name=f"visualtape-run-{self._proc.pid}", daemon=True
        )
        self._reader.start()

    def poll(self, budget: float = POLL_BUDGET_SECONDS) -> list[Event]:
        """The events that arrived since the last `poll` (never blocks); threadless, reading
        and decoding stop after about `budget` seconds (the rest waits for the next poll)."""
        if not self.threaded:
            self._service(budget)
        with self._lock:
            new = self._events[self._polled :]
            self._polled = len(self._events)
        return new

    @property
    def events(self) -> list[Event]:
        """Every event received so far (a copy)."""
        with self._lock:
            return list(self._events)

    @property
    def running(self) -> bool:
        """True from `start()` until the child has exited and its last events are in."""
        return self._proc is not None and not self._done.is_set()

    @property
    def pid(self) -> int | None:
        """The child's process id (None before `start()`)."""
        return self._proc.pid if self._proc is not None else None

    @property
    def exit_code(self) -> int | None:
        """The child's exit status once finished (negative: killed by that signal)."""
        return self._proc.returncode if self._done.is_set() and self._proc else None

    def wait(self, timeout: float | None = None) -> int | None:
        """Block until the run is over; its exit code, or None if `timeout` ran out first."""
        if self._proc is None:
            raise RuntimeError("ScriptRun.wait() before start()")
        if not self.threaded:
            give_up = None if timeout is None else time.monotonic() + timeout
            while not self._done.is_set() and (give_up is None or time.monotonic() < give_up):
                self._service(_SELECT_SECONDS)
                if not self._done.is_set() and self._read_fd is not None:
                    select.select([self._read_fd], [], [], _SELECT_SECONDS)
            return self.exit_code
        self._done.wait(timeout)
        return self.exit_code

    def stop(self) -> None:
        """Ask the script to end now (SIGTERM; SIGKILL after a grace period). Never blocks."""
        if self._proc is None or self._done.is_set():
            return
        self.stopped = True
        self._terminate()

    def pause(self) -> bool:
        """Suspend the script (SIGSTOP to its process group); False when it is not running."""
        if self._proc is None or self._done.is_set() or self._term_sent_at is not None:
            return False
        self._signal(signal.SIGSTOP)
        self.paused = True
        return True

    def resume(self) -> bool:
        """Continue a paused script (SIGCONT); False when it was not paused."""
        if not self.paused:
            return False
        self.paused = False
        self._signal(signal.SIGCONT)
        return True

    def __enter__(self) -> ScriptRun:
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
        self.wait(STOP_GRACE_SECONDS + 5.0)

    # --- starting -------------------------------------------------------------------------------

    def _command(self, write_fd: int) -> list[str]:
        command = [sys.executable, "-m", "visualtape.runner.child", "--fd", str(write_fd)]
        command += ["--parent-pid", str(os.getpid())]
        command += ["--fault-file", str(self._fault_file)]
        command += ["--max-elements", str(self.budget.max_elements)]
        if self.budget.full_values:
            command.append("--full-values")
        if self.memory_limit_mb:
            command += ["--memory-limit-mb", str(self.memory_limit_mb)]
        return [*command, "--", str(self.path), *self.argv]

    @staticmethod
    def _environment() -> dict[str, str]:
        env = dict(os.environ)
        paths = [_PACKAGE_ROOT, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
        env.setdefault("PYTHONIOENCODING", "utf-8")
        return env

    # --- threadless mode: reading on the caller's thread ------------------------------------

    def _service(self, budget: float) -> None:
        """Read and decode what is ready for up to `budget` seconds; notice the child's end."""
        read_fd = self._read_fd
        if read_fd is None or self._proc is None:
            return
        stop_at = time.monotonic() + budget
        pipe_empty = False
        while time.monotonic() < stop_at:
            try:
                chunk = os.read(read_fd, _READ_CHUNK)
            except BlockingIOError:
                pipe_empty = True
                break
            if not chunk:  # EOF: the child (and anything it spawned) closed the pipe
                pipe_empty = True
                break
            self._receive(self._decoder, chunk)
        self._check_deadlines()
        if pipe_empty and self._proc.poll() is not None:
            self._read_fd = None
            os.close(read_fd)
            self._finish(self._decoder)

    # --- the reader thread ------------------------------------------------------------------

    def _pump(self, read_fd: int) -> None:
        decoder = self._decoder
        try:
            self._read_until_exit(read_fd, decoder)
            self._drain(read_fd, decoder)
        finally:
            os.close(read_fd)
            self._finish(decoder)

    def _read_until_exit(self, read_fd: int, decoder: StreamDecoder) -> None:
        assert self._proc is not None
        while True:
            ready, _, _ = select.select([read_fd], [], [], _SELECT_SECONDS)
            if ready:
                chunk = os.read(read_fd, _READ_CHUNK)
                if not chunk:
                    return
                self._receive(decoder, chunk)
                continue
            self._check_deadlines()
            if self._proc.poll() is not None:
                return

    def _drain(self, read_fd: int, decoder: StreamDecoder) -> None:
        """After the child exited: read what it wrote (a grandchild may hold the pipe open)."""
        while select.select([read_fd], [], [], 0)[0]:
            chunk = os.read(read_fd, _READ_CHUNK)
            if not chunk:
                return
            self._receive(decoder, chunk)

    def _receive(self, decoder: StreamDecoder, chunk: bytes) -> None:
        had_error = decoder.error is not None
        events = decoder.feed(chunk)
        if decoder.error is not None and not had_error:
            self.stream_error = str(decoder.error)
            events.append(faults.stream_damage_error(str(decoder.error)))
        self._deliver(events)

    def _deliver(self, events: list[Any]) -> None:
        if not events:
            return
        for event in events:
            self._saw_finished |= isinstance(event, ScriptFinished)
            self._saw_error |= isinstance(event, ScriptError)
        with self._lock:
            self._events.extend(events)

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        overdue = self.timeout is not None and now - self._started_at > self.timeout
        if overdue and self._term_sent_at is None:
            self.timed_out = True
            self._terminate()
        if self._term_sent_at is not None and now - self._term_sent_at > STOP_GRACE_SECONDS:
            self._signal(signal.SIGKILL)

    def _terminate(self) -> None:
        if self._term_sent_at is None:
            self._term_sent_at = time.monotonic()
            self._signal(signal.SIGTERM)
            self.resume()  # a paused child must run to act on SIGTERM

    def _signal(self, number: int) -> None:
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, number)  # the child leads its own process group

    # --- the end ---------------------------------------------------------------------------

    def _finish(self, decoder: StreamDecoder) -> None:
        """Reap the child and add what it could not say about its own end."""
        assert self._proc is not None
        try:
            code = self._wait_for_exit()
            if decoder.finish() is not None and self.stream_error is None:
                self.stream_error = str(decoder.error)
            if not self._saw_finished:
                self._deliver(self._synthesised_end(code))
        finally:
            self._remove_fault_file()
            _LIVE_RUNS.discard(self)
            self._done.set()

    def _wait_for_exit(self) -> int:
        assert self._proc is not None
        while True:
            try:
                return self._proc.wait(timeout=_SELECT_SECONDS)
            except subprocess.TimeoutExpired:
                self._check_deadlines()  # EOF came early (the child closed the pipe)

    def _synthesised_end(self, code: int) -> list[Event]:
        seconds = time.monotonic() - self._started_at
        events: list[Event] = []
        error = self._death_error(code)
        if error is not None:
            events.append(error)
        events.append(ScriptFinished(exit_code=code, seconds=seconds))
        return events

    def _death_error(self, code: int) -> ScriptError | None:
        frames = faults.parse_fault_dump(self._read_fault_file(), self.path.parent)
        return faults.death_cause(
            code,
            frames,
            timeout=self.timeout if self.timed_out else None,
            stopped=self.stopped,
            reported=self._saw_error,
        )

    def _read_fault_file(self) -> str:
        if not self._fault_file:
            return ""
        try:
            return Path(self._fault_file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _remove_fault_file(self) -> None:
        if self._fault_file:
            Path(self._fault_file).unlink(missing_ok=True)


_PIPE_BYTES = 1 << 20  # Linux's default pipe-max-size


def _widen_pipe(fd: int) -> None:
    """Grow the pipe from 64 KiB to 1 MiB where Linux allows it.

    In threadless mode the GUI empties the pipe once per poll, so its size bounds the stream
    rate (64 KiB per 33 ms tick is only ~2 MB/s; 1 MiB gives ~30 MB/s).
    """
    set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_pipe_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_pipe_size, _PIPE_BYTES)


@atexit.register
def _stop_live_runs() -> None:
    """Never leave a child behind when the parent exits normally."""
    for run in list(_LIVE_RUNS):
        run._signal(signal.SIGKILL)
