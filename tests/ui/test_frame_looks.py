"""Incremental looks (a step recomputes only what can change) equal the whole recomputation."""

from __future__ import annotations

import random

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.frame_state import frame_state
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.frame_looks import LookBuilder
from visualtape.ui.scene_adapter import build_scene_spec


def two_calls_tape() -> TapeModel:
    """A persistent tape with fan-in, an unconnected source and two gradient calls."""
    with trace.collecting() as events:
        a, b, unused = ve.constant(0.5), ve.constant(1.5), ve.constant(2.0)
        with ve.GradientTape(persistent=True) as tape:
            for leaf in (a, b, unused):
                tape.watch(leaf)
            values = [a, b]
            for i in range(30):
                op = (ve.add, ve.multiply, lambda u, _: ve.sin(u))[i % 3]
                values.append(op(values[-1], values[i % len(values)]))
        tape.gradient(values[-1], [a, b, unused])
        tape.gradient(values[15], [a, b])
    return next(iter(Session.from_events(events).tapes.values()))


def walk(frames: int, seed: int = 0) -> list[int]:
    """Forward to the end, back to the start, then random near and far jumps."""
    rng = random.Random(seed)
    path = list(range(frames)) + list(range(frames - 1, -1, -1))
    for _ in range(120):
        here = path[-1]
        step = rng.choice([1, -1, 2, -3, 10, -40, 200])
        path.append(min(frames - 1, max(0, here + step)))
    return path


def test_incremental_looks_equal_whole_looks_at_every_frame() -> None:
    tape = two_calls_tape()
    timeline = tape.timeline()
    stepping = LookBuilder(tape)
    incremental = 0
    for index in walk(len(timeline)):
        state = frame_state(tape, timeline, index)
        looks = stepping.looks(state)
        whole = LookBuilder(tape).looks(state)  # a fresh builder always recomputes all
        assert whole.changed is None
        assert looks.nodes == whole.nodes, f"frame {index}"
        assert looks.edges == whole.edges and looks.active == whole.active
        incremental += looks.changed is not None
    assert incremental > len(timeline)  # the steps really took the incremental path


def test_a_step_names_few_changed_nodes() -> None:
    tape = two_calls_tape()
    timeline = tape.timeline()
    builder = LookBuilder(tape)
    middle = len(timeline) // 2
    builder.looks(frame_state(tape, timeline, middle))
    step = builder.looks(frame_state(tape, timeline, middle + 1))
    assert step.changed is not None
    assert 0 < len(step.changed) <= 8 < len(step.nodes)


def test_the_canvas_restyles_only_changed_items_and_ends_like_a_full_apply(qtbot) -> None:  # type: ignore[no-untyped-def]
    tape = two_calls_tape()
    timeline = tape.timeline()
    spec = build_scene_spec(tape, threshold=None)
    stepping, fresh = GraphCanvas(), GraphCanvas()
    qtbot.addWidget(stepping)
    qtbot.addWidget(fresh)
    stepping.show_tape(spec)
    fresh.show_tape(spec)
    builder = LookBuilder(tape)
    for index in walk(len(timeline), seed=1):
        state = frame_state(tape, timeline, index)
        stepping.apply(builder.looks(state), animate=False)
        fresh.apply(LookBuilder(tape).looks(state), animate=False)
        shown = {key: item.look for key, item in stepping.node_items().items()}
        assert shown == {key: item.look for key, item in fresh.node_items().items()}
