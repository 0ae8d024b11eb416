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
    a_shape, b_shape = x._value.shape, y._value.shape
    if len(a_shape) < 2 or len(b_shape) < 2:
        raise _matmul_error(
            f"In[0] and In[1] must be at least rank 2, got shapes {list(a_shape)} and "
            f"{list(b_shape)}"
        )
    inner_a = a_shape[-2] if transpose_a else a_shape[-1]
    inner_b = b_shape[-1] if transpose_b else b_shape[-2]
    if inner_a != inner_b:  # TF's words (numpy's speak of gufunc core dimensions)
        raise _matmul_error(
            f"Matrix size-incompatible: In[0]: {_dims(a_shape)}, In[1]: {_dims(b_shape)} "
            f"(inner dimensions {inner_a} and {inner_b} differ"
            + (", after the transposes)" if transpose_a or transpose_b else ")")
        )
    return apply(
        _MATMUL, (x, y), {"transpose_a": bool(transpose_a), "transpose_b": bool(transpose_b)}
    )


def _dims(shape: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, shape)) + "]"


def _matmul_error(message: str) -> Exception:
    """An InvalidArgumentError naming the op and the user's line, as every op error does."""
    from visualtape.engine.errors import InvalidArgumentError
    from visualtape.engine.location import describe, user_location

    where = describe(user_location())
    return InvalidArgumentError(
        f"{message} [Op:MatMul]" + (f" (at {where})" if where else ""), "MatMul"
    )
