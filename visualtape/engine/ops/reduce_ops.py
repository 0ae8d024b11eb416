"""Reductions: sum, mean, max, min, prod over axes (with keepdims), each with its VJP."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.ops.convert import as_tensor, normalize_axis
from visualtape.engine.registry import apply, register
from visualtape.engine.tensor import Tensor, wrap

Grads = tuple[Tensor | None, ...]


def _kept_shape(shape: tuple[int, ...], axis: Any) -> tuple[int, ...]:
    """The shape the reduction would have with keepdims=True."""
    if axis is None:
        return (1,) * len(shape)
    kept = list(shape)
    for a in axis if isinstance(axis, tuple) else (axis,):
        kept[a % len(shape)] = 1
    return tuple(kept)


def _spread(g: Tensor, x: Tensor, attrs: dict[str, Any]) -> Tensor:
    """Broadcast an upstream gradient of the reduced shape back over the input's shape."""
    shape = x._value.shape
    if g._value.ndim:  # a 0-d upstream broadcasts as it is
        kept = _kept_shape(shape, attrs["axis"])
        if g._value.shape != kept:
            g = _shape.reshape(g, kept)
    return _shape.broadcast_to(g, shape)


def _sum_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (_spread(g, inputs[0], attrs),)


def _mean_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    x = inputs[0]
    count = max(x._value.size, 1) // max(out._value.size, 1)
    return (_math.divide(_spread(g, x, attrs), wrap(g._value.dtype.type(count))),)


def _extreme_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    # NOTE: ties share the gradient equally, as in TensorFlow.
    x = inputs[0]
    hits = _array.cast(_compare.equal(x, _spread(out, x, attrs)), x._value.dtype)
    share = _math.divide(
        hits,
        _spread(reduce_sum(hits, axis=attrs["axis"], keepdims=True), x, {"axis": attrs["axis"]}),
    )
    return (_math.multiply(share, _spread(g, x, attrs)),)


def _prod_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    # The product of the other factors, without dividing by a zero (TF's _ProdGrad avoids the
    # division too): out / x where x != 0 (0 there when another factor is 0); at a zero, the
    # product of the nonzero factors if it is the only zero, else 0.
    x = inputs[0]
    zero = _compare.equal(x, 0)
    one = Tensor(np.ones_like(x._value))
    safe = _array.where(zero, one, x)  # zeros replaced by 1
    kept = {"axis": attrs["axis"], "keepdims": True}
    nonzero_product = _spread(reduce_prod(safe, **kept), x, attrs)
    zeros = _spread(reduce_sum(_array.cast(zero, x._value.dtype), **kept), x, attrs)
    at_zero = _math.multiply(nonzero_product, _array.cast(_compare.equal(zeros, 1), x._value.dtype))
    others = _array.where(zero, at_zero, _math.divide(_spread(out, x, attrs), safe))
    return (_math.multiply(_spread(g, x, attrs), others),)


def _numpy_reduce(fn: Any) -> Any:
    def forward(x: np.ndarray, axis: Any, keepdims: bool) -> np.ndarray:
        return fn(x, axis=axis, keepdims=keepdims)

    return forward


def _mean(x: np.ndarray, axis: Any, keepdims: bool) -> np.ndarray:
    total = np.add.reduce(x, axis=axis, keepdims=bool(keepdims))  # type: ignore[call-overload]
    return total / max(x.size // max(total.size, 1), 1) if x.size else total * np.nan


_SUM = register(
    "reduce_sum",
    _numpy_reduce(np.add.reduce),
    _sum_vjp,
    symbol="Σ",
    category="reduction",
    rule="upstream copied to every summed element",
)
_MEAN = register(
    "reduce_mean",
    _mean,
    _mean_vjp,
    symbol="mean",
    category="reduction",
    rule="upstream / n to every element",
)
_MAX = register(
    "reduce_max",
    _numpy_reduce(np.maximum.reduce),
    _extreme_vjp,
    symbol="max",
    category="reduction",
    rule="upstream to the maximum (shared among ties)",
)
_MIN = register(
    "reduce_min",
    _numpy_reduce(np.minimum.reduce),
    _extreme_vjp,
    symbol="min",
    category="reduction",
    rule="upstream to the minimum (shared among ties)",
)
_PROD = register(
    "reduce_prod",
    _numpy_reduce(np.multiply.reduce),
    _prod_vjp,
    symbol="Π",
    category="reduction",
    rule="upstream × product of the other factors",
)


def _reduce(opdef: Any, x: Any, axis: Any, keepdims: bool) -> Tensor:
    t = as_tensor(x)
    if t._value.dtype.kind == "b":  # (cheaper than comparing with np.bool_)
        raise TypeError(f"{opdef.name} does not accept bool tensors; cast them first")
    return apply(opdef, (t,), {"axis": normalize_axis(axis), "keepdims": bool(keepdims)})


def reduce_sum(
    input_tensor: Any, axis: Any = None, keepdims: bool = False, name: str | None = None
) -> Tensor:
    """Sum over `axis` (all axes by default).

    >>> reduce_sum([[1.0, 2.0], [3.0, 4.0]], axis=0).numpy().tolist()
    [4.0, 6.0]
    """
    return _reduce(_SUM, input_tensor, axis, keepdims)


def reduce_mean(
    input_tensor: Any, axis: Any = None, keepdims: bool = False, name: str | None = None
) -> Tensor:
    t = as_tensor(input_tensor)
    if t._value.dtype.kind in "iu":  # TF keeps the integer dtype (integer mean)
        value = np.mean(t._value, axis=normalize_axis(axis), keepdims=keepdims)
        return Tensor(np.asarray(value).astype(t._value.dtype))
    return _reduce(_MEAN, t, axis, keepdims)


def reduce_max(
    input_tensor: Any, axis: Any = None, keepdims: bool = False, name: str | None = None
) -> Tensor:
    return _reduce(_MAX, input_tensor, axis, keepdims)


def reduce_min(
    input_tensor: Any, axis: Any = None, keepdims: bool = False, name: str | None = None
) -> Tensor:
    return _reduce(_MIN, input_tensor, axis, keepdims)


def reduce_prod(
    input_tensor: Any, axis: Any = None, keepdims: bool = False, name: str | None = None
) -> Tensor:
    return _reduce(_PROD, input_tensor, axis, keepdims)


# Sibling op modules used by the VJPs above, looked up at call time: the op modules import one
# another, so they are imported last (a function-level import costs ~1.5 us on every call).
from visualtape.engine.ops import array_ops as _array  # noqa: E402
from visualtape.engine.ops import compare_ops as _compare  # noqa: E402
from visualtape.engine.ops import math_ops as _math  # noqa: E402
from visualtape.engine.ops import shape_ops as _shape  # noqa: E402
