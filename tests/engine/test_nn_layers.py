"""Dense/Sequential/Model forward and gradients against hand-written maths (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import OpRecorded
from visualtape.engine.nn import activations, functional, layers, models


def test_dense_forward_and_gradients_match_hand_maths() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3))
    layer = layers.Dense(2, activation="tanh", dtype="float64", name="hand")
    y_first = layer(x)
    kernel, bias = layer.kernel.numpy(), layer.bias.numpy()
    np.testing.assert_allclose(y_first.numpy(), np.tanh(x @ kernel + bias), rtol=1e-12)
    with ve.GradientTape() as tape:
        loss = ve.reduce_sum(layer(x) ** 2)
    dk, db = tape.gradient(loss, [layer.kernel, layer.bias])
    y = np.tanh(x @ kernel + bias)
    upstream = 2 * y * (1 - y**2)
    np.testing.assert_allclose(dk.numpy(), x.T @ upstream, rtol=1e-10)
    np.testing.assert_allclose(db.numpy(), upstream.sum(0), rtol=1e-10)
    assert [v.name for v in layer.variables] == ["hand/kernel:0", "hand/bias:0"]


def test_dense_ops_are_recorded_under_the_layer_scope() -> None:
    model = models.Sequential(
        [layers.Dense(3, activation="relu", input_shape=(2,)), layers.Dense(1)]
    )
    with trace.collecting() as events, ve.GradientTape():
        model(np.ones((1, 2), dtype=np.float32))
    scopes = [e.scope for e in events if isinstance(e, OpRecorded)]
    first, second = model.layers
    assert scopes == [f"{model.name}/{first.name}"] * 3 + [f"{model.name}/{second.name}"] * 2


def test_layer_names_are_unique_like_keras() -> None:
    a, b = layers.Dense(1), layers.Dense(1)
    number = int(a.name.rsplit("_", 1)[1]) if "_" in a.name else 0
    assert (a.name.split("_")[0], b.name) == ("dense", f"dense_{number + 1}")


def test_sequential_with_input_builds_weights_before_a_call() -> None:
    model = models.Sequential(
        [functional.Input(shape=(4,)), layers.Dense(5), layers.Flatten(), layers.Dense(2)]
    )
    assert [tuple(v.shape) for v in model.trainable_variables] == [(4, 5), (5,), (5, 2), (2,)]
    assert model(np.zeros((3, 4))).shape == (3, 2)


def test_subclassed_model_collects_sublayer_variables_and_flattens() -> None:
    class Net(models.Model):
        def __init__(self) -> None:
            super().__init__()
            self.flatten = layers.Flatten()
            self.hidden = layers.Dense(4, activation="relu")
            self.out = layers.Dense(2)

        def call(self, inputs):  # type: ignore[no-untyped-def]
            return self.out(self.hidden(self.flatten(inputs)))

    net = Net()
    assert net(np.ones((2, 3, 3))).shape == (2, 2)
    assert [tuple(v.shape) for v in net.trainable_variables] == [(9, 4), (4,), (4, 2), (2,)]


def test_functional_model_matches_layer_calls() -> None:
    inputs = functional.Input(shape=(3,))
    hidden = layers.Dense(4, activation="relu")
    outputs = layers.Dense(1)(hidden(inputs))
    model = models.Model(inputs=inputs, outputs=outputs)
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    direct = model.layers[1](model.layers[0](x))
    np.testing.assert_allclose(model(x).numpy(), direct.numpy())
    assert len(model.trainable_variables) == 4


def test_float64_input_is_cast_to_layer_dtype() -> None:
    layer = layers.Dense(2)
    assert layer(np.ones((1, 3))).dtype == "float32"


def test_dense_needs_known_last_dimension() -> None:
    with pytest.raises(ValueError, match="last dimension"):
        layers.Dense(2).build((None, None))


def test_leaky_relu_gradient_at_zero_is_alpha_like_tf() -> None:
    # TF's LeakyReluGrad: features > 0 ? g : g * alpha (so alpha at exactly 0)
    x = ve.constant([-1.0, 0.0, 2.0])
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = activations.leaky_relu(x, alpha=0.2)
    np.testing.assert_allclose(y.numpy(), [-0.2, 0.0, 2.0])
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0.2, 0.2, 1.0])
