"""Keras losses against numpy formulas with TensorFlow's clipping (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from visualtape import engine as ve
from visualtape.engine.nn import losses

EPS = 1e-7
rng = np.random.default_rng(1)
PROBS = rng.dirichlet(np.ones(4), size=5)
ONE_HOT = np.eye(4)[rng.integers(0, 4, size=5)]
LABELS = ONE_HOT.argmax(1)


def test_mean_squared_error_class_and_function() -> None:
    t, p = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    np.testing.assert_allclose(losses.mse(t, ve.constant(p)).numpy(), ((p - t) ** 2).mean(-1))
    assert float(losses.MeanSquaredError()(t, ve.constant(p))) == pytest.approx(
        ((p - t) ** 2).mean()
    )


def test_mean_squared_error_squeezes_a_trailing_one() -> None:
    t, p = rng.normal(size=5), rng.normal(size=(5, 1))
    assert float(losses.MeanSquaredError()(t, ve.constant(p))) == pytest.approx(
        ((p[:, 0] - t) ** 2).mean()
    )


def test_categorical_crossentropy_probabilities_and_logits() -> None:
    p = np.clip(PROBS / PROBS.sum(1, keepdims=True), EPS, 1 - EPS)
    expected = -(ONE_HOT * np.log(p)).sum(1).mean()
    got = losses.CategoricalCrossentropy()(ONE_HOT, ve.constant(PROBS))
    assert float(got) == pytest.approx(expected, rel=1e-12)
    logits = np.log(PROBS) + 0.3
    got = losses.CategoricalCrossentropy(from_logits=True)(ONE_HOT, ve.constant(logits))
    assert float(got) == pytest.approx(-(ONE_HOT * np.log(PROBS)).sum(1).mean(), rel=1e-10)


def test_sparse_categorical_crossentropy_probabilities_and_logits() -> None:
    p = np.clip(PROBS, EPS, 1 - EPS)
    p = p / p.sum(1, keepdims=True)
    expected = -np.log(p[np.arange(5), LABELS]).mean()
    got = losses.SparseCategoricalCrossentropy()(LABELS, ve.constant(PROBS))
    assert float(got) == pytest.approx(expected, rel=1e-10)
    logits = rng.normal(size=(5, 4))
    log_sm = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    got = losses.SparseCategoricalCrossentropy(from_logits=True)(
        LABELS[:, None], ve.constant(logits)
    )
    assert float(got) == pytest.approx(-log_sm[np.arange(5), LABELS].mean(), rel=1e-12)


def test_clipping_keeps_a_zero_probability_finite() -> None:
    got = losses.SparseCategoricalCrossentropy()([0], ve.constant([[0.0, 1.0]]))
    assert float(got) == pytest.approx(-np.log(EPS / (EPS + 1 - EPS)), rel=1e-6)


def test_binary_crossentropy_probabilities_and_logits() -> None:
    y = rng.integers(0, 2, size=(6, 1)).astype(np.float64)
    p = rng.uniform(size=(6, 1))
    pc = np.clip(p, EPS, 1 - EPS)
    expected = -(y * np.log(pc + EPS) + (1 - y) * np.log(1 - pc + EPS)).mean()
    assert float(losses.BinaryCrossentropy()(y, ve.constant(p))) == pytest.approx(expected)
    x = rng.normal(size=(6, 1)) * 5
    expected = (np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))).mean()
    got = losses.BinaryCrossentropy(from_logits=True)(y, ve.constant(x))
    assert float(got) == pytest.approx(expected, rel=1e-12)


def test_reductions_and_sample_weight() -> None:
    t, p = np.zeros((4, 1)), np.arange(4.0).reshape(4, 1)
    per_example = losses.MeanSquaredError(reduction="none")(t, ve.constant(p))
    assert per_example.numpy().tolist() == [0.0, 1.0, 4.0, 9.0]
    assert float(losses.MeanSquaredError(reduction="sum")(t, ve.constant(p))) == 14.0
    weighted = losses.MeanSquaredError()(t, ve.constant(p), sample_weight=[1.0, 0.0, 0.0, 1.0])
    assert float(weighted) == pytest.approx(9.0 / 4)


def test_loss_gradient_is_recorded() -> None:
    logits = ve.Variable([[1.0, 2.0, 0.5]], dtype="float64")
    with ve.GradientTape() as tape:
        loss = losses.SparseCategoricalCrossentropy(from_logits=True)([1], logits)
    grad = tape.gradient(loss, logits).numpy()
    softmax = np.exp(logits.numpy()) / np.exp(logits.numpy()).sum()
    np.testing.assert_allclose(grad, softmax - np.eye(3)[[1]], rtol=1e-12)
