"""The autodiff-tutorial samples (01-07, 12): each one's key numbers, read from its globals."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sample_exec import SampleRun

Run = Callable[[str], SampleRun]


def value(tensor: object) -> np.ndarray:
    return np.asarray(tensor.numpy())  # type: ignore[attr-defined]


def test_01_basic_gradient(run_sample: Run) -> None:
    run = run_sample("01_basic_gradient")
    assert value(run.namespace["y"]) == 4.0
    assert value(run.namespace["z"]) == 16.0
    dz_dx = value(run.namespace["dz_dx"])
    assert dz_dx.shape == (2, 2)
    assert np.all(dz_dx == 8.0)
    assert "dz/dx = [[8.0, 8.0], [8.0, 8.0]]" in run.stdout


def test_02_intermediate_gradient(run_sample: Run) -> None:
    run = run_sample("02_intermediate_gradient")
    assert value(run.namespace["dz_dy"]) == 8.0
    assert "dz/dy = 8.0" in run.stdout


def test_03_persistent_tape(run_sample: Run) -> None:
    run = run_sample("03_persistent_tape")
    assert value(run.namespace["dz_dx"]) == 108.0
    assert value(run.namespace["dy_dx"]) == 6.0
    assert "tape" not in run.namespace, "the sample deletes its tape"
    assert "dz/dx = 108.0" in run.stdout
    assert "dy/dx = 6.0" in run.stdout


def test_04_non_persistent_error(run_sample: Run) -> None:
    run = run_sample("04_non_persistent_error")
    assert value(run.namespace["dz_dx"]) == 108.0
    assert "dy_dx" not in run.namespace, "the second gradient call must raise"
    message = run.namespace["message"]
    assert "non-persistent" in message
    assert f"RuntimeError: {message}" in run.stdout


def test_05_control_flow(run_sample: Run) -> None:
    run = run_sample("05_control_flow")
    assert run.namespace["results"] == {6: 12.0, 5: 12.0, 4: 4.0}
    assert run.lines_starting("n = ") == [
        "n = 6: df/dx at x = 2 is 12.0",
        "n = 5: df/dx at x = 2 is 12.0",
        "n = 4: df/dx at x = 2 is 4.0",
    ]


def test_06_higher_order(run_sample: Run) -> None:
    run = run_sample("06_higher_order")
    assert value(run.namespace["dy_dx"]) == 3.0
    assert value(run.namespace["d2y_dx2"]) == 6.0
    assert "d2y/dx2 = 6.0" in run.stdout


def test_07_variables_vs_constants(run_sample: Run) -> None:
    run = run_sample("07_variables_vs_constants")
    ns = run.namespace
    assert value(ns["d_t1"]).tolist() == [10.0, 20.0, 30.0]
    assert value(ns["d_t2"]).tolist() == [2.0, 3.0, 4.0]
    assert value(ns["d_t3"]).tolist() == [1.0, 1.0, 1.0]
    assert ns["d_c1"] is None
    assert value(ns["d_t2_again"]).tolist() == [2.0, 3.0, 4.0]
    assert "d_c1 = None" in run.stdout


def test_12_jacobian(run_sample: Run) -> None:
    run = run_sample("12_jacobian")
    jac_y = value(run.namespace["jac_y"])
    jac_z = value(run.namespace["jac_z"])
    np.testing.assert_array_equal(jac_y, np.diag([2.0, 4.0, 6.0]))
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(jac_z, x.sum() * np.eye(3) + x[:, None])
    np.testing.assert_array_equal(value(run.namespace["grad_y"]), [2.0, 4.0, 6.0])
    assert "tape" not in run.namespace
