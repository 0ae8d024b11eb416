"""Every registered op, gradient-checked in float64 against central finite differences.

One test body runs over the table in `op_specs.py` (PyTorch's test_ops_gradients.py style).
"""

from __future__ import annotations

import importlib
import pkgutil

import numpy as np
import pytest
from op_specs import (
    NO_GRAD_SPECS,
    OP_SPECS,
    NoGradSpec,
    OpSpec,
    forward,
    numeric_vjp,
    random_like,
    spec_rng,
    tape_vjp,
)

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import OpRecorded


def _import_every_engine_module() -> None:
    """Ops may be registered anywhere under visualtape.engine (nn, function, ...)."""
    import visualtape.engine

    for module in pkgutil.walk_packages(visualtape.engine.__path__, "visualtape.engine."):
        importlib.import_module(module.name)


def test_every_registered_op_has_a_spec() -> None:
    _import_every_engine_module()
    differentiable = {name for name, op in ve.OPS.items() if op.vjp is not None}
    not_differentiable = set(ve.OPS) - differentiable
    assert differentiable - {s.op for s in OP_SPECS} == set()
    assert not_differentiable - {s.op for s in NO_GRAD_SPECS} == set()


def test_specs_name_registered_ops_only() -> None:
    named = {s.op for s in OP_SPECS} | {s.op for s in NO_GRAD_SPECS}
    assert named - set(ve.OPS) == set()
    ids = [s.name for s in OP_SPECS] + [s.name for s in NO_GRAD_SPECS]
    assert len(ids) == len(set(ids)), "spec names must be unique (they are test ids)"


@pytest.mark.parametrize("spec", OP_SPECS, ids=lambda s: s.name)
def test_spec_records_its_op(spec: OpSpec) -> None:
    arrays = spec.make_inputs(spec_rng(spec.name))
    tensors = [ve.constant(a) for a in arrays]
    with trace.collecting() as events, ve.GradientTape() as tape:
        tape.watch(tensors)
        spec.fn(*tensors)
    recorded = {e.op for e in events if isinstance(e, OpRecorded)}
    assert spec.op in recorded


@pytest.mark.parametrize("spec", OP_SPECS, ids=lambda s: s.name)
def test_forward_matches_numpy(spec: OpSpec) -> None:
    if spec.reference is None:
        pytest.skip("no numpy reference for this spec")
    arrays = spec.make_inputs(spec_rng(spec.name))
    np.testing.assert_allclose(
        forward(spec.fn, arrays), spec.reference(*arrays), rtol=1e-6, atol=1e-12
    )


@pytest.mark.parametrize("spec", OP_SPECS, ids=lambda s: s.name)
def test_gradient_matches_finite_differences(spec: OpSpec) -> None:
    rng = spec_rng(spec.name)
    arrays = spec.make_inputs(rng)
    out = spec.fn(*[ve.constant(a) for a in arrays])
    upstream = random_like(rng, out.numpy() if out.ndim else np.asarray(out.numpy()))

    def scalar(xs: tuple[np.ndarray, ...]) -> float:
        value = (
            spec.fd_reference(xs, arrays) if spec.fd_reference is not None else forward(spec.fn, xs)
        )
        return float(np.sum(upstream.astype(np.float64) * value))

    analytic = tape_vjp(spec.fn, arrays, upstream)
    numeric = numeric_vjp(scalar, arrays, spec.eps)
    for i, (got, want) in enumerate(zip(analytic, numeric, strict=True)):
        assert got is not None, f"input {i}: gradient is None"
        assert got.shape == arrays[i].shape, f"input {i}: gradient shape"
        assert got.dtype == np.float64, f"input {i}: gradient dtype {got.dtype}"
        np.testing.assert_allclose(
            got.numpy(), want, rtol=spec.rtol, atol=spec.atol, err_msg=f"input {i} of {spec.name}"
        )


@pytest.mark.parametrize("spec", NO_GRAD_SPECS, ids=lambda s: s.name)
def test_op_without_gradient(spec: NoGradSpec) -> None:
    """Forward matches numpy; no gradient flows (None, or zeros as TF gives for sign)."""
    arrays = spec.make_inputs(spec_rng(spec.name))
    tensors = [ve.constant(a) for a in arrays]
    with ve.GradientTape(persistent=True) as tape:
        tape.watch(tensors)
        out = spec.fn(*tensors)
        total = ve.reduce_sum(ve.cast(out, "float64")) + ve.reduce_sum(tensors[0]) * 0.0
    np.testing.assert_array_equal(out.numpy(), spec.reference(*arrays))
    assert not ve.OPS[spec.op].vjp
    for source in tensors:
        assert tape.gradient(out, source) is None
        grad = tape.gradient(total, source)
        if grad is not None:
            np.testing.assert_array_equal(grad.numpy(), np.zeros_like(source.numpy()))


def test_relu_gradient_multiplies_like_tensorflows_relugrad() -> None:
    # ReluGrad is upstream × (x > 0): an inf upstream at an inactive unit gives nan, not 0
    x = ve.constant([-1.0, 0.0, 2.0])
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = ve.relu(x)
    upstream = ve.constant([np.inf, 3.0, 5.0])
    with np.errstate(invalid="ignore"):
        grad = tape.gradient(y, x, output_gradients=upstream).numpy()
    assert np.isnan(grad[0]) and grad[1] == 0.0 and grad[2] == 5.0


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.0, 2.0, 3.0], [6.0, 0.0, 0.0]),  # one zero: it gets the product of the others
        ([0.0, 0.0, 3.0], [0.0, 0.0, 0.0]),  # two zeros: every product of others has a zero
        ([[0.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [4.0, 3.0]]),
    ],
)
def test_reduce_prod_gradient_at_zeros_is_the_product_of_the_others(
    values: list, expected: list
) -> None:
    # TF's ProdGrad avoids dividing by the input (prod / x is nan at a zero).
    x = ve.constant(np.array(values))
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = ve.reduce_prod(x, axis=-1)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), expected)
