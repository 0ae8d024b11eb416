"""Scalar series: compact storage and what the session feeds into them."""

from __future__ import annotations

import numpy as np

from visualtape.engine.events import (
    ScalarLogged,
    TensorInfo,
    VariableAssigned,
    VariableCreated,
)
from visualtape.session.model import Session
from visualtape.session.series import ScalarSeries, scalar_of


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
