"""Comparisons, logic, rounding and argmax: ops with no gradient (never recorded).

>>> bool(greater(2.0, 1.0))
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.ops.convert import as_tensor, binary, normalize_axis
from visualtape.engine.registry import OpDef, apply, register
from visualtape.engine.tensor import Tensor


def _binary_op(name: str, forward: Any, tf_name: str, symbol: str) -> Any:
    opdef = register(name, forward, None, symbol=symbol, category="compare")

    def op(x: Any, y: Any, name: str | None = None) -> Tensor:
        return apply(opdef, binary(x, y, tf_name), {})

    op.__name__ = name
    op.__doc__ = f"Elementwise {name} (no gradient)."
    return op


def _unary_op(name: str, forward: Any, symbol: str) -> tuple[Any, OpDef]:
    opdef = register(name, forward, None, symbol=symbol, category="compare")

    def op(x: Any, name: str | None = None) -> Tensor:
        return apply(opdef, (as_tensor(x),), {})

    op.__name__ = name
    op.__doc__ = f"Elementwise {name} (no gradient)."
    return op, opdef


equal = _binary_op("equal", np.equal, "Equal", "==")
not_equal = _binary_op("not_equal", np.not_equal, "NotEqual", "≠")
greater = _binary_op("greater", np.greater, "Greater", ">")
greater_equal = _binary_op("greater_equal", np.greater_equal, "GreaterEqual", "≥")
less = _binary_op("less", np.less, "Less", "<")
less_equal = _binary_op("less_equal", np.less_equal, "LessEqual", "≤")
logical_and = _binary_op("logical_and", np.logical_and, "LogicalAnd", "∧")
logical_or = _binary_op("logical_or", np.logical_or, "LogicalOr", "∨")
floordiv = _binary_op("floordiv", np.floor_divide, "FloorDiv", "//")
floormod = _binary_op("floormod", np.mod, "FloorMod", "mod")
logical_not, _ = _unary_op("logical_not", np.logical_not, "¬")
sign, _ = _unary_op("sign", np.sign, "sign")
round, _ = _unary_op("round", np.round, "round")  # noqa: A001 (TF's name)
floor, _ = _unary_op("floor", np.floor, "⌊x⌋")
ceil, _ = _unary_op("ceil", np.ceil, "⌈x⌉")
is_nan, _ = _unary_op("is_nan", np.isnan, "nan?")
is_finite, _ = _unary_op("is_finite", np.isfinite, "finite?")


def _arg(fn: Any) -> Any:
    def forward(x: np.ndarray, axis: int, output_type: str) -> np.ndarray:
        return np.asarray(fn(x, axis=axis)).astype(output_type)

    return forward


_ARGMAX = register("argmax", _arg(np.argmax), None, symbol="argmax", category="compare")
_ARGMIN = register("argmin", _arg(np.argmin), None, symbol="argmin", category="compare")


def argmax(
    input: Any,  # noqa: A002
    axis: Any = None,
    output_type: Any = np.int64,
    name: str | None = None,
) -> Tensor:
    """Index of the largest value along `axis` (TF's default axis 0, int64 result)."""
    return apply(
        _ARGMAX,
        (as_tensor(input),),
        {
            "axis": 0 if axis is None else normalize_axis(axis),
            "output_type": np.dtype(getattr(output_type, "np", output_type)).name,
        },
    )


def argmin(
    input: Any,  # noqa: A002
    axis: Any = None,
    output_type: Any = np.int64,
    name: str | None = None,
) -> Tensor:
    return apply(
        _ARGMIN,
        (as_tensor(input),),
        {
            "axis": 0 if axis is None else normalize_axis(axis),
            "output_type": np.dtype(getattr(output_type, "np", output_type)).name,
        },
    )
