"""tf.nn: activations and cross-entropies from logits."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.nn.activations import elu, leaky_relu, swish
from visualtape.engine.nn.crossentropy import (
    l2_loss,
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
)
from visualtape.engine.ops.math_ops import tanh
from visualtape.engine.ops.nn_ops import log_softmax, relu, sigmoid, softmax, softplus

silu = swish

__all__ = [
    "elu",
    "l2_loss",
    "leaky_relu",
    "log_softmax",
    "relu",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "silu",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softplus",
    "sparse_softmax_cross_entropy_with_logits",
    "swish",
    "tanh",
]
__getattr__ = missing_attribute("tf.nn", globals())
