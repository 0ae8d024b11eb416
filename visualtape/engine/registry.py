"""The op registry: every op is data (name, forward, VJP, display) registered in one place.

`apply` is the single dispatch point. With no tape recording it computes the numpy forward and
wraps the result (the fast path); otherwise it also appends an OpRecord to the tapes that track
an input. VJPs are written with engine ops, so an outer tape records a backward pass.

>>> OPS["multiply"].symbol
'×'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from visualtape.engine import recording
from visualtape.engine.dtypes import FLOAT_SCALAR_TYPES
from visualtape.engine.errors import InvalidArgumentError
from visualtape.engine.tensor import _SCALAR_KINDS, Tensor, _new_tensor, _next_id, _readonly

_recording_get = recording.recording.get

# vjp(upstream, inputs, output, attrs, needs) -> one gradient (or None) per input.
Vjp = Callable[
    [Tensor, tuple[Tensor, ...], Tensor, dict[str, Any], tuple[bool, ...]],
    tuple[Tensor | None, ...],
]


@dataclass(frozen=True)
class OpDef:
    """One op: its numpy forward, its VJP (None: not differentiable) and how to draw it."""

    name: str
    forward: Callable[..., Any]
    vjp: Vjp | None
    symbol: str
    category: str
    # The chain-rule rule in words, shown by the inspector ("upstream × other input").
    rule: str = ""


OPS: dict[str, OpDef] = {}


def register(
    name: str,
    forward: Callable[..., Any],
    vjp: Vjp | None = None,
    *,
    symbol: str | None = None,
    category: str = "math",
    rule: str = "",
) -> OpDef:
    """Register an op once; returns its OpDef for the op function to `apply`."""
    if name in OPS:
        raise ValueError(f"op {name!r} is registered twice")
    opdef = OpDef(name, forward, vjp, symbol or name, category, rule)
    OPS[name] = opdef
    return opdef


def quiet(forward: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a numpy forward that may produce nan/inf: TF returns them silently, numpy warns."""
    # NOTE: errstate as a decorator sets numpy's error state directly (thread-safe); a `with
    # np.errstate(...)` block per call costs about twice as much.
    silent: Callable[..., Any] = np.errstate(all="ignore")(forward)
    return silent


def apply(op: OpDef, inputs: tuple[Tensor, ...], attrs: dict[str, Any]) -> Tensor:
    """Run `op` on tensors, recording it on every tape that tracks one of the inputs."""
    # NOTE: this runs for every op, so it avoids what costs here: `**{}` in a call, a call to
    # `wrap` (its body is inlined below; keep the two alike) and `.dtype` on numpy scalars.
    try:
        if not attrs:
            if len(inputs) == 2:
                value = op.forward(inputs[0]._value, inputs[1]._value)
            elif len(inputs) == 1:
                value = op.forward(inputs[0]._value)
            else:
                value = op.forward(*[t._value for t in inputs])
        elif len(inputs) == 1:
            value = op.forward(inputs[0]._value, **attrs)
        else:
            value = op.forward(*[t._value for t in inputs], **attrs)
    except (ValueError, IndexError, TypeError) as exc:
        raise _op_error(op, inputs, exc) from None
    kind = type(value)
    if kind is np.ndarray:
        if value.ndim:
            value.setflags(write=False)
        elif value.dtype.kind in _SCALAR_KINDS:
            value = value[()]  # 0-d values are held as numpy scalars (see tensor.py)
    elif kind not in FLOAT_SCALAR_TYPES and not isinstance(value, np.generic):
        value = _readonly(np.asarray(value))  # a Python number or sequence
    output = _new_tensor(Tensor)
    output._value = value
    output._id = _next_id()
    output._info = None
    tapes = _recording_get()
    if (
        tapes
        and op.vjp is not None
        and (type(value) in FLOAT_SCALAR_TYPES or value.dtype.kind == "f")
    ):
        recording.record(op, inputs, output, attrs, tapes)
    return output


def _op_error(op: OpDef, inputs: tuple[Tensor, ...], exc: Exception) -> InvalidArgumentError:
    from visualtape.engine.location import describe, user_location

    shapes = " vs. ".join(str(list(t._value.shape)) for t in inputs)
    where = describe(user_location())
    at = f" (at {where})" if where else ""
    if "broadcast" in str(exc):  # TensorFlow's wording for the commonest mistake
        return InvalidArgumentError(f"Incompatible shapes: {shapes} [Op:{op.name}]{at}", op.name)
    return InvalidArgumentError(f"{exc} [inputs of shapes {shapes}] [Op:{op.name}]{at}", op.name)


def unbroadcast(grad: Tensor, shape: tuple[int, ...]) -> Tensor:
    """Sum `grad` down to `shape`, undoing numpy broadcasting (used by every binary op).

    >>> from visualtape.engine.tensor import constant
    >>> unbroadcast(constant([[1.0, 2.0], [3.0, 4.0]]), (2,)).numpy().tolist()
    [4.0, 6.0]
    """
    gshape = grad._value.shape
    if gshape == shape:
        return grad
    extra = len(gshape) - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, dim in enumerate(shape) if dim == 1 and gshape[extra + i] != 1
    )
    summed = _reduce.reduce_sum(grad, axis=axes) if axes else grad
    return _shape.reshape(summed, shape) if summed._value.shape != shape else summed


# The ops `unbroadcast` uses; their modules import this one, so they are imported last (a
# function-level import costs ~1.5 us on every call).
from visualtape.engine.ops import reduce_ops as _reduce  # noqa: E402
from visualtape.engine.ops import shape_ops as _shape  # noqa: E402
