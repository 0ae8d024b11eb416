"""`function`: trace once, replay equals eager (values and gradients), effects every call."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import FunctionTraced, OpRecorded, TapeOpened
from visualtape.engine.function import function


def body(x, w):  # type: ignore[no-untyped-def]
    h = ve.tanh(ve.matmul(x, w))
    return ve.reduce_mean(h * h + ve.sin(h)), h


def test_replay_equals_eager_values_and_gradients() -> None:
    traced = function(body)
    w = ve.Variable(np.random.default_rng(0).normal(size=(3, 2)))
    traced(ve.constant(np.ones((4, 3))), w)  # the trace
    for seed in (1, 2):
        x = ve.constant(np.random.default_rng(seed).normal(size=(4, 3)))
        with ve.GradientTape(persistent=True) as tape:
            tape.watch(x)
            eager_loss, _ = body(x, w)
            replay_loss, _ = traced(x, w)
        assert float(replay_loss) == float(eager_loss)
        for source in (x, w):
            np.testing.assert_array_equal(
                tape.gradient(replay_loss, source).numpy(),
                tape.gradient(eager_loss, source).numpy(),
            )
        del tape
    assert traced.experimental_get_tracing_count() == 1


def test_replay_reads_current_variable_values() -> None:
    v = ve.Variable(2.0)

    @function
    def scaled(x):  # type: ignore[no-untyped-def]
        return x * v

    assert float(scaled(ve.constant(3.0))) == 6.0
    v.assign(5.0)
    assert float(scaled(ve.constant(3.0))) == 15.0


def test_tape_and_assign_inside_replay_update_each_call() -> None:
    w = ve.Variable([[1.0], [2.0]])

    @function
    def step(a):  # type: ignore[no-untyped-def]
        with ve.GradientTape() as tape:
            loss = ve.reduce_sum(ve.matmul(a, w) ** 2)
        w.assign_sub(0.1 * tape.gradient(loss, w))
        return loss

    a = ve.constant([[1.0, 1.0]])
    with trace.collecting() as events:
        losses = [float(step(a)) for _ in range(3)]
    assert losses == pytest.approx([9.0, 3.24, 1.1664], rel=1e-5)
    assert sum(isinstance(e, TapeOpened) for e in events) == 3  # a fresh tape per call
    traced = [e for e in events if isinstance(e, FunctionTraced)]
    assert len(traced) == 1 and traced[0].trace_count == 1 and traced[0].reason == "first call"
    assert traced[0].ops == (
        "GradientTape.enter",
        "matmul",
        "pow",
        "reduce_sum",
        "GradientTape.exit",
        "GradientTape.gradient",
        "multiply",
        "Variable.assign_sub",
    )
    assert traced[0].signature == "(a: float32[1,2])"


def test_replayed_ops_carry_the_function_scope() -> None:
    @function
    def square(x):  # type: ignore[no-untyped-def]
        return x * x

    x = ve.constant(3.0)
    square(x)
    with trace.collecting() as events, ve.GradientTape() as tape:
        tape.watch(x)
        y = square(x)
    assert [(e.op, e.scope) for e in events if isinstance(e, OpRecorded)] == [
        ("multiply", "square")
    ]
    assert float(tape.gradient(y, x)) == 6.0


def test_value_dependent_branch_runs_eagerly_instead_of_freezing() -> None:
    @function
    def absolute(x):  # type: ignore[no-untyped-def]
        if x > 0:
            return x
        return -x

    assert float(absolute(ve.constant(2.0))) == 2.0
    assert float(absolute(ve.constant(-3.0))) == 3.0  # a frozen branch would answer -3.0
    assert absolute.experimental_get_tracing_count() == 1


def test_variables_only_on_first_trace() -> None:
    created = []

    @function
    def make(x):  # type: ignore[no-untyped-def]
        created.append(ve.Variable(1.0))
        return x + created[-1]

    make(ve.constant(1.0))
    with pytest.raises(ValueError, match="singleton tf.Variables"):
        make(ve.constant([1.0, 2.0]))


def test_keras_style_lazy_build_on_first_trace() -> None:
    from visualtape.engine.nn import layers

    layer = layers.Dense(2, kernel_initializer="ones")

    @function
    def forward(x):  # type: ignore[no-untyped-def]
        return layer(x)

    assert forward(ve.constant([[1.0, 2.0]])).numpy().tolist() == [[3.0, 3.0]]
    layer.kernel.assign([[2.0, 2.0], [2.0, 2.0]])
    assert forward(ve.constant([[1.0, 1.0]])).numpy().tolist() == [[4.0, 4.0]]


def test_methods_trace_per_instance_and_concrete_functions() -> None:
    class Scaler:
        def __init__(self, k: float) -> None:
            self.k = k

        @function
        def __call__(self, x):  # type: ignore[no-untyped-def]
            return x * self.k

    two, three = Scaler(2.0), Scaler(3.0)
    assert float(two(ve.constant(1.0))) == 2.0 and float(three(ve.constant(1.0))) == 3.0
    concrete = two.__call__.get_concrete_function(ve.constant(5.0))
    assert concrete.graph.op_names() == ("multiply",)
    assert len(two.__call__.traced_graphs) == 1


def test_input_signature_rejects_incompatible_and_accepts_none_dims() -> None:
    from visualtape.engine.function import TensorSpec

    @function(input_signature=[TensorSpec(shape=[None], dtype="float32")])
    def total(x):  # type: ignore[no-untyped-def]
        return ve.reduce_sum(x)

    assert float(total(ve.constant([1.0, 2.0]))) == 3.0
    assert float(total(ve.constant([1.0, 2.0, 3.0]))) == 6.0
    assert float(total(ve.constant([1.0, 2.0, 3.0, 4.0]))) == 10.0
    with pytest.raises(TypeError, match="not compatible"):
        total(ve.constant([[1.0]]))


def test_structures_and_python_arguments() -> None:
    @function
    def combine(pair, scale=2):  # type: ignore[no-untyped-def]
        a, b = pair
        return {"sum": (a + b) * scale}

    out = combine((ve.constant(1.0), ve.constant(2.0)))
    assert float(out["sum"]) == 6.0
    assert float(combine((ve.constant(3.0), ve.constant(4.0)))["sum"]) == 14.0
    assert float(combine((ve.constant(3.0), ve.constant(4.0)), scale=3)["sum"]) == 21.0
    assert combine.experimental_get_tracing_count() == 2


def test_replayed_ops_point_at_the_lines_of_the_function_body() -> None:
    """A replay runs no Python body, yet its events name the body's lines (the code view
    highlights `loss = ...` inside the function, not the line that called it)."""
    import inspect

    from visualtape import engine as ve
    from visualtape.engine import trace
    from visualtape.engine.events import GradientStarted, OpRecorded
    from visualtape.engine.function import function

    @function
    def step(x: ve.Tensor) -> ve.Tensor:
        with ve.GradientTape() as tape:
            tape.watch(x)
            loss = ve.square(x * 3.0)
        return tape.gradient(loss, x)

    source, first = inspect.getsourcelines(step.python_function)
    body = {text.strip().split(" =")[0]: first + i for i, text in enumerate(source)}
    with trace.collecting() as events:
        for value in (1.0, 2.0, 3.0):  # one trace, then two replays
            step(ve.constant(value))
    ops = [e for e in events if isinstance(e, OpRecorded)]
    assert len(ops) == 6 and {e.location.line for e in ops} == {body["loss"]}
    starts = [e for e in events if isinstance(e, GradientStarted)]
    assert [e.location.line for e in starts] == [body["return tape.gradient(loss, x)"]] * 3
