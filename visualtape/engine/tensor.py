"""Tensor and Variable: immutable values with identity, and named mutable state.

A Tensor wraps a read-only ndarray and a process-unique id (tapes key on ids). Python operators
dispatch to registered engine ops, so `x * y` inside a GradientTape is recorded.

>>> t = constant([[1.0, 2.0]])
>>> t.shape, t.dtype.name, (t * 2).numpy().tolist()
(TensorShape([1, 2]), 'float32', [[2.0, 4.0]])
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from visualtape.engine import dtypes
from visualtape.engine.dtypes import DType
from visualtape.engine.errors import InvalidArgumentError

if TYPE_CHECKING:
    from visualtape.engine.events import TensorInfo

_next_id = itertools.count(1).__next__


class TensorShape(tuple[int, ...]):
    """A tuple of dimensions with TensorFlow's `as_list`, `rank` and repr."""

    def as_list(self) -> list[int]:
        return list(self)

    @property
    def rank(self) -> int:
        return len(self)

    @property
    def ndims(self) -> int:
        return len(self)

    def num_elements(self) -> int:
        return int(np.prod(self, dtype=np.int64))

    def __repr__(self) -> str:
        return f"TensorShape({list(self)})"

    def __str__(self) -> str:  # print(x.shape) shows "(2, 2)", as in TF
        return str(tuple(self))


# NOTE: 0-d values are held as numpy scalars, not 0-d arrays. Scalar maths (`a * b` on two
# numpy scalars) is over ten times cheaper than a ufunc call, and a scalar beside a 0-d array
# falls back to the slow ufunc path; holding one form keeps the whole scalar path fast.
_SCALAR_KINDS = frozenset("biufc")


def _readonly(value: np.ndarray) -> np.ndarray:
    """Freeze an ndarray in place; a numeric 0-d array becomes a numpy scalar (immutable)."""
    if type(value) is np.ndarray:
        if value.ndim == 0 and value.dtype.kind in _SCALAR_KINDS:
            return value[()]
        if value.flags.writeable:
            value.setflags(write=False)
    return value


def wrap(value: np.ndarray) -> Tensor:
    """A Tensor around a freshly computed value (the hot path of every op; no checks)."""
    tensor = _new_tensor(Tensor)
    if type(value) is np.ndarray:
        if value.ndim:
            value.setflags(write=False)  # cheaper than `value.flags.writeable = False`
        elif value.dtype.kind in _SCALAR_KINDS:
            value = value[()]
    tensor._value = value
    tensor._id = _next_id()
    tensor._info = None
    return tensor


