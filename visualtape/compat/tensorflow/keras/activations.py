"""tf.keras.activations."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.nn.activations import (
    elu,
    get,
    leaky_relu,
    linear,
    log_softmax,
    relu,
    serialize,
    sigmoid,
    silu,
    softmax,
    softplus,
    swish,
    tanh,
)

__all__ = [
    "elu",
    "get",
    "leaky_relu",
    "linear",
    "log_softmax",
    "relu",
    "serialize",
    "sigmoid",
    "silu",
    "softmax",
    "softplus",
    "swish",
    "tanh",
]
__getattr__ = missing_attribute("tf.keras.activations", globals())
