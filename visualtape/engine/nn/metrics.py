"""Keras metrics: running state updated by `metric(...)`/`update_state`, read by `result()`.

Metrics are silent (no events, no tape records): their state is plain numpy.

>>> m = SparseCategoricalAccuracy()
>>> m.update_state([1, 0], [[0.1, 0.9], [0.2, 0.8]])
>>> float(m.result())
0.5
"""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.function_trace import traced_call
from visualtape.engine.nn.layers import snake_case
from visualtape.engine.tensor import Tensor


def _array(value: Any) -> np.ndarray:
    return value._value if isinstance(value, Tensor) else np.asarray(value)


class Metric:
    """Base class: subclasses implement `update_state` and `result`."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "update_state" in cls.__dict__:
            # Inside a traced `function` each update is a graph node that runs on every call.
            cls.update_state = traced_call(f"{cls.__name__}.update_state")(  # type: ignore
                cls.__dict__["update_state"]
            )

    def __init__(self, name: str | None = None, dtype: Any = None) -> None:
        self.name = name or snake_case(type(self).__name__)
        self.dtype = "float32" if dtype is None else str(getattr(dtype, "name", dtype))
        self._reset()

    def _reset(self) -> None:
        self.total = 0.0
        self.count = 0.0

    def reset_states(self) -> None:
        self.reset_state()

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError

    @traced_call("metric.reset_state")
    def reset_state(self) -> None:
        self._reset()

    @traced_call("metric.result", effect=False)
    def result(self) -> Tensor:
        value = self.total / self.count if self.count else 0.0
        return Tensor(np.asarray(value, dtype=self.dtype))

    def __call__(self, *args: Any, **kwargs: Any) -> Tensor:
        """Update with one batch and return the running result (as Keras metrics do)."""
        self.update_state(*args, **kwargs)
        return self.result()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name} result={float(self.result()):.6g}>"


class Mean(Metric):
    """The (weighted) mean of every value seen."""

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        array = _array(values).astype(np.float64)
        if sample_weight is None:
            self.total += float(array.sum())
            self.count += float(array.size)
            return
        weight = np.broadcast_to(_array(sample_weight).astype(np.float64), array.shape)
        self.total += float((array * weight).sum())
        self.count += float(weight.sum())


class Sum(Metric):
    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        array = _array(values).astype(np.float64)
        if sample_weight is not None:
            array = array * _array(sample_weight)
        self.total += float(array.sum())
        self.count = 1.0


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred)` over all examples seen."""

    def __init__(self, fn: Any, name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        self._fn = fn
        self._fn_kwargs = kwargs
        super().__init__(name, dtype)

    def update_state(  # type: ignore[override]
        self, y_true: Any, y_pred: Any, sample_weight: Any = None
    ) -> None:
        matches = self._fn(_array(y_true), _array(y_pred), **self._fn_kwargs)
        super().update_state(matches, sample_weight)


def sparse_categorical_accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    labels = y_true
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    return (np.argmax(y_pred, axis=-1) == labels.astype(np.int64)).astype(np.float32)


def categorical_accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    return (np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)).astype(np.float32)


def binary_accuracy(y_true: np.ndarray, y_pred: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    return ((y_pred > threshold) == (y_true > 0.5)).astype(np.float32)


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    return (y_true == y_pred).astype(np.float32)


def mean_squared_error(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    return np.mean(np.square(y_pred.astype(np.float64) - y_true), axis=-1)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly."""

    def __init__(self, name: str = "accuracy", dtype: Any = None) -> None:
        super().__init__(accuracy, name, dtype)


class BinaryAccuracy(MeanMetricWrapper):
    def __init__(
        self, name: str = "binary_accuracy", dtype: Any = None, threshold: float = 0.5
    ) -> None:
        super().__init__(binary_accuracy, name, dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """argmax(y_pred) == argmax(y_true) (one-hot labels)."""

    def __init__(self, name: str = "categorical_accuracy", dtype: Any = None) -> None:
        super().__init__(categorical_accuracy, name, dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """argmax(y_pred) == y_true (integer labels)."""

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype: Any = None) -> None:
        super().__init__(sparse_categorical_accuracy, name, dtype)


class MeanSquaredError(MeanMetricWrapper):
    def __init__(self, name: str = "mean_squared_error", dtype: Any = None) -> None:
        super().__init__(mean_squared_error, name, dtype)
