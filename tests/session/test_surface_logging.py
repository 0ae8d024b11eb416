"""The script-side API of the training views: log_scalar, tf.summary.scalar, loss surfaces."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from visualtape.engine import trace
from visualtape.engine.events import LossSurface, PrintOutput, ScalarLogged
from visualtape.engine.logging import (
    VariableRanges,
    log_scalar,
    loss_surface,
    summary_scalar,
    surface_from_namespace,
)
from visualtape.engine.tensor import constant
from visualtape.engine.variable import Variable


def test_log_scalar_emits_with_steps_and_is_free_without_a_sink() -> None:
    # No sink: nothing is done at all (not even reading the value, nor counting a step).
    log_scalar("acc-steps", 1.0)
    log_scalar("acc-steps", np.zeros(3))  # would be refused if it were read
    iterations = Variable(np.int64(10), trainable=False)
    with trace.collecting() as events:
        log_scalar("acc-steps", constant(0.25))
        log_scalar("acc-steps", np.float32(0.5))
        log_scalar("acc-steps", 0.75, step=iterations)
        log_scalar("acc-steps", 1.0)
    assert events == [
        ScalarLogged("acc-steps", 0, 0.25),
        ScalarLogged("acc-steps", 1, 0.5),
        ScalarLogged("acc-steps", 10, 0.75),
        ScalarLogged("acc-steps", 11, 1.0),
    ]


def test_log_scalar_rejects_arrays() -> None:
    with trace.collecting(), pytest.raises(ValueError, match="single number"):
        log_scalar("bad", np.zeros(3))


def test_summary_scalar_answers_like_tensorflow() -> None:
    assert summary_scalar("tf-style", 1.0, step=0) is False  # no writer (here: no visualizer)
    with trace.collecting() as events:
        assert summary_scalar("tf-style", 2.0, step=4, description="ignored") is True
    assert events == [ScalarLogged("tf-style", 4, 2.0)]


def _bowl(w: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (w - 3.0) ** 2 + (b - 1.0) ** 2


def test_explicit_loss_surface_is_one_event_and_never_runs_without_a_sink() -> None:
    w, b = Variable(-1.0, name="w"), Variable(-1.0, name="b")
    calls: list[Any] = []
    loss_surface(lambda x, y: calls.append(x), w, b)
    assert calls == []
    with trace.collecting() as events:
        loss_surface(_bowl, w, b, x_range=(-2.0, 4.0), y_range=(-2.0, 2.0), resolution=500)
    (event,) = events
    assert isinstance(event, LossSurface)
    assert (event.x_name, event.y_name) == ("w", "b")
    assert (event.x_variable_id, event.y_variable_id) == (w.id, b.id)
    assert event.values.shape == (64, 64)  # resolution capped to fit the value budget
    assert event.xs[0] == -2.0 and event.ys[-1] == 2.0
    assert event.values[0, 0] == pytest.approx(_bowl(np.array(-2.0), np.array(-2.0)))
    assert not event.values.flags.writeable


def _observed(*pairs: tuple[Variable, float]) -> VariableRanges:
    ranges = VariableRanges()
    with trace.collecting() as events:
        for variable, value in pairs:
            variable.assign(value)
    for event in events:
        ranges.observe(event)
    return ranges


def test_module_hook_uses_the_parameter_names_and_the_path_range() -> None:
    w, b = Variable(0.0, name="w"), Variable(0.0, name="b")
    other = Variable(5.0, name="other")
    ranges = _observed((w, -1.0), (w, 3.0), (b, 1.0))

    def loss_surface(b_grid: np.ndarray, w_grid: np.ndarray) -> np.ndarray:
        return _bowl(w_grid, b_grid)

    namespace = {"other": other, "w": w, "b": b, "loss_surface": loss_surface}
    event = surface_from_namespace(namespace, ranges)
    assert isinstance(event, LossSurface)
    assert (event.x_name, event.y_name) == ("b", "w")  # x is the first parameter
    assert event.ys[0] < -1.0 and event.ys[-1] > 3.0  # w's whole path, with a margin
    assert event.xs[0] < 1.0 < event.xs[-1]


def test_module_hook_falls_back_to_the_first_two_scalar_variables() -> None:
    counter = Variable(np.int64(0), trainable=False, name="iter")
    x, y = Variable(1.0, name="x"), Variable(2.0, name="y")
    namespace = {"counter": counter, "x": x, "y": y, "loss_surface": lambda p, q: p * 0 + q}
    event = surface_from_namespace(namespace, VariableRanges())
    assert isinstance(event, LossSurface) and (event.x_name, event.y_name) == ("x", "y")


def test_module_hook_reports_failures_and_ignores_scripts_without_one() -> None:
    w, b = Variable(0.0, name="w"), Variable(0.0, name="b")
    assert surface_from_namespace({"w": w, "b": b}, VariableRanges()) is None
    assert surface_from_namespace({"loss_surface": _bowl}, VariableRanges()) is None

    def broken(w_grid: np.ndarray, b_grid: np.ndarray) -> np.ndarray:
        raise ZeroDivisionError("oops")

    event = surface_from_namespace({"w": w, "b": b, "loss_surface": broken}, VariableRanges())
    assert isinstance(event, PrintOutput) and event.stream == "stderr"
    assert "ZeroDivisionError: oops" in event.text
    wrong_shape = {"w": w, "b": b, "loss_surface": lambda w_grid, b_grid: 1.0}
    assert isinstance(surface_from_namespace(wrong_shape, VariableRanges()), PrintOutput)
