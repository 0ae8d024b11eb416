"""TensorFlow-style dtypes over numpy dtypes.

`DType` compares equal to its numpy dtype, its name and other spellings, so both
`x.dtype == tf.float32` and `x.dtype == np.float32` hold.

>>> float32 == "float32", float32.is_floating, as_dtype("int32").is_integer
(True, True, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np


class DType:
    """A tensor element type; wraps one numpy dtype."""

    __slots__ = ("_np",)

    def __init__(self, np_dtype: Any) -> None:
        self._np = np.dtype(np_dtype)

    @property
    def name(self) -> str:
        return self._np.name

    @property
    def as_numpy_dtype(self) -> type:
        return self._np.type

    @property
    def np(self) -> np.dtype:
        return self._np

    @property
    def is_floating(self) -> bool:
        return self._np.kind == "f"

    @property
    def is_integer(self) -> bool:
        return self._np.kind in "iu"

    @property
    def is_bool(self) -> bool:
        return self._np.kind == "b"

    @property
    def min(self) -> float:
        return float(np.finfo(self._np).min if self.is_floating else np.iinfo(self._np).min)

    @property
    def max(self) -> float:
        return float(np.finfo(self._np).max if self.is_floating else np.iinfo(self._np).max)

    def __eq__(self, other: object) -> bool:
        try:
            return bool(self._np == as_dtype(other)._np)
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self._np)

    def __repr__(self) -> str:
        return f"tf.{self.name}"

    def __str__(self) -> str:
        return f"<dtype: '{self.name}'>"


def as_dtype(value: Any) -> DType:
    """Turn a DType, numpy dtype, type or name into a DType."""
    if isinstance(value, DType):
        return value
    if value is float:
        return float32
    if value is int:
        return int32
    try:
        return DType(value)
    except TypeError as exc:
        raise TypeError(f"Cannot convert {value!r} to a dtype.") from exc


float16 = DType(np.float16)
float32 = DType(np.float32)
float64 = DType(np.float64)
int8 = DType(np.int8)
int16 = DType(np.int16)
int32 = DType(np.int32)
int64 = DType(np.int64)
uint8 = DType(np.uint8)
bool_ = DType(np.bool_)

# The numpy scalar types of float tensors (0-d values are held as numpy scalars).
FLOAT_SCALAR_TYPES = frozenset({np.float16, np.float32, np.float64})

DEFAULT_FLOAT = np.dtype(np.float32)
DEFAULT_INT = np.dtype(np.int32)


def is_differentiable(np_dtype: np.dtype) -> bool:
    """Only floating (and complex) tensors carry gradients, as in TensorFlow."""
    return np_dtype.kind in "fc"
