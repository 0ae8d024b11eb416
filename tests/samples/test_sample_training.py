"""The training samples (08-11): convergence, accuracy, the GAN's drift and tf.function traces."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sample_exec import SampleRun

Run = Callable[[str], SampleRun]


def scalar(tensor: object) -> float:
    return float(np.asarray(tensor.numpy()))  # type: ignore[attr-defined]


def test_08_linear_regression_converges(run_sample: Run) -> None:
    run = run_sample("08_linear_regression")
    assert abs(scalar(run.namespace["w"]) - 3.0) < 0.05
    assert abs(scalar(run.namespace["b"]) - 1.0) < 0.05
    steps = run.lines_starting("step ")
    assert len(steps) == 7, "prints every 50 of 301 steps"
    losses = [float(line.split("loss")[1].split()[0]) for line in steps]
    assert losses[-1] < losses[0] / 100
    assert run.lines_starting("final: w = ")


def test_08_loss_surface_hook(run_sample: Run) -> None:
    run = run_sample("08_linear_regression")
    loss_surface = run.namespace["loss_surface"]
    x = np.asarray(run.namespace["x_data"].numpy(), dtype=np.float64)
    y = np.asarray(run.namespace["y_data"].numpy(), dtype=np.float64)
    w_grid, b_grid = np.meshgrid(np.linspace(1.0, 5.0, 81), np.linspace(-1.0, 3.0, 61))
    surface = loss_surface(w_grid, b_grid)
    assert surface.shape == (61, 81)
    for w, b in [(-1.0, -1.0), (3.0, 1.0), (2.5, 0.25)]:
        expected = np.mean((w * x + b - y) ** 2)
        assert np.isclose(loss_surface(np.array(w), np.array(b)), expected, rtol=1e-6)
    lowest = np.unravel_index(np.argmin(surface), surface.shape)
    assert abs(w_grid[lowest] - 3.0) < 0.1
    assert abs(b_grid[lowest] - 1.0) < 0.1


def test_09_classification_reaches_90_percent(run_sample: Run) -> None:
    run = run_sample("09_classification")
    assert scalar(run.namespace["test_acc"].result()) > 0.9
    epochs = run.lines_starting("epoch ")
    assert len(epochs) == 5
    first_loss = float(epochs[0].split("train_loss")[1].split(",")[0])
    last_loss = float(epochs[-1].split("train_loss")[1].split(",")[0])
    assert last_loss < first_loss
    # Metrics are reset every epoch, so the test metrics describe the final model alone.
    ns = run.namespace
    logits = np.asarray(ns["model"](ns["points"][600:]).numpy())
    labels = ns["labels"][600:]
    accuracy = np.mean(np.argmax(logits, axis=1) == labels)
    assert np.isclose(scalar(ns["test_acc"].result()), accuracy, atol=1e-6)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(len(labels)), labels])
    assert np.isclose(scalar(ns["test_loss"].result()), loss, rtol=1e-4)


def test_10_gan_moves_generated_mean_toward_4(run_sample: Run) -> None:
    run = run_sample("10_gan_two_tapes")
    start, final = run.namespace["start_mean"], run.namespace["final_mean"]
    assert abs(final - 4.0) < abs(start - 4.0)
    assert abs(final - 4.0) < 1.5
    assert len(run.lines_starting("step ")) == 6


def test_11_function_retracing_counts(run_sample: Run) -> None:
    run = run_sample("11_function_retracing")
    assert run.namespace["counts"] == [1, 1, 2, 3, 4, 4]
    assert run.namespace["double"].experimental_get_tracing_count() == 4
    # print runs only while tracing; tf.print runs on every call.
    assert len(run.lines_starting("tracing with")) == 4
    assert len(run.lines_starting("running with")) == 6
