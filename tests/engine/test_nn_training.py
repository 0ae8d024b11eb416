"""End-to-end: an MLP classifier trains past 90%, and one two-tape GAN step on 1-D data."""

from __future__ import annotations

import numpy as np

from visualtape import engine as ve
from visualtape.engine import random as engine_random
from visualtape.engine.data import Dataset
from visualtape.engine.function import function
from visualtape.engine.nn import layers, losses, metrics, models, optimizers


def _two_moons(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, np.pi, n)
    label = rng.integers(0, 2, n)
    x = np.where(label == 0, np.cos(angle), 1 - np.cos(angle))
    y = np.where(label == 0, np.sin(angle), 0.5 - np.sin(angle))
    points = np.stack([x, y], 1) + rng.normal(0, 0.1, (n, 2))
    return points.astype(np.float32), label.astype(np.int32)


def test_mlp_classifier_reaches_ninety_percent() -> None:
    engine_random.set_seed(0)
    x, y = _two_moons(400, seed=0)
    model = models.Sequential(
        [layers.Dense(16, activation="relu"), layers.Dense(16, activation="relu"), layers.Dense(2)]
    )
    loss_fn = losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = optimizers.Adam(0.02)
    accuracy = metrics.SparseCategoricalAccuracy()

    @function
    def train_step(images, labels):  # type: ignore[no-untyped-def]
        with ve.GradientTape() as tape:
            logits = model(images)
            loss = loss_fn(labels, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    dataset = Dataset.from_tensor_slices((x, y)).shuffle(400, seed=1).batch(50, drop_remainder=True)
    for _ in range(40):
        for images, labels in dataset:
            train_step(images, labels)
    assert train_step.experimental_get_tracing_count() == 1
    accuracy.update_state(y, model(x))
    assert float(accuracy.result()) > 0.9


def test_two_tape_gan_step_on_1d_data() -> None:
    engine_random.set_seed(1)
    generator = models.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])
    discriminator = models.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])
    bce = losses.BinaryCrossentropy(from_logits=True)
    g_opt, d_opt = optimizers.Adam(1e-3), optimizers.Adam(1e-3)
    real = engine_random.normal((32, 1), mean=4.0, stddev=0.5)
    noise = engine_random.normal((32, 2))
    generator(noise), discriminator(real)  # build
    before = [v.numpy() for v in generator.trainable_variables]

    with ve.GradientTape() as gen_tape, ve.GradientTape() as disc_tape:
        fake = generator(noise)
        real_out, fake_out = discriminator(real), discriminator(fake)
        gen_loss = bce(ve.ones_like(fake_out), fake_out)
        disc_loss = bce(ve.ones_like(real_out), real_out) + bce(ve.zeros_like(fake_out), fake_out)
    gen_grads = gen_tape.gradient(gen_loss, generator.trainable_variables)
    disc_grads = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
    g_opt.apply_gradients(zip(gen_grads, generator.trainable_variables, strict=True))
    d_opt.apply_gradients(zip(disc_grads, discriminator.trainable_variables, strict=True))

    assert all(g is not None for g in gen_grads + disc_grads)
    assert np.isfinite(float(gen_loss)) and np.isfinite(float(disc_loss))
    assert all(np.all(np.isfinite(g.numpy())) for g in gen_grads + disc_grads)
    after = [v.numpy() for v in generator.trainable_variables]
    assert any(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))
