"""Incremental looks (a step recomputes only what can change) equal the whole recomputation."""

from __future__ import annotations

import random

import pytest

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.frame_state import frame_state
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.canvas_items import NodeItem
from visualtape.ui.frame_looks import LookBuilder
from visualtape.ui.scene_adapter import build_scene_spec
from visualtape.ui.scene_spec import NodeLook


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
    """Each step calls set_look only on the nodes the looks name as changed (a full apply
    restyles them all), the active nodes get their highlight, and the result equals a full
    apply of the same frame."""
    tape = two_calls_tape()
    timeline = tape.timeline()
    spec = build_scene_spec(tape, threshold=None)
    stepping, fresh = GraphCanvas(), GraphCanvas()
    qtbot.addWidget(stepping)
    qtbot.addWidget(fresh)
    stepping.show_tape(spec)
    fresh.show_tape(spec)
    restyled: list[NodeItem] = []
    set_look = NodeItem.set_look

    def counting(item: NodeItem, look: NodeLook) -> bool:
        restyled.append(item)
        return set_look(item, look)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(NodeItem, "set_look", counting)
        keys_of = {id(item): key for key, item in stepping.node_items().items()}
        builder = LookBuilder(tape)
        incremental = highlighted = 0
        for index in walk(len(timeline), seed=1):
            state = frame_state(tape, timeline, index)
            looks = builder.looks(state)
            restyled.clear()
            stepping.apply(looks, animate=False)
            names = [keys_of[id(item)] for item in restyled if id(item) in keys_of]
            if looks.changed is None:
                assert sorted(names) == sorted(keys_of.values())  # a jump restyles everything
            else:
                assert sorted(names) == sorted(looks.changed)  # a step only what may differ
                assert len(names) < len(keys_of)
                incremental += 1
            fresh.apply(LookBuilder(tape).looks(state), animate=False)
            shown = {key: item.look for key, item in stepping.node_items().items()}
            assert shown == {key: item.look for key, item in fresh.node_items().items()}
            for key in state.active_nodes:  # the frame's nodes really are highlighted
                assert shown[key] != NodeLook() and shown[key].active
                highlighted += 1
        assert incremental > len(timeline) and highlighted > len(timeline)
