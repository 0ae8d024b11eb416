"""Activations and softmax family, with VJPs in engine ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine.ops.convert import as_tensor, floating
from visualtape.engine.ops.math_ops import exp, multiply, subtract
from visualtape.engine.registry import apply, register
from visualtape.engine.tensor import Tensor, wrap

Grads = tuple[Tensor | None, ...]


def _sigmoid_forward(x: np.ndarray) -> np.ndarray:
    # NOTE: split by sign so exp never overflows.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)


def _softplus_forward(x: np.ndarray) -> np.ndarray:
    return (np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))).astype(x.dtype)


# np.max and np.sum are these ufunc reductions behind a Python-level wrapper (~1.5 us a call).
_max, _sum = np.maximum.reduce, np.add.reduce


def _softmax_forward(x: np.ndarray, axis: int) -> np.ndarray:
    shifted = np.exp(x - _max(x, axis=axis, keepdims=True))
    return shifted / _sum(shifted, axis=axis, keepdims=True)


def _log_softmax_forward(x: np.ndarray, axis: int) -> np.ndarray:
    shifted = x - _max(x, axis=axis, keepdims=True)
    return shifted - np.log(_sum(np.exp(shifted), axis=axis, keepdims=True))


def _sigmoid_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (multiply(g, multiply(out, subtract(1, out))),)


def _relu_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    # TensorFlow's ReluGrad multiplies: upstream × (x > 0). (An inf or nan upstream where
    # x <= 0 gives nan there, as in TF; a select would give 0.)
    active = wrap((inputs[0]._value > 0).astype(g._value.dtype))
    return (multiply(g, active),)


def _softplus_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    return (multiply(g, sigmoid(inputs[0])),)


def _softmax_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    # dx = y ⊙ (g − Σ g⊙y) along the softmax axis.
    inner = _reduce.reduce_sum(multiply(g, out), axis=attrs["axis"], keepdims=True)
    return (multiply(out, subtract(g, inner)),)


def _log_softmax_vjp(
    g: Tensor,
    inputs: tuple[Tensor, ...],
    out: Tensor,
    attrs: dict[str, Any],
    needs: tuple[bool, ...],
) -> Grads:
    # dx = g − softmax(x) · Σ g along the axis; softmax(x) = exp(log_softmax(x)).
    total = _reduce.reduce_sum(g, axis=attrs["axis"], keepdims=True)
    return (subtract(g, multiply(exp(out), total)),)


_SIGMOID = register(
    "sigmoid",
    _sigmoid_forward,
    _sigmoid_vjp,
    symbol="σ",
    category="nn",
    rule="upstream · σ(x)(1 − σ(x))",
)
_RELU = register(
    "relu",
    lambda x: np.maximum(x, 0).astype(x.dtype, copy=False),
    _relu_vjp,
    symbol="relu",
    category="nn",
    rule="upstream where x > 0, else 0",
)
_SOFTPLUS = register(
    "softplus",
    _softplus_forward,
    _softplus_vjp,
    symbol="softplus",
    category="nn",
    rule="upstream · σ(x)",
)
_SOFTMAX = register(
    "softmax",
    _softmax_forward,
    _softmax_vjp,
    symbol="softmax",
    category="nn",
    rule="y ⊙ (upstream − Σ upstream ⊙ y)",
)
_LOG_SOFTMAX = register(
    "log_softmax",
    _log_softmax_forward,
    _log_softmax_vjp,
    symbol="log-softmax",
    category="nn",
    rule="upstream − softmax(x) · Σ upstream",
)


def sigmoid(x: Any, name: str | None = None) -> Tensor:
    return apply(_SIGMOID, (floating(as_tensor(x), "Sigmoid"),), {})


def relu(features: Any, name: str | None = None) -> Tensor:
    return apply(_RELU, (as_tensor(features),), {})


def softplus(features: Any, name: str | None = None) -> Tensor:
    return apply(_SOFTPLUS, (floating(as_tensor(features), "Softplus"),), {})


def softmax(logits: Any, axis: int = -1, name: str | None = None) -> Tensor:
    return apply(_SOFTMAX, (floating(as_tensor(logits), "Softmax"),), {"axis": int(axis)})


def log_softmax(logits: Any, axis: int = -1, name: str | None = None) -> Tensor:
    t = floating(as_tensor(logits), "LogSoftmax")
    return apply(_LOG_SOFTMAX, (t,), {"axis": int(axis)})


# Sibling op modules used by the VJPs above, looked up at call time: the op modules import one
# another, so they are imported last (a function-level import costs ~1.5 us on every call).
from visualtape.engine.ops import reduce_ops as _reduce  # noqa: E402
