"""Shape ops: reshape, transpose, expand_dims, squeeze, concat, stack, broadcast_to, tile."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.errors import InvalidArgumentError
from visualtape.engine.ops.convert import as_tensor, like, normalize_axis
from visualtape.engine.registry import apply, register, unbroadcast
from visualtape.engine.tensor import Tensor, constant, to_array

Grads = tuple[Tensor | None, ...]


def _back_to_input_shape(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (reshape(g, inputs[0]._value.shape),)


def _reshape_forward(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return x.reshape(shape)


def _transpose_forward(x: np.ndarray, perm: tuple[int, ...] | None) -> np.ndarray:
    return np.transpose(x, perm)


def _transpose_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    perm = attrs["perm"]
    if perm is None:
        return (transpose(g),)
    return (transpose(g, tuple(int(i) for i in np.argsort(perm))),)


def _broadcast_forward(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    # NOTE: a filled copy, not np.broadcast_to's view: 4x cheaper for the small arrays that
    # dominate lectures, and the result owns its memory like every other op output.
    out = np.empty(shape, dtype=x.dtype)
    out[...] = x
    return out


def _broadcast_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (unbroadcast(g, inputs[0]._value.shape),)


def _tile_forward(x: np.ndarray, multiples: tuple[int, ...]) -> np.ndarray:
    return np.tile(x, multiples)


def _tile_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    shape = inputs[0]._value.shape
    split: list[int] = []
    for m, d in zip(attrs["multiples"], shape, strict=True):
        split += [m, d]
    summed = _reduce.reduce_sum(reshape(g, tuple(split)), axis=tuple(range(0, 2 * len(shape), 2)))
    return (summed,)


_RESHAPE = register(
    "reshape",
    _reshape_forward,
    _back_to_input_shape,
    symbol="reshape",
    category="shape",
    rule="upstream reshaped back",
)
_EXPAND = register(
    "expand_dims",
    lambda x, axis: np.expand_dims(x, axis),
    _back_to_input_shape,
    symbol="expand",
    category="shape",
    rule="upstream reshaped back",
)
_SQUEEZE = register(
    "squeeze",
    lambda x, axis: np.squeeze(x, axis),
    _back_to_input_shape,
    symbol="squeeze",
    category="shape",
    rule="upstream reshaped back",
)
_TRANSPOSE = register(
    "transpose",
    _transpose_forward,
    _transpose_vjp,
    symbol="ᵀ",
    category="shape",
    rule="upstream transposed back",
)
_BROADCAST = register(
    "broadcast_to",
    _broadcast_forward,
    _broadcast_vjp,
    symbol="bcast",
    category="shape",
    rule="upstream summed over broadcast axes",
)
_TILE = register(
    "tile",
    _tile_forward,
    _tile_vjp,
    symbol="tile",
    category="shape",
    rule="upstream summed over the copies",
)


_INTEGERS = (int, np.integer)  # (a tuple: `int | np.integer` would be built on every call)


def _shape_tuple(shape: Any) -> tuple[int, ...]:
    if type(shape) is tuple:  # the common case (VJPs pass a value's own shape)
        return tuple(map(int, shape))
    if isinstance(shape, Tensor):
        shape = shape._value.tolist()
    if isinstance(shape, _INTEGERS):
        return (int(shape),)
    return tuple(map(int, shape))


def reshape(tensor: Any, shape: Any, name: str | None = None) -> Tensor:
    """Same values, new shape (-1 infers one dimension)."""
    t = as_tensor(tensor)
    target = _shape_tuple(shape)
    resolved = t._value.reshape(target).shape if -1 in target else target
    return apply(_RESHAPE, (t,), {"shape": resolved})


def transpose(a: Any, perm: Any = None, name: str | None = None) -> Tensor:
    return apply(
        _TRANSPOSE, (as_tensor(a),), {"perm": None if perm is None else _shape_tuple(perm)}
    )


def expand_dims(input: Any, axis: int, name: str | None = None) -> Tensor:  # noqa: A002
    return apply(_EXPAND, (as_tensor(input),), {"axis": int(axis)})


def squeeze(input: Any, axis: Any = None, name: str | None = None) -> Tensor:  # noqa: A002
    return apply(_SQUEEZE, (as_tensor(input),), {"axis": normalize_axis(axis)})


def broadcast_to(input: Any, shape: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return apply(_BROADCAST, (as_tensor(input),), {"shape": _shape_tuple(shape)})


def tile(input: Any, multiples: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return apply(_TILE, (as_tensor(input),), {"multiples": _shape_tuple(multiples)})


# --- joining --------------------------------------------------------------------------------


def _concat_forward(*xs: np.ndarray, axis: int) -> np.ndarray:
    return np.concatenate(xs, axis=axis)


def _concat_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    axis = attrs["axis"] % out._value.ndim
    grads: list[Tensor | None] = []
    start = 0
    for x, need in zip(inputs, needs, strict=True):
        stop = start + x._value.shape[axis]
        key = (slice(None),) * axis + (slice(start, stop),)
        grads.append(_array.getitem(g, key) if need else None)
        start = stop
    return tuple(grads)


def _stack_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    axis = attrs["axis"] % out._value.ndim
    return tuple(
        _array.getitem(g, (slice(None),) * axis + (i,)) if need else None
        for i, need in enumerate(needs)
    )


_CONCAT = register(
    "concat",
    _concat_forward,
    _concat_vjp,
    symbol="concat",
    category="shape",
    rule="upstream sliced back to each input",
)
_STACK = register(
    "stack",
    lambda *xs, axis: np.stack(xs, axis=axis),
    _stack_vjp,
    symbol="stack",
    category="shape",
    rule="upstream unstacked to each input",
)


def concat(values: Any, axis: int, name: str | None = None) -> Tensor:
    tensors = tuple(as_tensor(v) for v in values)
    return apply(_CONCAT, tensors, {"axis": int(axis)})


def stack(values: Any, axis: int = 0, name: str | None = None) -> Tensor:
    """Tensors of one dtype stacked; Python numbers take the tensors' dtype, or all together
    TF's (`[1, 2.0]` is float32); tensors of different dtypes are an error, as in TF."""
    items = list(values)
    given = [v for v in items if isinstance(v, Tensor)]
    if given:
        dtype = given[0]._value.dtype
        tensors = tuple(v if isinstance(v, Tensor) else like(v, dtype) for v in items)
    else:
        try:
            dtype = to_array(items).dtype  # (a list of Python numbers: one TF dtype)
        except ValueError:  # ragged: each as it is
            tensors = tuple(as_tensor(v) for v in items)
        else:
            tensors = tuple(constant(v, dtype=dtype) for v in items)
    kinds = {t._value.dtype for t in tensors}
    if len(kinds) > 1:
        raise InvalidArgumentError(
            f"cannot compute Pack: its inputs have different dtypes "
            f"({', '.join(sorted(k.name for k in kinds))})",
            "Pack",
        )
    return apply(_STACK, tensors, {"axis": int(axis)})


def unstack(
    value: Any, num: int | None = None, axis: int = 0, name: str | None = None
) -> list[Tensor]:
    t = as_tensor(value)
    axis = axis % t._value.ndim
    return [_array.getitem(t, (slice(None),) * axis + (i,)) for i in range(t._value.shape[axis])]


# Sibling op modules used by the VJPs above, looked up at call time: the op modules import one
# another, so they are imported last (a function-level import costs ~1.5 us on every call).
from visualtape.engine.ops import array_ops as _array  # noqa: E402
from visualtape.engine.ops import reduce_ops as _reduce  # noqa: E402
