"""Seeded random tensors. Same seeds give the same numbers on every run (not TF's numbers).

>>> set_seed(0); a = normal((2,)); set_seed(0); b = normal((2,))
>>> bool((a.numpy() == b.numpy()).all())
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine import dtypes
from visualtape.engine.tensor import Tensor

_generator = np.random.default_rng()
_global_seed: int | None = None
# TF's seeding: an op seed starts its own sequence, derived from the global seed and the op
# seed together; the same op seed again continues that sequence (A1, then A2), and
# tf.random.set_seed starts every sequence afresh.
_op_generators: dict[int, np.random.Generator] = {}
_DEFAULT_GLOBAL_SEED = 87654321  # TF's, when only an op seed is given


def set_seed(seed: int) -> None:
    """Reset the global random generator (tf.random.set_seed)."""
    global _generator, _global_seed
    _global_seed = int(seed)
    _generator = np.random.default_rng(_global_seed)
    _op_generators.clear()


def _rng(seed: int | None) -> np.random.Generator:
    if seed is None:
        return _generator
    op_seed = int(seed)
    generator = _op_generators.get(op_seed)
    if generator is None:
        base = _DEFAULT_GLOBAL_SEED if _global_seed is None else _global_seed
        generator = _op_generators[op_seed] = np.random.default_rng([base, op_seed])
    return generator


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def normal(
    shape: Any,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: Any = None,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    np_dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype).np
    values = _rng(seed).normal(float(mean), float(stddev), _shape(shape))
    return Tensor(values.astype(np_dtype))


def uniform(
    shape: Any,
    minval: float = 0.0,
    maxval: float | None = None,
    dtype: Any = None,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    np_dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype).np
    if np_dtype.kind in "iu":
        if maxval is None:
            raise ValueError("uniform: maxval must be given for integer dtypes")
        values: np.ndarray = _rng(seed).integers(int(minval), int(maxval), _shape(shape))
    else:
        high = 1.0 if maxval is None else float(maxval)
        values = _rng(seed).uniform(float(minval), high, _shape(shape))
    return Tensor(values.astype(np_dtype))


def truncated_normal(
    shape: Any,
    mean: float = 0.0,
    stddev: float = 1.0,
    dtype: Any = None,
    seed: int | None = None,
    name: str | None = None,
) -> Tensor:
    """Normal samples redrawn until within two standard deviations of the mean."""
    np_dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype).np
    rng = _rng(seed)
    values = rng.normal(0.0, 1.0, _shape(shape))
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.normal(0.0, 1.0, int(outside.sum()))
        outside = np.abs(values) > 2
    return Tensor((values * float(stddev) + float(mean)).astype(np_dtype))


def shuffle(value: Any, seed: int | None = None, name: str | None = None) -> Tensor:
    array = np.asarray(value)
    return Tensor(array[_rng(seed).permutation(len(array))])
