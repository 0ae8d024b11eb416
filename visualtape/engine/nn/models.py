"""Keras models: subclassable `Model` (or functional `Model(inputs, outputs)`) and `Sequential`.

>>> from visualtape.engine.nn.layers import Dense
>>> model = Sequential([Dense(4, activation="relu", input_shape=(3,)), Dense(1)])
>>> len(model.trainable_variables), model(np.ones((2, 3))).shape
(4, TensorShape([2, 1]))
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from visualtape.engine.nn import functional
from visualtape.engine.nn.functional import KerasTensor
from visualtape.engine.nn.layers import InputLayer, Layer

_NO_FIT = (
    "is not supported by visualtape: write the training loop with tf.GradientTape, "
    "loss, optimizer.apply_gradients and metrics (that is what visualtape shows)"
)


class Model(Layer):
    """Subclass and define `call`, or build functionally with `Model(inputs=..., outputs=...)`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        inputs = kwargs.pop("inputs", args[0] if args else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        super().__init__(**kwargs)
        self._graph_inputs = inputs
        self._graph_outputs = outputs
        if (inputs is None) != (outputs is None):
            raise ValueError("A functional Model needs both inputs and outputs")
        if inputs is not None:
            self.built = True
            self._graph_layers = _layers_of(outputs)

    @property
    def layers(self) -> list[Layer]:
        if self._graph_inputs is not None:
            return list(self._graph_layers)
        return [m for m in vars(self).values() if isinstance(m, Layer)]

    def call(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        if self._graph_inputs is None:
            raise NotImplementedError(f"{type(self).__name__} must implement call(self, inputs)")
        return functional.evaluate(self._graph_outputs, self._graph_inputs, inputs)

    def predict(self, x: Any, batch_size: int | None = None, verbose: Any = 0) -> np.ndarray:
        """Outputs for `x` as a numpy array (no tape records; call the model for those)."""
        return np.asarray(self(x))

    def summary(self, print_fn: Any = None) -> None:
        """A table of layers and parameter counts, printed like Keras'."""
        show = print_fn or (lambda line: print(line, file=sys.stdout))
        show(f'Model: "{self.name}"')
        show(f"{'Layer (type)':<34}{'Param #':>10}")
        show("=" * 44)
        for layer in self.layers:
            count = sum(int(np.prod(v.shape, dtype=np.int64)) for v in layer.variables)
            show(f"{layer.name + ' (' + type(layer).__name__ + ')':<34}{count:>10}")
        show("=" * 44)
        total = sum(int(np.prod(v.shape, dtype=np.int64)) for v in self.variables)
        trainable = sum(int(np.prod(v.shape, dtype=np.int64)) for v in self.trainable_variables)
        show(f"Total params: {total}")
        show(f"Trainable params: {trainable}")
        show(f"Non-trainable params: {total - trainable}")

    def compile(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(f"Model.compile {_NO_FIT}")

    def fit(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(f"Model.fit {_NO_FIT}")

    def evaluate(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(f"Model.evaluate {_NO_FIT}")


def _layers_of(outputs: Any) -> list[Layer]:
    found: list[Layer] = []
    stack = list(functional.nest.flatten(outputs))
    while stack:
        kt = stack.pop()
        if kt.layer is not None and kt.layer not in found:
            found.insert(0, kt.layer)
        if kt.inputs is not None:
            stack.extend(functional.nest.flatten(kt.inputs))
    return found


class Sequential(Model):
    """A stack of layers, each called on the previous one's output."""

    def __init__(self, layers: Any = None, name: str | None = None) -> None:
        super().__init__(name=name)
        self._stack: list[Layer] = []
        self._input: KerasTensor | None = None
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self) -> list[Layer]:
        return list(self._stack)

    def add(self, layer: Any) -> None:
        """Append a layer (an `Input(...)` or `InputLayer` only declares the input shape)."""
        if isinstance(layer, KerasTensor):
            self._input = layer
        elif isinstance(layer, InputLayer):
            if layer.input_shape is not None:
                self._input = functional.Input(shape=layer.input_shape[1:], dtype=layer.dtype)
        elif isinstance(layer, Layer):
            if not self._stack and self._input is None and layer._batch_input_shape:
                self._input = functional.Input(
                    shape=layer._batch_input_shape[1:], dtype=layer.dtype
                )
            self._stack.append(layer)
        else:
            raise TypeError(
                "The added layer must be an instance of class Layer. "
                f"Received: layer={layer!r} of type {type(layer).__name__}"
            )
        if self._input is not None and self._stack:
            self._build_symbolic(self._input)

    def _build_symbolic(self, kt: KerasTensor) -> None:
        for layer in self._stack:
            kt = layer(kt)
        self.built = True

    def build(self, input_shape: Any = None) -> None:
        if input_shape is not None and self._stack and not self._stack[-1].built:
            shape = tuple(input_shape)
            self._build_symbolic(functional.Input(shape=shape[1:], batch_size=shape[0]))
        self.built = True

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        outputs = inputs
        for layer in self._stack:
            outputs = layer(outputs)
        return outputs

    def pop(self) -> Layer:
        return self._stack.pop()
