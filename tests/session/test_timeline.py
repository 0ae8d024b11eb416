"""Timelines: frame counts, kinds, order, segments and captions, from real engine events."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from programs import nested_second_derivative

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import (
    BackwardStep,
    GradientFailed,
    GradientStarted,
    OpRecorded,
    TensorInfo,
)
from visualtape.session.chainrule import forward_caption
from visualtape.session.model import Session
from visualtape.session.notation import format_value
from visualtape.session.timeline import call_label


def _tapes(program) -> list:  # type: ignore[no-untyped-def]
    with trace.collecting() as events:
        program()
    return list(Session.from_events(events).tapes.values())


def _seeds() -> None:
    x = ve.ones((2, 2))
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = ve.reduce_sum(x)
        z = y * y
    tape.gradient(z, x)


def test_seeds_timeline_frames_in_order() -> None:
    (tape,) = _tapes(_seeds)
    timeline = tape.timeline()
    kinds = [f.kind for f in timeline.frames]
    assert kinds == ["forward", "forward", "seed", "backward", "backward", "result"]
    assert [f.index for f in timeline.frames] == list(range(6))
    call_id = tape.gradient_calls[0].id
    assert [f.call_id for f in timeline.frames] == [None, None, *[call_id] * 4]
    r1, r2 = (r.record_id for r in tape.records)
    assert [f.record_id for f in timeline.frames] == [r1, r2, None, r2, r1, None]
    labels = [(s.kind, s.label, s.start, s.stop) for s in timeline.segments]
    assert labels == [("forward", "forward", 0, 2), ("gradient", "gradient(z, x) #1", 2, 6)]
    assert timeline.segment_at(3) is timeline.segments[1]


def test_seeds_captions_fill_in_numbers() -> None:
    (tape,) = _tapes(_seeds)
    captions = [f.caption for f in tape.timeline().frames]
    assert captions[0] == "y = reduce_sum(x) = 4.0"
    assert captions[1] == "z = y × y = 16.0"
    assert captions[2] == "seed: ∂z/∂z = 1.0"
    # y feeds both inputs of z = y * y: each contribution is added (+=) and its local factor is
    # the partial by that input alone
    assert "∂z/∂y [input 1] += ∂z/∂z · ∂(y × y)/∂y [input 1] = 1.0 · 4.0 = 4.0" in captions[3]
    assert "(running total 8.0)" in captions[3]
    # reduce_sum has no element-wise local derivative: the rule is shown in words
    assert "upstream 8.0, upstream copied back to every summed element" in captions[4]
    assert captions[5] == "result: ∂z/∂x = [[8.0, 8.0], [8.0, 8.0]]"


def test_expressions_are_bracketed_after_the_partial_sign() -> None:
    """An unnamed intermediate is labelled by its expression: `∂z/∂(x × x)`, not `∂z/∂x × x`
    (which reads as (∂z/∂x) × x); its forward caption does not repeat it."""

    def program() -> None:
        x = ve.constant(3.0)
        with ve.GradientTape() as tape:
            tape.watch(x)
            z = (x * x) * x
        tape.gradient(z, x)

    (tape,) = _tapes(program)
    captions = [f.caption for f in tape.timeline().frames]
    assert captions[0] == "x × x = 9.0"
    assert captions[1] == "z = (x × x) × x = 27.0"
    assert captions[3].startswith("∂z/∂(x × x) = ∂z/∂z · ∂z/∂(x × x) = 1.0 · 3.0 = 3.0;")


def test_frame_locations_point_at_op_then_gradient_call() -> None:
    (tape,) = _tapes(_seeds)
    frames = tape.timeline().frames
    op_lines = [r.location.line for r in tape.records]
    call_line = tape.gradient_calls[0].location.line
    assert [frames[0].location.line, frames[1].location.line] == op_lines
    assert {f.location.line for f in frames[2:]} == {call_line}
    assert call_line > max(op_lines)


def test_active_nodes_and_edges() -> None:
    (tape,) = _tapes(_seeds)
    frames = tape.timeline().frames
    graph = tape.graph()
    for frame in frames:
        assert all(node in graph for node in frame.active_nodes)
        assert all(graph.has_edge(u, v) for u, v in frame.active_edges)
    x, y, z = (
        f"t{i}" for i in (tape.records[0].inputs[0].id, *(r.output.id for r in tape.records))
    )
    op1, op2 = (f"op{r.record_id}" for r in tape.records)
    assert frames[1].active_nodes == (op2, y, z)
    assert frames[1].active_edges == ((y, op2), (op2, z))
    assert frames[2].active_nodes == (z,)
    assert frames[4].active_edges == ((op1, y), (x, op1))
    assert frames[5].active_nodes == (x,)


def test_persistent_tape_interleaves_forward_and_gradient_segments() -> None:
    def program() -> None:
        x = ve.constant(3.0)
        with ve.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
            tape.gradient(y, x)  # noqa: B018 -- recorded inside the tape on purpose
            z = ve.sin(y)
        tape.gradient(z, x)

    with pytest.warns(UserWarning):
        (tape,) = _tapes(program)
    timeline = tape.timeline()
    kinds = [s.kind for s in timeline.segments]
    # the first call's VJP ops are recorded by the tape itself (a forward segment of their own)
    assert kinds == ["forward", "gradient", "forward", "forward", "gradient"]
    gradients = [s for s in timeline.segments if s.kind == "gradient"]
    assert [s.label for s in gradients] == ["gradient(y, x) #1", "gradient(z, x) #2"]
    assert all(s.call_id is None for s in timeline.segments if s.kind == "forward")
    sin_frame = next(f for f in timeline.frames if f.caption.startswith("z = sin(y)"))
    assert gradients[0].stop <= sin_frame.index < gradients[1].start
    recorded = [f for f in timeline.frames if f.inner_call_id == gradients[0].call_id]
    assert len(recorded) == 3 and all(f.kind == "forward" for f in recorded)


def test_jacobian_rows_name_the_target_element_they_differentiate() -> None:
    def program() -> None:
        x = ve.constant([1.0, 2.0])
        examples = ve.constant([[1.0], [2.0]])
        with ve.GradientTape(persistent=True) as tape:
            tape.watch([x, examples])
            y = x * x
            batch = examples * 3.0
        tape.jacobian(y, x)
        tape.batch_jacobian(batch, examples)

    (tape,) = _tapes(program)
    timeline = tape.timeline()
    captions = [frame.caption for frame in timeline.frames if frame.kind != "forward"]
    assert captions[0] == "seed: ∂y[0]/∂y = [1.0, 0.0]"  # d y[0] / d y is one-hot
    assert "result: ∂y[0]/∂x = [2.0, 0.0]" in captions
    assert "result: ∂y[1]/∂x = [0.0, 4.0]" in captions
    assert "seed: ∂batch[:, 0]/∂batch = [[1.0], [1.0]]" in captions  # every example's element 0
    assert "result: ∂batch[:, 0]/∂examples = [[3.0], [3.0]]" in captions
    rows = [track.element for track in timeline.calls.values()]
    assert rows == ["[0]", "[1]", "[:, 0]"]


def test_jacobian_rows_keep_their_element_when_seeds_are_summarised() -> None:
    # a target over the value budget (256 elements): the one-hot seeds reach the session as
    # summaries, so the row's element comes from the event itself
    from visualtape.session.stream import StreamDecoder, encode_event, encode_header

    with trace.collecting() as events:
        x = ve.constant(np.linspace(0.0, 1.0, 300))
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = x * 2.0
        tape.jacobian(y, x)
    decoder = StreamDecoder()
    decoded = decoder.feed(encode_header() + b"".join(encode_event(e) for e in events))
    (tape_model,) = Session.from_events(decoded).tapes.values()
    timeline = tape_model.timeline()
    results = [f.caption for f in timeline.frames if f.kind == "result"]
    assert len(results) == 300
    assert results[299] == "result: ∂y[299]/∂x = 300 array (mean 0.006667)"
    assert tape_model.spent  # the last row released the tape


def test_spent_tape_failure_is_a_result_frame() -> None:
    def program() -> None:
        x = ve.constant(3.0)
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = x * 2.0
        tape.gradient(y, x)
        with contextlib.suppress(RuntimeError):
            tape.gradient(y, x)

    (tape,) = _tapes(program)
    timeline = tape.timeline()
    last = timeline.frames[-1]
    assert last.kind == "result" and last.caption.startswith("gradient failed: RuntimeError")
    assert timeline.segments[-1].label == "gradient(y, x) #2"  # named though it failed


def test_unwatched_source_result_gives_the_reason() -> None:
    def program() -> None:
        x = ve.constant(3.0)
        c = ve.constant(1.0)
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = x * c
        tape.gradient(y, [x, c])

    (tape,) = _tapes(program)
    assert tape.timeline().frames[-1].caption == "result: ∂y/∂x = 1.0; ∂y/∂c = None (not watched)"


def test_nested_outer_timeline_marks_inner_gradient_ops() -> None:
    outer, inner = _tapes(nested_second_derivative)
    inner_call = inner.gradient_calls[0].id
    frames = outer.timeline().frames
    recorded = [f for f in frames if f.kind == "forward" and f.inner_call_id == inner_call]
    assert len(recorded) == len(outer.records) - 1
    segments = outer.timeline().segments
    assert [s.kind for s in segments] == ["forward", "forward", "gradient"]
    assert "recorded gradient ops" in segments[1].label
    assert segments[2].label == "gradient(dy, x) #1"
    assert [f.kind for f in inner.timeline().frames] == ["forward", "seed", "backward", "result"]


def test_chain_rule_local_derivative_only_when_exact() -> None:
    def program() -> None:
        a = ve.constant([1.0, 2.0])
        b = ve.constant(3.0)
        with ve.GradientTape() as tape:
            tape.watch([a, b])
            y = a * b  # b is broadcast: its contribution is summed, no element-wise local ∂
            s = ve.reduce_sum(y)
        tape.gradient(s, [a, b])

    (tape,) = _tapes(program)
    mul = tape.records[0].record_id
    step = next(f for f in tape.timeline().frames if f.kind == "backward" and f.record_id == mul)
    chain = step.chain
    assert chain is not None and chain.op == "multiply"
    term_a, term_b = chain.terms
    np.testing.assert_allclose(term_a.local, [3.0, 3.0])
    assert term_a.text == "∂s/∂a = ∂s/∂y · ∂y/∂a = [1.0, 1.0] · [3.0, 3.0] = [3.0, 3.0]"
    assert term_b.local is None
    assert (
        term_b.text
        == "∂s/∂b = ∂s/∂y · ∂y/∂b: upstream [1.0, 1.0], upstream × the other input, summed over "
        "the broadcast axes → 3.0"
    )


def test_a_contribution_is_added_only_where_paths_meet_and_untracked_inputs_say_so() -> None:
    """out = (c · x) · x: x gets two contributions (`+=`, the second with its running total);
    (c · x) gets one (`=`); the constant c is not tracked, so no gradient is computed for it."""

    def program() -> None:
        x, c = ve.constant(2.0), ve.constant(1.0)
        with ve.GradientTape() as tape:
            tape.watch(x)
            cx = c * x
            out = cx * x
        tape.gradient(out, x)

    (tape,) = _tapes(program)
    captions = [f.caption for f in tape.timeline().frames if f.kind == "backward"]
    assert captions == [
        "∂out/∂cx = ∂out/∂out · ∂out/∂cx = 1.0 · 2.0 = 2.0; "
        "∂out/∂x += ∂out/∂out · ∂(cx × x)/∂x = 1.0 · 2.0 = 2.0",
        "∂out/∂c: not tracked; ∂out/∂x += ∂out/∂cx · ∂cx/∂x = 2.0 · 1.0 = 2.0 (running total 4.0)",
    ]
    # the untracked constant is not lit up as if a gradient flowed into it
    last = [f for f in tape.timeline().frames if f.kind == "backward"][-1]
    c_node = f"t{tape.records[0].inputs[0].id}"
    x_node = f"t{tape.records[0].inputs[1].id}"
    assert x_node in last.active_nodes and c_node not in last.active_nodes
    assert all(c_node not in edge for edge in last.active_edges)


def test_a_call_on_a_spent_tape_is_named_by_its_tensors() -> None:
    def program() -> None:
        x = ve.constant(3.0)
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = x * x
        tape.gradient(y, x)
        with contextlib.suppress(RuntimeError):
            tape.gradient(y, [x])  # spent: fails before it starts

    with trace.collecting() as events:
        program()
    failed = [e for e in events if isinstance(e, GradientFailed)]
    assert len(failed) == 1 and failed[0].error_type == "RuntimeError"
    assert len(failed[0].target_ids) == 1 and len(failed[0].source_ids) == 1
    session = Session.from_events(events)
    (tape,) = session.tapes.values()
    labels = [call_label(call, session.name_table) for call in tape.gradient_calls]
    assert labels == ["gradient(y, x) #1", "gradient(y, x) #2"]


def _info(tensor_id: int, value: object) -> TensorInfo:
    array = np.asarray(value, dtype=np.float64)
    return TensorInfo(tensor_id, "intermediate", "float64", array.shape, array)


def test_hand_made_in_progress_call_has_no_result_frame() -> None:
    x, y = _info(1, 2.0), _info(2, 4.0)
    events = [
        OpRecorded(1, (1,), "square", (x,), y, {}, None, None, None),
        GradientStarted(1, 1, (y,), (x,), (np.array(1.0),), None),
        BackwardStep(1, 1, "square", 2, np.array(1.0), (1,), (np.array(4.0),), (np.array(4.0),)),
    ]
    tape = Session.from_events(events).tapes[1]
    timeline = tape.timeline()
    assert [f.kind for f in timeline.frames] == ["forward", "seed", "backward"]
    assert timeline.calls[1].result_frame is None
    # the unnamed output is captioned by its expression, as the canvas labels it
    assert timeline.frames[2].caption == "∂t1²/∂t1 = ∂t1²/∂t1² · ∂t1²/∂t1 = 1.0 · 4.0 = 4.0"


def test_summarised_gradient_sent_twice_is_no_running_total() -> None:
    from visualtape.session.chainrule import term_text
    from visualtape.session.values import summarize

    grad = np.linspace(0.0, 2.0, 601)
    # the contribution and the total are one array, decoded as two summaries
    contribution, total = summarize(grad), summarize(grad.copy())
    assert contribution is not total
    text = term_text("loss", "relu", "h", summarize(grad), contribution, None, "rule", total)
    assert "running total" not in text
    summed = summarize(grad * 2)
    text = term_text("loss", "relu", "h", summarize(grad), contribution, None, "rule", summed)
    assert "(running total 601 array (mean 2.0))" in text


def test_format_value_and_forward_caption() -> None:
    assert format_value(np.array(3)) == "3"
    assert format_value(np.float32(0.1)) == "0.1"
    assert format_value(np.zeros((3, 3))) == "3×3 array, all 0.0"
    assert format_value(np.arange(6.0).reshape(2, 3)) == "2×3 array (mean 2.5)"
    assert format_value(np.array(["a", "b", "c", "d", "e"])) == "5 array"
    assert format_value(None) == "None"
    assert forward_caption("y", "AddV2", ["a", "b"], np.array(1.5)) == "y = a + b = 1.5"


def test_summaries_never_read_as_one_value() -> None:
    # a summary's statistics ignore nan: equal min and max do not make the array constant
    from visualtape.session.values import summarize

    with_nan = np.r_[np.full(299, 1.0), np.nan]
    assert format_value(summarize(with_nan)) == "300 array (mean 1.0)"
    assert format_value(np.full(6, 1.0)) == "6 array, all 1.0"  # whole arrays are checked
