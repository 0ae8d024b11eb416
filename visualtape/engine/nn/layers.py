"""Keras-like layers built from engine ops; each call runs inside `name_scope(layer.name)`.

Layers build their weights on the first call (from the input's last dimension), name them like
TensorFlow ("dense/kernel") and collect the variables of their sub-layers.

>>> from visualtape.engine.tensor import constant
>>> layer = Dense(2, kernel_initializer="ones", name="d")
>>> layer(constant([[1.0, 2.0, 3.0]])).numpy().tolist(), [v.name for v in layer.variables]
([[6.0, 6.0]], ['d/kernel:0', 'd/bias:0'])
"""

from __future__ import annotations

import collections
import re
from typing import Any

import numpy as np

from visualtape.engine import dtypes
from visualtape.engine.nn import activations, initializers
from visualtape.engine.nn.functional import KerasTensor, call_symbolic
from visualtape.engine.ops import array_ops, linalg_ops, math_ops, shape_ops
from visualtape.engine.scope import name_scope
from visualtape.engine.tensor import Tensor, constant
from visualtape.engine.variable import Variable

_name_counts: collections.Counter[str] = collections.Counter()


def unique_name(base: str) -> str:
    """'dense', then 'dense_1', 'dense_2', ... (Keras' default layer names)."""
    count = _name_counts[base]
    _name_counts[base] += 1
    return base if count == 0 else f"{base}_{count}"


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _tracked_leaves(value: Any) -> list[Any]:
    if isinstance(value, Variable | Module):
        return [value]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _tracked_leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _tracked_leaves(item)]
    return []


class Module:
    """tf.Module: collects the Variables and sub-modules assigned to its attributes."""

    _sort_attributes = True  # tf.Module walks attributes by name; Keras layers in order

    def __init__(self, name: str | None = None) -> None:
        self._name = name or unique_name(snake_case(type(self).__name__))

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self) -> Any:
        return name_scope(self._name)

    def _own_variables(self) -> list[Variable]:
        return []

    def _walk(self, seen: set[int]) -> list[Variable]:
        found: list[Variable] = []
        items = vars(self).items()
        attrs = sorted(items) if self._sort_attributes else list(items)
        for leaf in [*self._own_variables(), *(x for _, v in attrs for x in _tracked_leaves(v))]:
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            found.extend([leaf] if isinstance(leaf, Variable) else leaf._walk(seen))
        return found

    @property
    def variables(self) -> list[Variable]:
        return self._walk(set())

    @property
    def trainable_variables(self) -> list[Variable]:
        return [v for v in self.variables if v.trainable]

    @property
    def non_trainable_variables(self) -> list[Variable]:
        return [v for v in self.variables if not v.trainable]

    @property
    def submodules(self) -> list[Module]:
        found: list[Module] = []
        for value in vars(self).values():
            for leaf in _tracked_leaves(value):
                if isinstance(leaf, Module) and leaf not in found:
                    found.extend([leaf, *leaf.submodules])
        return found


