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
from visualtape.engine.errors import InvalidArgumentError
from visualtape.engine.tensor import Tensor, wrap

_ARRAY_TYPES = (np.ndarray, np.generic)
_recording_get = recording.recording.get

# vjp(upstream, inputs, output, attrs, needs) -> one gradient (or None) per input.
Vjp = Callable[[Tensor, tuple[Tensor, ...], Tensor, dict[str, Any], tuple[bool, ...]],
               tuple[Tensor | None, ...]]


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


def register(name: str, forward: Callable[..., Any], vjp: Vjp | None = None, *,
             symbol: str | None = None, category: str = "math", rule: str = "") -> OpDef:
    """Register an op once; returns its OpDef for the op function to `apply`."""
    if name in OPS:
        raise ValueError(f"op {name!r} is registered twice")
    opdef = OpDef(name, forward, vjp, symbol or name, category, rule)
    OPS[name] = opdef
    return opdef


def quiet(forward: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a numpy forward that may produce nan/inf: TF returns them silently, numpy warns."""

    def silent(*args: Any, **kwargs: Any) -> Any:
        with np.errstate(all="ignore"):
            return forward(*args, **kwargs)

    silent.__name__ = getattr(forward, "__name__", "forward")
    return silent


def apply(op: OpDef, inputs: tuple[Tensor, ...], attrs: dict[str, Any]) -> Tensor:
    """Run `op` on tensors, recording it on every tape that tracks one of the inputs."""
    try:
        if len(inputs) == 2:
            value = op.forward(inputs[0]._value, inputs[1]._value, **attrs)
        elif len(inputs) == 1:
            value = op.forward(inputs[0]._value, **attrs)
        else:
            value = op.forward(*[t._value for t in inputs], **attrs)
    except (ValueError, IndexError, TypeError) as exc:
        raise _op_error(op, inputs, exc) from None
    if not isinstance(value, _ARRAY_TYPES):
        value = np.asarray(value)
    output = wrap(value)
    tapes = _recording_get()
    if tapes and op.vjp is not None and value.dtype.kind == "f":
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
    from visualtape.engine.ops.reduce_ops import reduce_sum
    from visualtape.engine.ops.shape_ops import reshape

    extra = len(gshape) - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, dim in enumerate(shape) if dim == 1 and gshape[extra + i] != 1)
    summed = reduce_sum(grad, axis=axes) if axes else grad
    return reshape(summed, shape) if summed._value.shape != shape else summed
