"""frame_state: a pure function of the timeline index (no Qt), checked on real engine events."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.frame_state import FrameState, call_frames, frame_state
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel


def _tapes(program) -> list[TapeModel]:  # type: ignore[no-untyped-def]
    with trace.collecting() as events:
        program()
    return list(Session.from_events(events).tapes.values())


def _fan_in() -> None:
    """y = x * x; z = y + x: x receives three contributions (two from the multiply)."""
    x = ve.constant(3.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = y + x
    tape.gradient(z, x)


def _nodes(tape: TapeModel) -> tuple[str, str, str]:
    mul, add = tape.records
    return f"t{mul.inputs[0].id}", f"t{mul.output.id}", f"t{add.output.id}"


def _states(tape: TapeModel) -> list[FrameState]:
    timeline = tape.timeline()
    return [frame_state(tape, timeline, i) for i in range(len(timeline))]


def test_values_hidden_before_their_forward_frame() -> None:
    (tape,) = _tapes(_fan_in)
    x, y, z = _nodes(tape)
    states = _states(tape)
    assert [s.kind for s in states] == ["forward", "forward", "seed", "backward", "backward",
                                        "result"]  # fmt: skip
    assert states[0].visible_values == {x, y} and states[0].hidden_values == {z}
    assert states[0].value(z) is None and states[0].is_visible(x)
    assert float(states[0].value(y)) == 9.0
    assert states[1].visible_values == {x, y, z}
    assert float(states[1].value(z)) == 12.0
    assert states[0].done_ops == {f"op{tape.records[0].record_id}"}
    assert len(states[1].done_ops) == 2 and all(s.is_done(n) for s in states[1:]
                                                 for n in states[1].done_ops)  # fmt: skip


def test_gradients_none_before_their_backward_step() -> None:
    (tape,) = _tapes(_fan_in)
    x, y, z = _nodes(tape)
    states = _states(tape)
    assert states[0].gradients == {} and states[0].call_id is None
    seed = states[2]
    assert seed.gradient(x) is None and seed.gradient(y) is None
    assert float(seed.gradient(z)) == 1.0
    add_step = states[3]  # z = y + x: y gets 1, x gets 1
    assert float(add_step.gradient(y)) == 1.0 and float(add_step.gradient(x)) == 1.0
    mul_step = states[4]  # y = x * x: x gets 3 + 3 more
    assert float(mul_step.gradient(x)) == 7.0
    assert mul_step.gradients.keys() == {x, y, z}


def test_fan_in_contributions_sum_to_the_total() -> None:
    (tape,) = _tapes(_fan_in)
    x, y, _ = _nodes(tape)
    state = _states(tape)[4]
    terms = state.contributions_of(x)
    assert [op for op, _ in terms] == [f"op{tape.records[1].record_id}",
                                       *[f"op{tape.records[0].record_id}"] * 2]  # fmt: skip
    assert sum(float(v) for _, v in terms) == pytest.approx(float(state.gradient(x)))
    for node, parts in state.contributions.items():
        total = sum(np.asarray(v, dtype=np.float64) for _, v in parts)
        np.testing.assert_allclose(total, state.gradients[node])
    assert state.contributions_of(y)[0][0] == f"op{tape.records[1].record_id}"
    assert state.chain is not None and state.chain.op == "multiply"
    assert [float(t.local) for t in state.chain.terms] == [3.0, 3.0]


def test_result_frame_and_earlier_calls() -> None:
    def program() -> None:
        x = ve.constant(2.0)
        with ve.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
            z = ve.sin(x)
        tape.gradient(y, x)
        tape.gradient(z, x)

    (tape,) = _tapes(program)
    timeline = tape.timeline()
    first, second = (c.id for c in tape.gradient_calls)
    x = f"t{tape.records[0].inputs[0].id}"
    first_frames, second_frames = call_frames(timeline, first), call_frames(timeline, second)
    before_result = frame_state(tape, timeline, first_frames[-2])
    assert before_result.results == {} and before_result.result(x) is None
    result = frame_state(tape, timeline, first_frames[-1])
    assert result.kind == "result" and float(result.results[x][0]) == 4.0
    assert result.result(x)[1] == ""
    later = frame_state(tape, timeline, second_frames[0])
    assert later.call_id == second and later.gradient(x) is None
    assert float(later.earlier_gradients[first][x]) == 4.0
    assert second not in later.earlier_gradients
    end = frame_state(tape, timeline, -1)
    assert float(end.gradient(x)) == pytest.approx(np.cos(2.0))


def _gradient_values(state: object) -> dict[str, object]:
    gradients = dict(state.gradients)  # type: ignore[attr-defined]
    return {node: np.asarray(value).tolist() for node, value in gradients.items()}


def test_frame_state_is_pure() -> None:
    (tape,) = _tapes(_fan_in)
    timeline = tape.timeline()
    # The same frames asked for in opposite orders give the same gradients, key and value.
    forward = [_gradient_values(frame_state(tape, timeline, i)) for i in range(len(timeline))]
    backward = [
        _gradient_values(frame_state(tape, timeline, i)) for i in reversed(range(len(timeline)))
    ]
    assert forward == backward[::-1]
    # ... and the right ones, whatever was asked before: dz/dz = 1, dz/dy = 1, dz/dx = 2x + 1.
    x, y, z = _nodes(tape)
    assert forward[-1][z] == 1.0 and forward[-1][y] == 1.0 and forward[-1][x] == 7.0
    with pytest.raises(IndexError):
        frame_state(tape, timeline, len(timeline))


def _long_tape(iterations: int) -> TapeModel:
    with trace.collecting() as events:
        x = ve.constant(0.5)
        w = ve.constant(0.9)
        with ve.GradientTape() as tape:
            tape.watch(x)
            h = x
            for _ in range(iterations):
                h = h * w + x  # x fans in `iterations` times
        tape.gradient(h, x)
    (model,) = Session.from_events(events).tapes.values()
    return model


def test_frame_state_on_a_2000_node_tape() -> None:
    # Speed (< 16 ms a step) is measured by benchmarks/session_scale.py, not asserted here.
    tape = _long_tape(500)  # 1,000 ops, 1,000+ tensors
    graph = tape.graph()
    assert graph.number_of_nodes() >= 2000
    timeline = tape.timeline()
    x = f"t{tape.records[0].inputs[0].id}"
    for index in range(0, len(timeline), 7):
        state = frame_state(tape, timeline, index)
        state.visible_values, state.done_ops, state.gradients  # noqa: B018
        state.earlier_gradients, state.contributions_of(x)  # noqa: B018
    end = frame_state(tape, timeline, -1)
    parts = end.contributions_of(x)
    assert len(parts) == 501  # 500 adds + the first multiply
    assert sum(float(v) for _, v in parts) == pytest.approx(float(end.gradient(x)), rel=1e-4)
