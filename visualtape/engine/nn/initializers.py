"""Weight initializers named like Keras' (`"glorot_uniform"`, `"zeros"`, ...).

Random draws use the engine's seeded generator (`tf.random.set_seed`), so runs repeat; the numbers
are not TensorFlow's.

>>> get("zeros")((2,)).numpy().tolist()
[0.0, 0.0]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from visualtape.engine import dtypes, random
from visualtape.engine.tensor import Tensor


def _fans(shape: tuple[int, ...]) -> tuple[float, float]:
    if len(shape) < 1:
        return 1.0, 1.0
    if len(shape) == 1:
        return float(shape[0]), float(shape[0])
    receptive = float(np.prod(shape[:-2])) if len(shape) > 2 else 1.0
    return shape[-2] * receptive, shape[-1] * receptive


class Initializer:
    """Base class: `initializer(shape, dtype=None) -> Tensor`."""

    def __call__(self, shape: Any, dtype: Any = None) -> Tensor:
        np_dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype).np
        return Tensor(np.asarray(self._sample(tuple(int(d) for d in shape)), dtype=np_dtype))

    def _sample(self, shape: tuple[int, ...]) -> np.ndarray:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return dict(vars(self))


class Zeros(Initializer):
    def _sample(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.zeros(shape)


class Ones(Initializer):
    def _sample(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.ones(shape)


class Constant(Initializer):
    def __init__(self, value: float = 0.0) -> None:
        self.value = value

    def _sample(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.broadcast_to(np.asarray(self.value, dtype=np.float64), shape).copy()


class RandomUniform(Initializer):
    def __init__(
        self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None
    ) -> None:
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def _sample(self, shape: tuple[int, ...]) -> np.ndarray:
        return random.uniform(
            shape, self.minval, self.maxval, dtype="float64", seed=self.seed
        )._value


class RandomNormal(Initializer):
    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None) -> None:
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def _sample(self, shape: tuple[int, ...]) -> np.ndarray:
        return random.normal(shape, self.mean, self.stddev, dtype="float64", seed=self.seed)._value


class VarianceScaling(Initializer):
    """Keras' VarianceScaling: scale / fan, normal (truncated) or uniform."""

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: int | None = None,
    ) -> None:
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def _sample(self, shape: tuple[int, ...]) -> np.ndarray:
        fan_in, fan_out = _fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out}.get(self.mode, (fan_in + fan_out) / 2)
        variance = self.scale / max(1.0, fan)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return random.uniform(shape, -limit, limit, dtype="float64", seed=self.seed)._value
        if self.distribution == "untruncated_normal":
            return random.normal(
                shape, 0.0, math.sqrt(variance), dtype="float64", seed=self.seed
            )._value
        # NOTE: 0.879... is the stddev of a unit normal truncated to [-2, 2] (Keras' constant).
        stddev = math.sqrt(variance) / 0.87962566103423978
        return random.truncated_normal(shape, 0.0, stddev, dtype="float64", seed=self.seed)._value


class GlorotUniform(VarianceScaling):
    def __init__(self, seed: int | None = None) -> None:
        super().__init__(1.0, "fan_avg", "uniform", seed)


class GlorotNormal(VarianceScaling):
    def __init__(self, seed: int | None = None) -> None:
        super().__init__(1.0, "fan_avg", "truncated_normal", seed)


class HeNormal(VarianceScaling):
    def __init__(self, seed: int | None = None) -> None:
        super().__init__(2.0, "fan_in", "truncated_normal", seed)


class HeUniform(VarianceScaling):
    def __init__(self, seed: int | None = None) -> None:
        super().__init__(2.0, "fan_in", "uniform", seed)


class LecunNormal(VarianceScaling):
    def __init__(self, seed: int | None = None) -> None:
        super().__init__(1.0, "fan_in", "truncated_normal", seed)


_BY_NAME: dict[str, type[Initializer]] = {
    "zeros": Zeros,
    "ones": Ones,
    "constant": Constant,
    "random_uniform": RandomUniform,
    "random_normal": RandomNormal,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_normal": HeNormal,
    "he_uniform": HeUniform,
    "lecun_normal": LecunNormal,
    "variance_scaling": VarianceScaling,
}


def get(identifier: Any) -> Any:
    """An initializer from a name, an instance or a callable `(shape, dtype) -> values`."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        key = identifier.lower()
        if key not in _BY_NAME:
            raise ValueError(f"Unknown initializer: {identifier!r}. Known: {sorted(_BY_NAME)}")
        return _BY_NAME[key]()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")


# Keras' snake_case aliases (tf.keras.initializers.glorot_uniform, ...).
zeros, ones, constant = Zeros, Ones, Constant
glorot_uniform, glorot_normal, he_normal, he_uniform = (
    GlorotUniform,
    GlorotNormal,
    HeNormal,
    HeUniform,
)
random_normal, random_uniform = RandomNormal, RandomUniform
