"""Turning op arguments into tensors with TensorFlow's dtype rules (no silent promotion)."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.dtypes import FLOAT_SCALAR_TYPES
from visualtape.engine.errors import InvalidArgumentError
from visualtape.engine.tensor import Tensor, constant, to_array, wrap


def as_tensor(value: Any) -> Tensor:
    return value if isinstance(value, Tensor) else constant(value)


def like(value: Any, dtype: np.dtype) -> Tensor:
    """Convert a non-tensor operand to `dtype` (the other operand's), as TF's binary ops do."""
    if isinstance(value, Tensor):
        return value
    if dtype.kind == "f" and type(value) in (float, int):
        return wrap(dtype.type(value))  # fast path: a Python number beside a float tensor
    if dtype.kind in "iu" and type(value) is float:  # TF refuses even 2.0 beside an int tensor
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    array = to_array(value)
    if dtype.kind in "iu" and array.dtype.kind == "f" and not np.all(np.mod(array, 1) == 0):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    # A numpy operand is copied, as TF copies it: the tensor must not freeze the user's array
    # (a later `x[0] = 5` would fail) nor change when the user changes it (its gradient would).
    return Tensor(array.astype(dtype, copy=isinstance(value, np.ndarray)))


def binary(x: Any, y: Any, op_name: str) -> tuple[Tensor, Tensor]:
    """Both operands as tensors of one dtype; mismatched tensor dtypes are an error, as in TF."""
    if isinstance(x, Tensor):
        if not isinstance(y, Tensor):
            y = like(y, x._value.dtype)
    elif isinstance(y, Tensor):
        x = like(x, y._value.dtype)
    else:
        x = as_tensor(x)
        y = like(y, x._value.dtype)
    xv, yv = x._value, y._value
    # Two numpy scalars of one type have one dtype (the scalar hot path skips `.dtype`, which
    # numpy builds afresh for a scalar).
    if type(xv) is not type(yv) or type(xv) is np.ndarray:
        x_dtype, y_dtype = xv.dtype, yv.dtype
        if x_dtype is not y_dtype and x_dtype != y_dtype:
            raise InvalidArgumentError(
                f"cannot compute {op_name} as input #1(zero-based) was expected to be a "
                f"{x_dtype.name} tensor but is a {y_dtype.name} tensor",
                op_name,
            )
    return x, y


_AXIS_LISTS = (list, tuple, np.ndarray)  # (a tuple: a `|` union is built on every call)


def normalize_axis(axis: Any) -> int | tuple[int, ...] | None:
    """Axis attribute in a hashable, JSON-friendly form."""
    if axis is None:
        return None
    if isinstance(axis, Tensor):
        axis = axis._value.tolist()
    if isinstance(axis, _AXIS_LISTS):
        return tuple(map(int, axis))
    return int(axis)


_FLOAT_ONLY_KINDS = "fc"


def floating(t: Tensor, op_name: str) -> Tensor:
    """`t` itself if it holds floats; TF's error for an op without integer kernels otherwise
    (tf.sqrt(tf.constant([2, 4])) raises in TF: a classic slip, caught at once)."""
    value = t._value
    if type(value) in FLOAT_SCALAR_TYPES or value.dtype.kind in _FLOAT_ONLY_KINDS:
        return t
    dtype = value.dtype.name
    raise InvalidArgumentError(
        f"Value for attr 'T' of {dtype} is not in the list of allowed values: half, float, "
        f"double, complex64, complex128 [Op:{op_name}] ({op_name} takes floats: cast first, "
        f"e.g. tf.cast(x, tf.float32))",
        op_name,
    )
