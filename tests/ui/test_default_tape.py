"""Which tape the canvas shows by itself: while a script trains, never a half-recorded one."""

from __future__ import annotations

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import GradientFinished, ScriptFinished, TapeOpened
from visualtape.session.model import Session
from visualtape.ui.presenter import default_tape


def _training_events(steps: int) -> list[object]:
    w = ve.Variable(0.5, name="w")
    with trace.collecting() as events:
        for _ in range(steps):
            with ve.GradientTape() as tape:
                loss = ve.square(w * 2.0 - 1.0)
            w.assign_sub(0.1 * tape.gradient(loss, w))
    return list(events)


def test_a_running_script_shows_its_newest_finished_step() -> None:
    events = _training_events(3)
    opened = [i for i, e in enumerate(events) if isinstance(e, TapeOpened)]
    last_done = max(i for i, e in enumerate(events) if isinstance(e, GradientFinished))
    # The third step has recorded its forward ops, but its gradient has not finished yet.
    running = Session.from_events(events[: last_done - 1])
    ids = list(running.tapes)
    assert len(ids) == 3 and opened[2] < last_done - 1
    assert default_tape(running) is running.tapes[ids[1]]
    # Once the step is done, or the script ends, the newest tape is shown.
    assert default_tape(Session.from_events(events)) is not None
    assert default_tape(Session.from_events(events)).id == ids[2]  # type: ignore[union-attr]
    ended = Session.from_events([*events[: last_done - 1], ScriptFinished(0, 0.1)])
    assert default_tape(ended) is ended.tapes[ids[2]]


def test_a_single_tape_still_recording_is_shown() -> None:
    events = _training_events(1)
    last_done = max(i for i, e in enumerate(events) if isinstance(e, GradientFinished))
    running = Session.from_events(events[:last_done])
    assert default_tape(running) is next(iter(running.tapes.values()))
