"""The child's single way out: engine events and printed text, in order, onto the stream pipe.

`EventChannel.emit` is the trace sink. Printed text is buffered until a line is complete (so a
`print` becomes one event, not one per `write`, and threads printing at once do not splice
their lines together), and any buffered text is sent before the next
engine event, so `PrintOutput` events sit in the stream exactly where they were printed. One lock
serialises everything; each event is flushed to the pipe at once, so a process that dies
abruptly (`os._exit`, a segfault) loses nothing it had already emitted.

A process the script forks inherits the channel, but only the process that made it sends: a
fork's events would interleave with ours in one stream (two runs in one tape). `note_fork`
says so once, in the output.

>>> sent = []
>>> channel = EventChannel(sent.append)
>>> channel.print_text("hel", "stdout"); channel.print_text("lo\\n", "stdout")
>>> channel.close()
>>> sent
[PrintOutput(text='hello\\n', stream='stdout')]
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from visualtape.engine.events import Event, PrintOutput
from visualtape.runner.capture import HEAD_CHARS, TAIL_CHARS, OutputLimiter

PARTIAL_LINE_LIMIT = 8192  # send a line without a newline once it gets this long
FORK_NOTE = "[visualtape: a forked process's events and output are not recorded]\n"


class EventChannel:
    """Orders, buffers and limits everything the child sends to the parent."""

    def __init__(
        self,
        send: Callable[[Event], None],
        head_chars: int = HEAD_CHARS,
        tail_chars: int = TAIL_CHARS,
    ) -> None:
        self._send = send
        self._lock = threading.RLock()
        # (thread ident, stream) -> the start of a line not finished yet, oldest first
        self._pending: dict[tuple[int, str], str] = {}
        self._limiter = OutputLimiter(self._send_text, head_chars, tail_chars)
        self._broken = False
        self._pid = os.getpid()
        self._fork_noted = False

    def emit(self, event: Event) -> None:
        """The trace sink: send `event` after any text printed before it."""
        if os.getpid() != self._pid:  # (checked before the lock, which a fork may inherit held)
            return
        with self._lock:
            self._flush_pending()
            self._deliver(event)

    def print_text(self, text: str, stream: str) -> None:
        """Printed text from sys.stdout / sys.stderr (any thread; lines are kept per thread)."""
        if os.getpid() != self._pid:
            return
        thread = threading.get_ident()
        with self._lock:
            for key in [k for k in self._pending if k[0] == thread and k[1] != stream]:
                self._limiter.add(self._pending.pop(key), key[1])  # keep one thread's order
            text = self._pending.pop((thread, stream), "") + text
            complete, newline, rest = text.rpartition("\n")
            if newline:
                self._limiter.add(complete + newline, stream)
            if len(rest) >= PARTIAL_LINE_LIMIT:
                self._limiter.add(rest, stream)
            elif rest:
                self._pending[(thread, stream)] = rest

    def close(self) -> None:
        """Send the last partial line and the kept tail of capped output."""
        if os.getpid() != self._pid:
            return
        with self._lock:
            self._flush_pending()
            self._limiter.finish()

    def note_fork(self) -> bool:
        """After the script forked (in the parent): say once that the fork is not recorded.
        True when this call said it."""
        if self._fork_noted:
            return False
        self._fork_noted = True
        self.emit(PrintOutput(text=FORK_NOTE, stream="stderr"))
        return True

    @property
    def broken(self) -> bool:
        """True once the pipe to the parent failed (nobody is listening any more)."""
        return self._broken

    def _flush_pending(self) -> None:
        while self._pending:
            key = next(iter(self._pending))
            self._limiter.add(self._pending.pop(key), key[1])

    def _send_text(self, text: str, stream: str) -> None:
        self._deliver(PrintOutput(text=text, stream=stream))

    def _deliver(self, event: Event) -> None:
        if self._broken:
            return
        try:
            self._send(event)
        except OSError:  # BrokenPipeError: the parent has gone away
            self._broken = True
