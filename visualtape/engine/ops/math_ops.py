"""Elementwise arithmetic and math functions, each with its VJP beside its forward.

Every VJP is written with engine ops, so an outer tape records it (higher-order gradients).
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from visualtape.engine.dtypes import FLOAT_SCALAR_TYPES
from visualtape.engine.ops.convert import as_tensor, binary, floating
from visualtape.engine.registry import apply, quiet, register, unbroadcast
from visualtape.engine.tensor import Tensor

Grads = tuple[Tensor | None, ...]


# --- binary arithmetic ----------------------------------------------------------------------


def _add_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    x, y = inputs
    return (
        unbroadcast(g, x._value.shape) if needs[0] else None,
        unbroadcast(g, y._value.shape) if needs[1] else None,
    )


def _sub_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    x, y = inputs
    return (
        unbroadcast(g, x._value.shape) if needs[0] else None,
        unbroadcast(negative(g), y._value.shape) if needs[1] else None,
    )


def _mul_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    x, y = inputs
    return (
        unbroadcast(multiply(g, y), x._value.shape) if needs[0] else None,
        unbroadcast(multiply(g, x), y._value.shape) if needs[1] else None,
    )


def _div_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    x, y = inputs
    dx = unbroadcast(divide(g, y), x._value.shape) if needs[0] else None
    # d(x/y)/dy = -x / y^2
    dy = (
        unbroadcast(negative(divide(multiply(g, x), multiply(y, y))), y._value.shape)
        if needs[1]
        else None
    )
    return dx, dy


def _pow_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    x, y = inputs
    dx = dy = None
    if needs[0]:
        # NOTE: y * x^(y-1), computed with pow so that x = 0 with y >= 1 stays finite.
        dx = unbroadcast(multiply(g, multiply(y, pow(x, subtract(y, 1)))), x._value.shape)
    if needs[1]:
        # NOTE: d/dy x^y = x^y log x, defined as 0 where x <= 0 (TensorFlow does the same).
        safe_log = _where_positive_log(x)
        dy = unbroadcast(multiply(g, multiply(out, safe_log)), y._value.shape)
    return dx, dy


def _where_positive_log(x: Tensor) -> Tensor:
    positive = _compare.greater(x, 0)
    ones = Tensor(np.ones_like(x._value))
    return _array.where(
        positive, log(_array.where(positive, x, ones)), Tensor(np.zeros_like(x._value))
    )


def _scalar_fast(ufunc: np.ufunc, scalar_op: Any) -> Any:
    """`ufunc`, but two float numpy scalars (one dtype, as `binary` ensures) use scalar maths.

    NOTE: the result is the same IEEE-rounded value (numpy's scalar maths computes in the
    scalars' own type), but a ufunc call on scalars costs ~0.7 us against ~0.05 us.
    """

    def forward(x: Any, y: Any) -> Any:
        if type(x) in FLOAT_SCALAR_TYPES and type(y) in FLOAT_SCALAR_TYPES:
            return scalar_op(x, y)
        return ufunc(x, y)

    forward.__name__ = ufunc.__name__
    return forward


_ADD = register(
    "add",
    _scalar_fast(np.add, operator.add),
    _add_vjp,
    symbol="+",
    rule="upstream passes through unchanged",
)
_SUB = register(
    "subtract",
    _scalar_fast(np.subtract, operator.sub),
    _sub_vjp,
    symbol="−",
    rule="upstream to x, −upstream to y",
)
_MUL = register(
    "multiply",
    _scalar_fast(np.multiply, operator.mul),
    _mul_vjp,
    symbol="×",
    rule="upstream × the other input",
)
_DIV = register(
    "divide",
    quiet(np.true_divide),
    _div_vjp,
    symbol="÷",
    rule="upstream / y to x, −upstream·x / y² to y",
)
_POW = register(
    "pow",
    quiet(np.power),
    _pow_vjp,
    symbol="^",
    rule="upstream · y·x^(y−1) to x, upstream · x^y·ln x to y",
)


def add(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x + y, broadcasting. >>> add(1.0, 2.0).numpy()
    3.0"""
    return apply(_ADD, binary(x, y, "AddV2"), {})


def subtract(x: Any, y: Any, name: str | None = None) -> Tensor:
    return apply(_SUB, binary(x, y, "Sub"), {})


def multiply(x: Any, y: Any, name: str | None = None) -> Tensor:
    """x * y, broadcasting. >>> multiply(2.0, 3.0).numpy()
    6.0"""
    return apply(_MUL, binary(x, y, "Mul"), {})


def divide(x: Any, y: Any, name: str | None = None) -> Tensor:
    x, y = binary(x, y, "RealDiv")
    if x._value.dtype.kind in "iu":  # TF's truediv of integers gives float64
        x, y = Tensor(x._value.astype(np.float64)), Tensor(y._value.astype(np.float64))
    return apply(_DIV, (x, y), {})


def pow(x: Any, y: Any, name: str | None = None) -> Tensor:  # noqa: A001 (TF's name)
    return apply(_POW, binary(x, y, "Pow"), {})


# --- unary math ---------------------------------------------------------------------------


def _unary(name: str, forward: Any, local: Any, symbol: str, rule: str, tf_name: str = "") -> Any:
    """Register an elementwise unary op whose VJP is upstream × local(x, out); with `tf_name`
    the op takes floats only, as TF's (whose error names the op `tf_name`)."""

    def vjp(
        g: Tensor,
        inputs: tuple[Tensor, ...],
        out: Tensor,
        attrs: dict[str, Any],
        needs: tuple[bool, ...],
    ) -> Grads:
        return (multiply(g, local(inputs[0], out)),)

    opdef = register(name, forward, vjp, symbol=symbol, rule=rule)

    def op(x: Any, name: str | None = None) -> Tensor:
        # (as_tensor inlined for tensors: unary ops sit on every hot path)
        t = x if isinstance(x, Tensor) else as_tensor(x)
        return apply(opdef, (floating(t, tf_name) if tf_name else t,), {})

    op.__name__ = name
    op.__doc__ = f"Elementwise {name}. Its derivative: {rule}."
    return op


def _neg_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (negative(g),)


_NEG = register("negative", np.negative, _neg_vjp, symbol="−x", rule="−upstream")


def negative(x: Any, name: str | None = None) -> Tensor:
    return apply(_NEG, (as_tensor(x),), {})


def _sign_forward(x: np.ndarray) -> np.ndarray:
    return np.sign(x)


square = _unary("square", np.square, lambda x, out: multiply(x, 2), "x²", "upstream · 2x")
sqrt = _unary(
    "sqrt", quiet(np.sqrt), lambda x, out: divide(0.5, out), "√", "upstream / (2√x)", "Sqrt"
)
exp = _unary("exp", quiet(np.exp), lambda x, out: out, "exp", "upstream · exp(x)", "Exp")
log = _unary("log", quiet(np.log), lambda x, out: divide(1, x), "ln", "upstream / x", "Log")
abs = _unary(  # noqa: A001
    "abs",
    np.abs,
    lambda x, out: Tensor(np.sign(x._value)),
    "|x|",
    "upstream · sign(x)",
)


def _cos_of(x: Tensor, out: Tensor) -> Tensor:
    return cos(x)


def _minus_sin_of(x: Tensor, out: Tensor) -> Tensor:
    return negative(sin(x))


sin = _unary("sin", np.sin, _cos_of, "sin", "upstream · cos(x)", "Sin")
cos = _unary("cos", np.cos, _minus_sin_of, "cos", "upstream · (−sin x)", "Cos")
tanh = _unary(
    "tanh",
    np.tanh,
    lambda x, out: subtract(1, multiply(out, out)),
    "tanh",
    "upstream · (1 − tanh²x)",
    "Tanh",
)


def reciprocal(x: Any, name: str | None = None) -> Tensor:
    return divide(1, x)


def rsqrt(x: Any, name: str | None = None) -> Tensor:
    return divide(1, sqrt(x))


def squared_difference(x: Any, y: Any, name: str | None = None) -> Tensor:
    return square(subtract(x, y))


# Sibling op modules used by the VJPs above, looked up at call time: the op modules import one
# another, so they are imported last (a function-level import costs ~1.5 us on every call).
from visualtape.engine.ops import array_ops as _array  # noqa: E402
from visualtape.engine.ops import compare_ops as _compare  # noqa: E402
