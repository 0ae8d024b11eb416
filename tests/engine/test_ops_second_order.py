"""Gradients of gradients: nested tapes vs finite differences of the first-order gradient.

For every spec whose VJP is differentiable, G(x) = Σ_i Σ v_i ⊙ ∂S/∂x_i with S = Σ u ⊙ f(x) is
computed by an inner tape while an outer tape records; the outer tape's dG/dx must match central
differences of G (each evaluation a fresh first-order gradient). VJPs written with engine ops
are what make this work (as in TensorFlow).
"""

from __future__ import annotations

import numpy as np
import pytest
from op_specs import OP_SPECS, OpSpec, numeric_vjp, random_like, spec_rng, tape_vjp

from visualtape import engine as ve

SECOND_ORDER_SPECS = tuple(s for s in OP_SPECS if s.second_order)


def _contract(grads: list[ve.Tensor | None], weights: list[np.ndarray]) -> float:
    return float(
        sum(np.sum(w * g.numpy()) for g, w in zip(grads, weights, strict=True) if g is not None)
    )


@pytest.mark.parametrize("spec", SECOND_ORDER_SPECS, ids=lambda s: s.name)
def test_second_order_matches_finite_differences(spec: OpSpec) -> None:
    rng = spec_rng(spec.name)
    arrays = spec.make_inputs(rng)
    out = spec.fn(*[ve.constant(a) for a in arrays])
    upstream = random_like(rng, np.asarray(out.numpy()))
    weights = [random_like(rng, a) for a in arrays]

    tensors = [ve.constant(a) for a in arrays]
    with ve.GradientTape() as outer:
        outer.watch(tensors)
        with ve.GradientTape() as inner:
            inner.watch(tensors)
            y = spec.fn(*tensors)
        first = inner.gradient(y, tensors, output_gradients=ve.constant(upstream))
        contracted = _weighted_sum(first, weights)
    second = outer.gradient(contracted, tensors, unconnected_gradients="zero")

    def g_of(xs: tuple[np.ndarray, ...]) -> float:
        return _contract(tape_vjp(spec.fn, xs, upstream), weights)

    numeric = numeric_vjp(g_of, arrays, 1e-5)
    for i, (got, want) in enumerate(zip(second, numeric, strict=True)):
        assert got.shape == arrays[i].shape
        np.testing.assert_allclose(
            got.numpy(), want, rtol=1e-5, atol=1e-6, err_msg=f"input {i} of {spec.name}"
        )


def _weighted_sum(grads: list[ve.Tensor | None], weights: list[np.ndarray]) -> ve.Tensor:
    total = ve.constant(0.0, dtype="float64")
    for grad, weight in zip(grads, weights, strict=True):
        if grad is not None:
            total = total + ve.reduce_sum(ve.cast(grad, "float64") * weight)
    return total


def test_mixed_partials_are_symmetric() -> None:
    x = ve.constant(0.7, dtype="float64")
    y = ve.constant(-1.3, dtype="float64")
    with ve.GradientTape(persistent=True) as outer:
        outer.watch([x, y])
        with ve.GradientTape() as inner:
            inner.watch([x, y])
            f = ve.sin(x * y) + x * x * y
        dfdx, dfdy = inner.gradient(f, [x, y])
    d2_dydx = outer.gradient(dfdx, y)
    d2_dxdy = outer.gradient(dfdy, x)
    expected = np.cos(0.7 * -1.3) - 0.7 * -1.3 * np.sin(0.7 * -1.3) + 2 * 0.7
    assert float(d2_dydx) == pytest.approx(expected)
    assert float(d2_dxdy) == pytest.approx(expected)
