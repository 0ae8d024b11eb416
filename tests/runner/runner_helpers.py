"""Shared helpers for the runner tests that start real child processes."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from visualtape.engine import events as ev
from visualtape.runner.process import ScriptRun

DEADLINE = 60.0
Run = Callable[..., ScriptRun]
Write = Callable[..., Path]


def wait_for(run: ScriptRun, predicate: Callable[[list[ev.Event]], bool]) -> list[ev.Event]:
    """Poll `run` until `predicate(events so far)` holds; fail after DEADLINE seconds."""
    seen: list[ev.Event] = []
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        seen += run.poll()
        if predicate(seen):
            return seen
        assert run.running or predicate(seen + run.poll()), f"run ended early: {seen!r}"
        time.sleep(0.01)  # the polling interval, not a synchronisation
    raise AssertionError(f"expected events did not arrive within {DEADLINE} s: {seen!r}")


def printed(events: list[ev.Event], stream: str | None = None) -> str:
    return "".join(
        e.text
        for e in events
        if isinstance(e, ev.PrintOutput) and (stream is None or e.stream == stream)
    )


def only_error(events: list[ev.Event]) -> ev.ScriptError:
    found = [e for e in events if isinstance(e, ev.ScriptError)]
    assert len(found) == 1, f"expected one ScriptError, got {found!r}"
    return found[0]


def finished(events: list[ev.Event]) -> ev.ScriptFinished:
    """The single ScriptFinished, which must be the last event."""
    ends = [e for e in events if isinstance(e, ev.ScriptFinished)]
    assert len(ends) == 1, f"expected one ScriptFinished, got {ends!r}"
    assert events[-1] is ends[0], f"ScriptFinished is not last: {events[-3:]!r}"
    return ends[0]


# --- normal runs --------------------------------------------------------------------------------
