"""Variable: a named, mutable tensor that tapes watch automatically when trainable.

Assignment swaps the wrapped array (arrays are never mutated in place), so values captured
earlier by a tape or an event stay as they were.

>>> v = Variable(1.0, name="w"); _ = v.assign_sub(0.25); float(v)
0.75
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from visualtape.engine import dtypes, trace
from visualtape.engine.tensor import Tensor, _readonly, numpy_text, to_array

_creation_order = itertools.count(1).__next__


class Variable(Tensor):
    """Mutable state with identity. `trainable` Variables are auto-watched by tapes."""

    __slots__ = ("_name", "_trainable", "_creation", "_assign_count")

    def __init__(
        self,
        initial_value: Any,
        trainable: bool = True,
        name: str | None = None,
        dtype: Any = None,
        shape: Any = None,
    ) -> None:
        if callable(initial_value):
            initial_value = initial_value()
        np_dtype = None if dtype is None else dtypes.as_dtype(dtype).np
        super().__init__(np.array(to_array(initial_value, np_dtype), copy=True))
        self._name = name or "Variable"
        self._trainable = bool(trainable)
        self._creation = _creation_order()
        self._assign_count = 0
        if trace.sink is not None:
            _emitting.emit_variable_created(self)

    @property
    def name(self) -> str:
        return f"{self._name}:0"

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def creation_order(self) -> int:
        return self._creation

    def read_value(self) -> Tensor:
        return Tensor(self._value)

    def value(self) -> Tensor:
        return Tensor(self._value)

    def assign(self, value: Any, read_value: bool = True) -> Variable:
        """Replace the value (same shape and dtype)."""
        return self._set(to_array(value, self._value.dtype), "assign")

    def assign_add(self, delta: Any, read_value: bool = True) -> Variable:
        return self._set(self._value + to_array(delta, self._value.dtype), "assign_add")

    def assign_sub(self, delta: Any, read_value: bool = True) -> Variable:
        return self._set(self._value - to_array(delta, self._value.dtype), "assign_sub")

    def _set(self, new_value: np.ndarray, method: str) -> Variable:
        if new_value.shape != self._value.shape:
            raise ValueError(
                f"Cannot {method} a value of shape {new_value.shape} to variable "
                f"'{self._name}' of shape {self._value.shape}"
            )
        self._value = _readonly(np.array(new_value, dtype=self._value.dtype, copy=True))
        self._assign_count += 1
        if trace.sink is not None:
            _emitting.emit_variable_assigned(self, method)
        return self

    def __repr__(self) -> str:
        shape = tuple(self._value.shape)
        dtype = self._value.dtype.name
        shown = numpy_text(self._value, is_repr=True)
        return f"<tf.Variable '{self.name}' shape={shape} dtype={dtype}, numpy={shown}>"

    __str__ = __repr__


# Event building imports this module, hence imported last.
from visualtape.engine import emitting as _emitting  # noqa: E402
