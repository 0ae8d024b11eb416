"""Optional cross-check: gradients of a few composite functions against PyTorch, in float64.

Skipped when torch is not installed (it is not a dependency of visualtape).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from visualtape import engine as ve

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.slow

Composite = tuple[str, Callable[..., Any], Callable[..., Any], tuple[tuple[int, ...], ...]]


def _mlp_ve(x: Any, w1: Any, b1: Any, w2: Any) -> Any:
    hidden = ve.tanh(ve.matmul(x, w1) + b1)
    return ve.reduce_mean(ve.log_softmax(ve.matmul(hidden, w2), axis=-1)[:, 0])


def _mlp_torch(x: Any, w1: Any, b1: Any, w2: Any) -> Any:
    hidden = torch.tanh(x @ w1 + b1)
    return torch.log_softmax(hidden @ w2, dim=-1)[:, 0].mean()


COMPOSITES: tuple[Composite, ...] = (
    ("mlp log-softmax", _mlp_ve, _mlp_torch, ((4, 3), (3, 5), (5,), (5, 2))),
    (
        "softplus-sigmoid-prod",
        lambda a, b: ve.reduce_sum(ve.softplus(a) * ve.sigmoid(b)) * ve.reduce_prod(ve.exp(a)),
        lambda a, b: (
            (torch.nn.functional.softplus(a) * torch.sigmoid(b)).sum() * torch.exp(a).prod()
        ),
        ((2, 3), (3,)),
    ),
    (
        "batched matmul transpose",
        lambda a, b: ve.reduce_sum(ve.sin(ve.matmul(a, b, transpose_b=True)), axis=(0, 2)),
        lambda a, b: torch.sin(a @ b.transpose(-1, -2)).sum(dim=(0, 2)),
        ((2, 3, 4), (5, 4)),
    ),
    (
        "gather softmax max",
        lambda p: ve.reduce_max(ve.softmax(ve.gather(p, [0, 2, 2], axis=1), axis=0), axis=1),
        lambda p: torch.softmax(p[:, [0, 2, 2]], dim=0).amax(dim=1),
        ((3, 4),),
    ),
)


@pytest.mark.parametrize("case", COMPOSITES, ids=lambda c: c[0])
def test_gradients_match_torch(case: Composite) -> None:
    _, ve_fn, torch_fn, shapes = case
    rng = np.random.default_rng(3)
    arrays = [rng.uniform(-1.0, 1.0, s) for s in shapes]
    tensors = [ve.constant(a) for a in arrays]
    with ve.GradientTape() as tape:
        tape.watch(tensors)
        out = ve_fn(*tensors)
    upstream = rng.uniform(-1.0, 1.0, np.shape(out.numpy()))
    ours = tape.gradient(out, tensors, output_gradients=ve.constant(upstream))

    leaves = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    theirs_out = torch_fn(*leaves)
    np.testing.assert_allclose(out.numpy(), theirs_out.detach().numpy(), rtol=1e-12)
    theirs = torch.autograd.grad(theirs_out, leaves, grad_outputs=torch.tensor(upstream))
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine.numpy(), reference.numpy(), rtol=1e-10, atol=1e-12)


def test_hessian_vector_product_matches_torch() -> None:
    rng = np.random.default_rng(5)
    x0, v = rng.uniform(-1.0, 1.0, (4,)), rng.uniform(-1.0, 1.0, (4,))
    x = ve.constant(x0)
    with ve.GradientTape() as outer:
        outer.watch(x)
        with ve.GradientTape() as inner:
            inner.watch(x)
            y = ve.reduce_sum(ve.tanh(x) * ve.cos(x)) * ve.reduce_sum(x * x)
        g = inner.gradient(y, x)
        gv = ve.reduce_sum(g * v)
    ours = outer.gradient(gv, x).numpy()

    xt = torch.tensor(x0, requires_grad=True)
    yt = (torch.tanh(xt) * torch.cos(xt)).sum() * (xt * xt).sum()
    (gt,) = torch.autograd.grad(yt, xt, create_graph=True)
    (theirs,) = torch.autograd.grad((gt * torch.tensor(v)).sum(), xt)
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10)
