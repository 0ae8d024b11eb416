"""Optimizer update steps against hand-computed values (TF ≥ 2.11 rules)."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.engine.events import OpRecorded, VariableAssigned
from visualtape.engine.nn import optimizers


def _steps(optimizer: optimizers.Optimizer, grads: list[float], start: float = 1.0) -> list:
    w = ve.Variable(np.float64(start))
    values = []
    for g in grads:
        optimizer.apply_gradients([(ve.constant(np.float64(g)), w)])
        values.append(float(w))
    return values


def test_sgd_plain_and_momentum() -> None:
    assert _steps(optimizers.SGD(0.1), [1.0, 1.0]) == pytest.approx([0.9, 0.8])
    # v1 = -0.1; w = 0.9. v2 = 0.9·(-0.1) - 0.1 = -0.19; w = 0.71.
    assert _steps(optimizers.SGD(0.1, momentum=0.9), [1.0, 1.0]) == pytest.approx([0.9, 0.71])
    # nesterov: w += momentum·v − lr·g: 1 + 0.9·(-0.1) − 0.1 = 0.81
    assert _steps(optimizers.SGD(0.1, momentum=0.9, nesterov=True), [1.0]) == pytest.approx([0.81])


def test_adam_first_steps() -> None:
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-7
    w, m, v, expected = 1.0, 0.0, 0.0, []
    for t, g in enumerate([0.5, -0.2, 0.3], start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + eps)
        expected.append(w)
    assert _steps(optimizers.Adam(lr), [0.5, -0.2, 0.3]) == pytest.approx(expected, rel=1e-12)
    # The first Adam step moves by about lr whatever the gradient's size.
    assert _steps(optimizers.Adam(0.01), [123.0])[0] == pytest.approx(0.99, rel=1e-6)


def test_rmsprop_first_steps() -> None:
    ms, w, expected = 0.0, 1.0, []
    for g in [0.5, 0.5]:
        ms = 0.9 * ms + 0.1 * g * g
        w -= 0.01 * g / np.sqrt(ms + 1e-7)
        expected.append(w)
    assert _steps(optimizers.RMSprop(0.01), [0.5, 0.5]) == pytest.approx(expected, rel=1e-12)


def test_none_gradients_are_skipped_with_a_warning() -> None:
    a, b = ve.Variable(1.0, name="a"), ve.Variable(1.0, name="b")
    opt = optimizers.SGD(0.5)
    with pytest.warns(optimizers.GradientsWarning, match="b:0"):
        opt.apply_gradients([(ve.constant(1.0), a), (None, b)])
    assert (float(a), float(b)) == (0.5, 1.0)
    assert int(opt.iterations) == 1


def test_updates_are_assignments_not_tape_records() -> None:
    w = ve.Variable([1.0, 2.0], name="w")
    opt = optimizers.Adam(0.1)
    with trace.collecting() as events:
        with ve.GradientTape(persistent=True) as tape:
            loss = ve.reduce_sum(w * w)
            opt.apply_gradients(zip([ve.constant([1.0, 1.0])], [w], strict=True))
        del tape
    assigned = [e for e in events if isinstance(e, VariableAssigned) and e.name == "w"]
    assert len(assigned) == 1 and assigned[0].method == "assign_sub"
    assert [e.op for e in events if isinstance(e, OpRecorded)] == ["multiply", "reduce_sum"]
    assert float(loss) == 5.0


def test_minimize_with_callable_loss() -> None:
    w = ve.Variable(3.0)
    opt = optimizers.SGD(0.25)
    opt.minimize(lambda: w * w, [w])
    assert float(w) == pytest.approx(1.5)
