"""The tf.function guide's behaviours: tracing vs replay, print vs tf.print, retracing counts."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape.compat import tensorflow


@pytest.fixture
def tf():  # type: ignore[no-untyped-def]
    """Our `tf` namespace (what `import tensorflow as tf` gives a script), seeded."""
    tensorflow.random.set_seed(0)
    return tensorflow


def test_python_print_runs_per_trace_tf_print_per_call(tf, capsys) -> None:
    @tf.function
    def f(x):  # type: ignore[no-untyped-def]
        print("Traced with", x)
        tf.print("Executed with", x)
        return x

    for value in (1.0, 2.0, 3.0):
        f(tf.constant(value))
    out, err = capsys.readouterr()
    assert out.count("Traced with") == 1
    assert err.splitlines() == ["Executed with 1", "Executed with 2", "Executed with 3"]


def test_retracing_counts(tf) -> None:
    @tf.function
    def double(a):  # type: ignore[no-untyped-def]
        return a + a

    double(tf.constant(1))
    double(tf.constant(2))  # same dtype and shape: replay
    assert double.experimental_get_tracing_count() == 1
    double(tf.constant(1.1))  # new dtype
    double(tf.constant([1.0, 2.0]))  # new shape
    assert double.experimental_get_tracing_count() == 3
    double(2)  # Python values are part of the signature
    double(3)
    double(3)
    assert double.experimental_get_tracing_count() == 5


def test_reduce_retracing_generalises_after_second_shape(tf) -> None:
    @tf.function(reduce_retracing=True)
    def total(x):  # type: ignore[no-untyped-def]
        return tf.reduce_sum(x * x)

    for n in (2, 3, 4, 5, 6):
        assert float(total(tf.ones(n))) == n
    assert total.experimental_get_tracing_count() == 2


def test_relaxed_graph_with_shape_dependent_attrs_retraces(tf) -> None:
    @tf.function(experimental_relax_shapes=True)
    def flat(x):  # type: ignore[no-untyped-def]
        return tf.reshape(x, (-1,))  # the -1 is resolved to a size at trace time

    for n in (2, 3, 4):
        assert flat(tf.ones((n, 2))).shape == (2 * n,)
    assert flat.experimental_get_tracing_count() == 3  # never replayed for another shape


def _train(tf, decorate):  # type: ignore[no-untyped-def]
    """Five steps of the seed's Keras train_step, with or without tf.function."""
    tf.random.set_seed(3)
    model = tf.keras.Sequential(
        [
            tf.keras.layers.Dense(8, activation="relu"),
            tf.keras.layers.Dense(3, activation="softmax"),
        ]
    )
    x = tf.random.normal((16, 4), seed=1)
    y = tf.constant(np.arange(16) % 3)
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()
    optimizer = tf.keras.optimizers.Adam(0.05)
    train_loss = tf.keras.metrics.Mean()
    train_acc = tf.keras.metrics.SparseCategoricalAccuracy()

    @decorate
    def train_step(images, labels):  # type: ignore[no-untyped-def]
        with tf.GradientTape() as tape:
            predictions = model(images)
            loss = loss_fn(labels, predictions)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        train_loss(loss)
        train_acc(labels, predictions)
        return loss

    losses = [float(train_step(x, y)) for _ in range(5)]
    return (
        losses,
        [v.numpy() for v in model.trainable_variables],
        float(train_loss.result()),
        float(train_acc.result()),
    )


def test_keras_train_step_in_function_matches_eager(tf) -> None:
    eager_losses, eager_vars, eager_mean, eager_acc = _train(tf, lambda f: f)
    fn_losses, fn_vars, fn_mean, fn_acc = _train(tf, tf.function)
    np.testing.assert_allclose(fn_losses, eager_losses, rtol=1e-6)
    for a, b in zip(fn_vars, eager_vars, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    assert fn_mean == pytest.approx(eager_mean) and fn_acc == pytest.approx(eager_acc)
    assert fn_losses[-1] < fn_losses[0]


def test_tracing_shows_symbolic_tensor_and_executing_eagerly(tf, capsys) -> None:
    seen = []

    @tf.function
    def f(x):  # type: ignore[no-untyped-def]
        seen.append(tf.executing_eagerly())
        print(x * 2)
        return x

    f(tf.constant([1.0, 2.0]))
    assert seen == [False] and tf.executing_eagerly()
    assert 'Tensor("traced", shape=(2,), dtype=float32)' in capsys.readouterr().out


def test_run_functions_eagerly(tf, capsys) -> None:
    @tf.function
    def f(x):  # type: ignore[no-untyped-def]
        print("body")
        return x

    tf.config.run_functions_eagerly(True)
    try:
        f(tf.constant(1.0))
        f(tf.constant(2.0))
    finally:
        tf.config.run_functions_eagerly(False)
    assert capsys.readouterr().out.count("body") == 2
    assert f.experimental_get_tracing_count() == 0
