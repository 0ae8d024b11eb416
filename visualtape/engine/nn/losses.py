"""Keras losses with TensorFlow's numerics (probabilities clipped to [1e-7, 1 − 1e-7]).

Class forms reduce over the batch ("sum_over_batch_size" by default); function forms
(`mse`, `binary_crossentropy`, ...) return one value per example.

>>> from visualtape.engine.tensor import constant
>>> float(MeanSquaredError()(constant([[0.0], [1.0]]), constant([[1.0], [1.0]])))
0.5
"""

from __future__ import annotations

from typing import Any

from visualtape.engine.nn import crossentropy
from visualtape.engine.nn.layers import snake_case
from visualtape.engine.ops import array_ops, math_ops, reduce_ops, shape_ops
from visualtape.engine.ops.convert import as_tensor
from visualtape.engine.scope import name_scope
from visualtape.engine.tensor import Tensor

EPSILON = 1e-7  # keras.backend.epsilon()


class Reduction:
    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"


def _pair(y_true: Any, y_pred: Any) -> tuple[Tensor, Tensor]:
    pred = as_tensor(y_pred)
    true = as_tensor(y_true)
    if true.dtype != pred.dtype and pred.dtype.is_floating:
        true = array_ops.cast(true, pred.dtype)
    return true, pred


def mean_squared_error(y_true: Any, y_pred: Any) -> Tensor:
    true, pred = _pair(y_true, y_pred)
    return reduce_ops.reduce_mean(math_ops.square(math_ops.subtract(pred, true)), axis=-1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Tensor:
    true, pred = _pair(y_true, y_pred)
    return reduce_ops.reduce_mean(math_ops.abs(math_ops.subtract(pred, true)), axis=-1)


def binary_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    true, pred = _pair(y_true, y_pred)
    true = _smooth(true, label_smoothing, 2)
    if from_logits:
        per_element = crossentropy.sigmoid_cross_entropy_with_logits(true, pred)
    else:
        # NOTE: Keras clips, then adds epsilon again inside both logs.
        p = array_ops.clip_by_value(pred, EPSILON, 1.0 - EPSILON)
        log_p = math_ops.log(math_ops.add(p, EPSILON))
        log_q = math_ops.log(math_ops.add(math_ops.subtract(1.0, p), EPSILON))
        both = math_ops.add(
            math_ops.multiply(true, log_p), math_ops.multiply(math_ops.subtract(1.0, true), log_q)
        )
        per_element = math_ops.negative(both)
    return reduce_ops.reduce_mean(per_element, axis=axis)


def categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Tensor:
    true, pred = _pair(y_true, y_pred)
    true = _smooth(true, label_smoothing, int(pred.shape[axis]))
    if from_logits:
        return crossentropy.softmax_cross_entropy_with_logits(true, pred, axis=axis)
    # NOTE: Keras renormalises the probabilities before clipping them.
    total = reduce_ops.reduce_sum(pred, axis=axis, keepdims=True)
    p = array_ops.clip_by_value(math_ops.divide(pred, total), EPSILON, 1.0 - EPSILON)
    return math_ops.negative(
        reduce_ops.reduce_sum(math_ops.multiply(true, math_ops.log(p)), axis=axis)
    )


def sparse_categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    axis: int = -1,
    ignore_class: int | None = None,
) -> Tensor:
    if ignore_class is not None:
        raise NotImplementedError("ignore_class is not supported by visualtape yet")
    pred = as_tensor(y_pred)
    labels = as_tensor(y_true)
    if labels.ndim == pred.ndim and labels.shape[-1] == 1:
        labels = shape_ops.squeeze(labels, axis=-1)
    if labels.dtype.is_floating:
        labels = array_ops.cast(labels, "int64")
    if from_logits:
        logits = pred
    else:
        # NOTE: as Keras: log of the clipped probabilities, then softmax cross-entropy on them.
        logits = math_ops.log(array_ops.clip_by_value(pred, EPSILON, 1.0 - EPSILON))
    return crossentropy.sparse_softmax_cross_entropy_with_logits(labels, logits)


def _smooth(true: Tensor, amount: float, classes: int) -> Tensor:
    if not amount:
        return true
    return math_ops.add(math_ops.multiply(true, 1.0 - amount), amount / classes)


