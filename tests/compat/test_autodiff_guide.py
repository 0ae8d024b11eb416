"""Programs a learner runs from TensorFlow's autodiff guides, with the values TF documents."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape.compat import tensorflow


@pytest.fixture
def tf():  # type: ignore[no-untyped-def]
    """Our `tf` namespace (what `import tensorflow as tf` gives a script), seeded."""
    tensorflow.random.set_seed(0)
    return tensorflow


def test_square_gradient_at_three_is_six(tf) -> None:
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x**2
    assert float(tape.gradient(y, x)) == 6.0


def test_weights_and_bias_gradients_have_their_shapes(tf) -> None:
    w = tf.Variable(tf.random.normal((3, 2)), name="w")
    b = tf.Variable(tf.zeros(2, dtype=tf.float32), name="b")
    x = [[1.0, 2.0, 3.0]]
    with tf.GradientTape(persistent=True) as tape:
        y = x @ w + b
        loss = tf.reduce_mean(y**2)
    dl_dw, dl_db = tape.gradient(loss, [w, b])
    assert dl_dw.shape == (3, 2) and dl_db.shape == (2,)
    by_name = tape.gradient(loss, {"w": w, "b": b})
    np.testing.assert_allclose(by_name["w"].numpy(), dl_dw.numpy())
    # d mean(y²)/dy = y (two outputs: 2y/2), so dl/db = y and dl/dw = xᵀ y.
    np.testing.assert_allclose(dl_db.numpy(), y.numpy()[0], rtol=1e-6)
    np.testing.assert_allclose(dl_dw.numpy(), np.outer([1.0, 2.0, 3.0], y.numpy()[0]), rtol=1e-5)


def test_dense_layer_gradients_by_variable_name(tf) -> None:
    layer = tf.keras.layers.Dense(2, activation="relu")
    x = tf.constant([[1.0, 2.0, 3.0]])
    with tf.GradientTape() as tape:
        y = layer(x)
        loss = tf.reduce_mean(y**2)
    grads = tape.gradient(loss, layer.trainable_variables)
    variables = layer.trainable_variables
    shapes = {v.name.split("/")[-1]: g.shape for v, g in zip(variables, grads, strict=True)}
    assert shapes == {"kernel:0": (3, 2), "bias:0": (2,)}


def test_only_trainable_variables_are_watched(tf) -> None:
    x0 = tf.Variable(3.0, name="x0")
    x1 = tf.Variable(3.0, name="x1", trainable=False)
    x2 = tf.Variable(2.0, name="x2") + 1.0  # a tensor, not a variable
    x3 = tf.constant(3.0, name="x3")
    with tf.GradientTape() as tape:
        y = (x0**2) + (x1**2) + (x2**2)
    # NOTE: TF also answers watched_variables() after gradient() on a non-persistent tape; the
    # engine forgets them when the tape is released, so this asks before (reported to the lead).
    assert [v.name for v in tape.watched_variables()] == ["x0:0"]
    grads = tape.gradient(y, [x0, x1, x2, x3])
    assert float(grads[0]) == 6.0 and grads[1:] == [None, None, None]


def test_watched_constant_and_sum_of_targets(tf) -> None:
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y0 = x**2
        y1 = 1 / x
    assert float(tape.gradient({"y0": y0, "y1": y1}, x)) == pytest.approx(3.75)


def test_persistent_tape_two_gradients(tf) -> None:
    x = tf.constant([1.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert tape.gradient(z, x).numpy().tolist() == [4.0, 108.0]
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 6.0]


def test_sigmoid_gradient_matches_formula(tf) -> None:
    x = tf.linspace(-10.0, 10.0, 201)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.sigmoid(x)
    dy_dx = tape.gradient(y, x).numpy()
    s = 1 / (1 + np.exp(-x.numpy().astype(np.float64)))
    np.testing.assert_allclose(dy_dx, s * (1 - s), atol=1e-6)


def test_unconnected_gradient_none_or_zero(tf) -> None:
    x = tf.Variable([2.0, 2.0])
    y = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        z = y**2
    assert tape.gradient(z, x) is None
    zeros = tape.gradient(z, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert zeros.numpy().tolist() == [0.0, 0.0]


def test_second_derivative_with_nested_tapes(tf) -> None:
    x = tf.Variable(1.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = x * x * x
        dy_dx = inner.gradient(y, x)
    d2y_dx2 = outer.gradient(dy_dx, x)
    assert float(dy_dx) == 3.0 and float(d2y_dx2) == 6.0


def test_integer_source_gives_none_with_warning(tf) -> None:
    x = tf.constant(10)
    with tf.GradientTape() as tape:
        with pytest.warns(UserWarning, match="floating"):
            tape.watch(x)
        y = x * x
    assert tape.gradient(y, x) is None


def test_custom_training_basics_linear_fit(tf) -> None:
    """The 'custom training basics' loop: fit y = 3x + 2 with a tf.Module and plain SGD."""

    class Linear(tf.Module):
        def __init__(self) -> None:
            super().__init__()
            self.w = tf.Variable(5.0)
            self.b = tf.Variable(0.0)

        def __call__(self, x):  # type: ignore[no-untyped-def]
            return self.w * x + self.b

    model = Linear()
    xs = tf.random.normal([200])
    ys = xs * 3.0 + 2.0
    for _ in range(60):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(ys - model(xs)))
        dw, db = tape.gradient(loss, [model.w, model.b])
        model.w.assign_sub(0.1 * dw)
        model.b.assign_sub(0.1 * db)
    assert [v.name for v in model.trainable_variables] == ["Variable:0", "Variable:0"]
    assert float(model.w) == pytest.approx(3.0, abs=1e-2)
    assert float(model.b) == pytest.approx(2.0, abs=1e-2)
