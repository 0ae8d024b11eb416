"""Matrix multiplication (batched, with transposes) and its VJP."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.ops.convert import binary
from visualtape.engine.registry import apply, register, unbroadcast
from visualtape.engine.tensor import Tensor

Grads = tuple[Tensor | None, ...]


def _matmul_forward(
    a: np.ndarray, b: np.ndarray, transpose_a: bool, transpose_b: bool
) -> np.ndarray:
    # NOTE: the transposes are views (BLAS reads them as transposed operands, no copy); the
    # ndarray method avoids np.swapaxes' Python-level dispatch.
    if transpose_a:
        a = a.swapaxes(-1, -2)
    if transpose_b:
        b = b.swapaxes(-1, -2)
    return np.matmul(a, b)


def _matmul_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    # For C = A·B: dA = G·Bᵀ, dB = Aᵀ·G; transposed operands swap roles. Batch dims that were
    # broadcast are summed away.
    a, b = inputs
    ta, tb = attrs["transpose_a"], attrs["transpose_b"]
    da = db = None
    if needs[0]:
        da = (
            matmul(b, g, transpose_a=tb, transpose_b=True)
            if ta
            else matmul(g, b, transpose_b=not tb)
        )
        da = unbroadcast(da, a._value.shape)
    if needs[1]:
        db = (
            matmul(g, a, transpose_a=True, transpose_b=ta)
            if tb
            else matmul(a, g, transpose_a=not ta)
        )
        db = unbroadcast(db, b._value.shape)
    return da, db


_MATMUL = register(
    "matmul",
    _matmul_forward,
    _matmul_vjp,
    symbol="@",
    category="linalg",
    rule="upstream·Bᵀ to A, Aᵀ·upstream to B",
)


def matmul(
    a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False, name: str | None = None
) -> Tensor:
    """Matrix product of rank >= 2 tensors (leading dims are batch dims).

    >>> matmul([[1.0, 2.0]], [[3.0], [4.0]]).numpy().tolist()
    [[11.0]]
    """
    x, y = binary(a, b, "MatMul")
    if x._value.ndim < 2 or y._value.ndim < 2:
        from visualtape.engine.errors import InvalidArgumentError

        raise InvalidArgumentError(
            f"In[0] and In[1] must be at least rank 2, got shapes {list(x._value.shape)} and "
            f"{list(y._value.shape)} [Op:MatMul]",
            "MatMul",
        )
    return apply(
        _MATMUL, (x, y), {"transpose_a": bool(transpose_a), "transpose_b": bool(transpose_b)}
    )
