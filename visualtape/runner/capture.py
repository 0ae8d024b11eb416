"""Script output as `PrintOutput` events: a tee for sys.stdout/sys.stderr and an output cap.

`TeeStream` replaces `sys.stdout` / `sys.stderr` in the child. Every write still goes to the real
stream (so a terminal shows it) and to the `EventChannel`, which turns complete lines into
`PrintOutput` events. `OutputLimiter` keeps a script that prints megabytes from flooding the GUI:
the first `head_chars` characters become events as they are printed, after that only the last
`tail_chars` are kept and emitted at the end, after a note saying how much was dropped.

>>> sent = []
>>> limiter = OutputLimiter(lambda text, stream: sent.append(text), head_chars=3, tail_chars=2)
>>> for chunk in ["ab", "cd", "ef", "gh"]:
...     limiter.add(chunk, "stdout")
>>> limiter.finish()
>>> sent
['ab', 'c', '\\n[visualtape: 3 characters of output dropped]\\n', 'gh']
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections import deque
from collections.abc import Callable, Iterator
from typing import Protocol, TextIO

HEAD_CHARS = 200_000
TAIL_CHARS = 50_000

TextSink = Callable[[str, str], None]  # (text, stream name)


class OutputLimiter:
    """Passes the first `head_chars` characters through, then keeps only the last `tail_chars`."""

    def __init__(self, send: TextSink, head_chars: int = HEAD_CHARS, tail_chars: int = TAIL_CHARS):
        self._send = send
        self._head_left = head_chars
        self._tail_chars = tail_chars
        self._tail: deque[tuple[str, str]] = deque()
        self._tail_size = 0
        self._seen_after_head = 0

    def add(self, text: str, stream: str) -> None:
        """Offer one chunk of output."""
        if self._head_left > 0:
            head, text = text[: self._head_left], text[self._head_left :]
            self._head_left -= len(head)
            self._send(head, stream)
        if text:
            self._seen_after_head += len(text)
            self._keep_in_tail(text, stream)

    def _keep_in_tail(self, text: str, stream: str) -> None:
        text = text[-self._tail_chars :] if self._tail_chars else ""
        if text:
            self._tail.append((text, stream))
            self._tail_size += len(text)
        while self._tail_size > self._tail_chars:
            oldest, oldest_stream = self._tail.popleft()
            excess = self._tail_size - self._tail_chars
            if len(oldest) > excess:
                self._tail.appendleft((oldest[excess:], oldest_stream))
                self._tail_size -= excess
            else:
                self._tail_size -= len(oldest)

    def finish(self) -> None:
        """Emit the drop notice (if anything was dropped) and the kept tail."""
        dropped = self._seen_after_head - self._tail_size
        if dropped > 0:
            notice = f"\n[visualtape: {dropped} characters of output dropped]\n"
            self._send(notice, "stderr")
        while self._tail:
            text, stream = self._tail.popleft()
            self._send(text, stream)
        self._tail_size = 0
        self._seen_after_head = 0


class OutputReceiver(Protocol):
    def print_text(self, text: str, stream: str) -> None: ...


class TeeStream(io.TextIOBase):
    """A text stream that writes to the real stream and reports the text to a receiver."""

    def __init__(self, real: TextIO, receiver: OutputReceiver, name: str) -> None:
        super().__init__()
        self._real: TextIO | None = real
        self._receiver = receiver
        self._name = name

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._real, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._real, "errors", None)

    @property
    def buffer(self) -> object:
        return getattr(self._real, "buffer", None)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return bool(self._real is not None and self._real.isatty())

    def fileno(self) -> int:
        if self._real is None:
            raise io.UnsupportedOperation("fileno")
        return self._real.fileno()

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._echo(text)
        if text:
            self._receiver.print_text(text, self._name)
        return len(text)

    def _echo(self, text: str) -> None:
        if self._real is None:
            return
        try:
            self._real.write(text)
            if "\n" in text:
                self._real.flush()
        except (OSError, ValueError):
            self._real = None  # closed or broken terminal/pipe: keep capturing, stop echoing

    def flush(self) -> None:
        if self._real is not None:
            with contextlib.suppress(OSError, ValueError):
                self._real.flush()


@contextlib.contextmanager
def captured_output(receiver: OutputReceiver) -> Iterator[None]:
    """Route sys.stdout and sys.stderr through `TeeStream`s for the duration of the block.

    The tees are flushed, not whatever sys.stdout is at the end (the script may have set it to
    None or to an object of its own).
    """
    real_out, real_err = sys.stdout, sys.stderr
    tees = TeeStream(real_out, receiver, "stdout"), TeeStream(real_err, receiver, "stderr")
    sys.stdout, sys.stderr = tees
    try:
        yield
    finally:
        for tee in tees:
            tee.flush()
        sys.stdout, sys.stderr = real_out, real_err
