"""The trace sink: where engine events go when a visualizer is listening.

With no sink attached the engine checks one module attribute and emits nothing. The runner (or a
test) attaches a callable that receives each event object.

>>> seen = []
>>> attach_sink(seen.append)
>>> emit(TapeClosed(tape_id=7)); detach_sink()
>>> seen
[TapeClosed(tape_id=7)]
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from visualtape.engine.events import Event, TapeClosed  # noqa: F401  (TapeClosed: doctest)

Sink = Callable[[Event], None]

# Read directly by hot paths (`trace.sink is not None`), hence a module attribute.
sink: Sink | None = None


def attach_sink(new_sink: Sink) -> None:
    """Send every following engine event to `new_sink`."""
    global sink
    sink = new_sink


def detach_sink() -> None:
    """Stop emitting events."""
    global sink
    sink = None


def emit(event: Event) -> None:
    """Deliver one event to the attached sink, if any."""
    if sink is not None:
        sink(event)


@contextlib.contextmanager
def collecting() -> Iterator[list[Event]]:
    """Attach a list as the sink for the duration of a `with` block (tests, headless use)."""
    events: list[Event] = []
    previous = sink
    attach_sink(events.append)
    try:
        yield events
    finally:
        if previous is None:
            detach_sink()
        else:
            attach_sink(previous)
