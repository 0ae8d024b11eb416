"""TensorFlow's GradientTape semantics, one named test per behaviour.

Reference: tensorflow/python/eager/backprop.py (GradientTape) and the TF autodiff guide.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from visualtape import engine as ve
from visualtape.engine import GradientTapeWarning, UnconnectedGradients


def f64(value: object) -> ve.Tensor:
    return ve.constant(value, dtype="float64")


# --- watching ------------------------------------------------------------------------------------


def test_trainable_variables_are_watched_automatically() -> None:
    w = ve.Variable(3.0)
    with ve.GradientTape() as tape:
        y = w * w
    assert float(tape.gradient(y, w)) == 6.0


def test_watch_accessed_variables_false_watches_only_explicitly() -> None:
    a = ve.Variable(2.0, name="a")
    b = ve.Variable(5.0, name="b")
    with ve.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * b
    assert tape.watched_variables() == (a,)
    da, db = tape.gradient(y, [a, b])
    assert float(da) == 5.0
    assert db is None


def test_non_trainable_variables_are_not_watched() -> None:
    w = ve.Variable(3.0, trainable=False)
    with ve.GradientTape() as tape:
        y = w * w
    assert tape.watched_variables() == ()
    assert tape.gradient(y, w) is None


def test_non_trainable_variable_can_be_watched_explicitly() -> None:
    w = ve.Variable(3.0, trainable=False)
    with ve.GradientTape() as tape:
        tape.watch(w)
        y = w * w
    assert float(tape.gradient(y, w)) == 6.0


def test_constants_are_not_watched_unless_asked() -> None:
    x = ve.constant(3.0)
    with ve.GradientTape(persistent=True) as tape:
        y = x * x
    assert tape.gradient(y, x) is None
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient(y, x)) == 6.0


def test_watch_accepts_nested_structures() -> None:
    a, b, c = f64(1.0), f64(2.0), f64(3.0)
    with ve.GradientTape() as tape:
        tape.watch({"pair": (a, b), "single": [c]})
        y = a * b * c
    assert [float(g) for g in tape.gradient(y, [a, b, c])] == [6.0, 3.0, 2.0]


def test_watch_rejects_non_tensors() -> None:
    with ve.GradientTape() as tape, pytest.raises(ValueError, match="not tf.Tensor"):
        tape.watch(3.0)


def test_integer_watch_warns_and_gradient_is_none() -> None:
    n = ve.constant(3)
    with ve.GradientTape() as tape:
        with pytest.warns(GradientTapeWarning, match="must be floating"):
            tape.watch(n)
        y = n * n
    assert tape.gradient(y, n) is None


def test_integer_variable_is_not_differentiable() -> None:
    v = ve.Variable(4)
    x = f64(2.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * ve.cast(v, "float64")
    dx, dv = tape.gradient(y, [x, v])
    assert float(dx) == 4.0
    assert dv is None


# --- which gradients come back --------------------------------------------------------------------


def test_unwatched_source_gives_none() -> None:
    x, other = f64(2.0), f64(5.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * other
    assert tape.gradient(y, other) is None


def test_unconnected_source_gives_none() -> None:
    x, z = f64(2.0), f64(5.0)
    with ve.GradientTape() as tape:
        tape.watch([x, z])
        y = x * x
    dx, dz = tape.gradient(y, [x, z])
    assert float(dx) == 4.0
    assert dz is None


@pytest.mark.parametrize("how", ["zero", UnconnectedGradients.ZERO], ids=["str", "enum"])
def test_unconnected_gradients_zero(how: object) -> None:
    x, z = f64(2.0), f64([[1.0, 2.0, 3.0]])
    with ve.GradientTape() as tape:
        tape.watch([x, z])
        y = x * x
    dx, dz = tape.gradient(y, [x, z], unconnected_gradients=how)
    assert float(dx) == 4.0
    assert dz.shape == (1, 3) and dz.dtype == "float64"
    np.testing.assert_array_equal(dz.numpy(), np.zeros((1, 3)))


def test_unconnected_gradients_unknown_value_raises() -> None:
    x = f64(2.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients"):
        tape.gradient(y, x, unconnected_gradients="nan")


def test_gradient_of_a_target_with_respect_to_itself_is_ones() -> None:
    x = f64([1.0, 2.0])
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * 3.0
    np.testing.assert_array_equal(tape.gradient(y, y).numpy(), [1.0, 1.0])


def test_variable_as_target_is_read_on_the_tape() -> None:
    # TF converts a Variable target by reading it inside the tape: d v / d v = 1.
    v = ve.Variable(2.0)
    with ve.GradientTape() as tape:
        pass
    grad = tape.gradient(v, v)
    assert grad is not None and float(grad) == 1.0


def test_target_list_is_summed() -> None:
    x = f64(3.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y1, y2 = x * x, x * x * x
    assert float(tape.gradient([y1, y2], x)) == 2 * 3.0 + 3 * 9.0


def test_same_target_twice_counts_twice() -> None:
    x = f64(3.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient([y, y], x)) == 12.0


@pytest.mark.parametrize("make", [list, tuple], ids=["list", "tuple"])
def test_sources_sequence_returns_same_type(make: type) -> None:
    a, b = f64(2.0), f64(3.0)
    with ve.GradientTape() as tape:
        tape.watch([a, b])
        y = a * b
    grads = tape.gradient(y, make([a, b]))
    assert type(grads) is make
    assert [float(g) for g in grads] == [3.0, 2.0]


def test_sources_dict_and_nested_structure_are_preserved() -> None:
    a, b, c = f64(2.0), f64(3.0), f64(4.0)
    with ve.GradientTape() as tape:
        tape.watch([a, b, c])
        y = a * b + c * c
    grads = tape.gradient(y, {"w": a, "inner": [b, {"z": c}], "again": (a,)})
    assert list(grads) == ["w", "inner", "again"]
    assert float(grads["w"]) == 3.0
    assert isinstance(grads["inner"], list) and float(grads["inner"][0]) == 2.0
    assert float(grads["inner"][1]["z"]) == 8.0
    assert isinstance(grads["again"], tuple) and float(grads["again"][0]) == 3.0


def test_single_source_returns_single_tensor() -> None:
    x = f64(2.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert isinstance(tape.gradient(y, x), ve.Tensor)


def test_output_gradients_weight_the_target() -> None:
    x = f64([1.0, 2.0, 3.0])
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    grad = tape.gradient(y, x, output_gradients=f64([1.0, 0.0, -2.0]))
    np.testing.assert_array_equal(grad.numpy(), [2.0, 0.0, -12.0])


def test_output_gradients_one_per_target_with_none_meaning_ones() -> None:
    x = f64(2.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y1, y2 = x * x, x * 10.0
    grad = tape.gradient([y1, y2], x, output_gradients=[None, f64(0.5)])
    assert float(grad) == 4.0 + 5.0


def test_gradient_flows_to_intermediate_values() -> None:
    x = f64(2.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert float(tape.gradient(z, y)) == 8.0


def test_same_source_listed_twice_gets_the_gradient_twice() -> None:
    x = f64(2.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    g1, g2 = tape.gradient(y, [x, x])
    assert float(g1) == float(g2) == 4.0


# --- persistence and the tape's life cycle -----------------------------------------------------


def test_non_persistent_tape_raises_on_second_gradient() -> None:
    x = f64(3.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(
        RuntimeError,
        match="non-persistent GradientTape can only be used to compute one set of gradients",
    ):
        tape.gradient(y, x)


def test_persistent_tape_can_be_used_many_times() -> None:
    x = f64(3.0)
    with ve.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert float(tape.gradient(z, x)) == 108.0
    assert float(tape.gradient(y, x)) == 6.0
    assert float(tape.gradient(z, x)) == 108.0


def test_gradient_inside_persistent_context_warns_and_is_recorded() -> None:
    x = f64(3.0)
    with ve.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x * x
        with pytest.warns(GradientTapeWarning, match="inside its context"):
            dy_dx = tape.gradient(y, x)
    assert float(dy_dx) == 27.0
    assert float(tape.gradient(dy_dx, x)) == 18.0  # the gradient ops were recorded


def test_gradient_inside_non_persistent_context_stops_recording() -> None:
    x = f64(3.0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        assert float(tape.gradient(y, x)) == 6.0  # no warning: the tape just stops recording
        z = y * x  # not recorded
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(z, x)
    # A fresh recording starts when the tape is entered again.
    with tape:
        w = x * 5.0
    assert tape.gradient(w, x) is None  # x was watched on the spent recording only


def test_stop_recording_hides_ops_from_the_tape() -> None:
    x = f64(2.0)
    with ve.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            hidden = x * 100.0
        z = y + hidden
    assert float(tape.gradient(z, x)) == 4.0
    assert tape.gradient(hidden, x) is None


def test_stop_recording_outside_the_context_raises() -> None:
    tape = ve.GradientTape()
    with tape:
        pass
    with pytest.raises((ValueError, RuntimeError)), tape.stop_recording():
        pass


def test_reset_inside_the_context_forgets_earlier_ops() -> None:
    # The TF guide's example: after reset only z = x*x + y_sq is on the tape.
    x, y = ve.Variable(2.0), ve.Variable(3.0)
    with ve.GradientTape() as tape:
        y_sq = y * y
        tape.reset()
        z = x * x + y_sq
    grad = tape.gradient(z, {"x": x, "y": y})
    assert float(grad["x"]) == 4.0
    assert grad["y"] is None


def test_reset_keeps_recording_afterwards() -> None:
    x = f64(2.0)
    with ve.GradientTape() as tape:
        tape.reset()
        tape.watch(x)
        y = x * x * x
    assert float(tape.gradient(y, x)) == 12.0


def test_reset_outside_the_context_raises_like_tf() -> None:
    # TF's reset() pops the tape first, which raises "Tape is not recording." outside `with`.
    tape = ve.GradientTape(persistent=True)
    with tape:
        pass
    with pytest.raises(ValueError, match="Tape is not recording"):
        tape.reset()


def test_reentering_a_tape_continues_the_same_recording() -> None:
    x = f64(2.0)
    tape = ve.GradientTape(persistent=True)
    with tape:
        tape.watch(x)
        y = x * x
    with tape:
        z = y * x
    assert float(tape.gradient(z, x)) == 12.0


def test_entering_an_active_tape_raises() -> None:
    tape = ve.GradientTape()
    with tape, pytest.raises(ValueError, match="re-enter an already-active tape"), tape:
        pass


def test_watched_variables_in_creation_order() -> None:
    a, b, c = ve.Variable(1.0, name="a"), ve.Variable(2.0, name="b"), ve.Variable(3.0, name="c")
    with ve.GradientTape() as tape:
        y = c * b
        tape.watch(a)
        y = y * a
    assert tape.watched_variables() == (a, b, c)


def test_watched_variables_survive_a_non_persistent_gradient() -> None:
    # TF keeps the list it had when the tape was spent.
    a, b = ve.Variable(1.0), ve.Variable(2.0)
    with ve.GradientTape() as tape:
        y = a * b
    tape.gradient(y, [a, b])
    assert tape.watched_variables() == (a, b)


def test_gradient_uses_values_from_forward_time_after_assign() -> None:
    # TF records the value read from the variable; a later assign does not change it.
    w = ve.Variable(3.0)
    with ve.GradientTape() as tape:
        y = w * w
    w.assign(5.0)
    assert float(tape.gradient(y, w)) == 6.0


def test_variable_update_loop_like_sgd() -> None:
    w = ve.Variable(-1.0)
    for _ in range(200):
        with ve.GradientTape() as tape:
            loss = (w * 2.0 - 6.0) ** 2
        w.assign_sub(0.05 * tape.gradient(loss, w))
    assert float(w) == pytest.approx(3.0, abs=1e-4)


def test_tape_records_only_in_its_own_thread() -> None:
    x = f64(2.0)
    results: list[ve.Tensor] = []
    with ve.GradientTape(persistent=True) as tape:
        tape.watch(x)
        worker = threading.Thread(target=lambda: results.append(x * x))
        worker.start()
        worker.join()
        mine = x * x
    assert tape.gradient(results[0], x) is None
    assert float(tape.gradient(mine, x)) == 4.0


# --- nested tapes -------------------------------------------------------------------------------


def test_nested_tapes_inner_gradient_recorded_by_outer() -> None:
    x = ve.Variable(1.0)
    with ve.GradientTape() as outer:
        with ve.GradientTape() as inner:
            y = x * x * x
        dy_dx = inner.gradient(y, x)
    d2y_dx2 = outer.gradient(dy_dx, x)
    assert (float(dy_dx), float(d2y_dx2)) == (3.0, 6.0)


def test_nested_tapes_outer_first_then_inner() -> None:
    x = f64(2.0)
    with ve.GradientTape(persistent=True) as outer:
        outer.watch(x)
        with ve.GradientTape(persistent=True) as inner:
            inner.watch(x)
            y = x * x * x
        dy_inner = inner.gradient(y, x)
    dy_outer = outer.gradient(y, x)  # the outer tape saw the forward ops too
    assert float(dy_outer) == float(dy_inner) == 12.0
    assert float(outer.gradient(dy_inner, x)) == 12.0  # 6x
    # Computed outside the outer context: not recorded, so no second derivative.
    assert outer.gradient(dy_outer, x) is None


def test_third_order_of_cube_is_six() -> None:
    x = f64(1.0)
    with ve.GradientTape() as t3:
        t3.watch(x)
        with ve.GradientTape() as t2:
            t2.watch(x)
            with ve.GradientTape() as t1:
                t1.watch(x)
                y = x * x * x
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert (float(d1), float(d2), float(d3)) == (3.0, 6.0, 6.0)


def test_inner_tape_does_not_see_ops_before_it_opened() -> None:
    x = f64(2.0)
    with ve.GradientTape() as outer:
        outer.watch(x)
        y = x * x
        with ve.GradientTape() as inner:
            inner.watch(y)
            z = y * y
        dz_dy, dz_dx = inner.gradient(z, [y, x])
    assert float(dz_dy) == 8.0  # 2y
    assert dz_dx is None  # x * x was recorded before inner opened, and inner never watched x
    assert float(outer.gradient(dz_dy, x)) == 8.0  # d(2x^2)/dx = 4x


# --- jacobians ---------------------------------------------------------------------------------


def _finite_jacobian(fn: object, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    out_shape = np.shape(fn(f64(x)).numpy())  # type: ignore[operator]
    jac = np.zeros(out_shape + x.shape)
    for j in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[j] += eps
        minus[j] -= eps
        diff = fn(f64(plus)).numpy() - fn(f64(minus)).numpy()  # type: ignore[operator]
        jac[(..., *j)] = diff / (2 * eps)
    return jac


def _jacobian_fn(x: ve.Tensor) -> ve.Tensor:
    w = f64([[1.0, -2.0, 0.5], [0.3, 0.0, 1.5]])
    return ve.tanh(ve.matmul(w, ve.reshape(x, (3, 1)))) * ve.reduce_sum(x * x)


def test_jacobian_matches_finite_differences() -> None:
    x0 = np.array([0.3, -0.7, 1.1])
    x = f64(x0)
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = _jacobian_fn(x)
    jac = tape.jacobian(y, x)
    assert jac.shape == (2, 1, 3)
    np.testing.assert_allclose(
        jac.numpy(), _finite_jacobian(_jacobian_fn, x0), rtol=1e-6, atol=1e-8
    )


def test_jacobian_matches_looping_gradient() -> None:
    x = f64([[0.5, -1.0], [2.0, 0.25]])
    with ve.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = ve.sin(x) * ve.reduce_sum(x, axis=0)
        rows = [y[i, j] for i in range(2) for j in range(2)]
    jac = tape.jacobian(y, x)
    looped = np.stack([tape.gradient(r, x).numpy() for r in rows]).reshape(2, 2, 2, 2)
    np.testing.assert_allclose(jac.numpy(), looped, rtol=1e-12)


def test_jacobian_of_tf_docs_example() -> None:
    x = ve.constant([1.0, 2.0])
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    np.testing.assert_array_equal(tape.jacobian(y, x).numpy(), [[2.0, 0.0], [0.0, 4.0]])


def test_jacobian_structure_and_unconnected_sources() -> None:
    x, z = f64([1.0, 2.0]), f64([3.0, 4.0, 5.0])
    with ve.GradientTape(persistent=True) as tape:
        tape.watch([x, z])
        y = x * 3.0
    jx, jz = tape.jacobian(y, [x, z])
    np.testing.assert_array_equal(jx.numpy(), np.diag([3.0, 3.0]))
    assert jz is None
    zero = tape.jacobian(y, {"z": z}, unconnected_gradients="zero")
    assert zero["z"].shape == (2, 3)
    np.testing.assert_array_equal(zero["z"].numpy(), np.zeros((2, 3)))


def test_jacobian_on_non_persistent_tape_spends_it() -> None:
    x = f64([1.0, 2.0])
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.jacobian(y, x)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.jacobian(y, x)


def test_batch_jacobian_of_tf_docs_example() -> None:
    x = ve.constant([[1.0, 2.0], [3.0, 4.0]])
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    np.testing.assert_array_equal(
        tape.batch_jacobian(y, x).numpy(), [[[2, 0], [0, 4]], [[6, 0], [0, 8]]]
    )


def test_batch_jacobian_matches_per_example_jacobians() -> None:
    rng = np.random.default_rng(7)
    x = f64(rng.normal(size=(4, 3)))
    w = f64(rng.normal(size=(3, 2)))
    with ve.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = ve.tanh(ve.matmul(x, w))
    batch = tape.batch_jacobian(y, x)
    assert batch.shape == (4, 2, 3)
    full = tape.jacobian(y, x).numpy()  # (4, 2, 4, 3)
    for b in range(4):
        np.testing.assert_allclose(batch.numpy()[b], full[b, :, b, :], rtol=1e-12)
