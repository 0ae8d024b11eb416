"""Scalar series: compact storage and what the session feeds into them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from visualtape.engine.events import (
    ScalarLogged,
    TapeOpened,
    TensorInfo,
    VariableAssigned,
    VariableCreated,
)
from visualtape.session.model import Session
from visualtape.session.series import (
    LOSSES,
    METRICS,
    NO_TAPE,
    PARAMETERS,
    ScalarSeries,
    is_training,
    panes_of,
    plot_pane,
    scalar_of,
)


def test_series_append_and_arrays() -> None:
    series = ScalarSeries("loss")
    assert len(series) == 0 and series.last is None
    for step in range(5):
        series.append(step, 1.0 / (step + 1))
    assert series.revision == 5 and series.last == 0.2
    steps, values = series.steps_array(), series.values_array()
    assert steps.dtype == np.int64 and values.dtype == np.float64
    series.append(5, 0.0)
    assert len(steps) == 5  # copies: safe to keep while the series grows
    steps[0], values[0] = 99, 99.0  # and changing them leaves the series alone
    assert series.steps_array()[0] == 0 and series.values_array()[0] == 1.0


def test_scalar_of() -> None:
    assert scalar_of(np.array([[2.5]])) == 2.5
    assert scalar_of(3) == 3.0
    assert scalar_of(np.zeros(2)) is None
    assert scalar_of(True) is None
    assert scalar_of(np.array("a")) is None


def _variable(tensor_id: int, name: str | None, value: float) -> VariableCreated:
    array = np.array(value, dtype=np.float32)
    info = TensorInfo(tensor_id, "variable", "float32", (), array, name, True)
    return VariableCreated(info, None)


def test_session_series_from_hand_made_events() -> None:
    session = Session.from_events(
        [
            _variable(1, "w:0", 1.0),
            _variable(2, "w:0", 5.0),  # same name: a distinct series
            _variable(3, None, 0.0),
            VariableAssigned(1, "w", np.array(0.5), "assign_sub", None),
            ScalarLogged("accuracy", 10, 0.5),
            ScalarLogged("accuracy", 20, 0.75),
        ]
    )
    assert set(session.series) == {"w", "w #2", "Variable 3", "accuracy"}
    assert session.series["w"].values_array().tolist() == [1.0, 0.5]
    assert session.series["w"].steps_array().tolist() == [0, 1]
    assert session.series["w #2"].kind == "variable"
    assert session.series["accuracy"].steps_array().tolist() == [10, 20]
    assert session.names == {1: "w", 2: "w"}


def test_points_remember_their_tape() -> None:
    series = ScalarSeries("w", "variable")
    series.append(0, 1.0)  # the initial value: no tape yet
    series.append(1, 0.5, tape_id=7)
    series.append(2, 0.25, tape_id=9)
    assert series.tapes.tolist() == [NO_TAPE, 7, 9]
    assert [series.tape_at(i) for i in range(3)] == [7, 7, 9]
    assert ScalarSeries("x").tape_at(0) is None


@dataclass
class _Var:
    dtype: str
    trainable: bool
    series_key: str | None


def test_panes_leave_out_integer_counters() -> None:
    series = {
        "w": ScalarSeries("w", "variable"),
        "Adam/iter": ScalarSeries("Adam/iter", "variable"),
        "loss (gradient target)": ScalarSeries("loss (gradient target)", "gradient_target"),
        "test_loss": ScalarSeries("test_loss", "logged"),
        "accuracy": ScalarSeries("accuracy", "logged"),
    }
    variables = [_Var("float32", True, "w"), _Var("int64", False, "Adam/iter")]
    panes = panes_of(series, variables)
    assert [s.name for s in panes[PARAMETERS]] == ["w"]
    assert [s.name for s in panes[LOSSES]] == ["loss (gradient target)", "test_loss"]
    assert [s.name for s in panes[METRICS]] == ["accuracy"]
    assert plot_pane(series["Adam/iter"]) == PARAMETERS  # without the Variable, no dtype known


def test_a_loss_the_script_also_logs_is_plotted_once() -> None:
    """`loss = ...; tape.gradient(loss, ...); tf.summary.scalar("loss", loss)`: one curve, the
    logged one (two curves both named "loss" on one axis read as a bug)."""
    target = ScalarSeries("loss (gradient target)", "gradient_target")
    series = {target.name: target, "loss": ScalarSeries("loss", "logged")}
    assert [s.name for s in panes_of(series)[LOSSES]] == ["loss"]
    other = {target.name: target, "val_loss": ScalarSeries("val_loss", "logged")}
    assert [s.name for s in panes_of(other)[LOSSES]] == ["loss (gradient target)", "val_loss"]


def _filled(name: str, kind: str, count: int) -> ScalarSeries:
    series = ScalarSeries(name, kind)
    for step in range(count):
        series.append(step, float(step))
    return series


def test_is_training_needs_updates_logged_metrics_or_a_gradient_loop() -> None:
    def training(*members: ScalarSeries) -> bool:
        return is_training(panes_of({s.name: s for s in members}))

    assert not training()
    assert not training(_filled("x", "variable", 1))  # a Variable never updated
    assert not training(_filled("z (gradient target)", "gradient_target", 3))  # a few calls
    assert training(_filled("w", "variable", 2))
    assert training(_filled("accuracy", "logged", 2))
    assert not training(_filled("accuracy", "logged", 1))
    assert training(_filled("loss (gradient target)", "gradient_target", 5))


def test_session_points_carry_the_latest_top_level_tape() -> None:
    session = Session.from_events(
        [
            _variable(1, "w:0", 1.0),
            TapeOpened(5, False, True, None, None),
            TapeOpened(6, False, True, 5, None),  # nested: the step is still tape 5
            VariableAssigned(1, "w", np.array(0.5), "assign_sub", None),
            ScalarLogged("accuracy", 0, 0.5),
        ]
    )
    assert session.series["w"].tapes.tolist() == [NO_TAPE, 5]
    assert session.series["accuracy"].tape_at(0) == 5
