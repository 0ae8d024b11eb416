"""Keras' functional API, small: `Input(shape)` placeholders, layers called on them, `Model`.

A KerasTensor remembers the layer call that produced it; a functional model evaluates that
history for real inputs (shared sub-results computed once).

>>> from visualtape.engine.nn.layers import Dense
>>> inputs = Input(shape=(3,))
>>> outputs = Dense(2)(inputs)
>>> outputs.shape
TensorShape([None, 2])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from visualtape.engine import dtypes, nest
from visualtape.engine.tensor import Tensor, TensorShape, constant


@dataclass(frozen=True, eq=False)
class KerasTensor:
    """A symbolic model input/output: shape (batch dim None), dtype and how it was made."""

    shape: TensorShape
    dtype: Any
    layer: Any = None  # the Layer whose call produced it (None for an Input)
    inputs: Any = None  # the KerasTensor structure passed to that call
    args: tuple[Any, ...] = ()
    kwargs: Any = None
    name: str | None = None

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        return f"<KerasTensor: shape={list(self.shape)} dtype={self.dtype.name}>"


def Input(  # noqa: N802
    shape: Any = None,
    batch_size: int | None = None,
    name: str | None = None,
    dtype: Any = None,
    **kwargs: Any,
) -> KerasTensor:
    """A symbolic input of shape [batch, *shape] for the functional API or a Sequential."""
    if kwargs:
        raise TypeError(f"Input: unsupported keyword arguments {sorted(kwargs)} in visualtape")
    dims = () if shape is None else tuple(shape)
    return KerasTensor(
        TensorShape((batch_size, *dims)),  # type: ignore[arg-type]
        dtypes.as_dtype(dtype or "float32"),
        name=name,
    )


def _dummy(kt: KerasTensor) -> Tensor:
    dims = tuple(1 if d is None else int(d) for d in kt.shape)
    return constant(np.zeros(dims, dtype=kt.dtype.np))


def call_symbolic(
    layer: Any, inputs: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> KerasTensor:
    """Call `layer` on placeholders: build it and infer the output shape with a batch of 1."""
    out = layer(
        nest.pack_sequence_as(inputs, [_dummy(k) for k in nest.flatten(inputs)]), *args, **kwargs
    )
    if not isinstance(out, Tensor):
        raise NotImplementedError("visualtape's functional API supports single-output layers")
    first = nest.flatten(inputs)[0]
    shape = TensorShape((first.shape[0], *out.shape[1:]))
    return KerasTensor(shape, out.dtype, layer, inputs, args, dict(kwargs))


def evaluate(outputs: Any, inputs: Any, values: Any) -> Any:
    """Run the layer history from `inputs` (KerasTensors) fed with `values` to `outputs`."""
    flat_inputs = nest.flatten(inputs)
    flat_values = nest.flatten(values) if len(flat_inputs) > 1 else [values]
    if len(flat_values) != len(flat_inputs):
        raise ValueError(f"Model expects {len(flat_inputs)} inputs, got {len(flat_values)}")
    memo: dict[int, Any] = {id(k): v for k, v in zip(flat_inputs, flat_values, strict=True)}
    order = _topological(nest.flatten(outputs), memo)
    for kt in order:
        fed = nest.pack_sequence_as(kt.inputs, [memo[id(k)] for k in nest.flatten(kt.inputs)])
        memo[id(kt)] = kt.layer(fed, *kt.args, **(kt.kwargs or {}))
    return nest.pack_sequence_as(outputs, [memo[id(k)] for k in nest.flatten(outputs)])


def _topological(targets: list[KerasTensor], known: dict[int, Any]) -> list[KerasTensor]:
    """Producers before consumers, by an explicit stack (no recursion)."""
    order: list[KerasTensor] = []
    done = set(known)
    stack: list[tuple[KerasTensor, bool]] = [(t, False) for t in reversed(targets)]
    while stack:
        kt, expanded = stack.pop()
        if id(kt) in done:
            continue
        if expanded:
            done.add(id(kt))
            order.append(kt)
            continue
        if kt.layer is None:
            raise ValueError(f"Graph disconnected: {kt!r} is not one of the model's inputs")
        stack.append((kt, True))
        stack.extend((k, False) for k in nest.flatten(kt.inputs) if id(k) not in done)
    return order
