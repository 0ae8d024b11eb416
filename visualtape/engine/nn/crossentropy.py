"""tf.nn cross-entropies from logits, composed of engine ops so every step is on the tape.

>>> from visualtape.engine.tensor import constant
>>> loss = sparse_softmax_cross_entropy_with_logits(constant([0]), constant([[0.0, 0.0]]))
>>> round(float(loss[0]), 4)
0.6931
"""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.errors import InvalidArgumentError
from visualtape.engine.ops import array_ops, math_ops, nn_ops, reduce_ops
from visualtape.engine.ops.convert import as_tensor
from visualtape.engine.tensor import Tensor


def softmax_cross_entropy_with_logits(
    labels: Any, logits: Any, axis: int = -1, name: str | None = None
) -> Tensor:
    """-Σ labels · log_softmax(logits) along `axis` (labels: a probability distribution)."""
    logits_t = as_tensor(logits)
    labels_t = array_ops.cast(as_tensor(labels), logits_t.dtype)
    log_probs = nn_ops.log_softmax(logits_t, axis=axis)
    return math_ops.negative(
        reduce_ops.reduce_sum(math_ops.multiply(labels_t, log_probs), axis=axis)
    )


def sparse_softmax_cross_entropy_with_logits(
    labels: Any, logits: Any, name: str | None = None
) -> Tensor:
    """-log_softmax(logits)[label] per example; labels are class indices [batch]."""
    logits_t = as_tensor(logits)
    labels_t = as_tensor(labels)
    classes = int(logits_t.shape[-1])
    if labels_t.ndim != logits_t.ndim - 1:
        raise InvalidArgumentError(
            f"labels must have rank {logits_t.ndim - 1} (logits rank minus one), got labels of "
            f"shape {list(labels_t.shape)} and logits of shape {list(logits_t.shape)}",
            "SparseSoftmaxCrossEntropyWithLogits",
        )
    values = labels_t._value
    if values.dtype.kind not in "iu":
        raise InvalidArgumentError(
            f"labels must be integers, got {values.dtype.name}",
            "SparseSoftmaxCrossEntropyWithLogits",
        )
    bad = values[(values < 0) | (values >= classes)]
    if bad.size:
        raise InvalidArgumentError(
            f"Received a label value of {int(bad.flat[0])} which is outside the valid range "
            f"of [0, {classes}).",
            "SparseSoftmaxCrossEntropyWithLogits",
        )
    mask = array_ops.one_hot(labels_t, classes, dtype=logits_t.dtype)
    log_probs = nn_ops.log_softmax(logits_t, axis=-1)
    return math_ops.negative(reduce_ops.reduce_sum(math_ops.multiply(mask, log_probs), axis=-1))


def sigmoid_cross_entropy_with_logits(
    labels: Any = None, logits: Any = None, name: str | None = None
) -> Tensor:
    """max(x, 0) − x·z + log(1 + exp(−|x|)): TF's overflow-free form of the logistic loss."""
    x = as_tensor(logits)
    z = array_ops.cast(as_tensor(labels), x.dtype)
    if x.shape != z.shape:
        raise ValueError(
            f"logits and labels must have the same shape ({list(x.shape)} vs {list(z.shape)})"
        )
    linear = math_ops.subtract(nn_ops.relu(x), math_ops.multiply(x, z))
    return math_ops.add(linear, nn_ops.softplus(math_ops.negative(math_ops.abs(x))))


def l2_loss(t: Any, name: str | None = None) -> Tensor:
    """sum(t²) / 2."""
    return math_ops.divide(
        reduce_ops.reduce_sum(math_ops.square(as_tensor(t))),
        np.asarray(2.0, dtype=as_tensor(t)._value.dtype),
    )
