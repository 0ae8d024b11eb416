"""Indexing, gather, where, clipping, max/min, cast, one_hot, identity and stop_gradient."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine import dtypes
from visualtape.engine.errors import InvalidArgumentError
from visualtape.engine.ops.convert import as_tensor, binary
from visualtape.engine.registry import apply, register, unbroadcast
from visualtape.engine.tensor import Tensor

Grads = tuple[Tensor | None, ...]


# --- indexing / slicing -------------------------------------------------------------------


def _plain_key(key: Any) -> Any:
    """Tensors inside an index become numpy values; lists become arrays."""
    if isinstance(key, tuple):
        return tuple(_plain_key(k) for k in key)
    if isinstance(key, Tensor):
        return key._value[()] if key._value.ndim == 0 else key._value
    if isinstance(key, list):
        return np.asarray(key)
    return key


def _scatter_forward(g: np.ndarray, key: Any, shape: tuple[int, ...]) -> np.ndarray:
    out = np.zeros(shape, dtype=g.dtype)
    np.add.at(out, key, g)  # add.at: repeated indices accumulate
    return out


def _getitem_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (apply(_SCATTER, (g,), {"key": attrs["key"], "shape": inputs[0]._value.shape}),)


def _scatter_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (getitem(g, attrs["key"]),)


_GETITEM = register(
    "getitem",
    lambda x, key: x[key],
    _getitem_vjp,
    symbol="[ ]",
    category="shape",
    rule="upstream placed back at the selected positions",
)
_SCATTER = register(
    "index_scatter",
    _scatter_forward,
    _scatter_vjp,
    symbol="scatter",
    category="shape",
    rule="upstream read at the scattered positions",
)


def getitem(tensor: Any, key: Any) -> Tensor:
    """`tensor[key]`: basic slicing and integer-array indexing."""
    return apply(_GETITEM, (as_tensor(tensor),), {"key": _plain_key(key)})


def _gather_forward(params: np.ndarray, indices: np.ndarray, axis: int) -> np.ndarray:
    return np.take(params, indices, axis=axis)


def _gather_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    params, indices = inputs
    axis = attrs["axis"] % params._value.ndim
    key = (slice(None),) * axis + (indices._value,)
    grad = apply(_SCATTER, (g,), {"key": key, "shape": params._value.shape})
    return (grad, None)


_GATHER = register(
    "gather",
    _gather_forward,
    _gather_vjp,
    symbol="gather",
    category="shape",
    rule="upstream summed back into the gathered rows",
)


def gather(
    params: Any, indices: Any, axis: int = 0, batch_dims: int = 0, name: str | None = None
) -> Tensor:
    if batch_dims:
        raise NotImplementedError("gather with batch_dims is not supported yet")
    source, where_ = as_tensor(params), as_tensor(indices)
    size = source._value.shape[int(axis)] if source._value.ndim else 0
    picked = np.asarray(where_._value)
    outside = picked[(picked < 0) | (picked >= size)] if picked.dtype.kind in "iu" else picked[:0]
    if outside.size:  # TF's CPU kernel refuses these (numpy would wrap a negative index round)
        raise InvalidArgumentError(
            f"indices = {int(outside.flat[0])} is not in [0, {size}) [Op:GatherV2]", "GatherV2"
        )
    return apply(_GATHER, (source, where_), {"axis": int(axis)})


# --- selection ----------------------------------------------------------------------------


def _where_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    cond, x, y = inputs
    zeros = Tensor(np.zeros_like(g._value))
    return (
        None,
        unbroadcast(where(cond, g, zeros), x._value.shape) if needs[1] else None,
        unbroadcast(where(cond, zeros, g), y._value.shape) if needs[2] else None,
    )


# Same-size unsigned integers, to select the bits of x or y without a branch.
_UINT_OF_ITEMSIZE: dict[int, np.dtype] = {size: np.dtype(f"u{size}") for size in (1, 2, 4, 8)}
_BRANCH_FREE_MIN_SIZE = 512


def _where_forward(cond: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """np.where(cond, x, y), bit for bit (nan, inf and -0.0 included), but branch-free when large.

    NOTE: np.where branches per element. On a mask with no pattern (relu's backward pass, half the
    units active) the CPU mispredicts about every other element and np.where runs 5-8x slower
    than a multiply. Blending the bit patterns, y ^ ((x ^ y) & mask), has no branch. Small
    inputs keep np.where: its single call is cheaper than the few calls of the blend.
    """
    uint = _UINT_OF_ITEMSIZE.get(x.dtype.itemsize)
    if (
        uint is None
        or cond.dtype != np.bool_
        or x.dtype != y.dtype
        or x.dtype.kind not in "biuf"
        or max(cond.size, x.size, y.size) < _BRANCH_FREE_MIN_SIZE
    ):
        return np.where(cond, x, y)
    mask = np.negative(cond, dtype=uint)  # True -> all bits set (unsigned), False -> 0
    x_bits = np.asarray(x).view(uint)
    y_bits = np.asarray(y).view(uint)
    if y_bits.size == 1 and not y_bits:  # where(cond, x, 0), e.g. relu's backward
        blended = np.bitwise_and(mask, x_bits, out=mask if mask.shape == x_bits.shape else None)
    else:
        blended = np.bitwise_and(np.bitwise_xor(x_bits, y_bits), mask)
        np.bitwise_xor(blended, y_bits, out=blended)  # blended has the full broadcast shape
    return blended.view(x.dtype)


_WHERE = register(
    "where",
    _where_forward,
    _where_vjp,
    symbol="where",
    category="select",
    rule="upstream to x where cond holds, to y elsewhere",
)


def where(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """Elementwise choice `x if condition else y` (broadcasting)."""
    cond = as_tensor(condition)
    if x is None and y is None:
        return Tensor(np.argwhere(cond._value).astype(np.int64))
    xt, yt = binary(x, y, "SelectV2")
    return apply(_WHERE, (cond, xt, yt), {})


def _extreme_vjp(pick_x: Any) -> Any:
    def vjp(
        g: Tensor,
        inputs: tuple[Tensor, ...],
        out: Tensor,
        attrs: dict[str, Any],
        needs: tuple[bool, ...],
    ) -> Grads:
        x, y = inputs
        mask = Tensor(np.asarray(pick_x(x._value, y._value)))
        return _where_vjp(g, (mask, x, y), out, attrs, (False,) + needs)[1:]

    return vjp


_MAXIMUM = register(
    "maximum",
    np.maximum,
    _extreme_vjp(np.greater_equal),
    symbol="max",
    rule="upstream to the larger input",
)
_MINIMUM = register(
    "minimum",
    np.minimum,
    _extreme_vjp(np.less_equal),
    symbol="min",
    rule="upstream to the smaller input",
)


def maximum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return apply(_MAXIMUM, binary(x, y, "Maximum"), {})


def minimum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return apply(_MINIMUM, binary(x, y, "Minimum"), {})


def _clip_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    x = inputs[0]._value
    inside = Tensor(np.asarray((x >= attrs["lo"]) & (x <= attrs["hi"])))
    return (where(inside, g, Tensor(np.zeros_like(g._value))),)


_CLIP = register(
    "clip_by_value",
    lambda x, lo, hi: np.clip(x, lo, hi).astype(x.dtype),
    _clip_vjp,
    symbol="clip",
    rule="upstream where inside [lo, hi], else 0",
)


def clip_by_value(
    t: Any, clip_value_min: Any, clip_value_max: Any, name: str | None = None
) -> Tensor:
    """Scalar bounds: one clip op. Bounds broadcastable to t's shape: TF's own composition,
    maximum(minimum(t, max), min) (the bounds then get gradients too)."""
    x = as_tensor(t)
    bounds = (clip_value_min, clip_value_max)
    if x._value.dtype.kind in "iu" and any(_has_fraction_type(b) for b in bounds):
        raise TypeError(f"clip_by_value: float bounds for a {x._value.dtype.name} tensor")
    if all(np.ndim(b._value if isinstance(b, Tensor) else b) == 0 for b in bounds):
        lo, hi = (float(np.asarray(b._value if isinstance(b, Tensor) else b)) for b in bounds)
        return apply(_CLIP, (x,), {"lo": lo, "hi": hi})
    clipped = maximum(minimum(x, clip_value_max), clip_value_min)
    if clipped._value.shape != x._value.shape:
        raise InvalidArgumentError(
            f"clip_by_value: the bounds must broadcast to t's shape {list(x._value.shape)}",
            "ClipByValue",
        )
    return clipped


def _has_fraction_type(bound: Any) -> bool:
    value = bound._value if isinstance(bound, Tensor) else bound
    return isinstance(value, float) or np.asarray(value).dtype.kind == "f"


# --- dtype and identity ---------------------------------------------------------------------


def _cast_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    source = inputs[0]._value.dtype
    return (cast(g, source) if dtypes.is_differentiable(source) else None,)


_CAST = register(
    "cast",
    lambda x, dtype: x.astype(dtype),
    _cast_vjp,
    symbol="cast",
    category="shape",
    rule="upstream cast back to the input dtype",
)


def cast(x: Any, dtype: Any, name: str | None = None) -> Tensor:
    target = dtypes.as_dtype(dtype).np
    t = as_tensor(x)
    if t._value.dtype == target:
        return t
    return apply(_CAST, (t,), {"dtype": target.name})


_IDENTITY = register(
    "identity",
    lambda x: x.copy(),
    lambda g, inputs, out, attrs, needs: (g,),
    symbol="id",
    category="shape",
    rule="upstream passes through",
)
_STOP = register(
    "stop_gradient",
    lambda x: x.copy(),
    lambda g, inputs, out, attrs, needs: (None,),
    symbol="⊘",
    category="shape",
    rule="no gradient flows back (stop_gradient)",
)


def identity(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return apply(_IDENTITY, (as_tensor(input),), {})


def stop_gradient(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """The same value, but gradients do not flow back through it."""
    return apply(_STOP, (as_tensor(input),), {})


def _one_hot_forward(
    indices: np.ndarray, depth: int, on: float, off: float, dtype: str
) -> np.ndarray:
    out = np.full(indices.shape + (depth,), off, dtype=dtype)
    valid = (indices >= 0) & (indices < depth)
    idx = np.where(valid, indices, 0)
    np.put_along_axis(
        out,
        idx[..., None].astype(np.int64),
        np.where(valid, on, off)[..., None].astype(dtype),
        axis=-1,
    )
    return out


_ONE_HOT = register("one_hot", _one_hot_forward, None, symbol="one-hot", category="compare")


def one_hot(
    indices: Any,
    depth: int,
    on_value: Any = 1.0,
    off_value: Any = 0.0,
    axis: int | None = None,
    dtype: Any = None,
    name: str | None = None,
) -> Tensor:
    if axis not in (None, -1):
        raise NotImplementedError("one_hot with an axis other than -1 is not supported yet")
    np_dtype = dtypes.as_dtype(dtype).np if dtype is not None else np.dtype(np.float32)
    return apply(
        _ONE_HOT,
        (as_tensor(indices),),
        {
            "depth": int(depth),
            "on": float(on_value),
            "off": float(off_value),
            "dtype": np_dtype.name,
        },
    )