# Keras' short aliases.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error


class Loss:
    """Call as `loss(y_true, y_pred, sample_weight=None)`; ops run in the loss's name scope."""

    def __init__(self, reduction: str = Reduction.AUTO, name: str | None = None) -> None:
        if reduction not in ("auto", "none", "sum", "sum_over_batch_size"):
            raise ValueError(f"Invalid Reduction Key: {reduction!r}")
        self.reduction = reduction
        self.name = name or snake_case(type(self).__name__)

    def call(self, y_true: Tensor, y_pred: Tensor) -> Tensor:
        raise NotImplementedError

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Tensor:
        with name_scope(self.name):
            true, pred = _match_ranks(as_tensor(y_true), as_tensor(y_pred))
            values = self.call(true, pred)
            return _reduce(values, sample_weight, self.reduction)


def _match_ranks(true: Tensor, pred: Tensor) -> tuple[Tensor, Tensor]:
    """Keras squeezes a trailing 1 so [batch] labels meet [batch, 1] predictions."""
    if pred.ndim == true.ndim + 1 and pred.shape[-1] == 1:
        return true, shape_ops.squeeze(pred, axis=-1)
    if true.ndim == pred.ndim + 1 and true.shape[-1] == 1:
        return shape_ops.squeeze(true, axis=-1), pred
    return true, pred


def _reduce(values: Tensor, sample_weight: Any, reduction: str) -> Tensor:
    if sample_weight is not None:
        weight = array_ops.cast(as_tensor(sample_weight), values.dtype)
        if weight.ndim > values.ndim:
            weight = shape_ops.reshape(weight, values.shape)
        values = math_ops.multiply(values, weight)
    if reduction == Reduction.NONE:
        return values
    if reduction == Reduction.SUM:
        return reduce_ops.reduce_sum(values)
    if sample_weight is None:
        return reduce_ops.reduce_mean(values)
    count = max(1, int(values._value.size))
    return math_ops.divide(reduce_ops.reduce_sum(values), float(count))


class LossFunctionWrapper(Loss):
    """A Loss that calls a per-example function with fixed keyword arguments."""

    def __init__(
        self, fn: Any, reduction: str = Reduction.AUTO, name: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(reduction, name)
        self.fn = fn
        self.fn_kwargs = kwargs

    def call(self, y_true: Tensor, y_pred: Tensor) -> Tensor:
        return self.fn(y_true, y_pred, **self.fn_kwargs)


class MeanSquaredError(LossFunctionWrapper):
    def __init__(self, reduction: str = Reduction.AUTO, name: str = "mean_squared_error"):
        super().__init__(mean_squared_error, reduction, name)


class MeanAbsoluteError(LossFunctionWrapper):
    def __init__(self, reduction: str = Reduction.AUTO, name: str = "mean_absolute_error"):
        super().__init__(mean_absolute_error, reduction, name)


class BinaryCrossentropy(LossFunctionWrapper):
    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str = Reduction.AUTO,
        name: str = "binary_crossentropy",
    ) -> None:
        super().__init__(
            binary_crossentropy,
            reduction,
            name,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class CategoricalCrossentropy(LossFunctionWrapper):
    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str = Reduction.AUTO,
        name: str = "categorical_crossentropy",
    ) -> None:
        super().__init__(
            categorical_crossentropy,
            reduction,
            name,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction: str = Reduction.AUTO,
        name: str = "sparse_categorical_crossentropy",
    ) -> None:
        super().__init__(
            sparse_categorical_crossentropy,
            reduction,
            name,
            from_logits=from_logits,
            ignore_class=ignore_class,
        )

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Tensor:
        # Sparse labels [batch] vs predictions [batch, classes]: no rank matching.
        with name_scope(self.name):
            values = self.call(as_tensor(y_true), as_tensor(y_pred))
            return _reduce(values, sample_weight, self.reduction)


_BY_NAME = {
    "mse": mean_squared_error,
    "mean_squared_error": mean_squared_error,
    "mae": mean_absolute_error,
    "mean_absolute_error": mean_absolute_error,
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}


def get(identifier: Any) -> Any:
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown loss function: {identifier!r}")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss identifier: {identifier!r}")
