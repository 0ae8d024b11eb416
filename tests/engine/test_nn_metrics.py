"""Keras metrics: running state, result, reset."""

from __future__ import annotations

import pytest

from visualtape import engine as ve
from visualtape.engine.nn import metrics


def test_mean_accumulates_and_resets() -> None:
    mean = metrics.Mean()
    mean(ve.constant(1.0))
    assert float(mean([2.0, 3.0])) == pytest.approx(2.0)
    mean.update_state([10.0], sample_weight=[2.0])
    assert float(mean.result()) == pytest.approx(26.0 / 5)
    mean.reset_state()
    assert float(mean.result()) == 0.0


@pytest.mark.parametrize(
    ("metric", "y_true", "y_pred", "expected"),
    [
        (
            metrics.SparseCategoricalAccuracy(),
            [[2], [1]],
            [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]],
            0.5,
        ),
        (
            metrics.CategoricalAccuracy(),
            [[0, 0, 1], [0, 1, 0]],
            [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
            0.5,
        ),
        (metrics.Accuracy(), [[1], [2], [3], [4]], [[0], [2], [3], [4]], 0.75),
        (metrics.BinaryAccuracy(), [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], 0.75),
    ],
)
def test_accuracies_match_keras_docs(metric, y_true, y_pred, expected) -> None:  # type: ignore
    metric.update_state(y_true, y_pred)
    assert float(metric.result()) == pytest.approx(expected)
    metric.reset_states()
    assert float(metric.result()) == 0.0
