"""tf.keras on the engine: layers, models, losses, optimizers, metrics (no fit/compile)."""

from visualtape.compat.tensorflow.keras import (
    activations,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
)
from visualtape.compat.unsupported import Namespace, missing_attribute
from visualtape.engine.nn.functional import Input
from visualtape.engine.nn.losses import EPSILON
from visualtape.engine.nn.models import Model, Sequential

backend = Namespace("tf.keras.backend", epsilon=lambda: EPSILON, floatx=lambda: "float32")

__all__ = [
    "Input",
    "Model",
    "Sequential",
    "activations",
    "backend",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "optimizers",
]
__getattr__ = missing_attribute("tf.keras", globals())