class Tensor:
    """An immutable n-dimensional value. Create with `constant` or as the result of an op.

    `_value` is a read-only ndarray, or a numpy scalar for 0-d results (immutable, and cheaper
    than a 0-d array on the scalar hot path).
    """

    # `_info`: the TensorInfo last built for this tensor's events (None until a sink sees it;
    # see event_values.tensor_info). Tensors are immutable, so it stays true. Every way of
    # making a Tensor sets it: reading an unset slot raises, and that is slow.
    __slots__ = ("_value", "_id", "_info", "__weakref__")
    _value: np.ndarray  # or a numpy scalar for 0-d values (same attributes)
    _id: int
    __array_ufunc__ = None  # numpy defers to our reflected operators (np_array * tensor)

    def __init__(self, value: np.ndarray) -> None:
        self._value = _readonly(value)
        self._id = _next_id()
        self._info: TensorInfo | None = None

    # --- inspection ---------------------------------------------------------------------------
    @property
    def id(self) -> int:
        return self._id

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    @property
    def dtype(self) -> DType:
        return DType(self._value.dtype)

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def name(self) -> str | None:
        return None

    def numpy(self) -> Any:
        """The value as a (writable copy of an) ndarray, or a numpy scalar for 0-d tensors."""
        value = self._value
        return value[()] if value.ndim == 0 else value.copy()

    def get_shape(self) -> TensorShape:
        return self.shape

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        value = np.asarray(self._value)
        return value if dtype is None else value.astype(dtype)

    def __len__(self) -> int:
        if self._value.ndim == 0:
            raise TypeError("len is not well defined for a scalar (rank 0) tensor")
        return int(self._value.shape[0])

    def __iter__(self) -> Iterator[Tensor]:
        for i in range(len(self)):
            yield self[i]

    def __bool__(self) -> bool:
        return bool(self._value)

    def __float__(self) -> float:
        return float(self._value)

    def __int__(self) -> int:
        return int(self._value)

    def __index__(self) -> int:
        return int(self._value)

    def __format__(self, spec: str) -> str:
        if self._value.ndim == 0 and spec:
            return format(self._value[()], spec)
        return format(str(self), spec)

    __hash__ = None  # type: ignore[assignment]  # like TF: elementwise __eq__, so unhashable

    def ref(self) -> _TensorRef:
        """A hashable reference (TF's `tensor.ref()`), for use as a dict key."""
        return _TensorRef(self)

    def __repr__(self) -> str:
        return (
            f"<tf.Tensor: shape={tuple(self._value.shape)}, dtype={self._value.dtype.name}, "
            f"numpy={numpy_text(self._value, is_repr=True)}>"
        )

    def __str__(self) -> str:
        return (
            f"tf.Tensor({numpy_text(self._value, is_repr=False)}, "
            f"shape={tuple(self._value.shape)}, dtype={self._value.dtype.name})"
        )

    # --- operators (bound to engine ops at the bottom of this module) -------------------------
    def __add__(self, other: Any) -> Tensor:
        return _math.add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return _math.add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return _math.subtract(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _math.subtract(other, self)

    def __mul__(self, other: Any) -> Tensor:
        return _math.multiply(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return _math.multiply(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return _math.divide(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return _math.divide(other, self)

    def __floordiv__(self, other: Any) -> Tensor:
        return _compare.floordiv(self, other)

    def __mod__(self, other: Any) -> Tensor:
        return _compare.floormod(self, other)

    def __pow__(self, other: Any) -> Tensor:
        return _math.pow(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return _math.pow(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return _linalg.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _linalg.matmul(other, self)

    def __neg__(self) -> Tensor:
        return _math.negative(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _math.abs(self)

    def __getitem__(self, key: Any) -> Tensor:
        return _array.getitem(self, key)

    def __eq__(self, other: object) -> Tensor | bool:  # type: ignore[override]
        return _tensor_equals(self, other, _compare.equal, unequal=False)

    def __ne__(self, other: object) -> Tensor | bool:  # type: ignore[override]
        return _tensor_equals(self, other, _compare.not_equal, unequal=True)

    def __lt__(self, other: Any) -> Tensor:
        return _compare.less(self, other)

    def __le__(self, other: Any) -> Tensor:
        return _compare.less_equal(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return _compare.greater(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return _compare.greater_equal(self, other)

    def __and__(self, other: Any) -> Tensor:
        return _compare.logical_and(self, other)

    def __or__(self, other: Any) -> Tensor:
        return _compare.logical_or(self, other)

    def __invert__(self) -> Tensor:
        return _compare.logical_not(self)


_new_tensor = object.__new__


class _TensorRef:
    __slots__ = ("_tensor",)

    def __init__(self, tensor: Tensor) -> None:
        self._tensor = tensor

    def deref(self) -> Tensor:
        return self._tensor

    def __hash__(self) -> int:
        return self._tensor._id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _TensorRef) and other._tensor is self._tensor


def _tensor_equals(tensor: Tensor, other: object, compare: Any, unequal: bool) -> Tensor | bool:
    """TF's tensor_equals: `grad == None` is `unequal` (not an error), and tensors whose shapes
    do not broadcast are simply unequal; a dtype mismatch is still an error."""
    if other is None:
        return unequal
    try:
        result: Tensor = compare(tensor, other)
    except InvalidArgumentError as error:
        if "Incompatible shapes" not in str(error):
            raise
        return constant(unequal)
    return result


def numpy_text(value: np.ndarray, is_repr: bool) -> str:
    """The value as TensorFlow prints it: multi-line arrays start on a new line."""
    if value.ndim == 0:
        text = str(value[()])
    else:
        text = repr(np.asarray(value)) if is_repr else str(np.asarray(value))
    return "\n" + text if "\n" in text else text


# --- conversion ---------------------------------------------------------------------------------


_NUMPY_VALUES = (np.ndarray, np.generic)  # (a tuple: a `|` union is built on every call)


def to_array(value: Any, dtype: np.dtype | None = None) -> np.ndarray:
    """Python/numpy value -> ndarray with TensorFlow's default dtypes (float32, int32)."""
    if isinstance(value, Tensor):
        array = value._value
        return array if dtype is None or array.dtype == dtype else array.astype(dtype)
    if dtype is not None:
        return np.asarray(value, dtype=dtype)
    array = np.asarray(value)
    if isinstance(value, _NUMPY_VALUES):
        return array
    if array.dtype == np.float64:
        return array.astype(dtypes.DEFAULT_FLOAT)
    if array.dtype == np.int64:  # Python ints: int32 as in TF, int64 when they do not fit
        info = np.iinfo(dtypes.DEFAULT_INT)
        if array.size and (array.min() < info.min or array.max() > info.max):
            return array
        return array.astype(dtypes.DEFAULT_INT)
    if array.dtype.kind in "OUS":
        raise TypeError(f"Can't convert {type(value).__name__} {value!r:.60} to a tensor")
    return array


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str | None = None) -> Tensor:
    """A constant tensor (float32 for Python floats, int32 for Python ints).

    >>> constant(3.0)
    <tf.Tensor: shape=(), dtype=float32, numpy=3.0>
    """
    np_dtype = None if dtype is None else dtypes.as_dtype(dtype).np
    array = to_array(value, np_dtype)
    if shape is not None:
        array = np.broadcast_to(array, tuple(shape)) if array.size == 1 else array.reshape(shape)
    return Tensor(np.array(array, copy=True) if isinstance(value, np.ndarray) else array)


def convert_to_tensor(value: Any, dtype: Any = None, dtype_hint: Any = None) -> Tensor:
    """Return `value` if it is already a Tensor (checking dtype), else a new constant."""
    if isinstance(value, Tensor):
        if dtype is not None and value._value.dtype != dtypes.as_dtype(dtype).np:
            raise ValueError(
                f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for Tensor "
                f"with dtype {value._value.dtype.name}: {value!r}"
            )
        return value
    if dtype is None and dtype_hint is not None and not isinstance(value, np.ndarray):
        hint = dtypes.as_dtype(dtype_hint).np
        array = to_array(value)
        if array.dtype.kind in "iuf" and hint.kind in "iuf" and np.all(array.astype(hint) == array):
            return Tensor(array.astype(hint))
    return constant(value, dtype)


# Operators resolve these modules at call time; imported last to break the import cycle.
from visualtape.engine.ops import array_ops as _array  # noqa: E402
from visualtape.engine.ops import compare_ops as _compare  # noqa: E402
from visualtape.engine.ops import linalg_ops as _linalg  # noqa: E402
from visualtape.engine.ops import math_ops as _math  # noqa: E402
