"""Keras activations by name, built from engine ops (so tapes record them).

>>> get("relu")([-1.0, 2.0]).numpy().tolist()
[0.0, 2.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from visualtape.engine.ops import array_ops, compare_ops, math_ops, nn_ops
from visualtape.engine.ops.convert import as_tensor
from visualtape.engine.tensor import Tensor

Activation = Callable[[Any], Tensor]


def linear(x: Any) -> Tensor:
    return as_tensor(x)


def relu(
    x: Any, alpha: float = 0.0, max_value: float | None = None, threshold: float = 0.0
) -> Tensor:
    if alpha or max_value is not None or threshold:
        raise NotImplementedError("relu with alpha/max_value/threshold is not supported yet")
    return nn_ops.relu(x)


def sigmoid(x: Any) -> Tensor:
    return nn_ops.sigmoid(x)


def tanh(x: Any) -> Tensor:
    return math_ops.tanh(x)


def softmax(x: Any, axis: int = -1) -> Tensor:
    return nn_ops.softmax(x, axis=axis)


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    return nn_ops.log_softmax(x, axis=axis)


def softplus(x: Any) -> Tensor:
    return nn_ops.softplus(x)


def leaky_relu(x: Any, alpha: float = 0.2) -> Tensor:
    """x where x > 0, else alpha·x (tf.nn's default alpha is 0.2). At x = 0 the gradient is
    alpha, as TF's LeakyReluGrad gives (max(x, alpha·x) would send it to x: 1)."""
    t = as_tensor(x)
    return array_ops.where(compare_ops.greater(t, 0), t, math_ops.multiply(t, alpha))


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    t = as_tensor(x)
    negative = math_ops.multiply(
        math_ops.subtract(math_ops.exp(array_ops.minimum(t, 0.0)), 1.0), alpha
    )
    return array_ops.where(t > 0, t, negative)


def swish(x: Any) -> Tensor:
    t = as_tensor(x)
    return math_ops.multiply(t, nn_ops.sigmoid(t))


silu = swish

_BY_NAME: dict[str, Activation] = {
    "linear": linear,
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "softmax": softmax,
    "log_softmax": log_softmax,
    "softplus": softplus,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "swish": swish,
    "silu": swish,
}


def get(identifier: Any) -> Activation:
    """An activation from None (linear), a name or a callable."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(
                f"Unknown activation function: {identifier!r}. Known: {sorted(_BY_NAME)}"
            )
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier!r}")


def serialize(activation: Activation) -> str:
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    return getattr(activation, "__name__", repr(activation))
