"""Session data -> what the canvas draws (pure mapping, no Qt), and value formatting."""

from __future__ import annotations

import numpy as np

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import ArraySummary
from visualtape.session.frame_state import frame_state
from visualtape.session.model import Session
from visualtape.ui.formatting import format_full, format_scalar, format_value
from visualtape.ui.frame_looks import PENDING, LookBuilder, fan_in_text
from visualtape.ui.inspector_text import explain_none, inspect_node
from visualtape.ui.scene_adapter import build_scene_spec, display_kind
from visualtape.ui.scene_spec import op_symbol


def persistent_session() -> Session:
    with trace.collecting() as events:
        x = ve.constant(3.0)
        with ve.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
            z = y * y
        tape.gradient(z, x)
        tape.gradient(y, x)
    return Session.from_events(events)


def test_number_formatting() -> None:
    assert format_scalar(108.0) == "108.0"
    assert format_scalar(1 / 3) == "0.3333"
    assert format_scalar(np.int32(4)) == "4"
    assert format_scalar(1.5e-7) == "1.500e-07"
    assert format_value(np.array([1.0, 2.5])) == "[1, 2.5]"
    assert format_value(np.ones((3, 3))) == "[3×3] μ=1"
    assert format_value(None) == "?"
    summary = ArraySummary((100, 100), "float32", -1.0, 1.0, 0.0, 0.5, np.zeros((4, 4)))
    assert format_value(summary) == "[100×100] μ=0"
    assert "summary only" in format_full(summary)


def test_op_symbols_and_kinds() -> None:
    assert op_symbol("multiply") == "×" and op_symbol("add") == "+"
    assert op_symbol("reduce_sum") == "∑"
    assert op_symbol("softmax_cross_entropy") == "softm…"
    assert display_kind({"kind": "tensor", "tensor_kind": "constant", "watched": True}) == "watched"
    assert display_kind({"kind": "op", "band": "gradient"}) == "gradient"
    assert display_kind({"kind": "tensor", "tensor_kind": "variable"}) == "variable"


def test_fan_in_text() -> None:
    assert fan_in_text([np.array(54.0), np.array(54.0)], np.array(108.0)) == "54.0 + 54.0 = 108.0"
    assert fan_in_text([np.array(2.0)], np.array(2.0)) == "2.0"
    many = [np.array(1.0)] * 5
    assert fan_in_text(many, np.array(5.0)) == "Σ5 terms = 5.0"
    vectors = [np.array([1.0, 2.0, 3.0])] * 2
    assert fan_in_text(vectors, np.array([2.0, 4.0, 6.0])) == "Σ2 terms = [2, 4, 6]"


def test_scene_spec_places_inputs_left_of_outputs() -> None:
    session = persistent_session()
    tape = next(iter(session.tapes.values()))
    spec = build_scene_spec(tape)
    x = {n.label: n for n in spec.nodes if not n.is_op}
    assert x["x"].x < x["y"].x < x["z"].x
    assert len(spec.edges) == 4


def test_looks_pending_is_not_zero_and_gradients_keep_their_call_colour() -> None:
    session = persistent_session()
    tape = next(iter(session.tapes.values()))
    timeline = tape.timeline()
    spec = build_scene_spec(tape)
    key = {n.label: n.key for n in spec.nodes if not n.is_op}
    builder = LookBuilder(tape)
    seed = builder.looks(frame_state(tape, timeline, 2))
    assert seed.nodes[key["x"]].grads[0].text == PENDING
    assert seed.nodes[key["x"]].grads[0].pending
    assert seed.nodes[key["z"]].grads[0].text == "∂z: 1.0"
    last = builder.looks(frame_state(tape, timeline, len(timeline) - 1))
    grads = last.nodes[key["x"]].grads
    assert [(g.call_index, g.text) for g in grads] == [(0, "∂z: 108.0"), (1, "∂y: 3.0 + 3.0 = 6.0")]


def test_inspector_explains_a_none_gradient() -> None:
    with trace.collecting() as events:
        x = ve.constant(2.0)
        w = ve.constant(5.0)
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = x * w
        tape.gradient(y, [x, w])
    session = Session.from_events(events)
    tape = next(iter(session.tapes.values()))
    timeline = tape.timeline()
    state = frame_state(tape, timeline, len(timeline) - 1)
    w_node = next(n for n, d in state.graph.nodes(data=True) if d.get("label") == "w")
    text = inspect_node(tape, state, w_node).text  # type: ignore[union-attr]
    assert "None — w was not watched: call tape.watch(w)" in text
    assert explain_none("spent", "x").startswith("the tape was spent")
    assert "integer dtype" in explain_none("integer_dtype", "n")


def test_many_calls_are_summarised_on_the_canvas() -> None:
    with trace.collecting() as events:
        x = ve.constant(2.0)
        with ve.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
        for _ in range(4):
            tape.gradient(y, x)
    session = Session.from_events(events)
    tape_model = next(iter(session.tapes.values()))
    timeline = tape_model.timeline()
    state = frame_state(tape_model, timeline, len(timeline) - 1)
    x_node = next(n for n, d in state.graph.nodes(data=True) if d.get("label") == "x")
    grads = LookBuilder(tape_model).looks(state).nodes[x_node].grads
    assert [g.text for g in grads] == [
        "+2 earlier",
        "∂y: 4.0",
        "∂y: 2.0 + 2.0 = 4.0",
    ]
    assert grads[0].muted and [g.call_index for g in grads[1:]] == [2, 3]
    assert inspect_node(tape_model, state, x_node).text.count("∂y/∂x (gradient(y, x) #") == 4  # type: ignore[union-attr]