class Layer(Module):
    """Keras Layer: `build(input_shape)` once, then `call(inputs)` inside the layer's scope."""

    _sort_attributes = False

    def __init__(
        self,
        trainable: bool = True,
        name: str | None = None,
        dtype: Any = None,
        input_shape: Any = None,
        input_dim: int | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}: unsupported keyword arguments "
                f"{sorted(kwargs)} in visualtape"
            )
        super().__init__(name)
        self.trainable = trainable
        self.built = False
        self._weights: list[Variable] = []
        self._dtype = dtypes.as_dtype(dtype or "float32")
        if input_dim is not None:
            input_shape = (input_dim,)
        self._batch_input_shape = None if input_shape is None else (None, *input_shape)

    @property
    def dtype(self) -> str:
        return self._dtype.name

    def _own_variables(self) -> list[Variable]:
        return list(self._weights)

    @property
    def weights(self) -> list[Variable]:
        return self.variables

    @property
    def trainable_weights(self) -> list[Variable]:
        return self.trainable_variables if self.trainable else []

    @property
    def trainable_variables(self) -> list[Variable]:
        return super().trainable_variables if self.trainable else []

    def get_weights(self) -> list[np.ndarray]:
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights: list[Any]) -> None:
        for variable, value in zip(self.weights, weights, strict=True):
            variable.assign(value)

    def add_weight(
        self,
        name: str,
        shape: Any = (),
        dtype: Any = None,
        initializer: Any = None,
        trainable: bool = True,
    ) -> Variable:
        """Create a Variable named '<layer>/<name>' (call inside `build`)."""
        init = initializers.get(initializer or "glorot_uniform")
        value = init(tuple(shape), dtype=dtype or self._dtype)
        variable = Variable(
            value,
            trainable=trainable and self.trainable,
            name=f"{self.name}/{name}",
            dtype=dtype or self._dtype,
        )
        self._weights.append(variable)
        return variable

    def build(self, input_shape: Any) -> None:
        self.built = True

    def call(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def _cast_input(self, value: Any) -> Any:
        if isinstance(value, Tensor):
            if value.dtype.is_floating and value.dtype != self._dtype:
                return array_ops.cast(value, self._dtype)
            return value
        if isinstance(value, list | tuple) and value and isinstance(value[0], Tensor):
            return type(value)(self._cast_input(v) for v in value)
        array = np.asarray(value)
        if array.dtype.kind == "f" or array.dtype.kind in "iu" and self._dtype.is_floating:
            return constant(array, dtype=self._dtype)
        return constant(array)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(inputs, KerasTensor) or (
            isinstance(inputs, list | tuple) and inputs and isinstance(inputs[0], KerasTensor)
        ):
            return call_symbolic(self, inputs, args, kwargs)
        with name_scope(self.name):
            inputs = self._cast_input(inputs)
            if not self.built:
                shape = inputs.shape if isinstance(inputs, Tensor) else [t.shape for t in inputs]
                self.build(shape)
                self.built = True
            return self.call(inputs, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


class Dense(Layer):
    """`activation(inputs @ kernel + bias)`; kernel [input_dim, units], bias [units]."""

    def __init__(
        self,
        units: int,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        if self._batch_input_shape is not None:
            self.build(self._batch_input_shape)

    def build(self, input_shape: Any) -> None:
        last = input_shape[-1]
        if last is None:
            raise ValueError(
                f"{self.name}: the last dimension of the inputs to a Dense layer "
                "should be defined. Found None."
            )
        self.kernel = self.add_weight(
            "kernel", (int(last), self.units), initializer=self.kernel_initializer
        )
        self.bias = (
            self.add_weight("bias", (self.units,), initializer=self.bias_initializer)
            if self.use_bias
            else None
        )
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        if inputs.ndim == 2:
            outputs = linalg_ops.matmul(inputs, self.kernel)
        else:
            # NOTE: rank-n inputs contract the last axis (Keras uses tensordot for this).
            flat = shape_ops.reshape(inputs, (-1, inputs.shape[-1]))
            product = linalg_ops.matmul(flat, self.kernel)
            outputs = shape_ops.reshape(product, (*inputs.shape[:-1], self.units))
        if self.bias is not None:
            outputs = math_ops.add(outputs, self.bias)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return (*tuple(input_shape)[:-1], self.units)


class Flatten(Layer):
    """Reshape [batch, d1, d2, ...] to [batch, d1·d2·...]."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def call(self, inputs: Tensor) -> Tensor:
        if inputs.ndim <= 1:
            return shape_ops.expand_dims(inputs, -1) if inputs.ndim == 1 else inputs
        return shape_ops.reshape(inputs, (inputs.shape[0], -1))

    def compute_output_shape(self, input_shape: Any) -> Any:
        rest = tuple(input_shape)[1:]
        known = None if any(d is None for d in rest) else int(np.prod(rest, dtype=np.int64))
        return (input_shape[0], known)


class Activation(Layer):
    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs: Tensor) -> Tensor:
        return self.activation(inputs)


class Reshape(Layer):
    def __init__(self, target_shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)

    def call(self, inputs: Tensor) -> Tensor:
        return shape_ops.reshape(inputs, (inputs.shape[0], *self.target_shape))


class InputLayer(Layer):
    """Declares the input shape of a Sequential model (no computation)."""

    def __init__(
        self,
        input_shape: Any = None,
        batch_size: int | None = None,
        dtype: Any = None,
        name: str | None = None,
        shape: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        given = shape if shape is not None else input_shape
        self.input_shape = None if given is None else (batch_size, *tuple(given))
