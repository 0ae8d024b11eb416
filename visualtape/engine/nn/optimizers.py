"""Keras optimizers (the TF ≥ 2.11 update rules), computed in numpy and applied by assignment.

Updates are `Variable.assign_*` calls, so they are never recorded on a tape (as in TensorFlow)
but each one emits a VariableAssigned event for the visualizer.

>>> from visualtape.engine.variable import Variable
>>> w = Variable(1.0)
>>> SGD(learning_rate=0.1).apply_gradients([(2.0, w)]) and None
>>> round(float(w), 6)
0.8
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from visualtape.engine.function_trace import traced_call
from visualtape.engine.tensor import to_array
from visualtape.engine.variable import Variable


class GradientsWarning(UserWarning):
    """TensorFlow logs "Gradients do not exist for variables ..." as a warning; so do we."""


class Optimizer:
    """Base: `apply_gradients(zip(grads, vars))`, `minimize(loss, var_list, tape)`."""

    def __init__(self, learning_rate: Any = 0.001, name: str | None = None, **kwargs: Any) -> None:
        unknown = set(kwargs) - {
            "clipnorm",
            "clipvalue",
            "global_clipnorm",
            "weight_decay",
            "jit_compile",
            "decay",
        }
        if unknown:
            raise TypeError(f"{type(self).__name__}: unexpected arguments {sorted(unknown)}")
        if any(kwargs.get(k) for k in ("clipnorm", "global_clipnorm", "weight_decay", "decay")):
            raise NotImplementedError(
                f"{type(self).__name__}: clipnorm/weight_decay/decay are "
                "not supported by visualtape yet"
            )
        self.learning_rate = learning_rate
        self.clipvalue = kwargs.get("clipvalue")
        self.name = name or type(self).__name__
        self.iterations = Variable(np.int64(0), trainable=False, name=f"{self.name}/iter")
        self._slots: dict[tuple[int, str], np.ndarray] = {}

    @property
    def lr(self) -> Any:
        return self.learning_rate

    def _current_lr(self) -> float:
        lr = self.learning_rate
        if callable(lr):
            lr = lr(int(self.iterations))
        return float(np.asarray(lr))

    def slot(self, variable: Variable, name: str) -> np.ndarray:
        """This optimizer's per-variable state (e.g. Adam's 'm'), zeros at first."""
        key = (variable._id, name)
        if key not in self._slots:
            self._slots[key] = np.zeros(variable._value.shape, dtype=np.float64)
        return self._slots[key]

    def _set_slot(self, variable: Variable, name: str, value: np.ndarray) -> None:
        self._slots[(variable._id, name)] = value

    def apply_gradients(
        self, grads_and_vars: Any, name: str | None = None, **kwargs: Any
    ) -> Variable:
        """One update step; pairs with a None gradient are skipped with a warning (as TF)."""
        pairs = list(grads_and_vars)
        missing = [v for g, v in pairs if g is None]
        if missing:
            names = [getattr(v, "name", repr(v)) for v in missing]
            warnings.warn(
                f"Gradients do not exist for variables {names} when minimizing the "
                "loss. If you're using `model.compile()`, did you forget to provide a "
                "`loss` argument?",
                GradientsWarning,
                stacklevel=2,
            )
        present = [(g, v) for g, v in pairs if g is not None]
        if not present and pairs:
            raise ValueError(
                f"No gradients provided for any variable: "
                f"{[getattr(v, 'name', v) for _, v in pairs]}."
            )
        return self._apply(present)

    @traced_call("optimizer.apply_gradients")
    def _apply(self, present: list[tuple[Any, Variable]]) -> Variable:
        """The update itself (a graph node when traced by `function`: it runs every call)."""
        lr = self._current_lr()
        step = int(self.iterations) + 1
        for grad, variable in present:
            if not isinstance(variable, Variable):
                raise TypeError(f"apply_gradients expects Variables, got {type(variable)}")
            g = np.asarray(to_array(grad), dtype=np.float64)
            if self.clipvalue is not None:
                g = np.clip(g, -self.clipvalue, self.clipvalue)
            if g.shape != variable._value.shape:
                raise ValueError(
                    f"Gradient of shape {g.shape} for variable {variable.name} "
                    f"of shape {variable._value.shape}"
                )
            delta = self._update(variable, g, lr, step)
            variable.assign_sub(delta.astype(variable._value.dtype))
        self.iterations.assign_add(np.int64(1))
        return self.iterations

    def _update(self, variable: Variable, grad: np.ndarray, lr: float, step: int) -> np.ndarray:
        """The amount to subtract from `variable` for `grad` (float64 arithmetic)."""
        raise NotImplementedError

    def minimize(self, loss: Any, var_list: Any, tape: Any = None) -> Variable:
        """Compute gradients of `loss` (a tensor with `tape`, or a zero-argument callable)."""
        from visualtape.engine.tape import GradientTape

        variables = list(var_list() if callable(var_list) else var_list)
        if tape is None:
            if not callable(loss):
                raise ValueError("`tape` is required when a `Tensor` loss is passed.")
            with GradientTape() as tape:
                value = loss()
        else:
            value = loss() if callable(loss) else loss
        grads = tape.gradient(value, variables)
        return self.apply_gradients(zip(grads, variables, strict=True))

    def variables(self) -> list[Any]:
        return [self.iterations]

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "learning_rate": self.learning_rate}


class SGD(Optimizer):
    """v ← momentum·v − lr·g; w ← w + v (nesterov: w ← w + momentum·v − lr·g)."""

    def __init__(
        self,
        learning_rate: Any = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        name: str = "SGD",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, name, **kwargs)
        if not 0 <= momentum <= 1:
            raise ValueError("`momentum` must be between [0, 1].")
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)

    def _update(self, variable: Variable, grad: np.ndarray, lr: float, step: int) -> np.ndarray:
        if not self.momentum:
            return lr * grad
        velocity = self.momentum * self.slot(variable, "momentum") - lr * grad
        self._set_slot(variable, "momentum", velocity)
        if self.nesterov:
            return -(self.momentum * velocity - lr * grad)
        return -velocity


class Adam(Optimizer):
    """m, v moving averages; w ← w − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε)."""

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        name: str = "Adam",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = float(beta_1), float(beta_2), float(epsilon)
        self.amsgrad = bool(amsgrad)

    def _update(self, variable: Variable, grad: np.ndarray, lr: float, step: int) -> np.ndarray:
        b1, b2 = self.beta_1, self.beta_2
        m = self.slot(variable, "m") + (grad - self.slot(variable, "m")) * (1 - b1)
        v = self.slot(variable, "v") + (grad * grad - self.slot(variable, "v")) * (1 - b2)
        self._set_slot(variable, "m", m)
        self._set_slot(variable, "v", v)
        if self.amsgrad:
            v = np.maximum(self.slot(variable, "vhat"), v)
            self._set_slot(variable, "vhat", v)
        alpha = lr * np.sqrt(1 - b2**step) / (1 - b1**step)
        return alpha * m / (np.sqrt(v) + self.epsilon)


class RMSprop(Optimizer):
    """ms ← ρ·ms + (1−ρ)·g²; w ← w − lr·g/√(ms + ε) (with optional momentum, centering)."""

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        name: str = "RMSprop",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, name, **kwargs)
        self.rho, self.momentum, self.epsilon = float(rho), float(momentum), float(epsilon)
        self.centered = bool(centered)

    def _update(self, variable: Variable, grad: np.ndarray, lr: float, step: int) -> np.ndarray:
        rho = self.rho
        velocity = rho * self.slot(variable, "velocity") + (1 - rho) * grad * grad
        self._set_slot(variable, "velocity", velocity)
        denominator = velocity
        if self.centered:
            average = rho * self.slot(variable, "average") + (1 - rho) * grad
            self._set_slot(variable, "average", average)
            denominator = velocity - average * average
        increment = lr * grad / np.sqrt(denominator + self.epsilon)
        if not self.momentum:
            return increment
        moment = self.momentum * self.slot(variable, "moment") + increment
        self._set_slot(variable, "moment", moment)
        return moment


class Adagrad(Optimizer):
    """acc ← acc + g²; w ← w − lr·g/√(acc + ε)."""

    def __init__(
        self,
        learning_rate: Any = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        name: str = "Adagrad",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate, name, **kwargs)
        self.initial_accumulator_value = float(initial_accumulator_value)
        self.epsilon = float(epsilon)

    def _update(self, variable: Variable, grad: np.ndarray, lr: float, step: int) -> np.ndarray:
        key = (variable._id, "accumulator")
        if key not in self._slots:
            self._slots[key] = np.full(variable._value.shape, self.initial_accumulator_value)
        accumulator = self._slots[key] + grad * grad
        self._slots[key] = accumulator
        return lr * grad / np.sqrt(accumulator + self.epsilon)


_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad}


def get(identifier: Any) -> Optimizer:
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
