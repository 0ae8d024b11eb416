"""Tensor creation: ones, zeros, fill, range, linspace, eye and their `_like` forms.

>>> ones((2, 2)).numpy().tolist()
[[1.0, 1.0], [1.0, 1.0]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine import dtypes
from visualtape.engine.tensor import Tensor, TensorShape, to_array


def _np_dtype(dtype: Any, default: np.dtype = dtypes.DEFAULT_FLOAT) -> np.dtype:
    return default if dtype is None else dtypes.as_dtype(dtype).np


_INTEGERS = (int, np.integer)  # (a tuple: `int | np.integer` would be built on every call)


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, Tensor):
        shape = shape._value.tolist()
    if isinstance(shape, _INTEGERS):
        return (int(shape),)
    return tuple(map(int, shape))


def ones(shape: Any, dtype: Any = None, name: str | None = None) -> Tensor:
    # NOTE: np.ones is Python code around empty + copyto; empty + fill costs half as much.
    value = np.empty(_shape(shape), dtype=_np_dtype(dtype))
    value.fill(1)
    return Tensor(value)


def zeros(shape: Any, dtype: Any = None, name: str | None = None) -> Tensor:
    return Tensor(np.zeros(_shape(shape), dtype=_np_dtype(dtype)))


def ones_like(input: Any, dtype: Any = None, name: str | None = None) -> Tensor:  # noqa: A002
    value = to_array(input)
    return Tensor(np.ones(value.shape, dtype=_np_dtype(dtype, value.dtype)))


def zeros_like(input: Any, dtype: Any = None, name: str | None = None) -> Tensor:  # noqa: A002
    value = to_array(input)
    return Tensor(np.zeros(value.shape, dtype=_np_dtype(dtype, value.dtype)))


def fill(dims: Any, value: Any, name: str | None = None) -> Tensor:
    scalar = to_array(value)
    return Tensor(np.full(_shape(dims), scalar, dtype=scalar.dtype))


def range(  # noqa: A001
    start: Any,
    limit: Any = None,
    delta: Any = 1,
    dtype: Any = None,
    name: str | None = None,
) -> Tensor:
    """Like Python's range, as a tensor (int32 for ints, float32 for floats)."""
    if limit is None:
        start, limit = 0, start
    values = to_array(np.arange(start, limit, delta))
    is_float = any(isinstance(v, float) for v in (start, limit, delta))
    default = dtypes.DEFAULT_FLOAT if is_float else dtypes.DEFAULT_INT
    return Tensor(values.astype(_np_dtype(dtype, default)))


def linspace(start: Any, stop: Any, num: int, name: str | None = None, axis: int = 0) -> Tensor:
    start_value = to_array(start)
    return Tensor(
        np.linspace(start_value, to_array(stop), int(num), axis=axis, dtype=start_value.dtype)
    )


def eye(
    num_rows: int,
    num_columns: int | None = None,
    batch_shape: Any = None,
    dtype: Any = None,
    name: str | None = None,
) -> Tensor:
    matrix = np.eye(num_rows, num_columns, dtype=_np_dtype(dtype))
    if batch_shape is not None:
        matrix = np.broadcast_to(matrix, _shape(batch_shape) + matrix.shape).copy()
    return Tensor(matrix)


def shape(input: Any, out_type: Any = None, name: str | None = None) -> Tensor:  # noqa: A002
    return Tensor(np.asarray(to_array(input).shape, dtype=_np_dtype(out_type, dtypes.DEFAULT_INT)))


def size(input: Any, out_type: Any = None, name: str | None = None) -> Tensor:  # noqa: A002
    return Tensor(np.asarray(to_array(input).size, dtype=_np_dtype(out_type, dtypes.DEFAULT_INT)))


def rank(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return Tensor(np.asarray(to_array(input).ndim, dtype=np.int32))


__all__ = [
    "TensorShape",
    "eye",
    "fill",
    "linspace",
    "ones",
    "ones_like",
    "range",
    "rank",
    "shape",
    "size",
    "zeros",
    "zeros_like",
]
